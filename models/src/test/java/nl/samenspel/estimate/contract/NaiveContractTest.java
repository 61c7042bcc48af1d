package nl.samenspel.estimate.contract;

import nl.samenspel.estimate.EstimatorProvider;
import nl.samenspel.estimate.Estimators;

/** {@link nl.samenspel.estimate.NaiveDifference} keeps the estimator contract. */
class NaiveContractTest extends EstimatorContract {

  @Override
  protected EstimatorProvider provider() {
    return new Estimators.Naive();
  }

  /** The unadjusted difference, on purpose: its target is the crude comparison. */
  @Override
  protected boolean adjustsForCovariates() {
    return false;
  }

  /**
   * The provider ignores the settings' estimand and every estimate is labelled ATE, also when
   * ATT is asked for; the crude difference is neither. The contract then requires the same
   * answer under one label whatever is asked, which holds. (Reported in issue 15: labelling the
   * crude difference ATE is questionable; the main engineer decides.)
   */
  @Override
  protected boolean reportsRequestedEstimand() {
    return false;
  }
}
