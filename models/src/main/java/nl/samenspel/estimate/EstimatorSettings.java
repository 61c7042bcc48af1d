package nl.samenspel.estimate;

import java.util.Objects;

/**
 * The settings every estimator understands; each provider maps them onto its own options.
 *
 * @param estimand ATE or ATT
 * @param folds cross-fitting folds for AIPW
 * @param seed seed for folds, bootstrap and refuters
 * @param trimming overlap rule
 * @param confidenceLevel two-sided level of intervals
 * @param bootstrapReplicates resamples for bootstrap standard errors
 * @param learner logistic/linear regression or random forest for the nuisance models
 */
public record EstimatorSettings(Estimand estimand, int folds, long seed, Trimming trimming,
    double confidenceLevel, int bootstrapReplicates, PropensityModel.Learner learner)
    implements java.io.Serializable {

  public static final EstimatorSettings DEFAULT = new EstimatorSettings(Estimand.ATE, 5,
      20_261_128L, Trimming.DEFAULT, 0.95, 200, PropensityModel.Learner.LOGISTIC);

  /** The nuisance-model options these settings ask for. */
  public PropensityModel.Options models() {
    return PropensityModel.Options.DEFAULT.withLearner(learner);
  }

  public EstimatorSettings {
    Objects.requireNonNull(estimand, "estimand");
    Objects.requireNonNull(trimming, "trimming");
    Objects.requireNonNull(learner, "learner");
  }
}
