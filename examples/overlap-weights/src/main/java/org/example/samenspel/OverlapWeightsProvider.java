package org.example.samenspel;

import nl.samenspel.estimate.Estimator;
import nl.samenspel.estimate.EstimatorProvider;
import nl.samenspel.estimate.EstimatorSettings;
import nl.samenspel.estimate.PropensityModel;

/**
 * Provides {@link OverlapWeights} under the name {@code overlap}; listed in
 * {@code META-INF/services/nl.samenspel.estimate.EstimatorProvider} so that the pipeline finds
 * it when the jar is on its class path or in its plug-in folder.
 *
 * <p>Of the settings it reads the estimand and the confidence level. With the ATE setting the
 * estimate is the ATO, reported under the label ATE; an estimator made for the ATT refuses to
 * estimate (overlap weights never average over the treated), when asked for an estimate rather
 * than when made, since the pipeline makes its estimators before it knows which estimates it
 * needs. It refuses to make an estimator for the random-forest learner: the exact balance and
 * the sandwich variance rest on the score equations of a logistic propensity fitted by maximum
 * likelihood.
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
    return new OverlapWeights(settings.estimand(), settings.confidenceLevel());
  }
}
