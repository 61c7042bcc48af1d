package nl.samenspel.estimate.contract;

import nl.samenspel.estimate.Estimand;
import nl.samenspel.estimate.EstimatorProvider;
import nl.samenspel.estimate.EstimatorSettings;
import nl.samenspel.estimate.Estimators;

/** {@link nl.samenspel.estimate.GComputation} keeps the estimator contract. */
class GCompContractTest extends EstimatorContract {

  @Override
  protected EstimatorProvider provider() {
    return new Estimators.GComp();
  }

  /**
   * 50 bootstrap replicates instead of the default 200, to keep the run within its time budget:
   * every estimate refits both outcome models on each resample. The point estimate does not
   * depend on the number of replicates; the standard error is noisier (about 10% relative
   * Monte Carlo error instead of 5%).
   */
  @Override
  protected EstimatorSettings settings(Estimand estimand) {
    EstimatorSettings defaults = super.settings(estimand);
    return new EstimatorSettings(estimand, defaults.folds(), defaults.seed(),
        defaults.trimming(), defaults.confidenceLevel(), 50, defaults.learner());
  }

  /**
   * The least-squares outcome models add 1e-8 n to the diagonal of the normal equations
   * ({@code OutcomeModel.leastSquares}), which scales every fitted value by 1 / (1 + 1e-8): the
   * estimate misses the answer by 1e-8 times its size (8.75e-9 for the ATE of 0.875, 1.0e-8 for
   * the ATT of 1.0). On the 0/1 table the logistic models' ridge penalty (lambda = 1e-3) gives
   * 5e-9 (ATE) and 8.6e-9 (ATT).
   */
  @Override
  protected double exactTolerance() {
    return 2e-8;
  }

  /** 100 replications per estimand: each estimate refits 2 x 50 outcome models. */
  @Override
  protected Simulation simulation() {
    return new Simulation(100, 600);
  }
}
