package org.example.samenspel;

import nl.samenspel.estimate.Estimand;
import nl.samenspel.estimate.Estimator;
import nl.samenspel.estimate.EstimatorProvider;
import nl.samenspel.estimate.EstimatorSettings;
import nl.samenspel.estimate.PropensityModel;

/**
 * Provides {@link OverlapWeights} under the name {@code overlap}; listed in
 * {@code META-INF/services/nl.samenspel.estimate.EstimatorProvider} so that the pipeline finds
 * it when the jar is on its class path or in its plug-in folder.
 *
 * <p>Of the settings it reads the estimand and the confidence level. It refuses
 * <ul>
 *   <li>the ATT: overlap weights average over the overlap population, not over the treated
 *       (with the ATE setting the estimate is the ATO, reported under the label ATE);
 *   <li>the random-forest learner: the exact balance and the sandwich variance rest on the
 *       score equations of a logistic propensity fitted by maximum likelihood.
 * </ul>
 * It ignores the trimming (overlap weights go smoothly to 0 where the propensity nears 0 or 1,
 * which is what trimming is for; the diagnostics report nothing trimmed), the folds, the seed
 * and the bootstrap replicates (it is deterministic and needs no resampling).
 */
public final class OverlapWeightsProvider implements EstimatorProvider {

  @Override
  public String name() {
    return OverlapWeights.NAME;
  }

  @Override
  public Estimator create(EstimatorSettings settings) {
    if (settings.learner() != PropensityModel.Learner.LOGISTIC) {
      throw new IllegalArgumentException("overlap weights need the logistic propensity model,"
          + " not " + settings.learner().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (settings.estimand() != Estimand.ATE) {
      throw new IllegalArgumentException("overlap weights estimate the effect in the overlap"
          + " population (ATO), reported under the label ATE; they can't estimate the "
          + settings.estimand() + " (use ipw or aipw)");
    }
    return new OverlapWeights(settings.estimand(), settings.confidenceLevel());
  }
}
