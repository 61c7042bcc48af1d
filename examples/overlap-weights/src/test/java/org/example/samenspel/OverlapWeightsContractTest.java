package org.example.samenspel;

import java.util.EnumSet;
import java.util.Set;
import nl.samenspel.estimate.Estimand;
import nl.samenspel.estimate.EstimatorProvider;
import nl.samenspel.estimate.contract.EstimatorContract;
import nl.samenspel.estimate.contract.Standard;

/** The overlap-weights plug-in keeps the estimator contract of samenspel-models. */
class OverlapWeightsContractTest extends EstimatorContract {

  @Override
  protected EstimatorProvider provider() {
    return new OverlapWeightsProvider();
  }

  /** The ATT is refused: overlap weights do not average over the treated. */
  @Override
  protected Set<Estimand> estimands() {
    return EnumSet.of(Estimand.ATE);
  }

  /** Under the ATE label the estimate is the overlap-weighted average effect (ATO). */
  @Override
  protected Standard standard(Estimand requested) {
    return Standard.OVERLAP;
  }
}
