package nl.samenspel.estimate;

import smile.stat.distribution.GaussianDistribution;

/**
 * The result of one estimator on one comparison. The effect is a difference in means (a risk
 * difference for a 0/1 outcome); the interval is two-sided at {@code confidenceLevel}.
 *
 * @param estimator short name of the estimator ({@code naive}, {@code ipw}, {@code gcomp},
 *     {@code aipw})
 * @param estimand ATE or ATT
 * @param estimate treated mean minus comparison mean
 * @param standardError standard error of the estimate
 * @param ciLow lower interval bound
 * @param ciHigh upper interval bound
 * @param confidenceLevel e.g. 0.95
 * @param nTreated units of the treated arm used (after trimming)
 * @param nComparison units of the comparison arm used (after trimming)
 * @param meanTreated (adjusted) mean outcome under treatment
 * @param meanComparison (adjusted) mean outcome under comparison
 * @param diagnostics balance, overlap, trimming and effective sample sizes
 */
public record EffectEstimate(
    String estimator, Estimand estimand, double estimate, double standardError, double ciLow,
    double ciHigh, double confidenceLevel, int nTreated, int nComparison, double meanTreated,
    double meanComparison, Diagnostics diagnostics) {

  /** True when the interval contains {@code value}. */
  public boolean covers(double value) {
    return ciLow <= value && value <= ciHigh;
  }

  /** Whether the estimator gave a standard error and an interval (NaN when it cannot). */
  public boolean hasInterval() {
    return !Double.isNaN(standardError) && !Double.isNaN(ciLow) && !Double.isNaN(ciHigh);
  }

  /**
   * Two-sided p-value of "no difference" from the normal approximation; NaN when the estimator
   * gave no standard error.
   */
  public double pValue() {
    if (Double.isNaN(standardError)) {
      return Double.NaN;
    }
    if (standardError <= 0) {
      return estimate == 0 ? 1 : 0;
    }
    double z = Math.abs(estimate / standardError);
    return 2 * (1 - GaussianDistribution.getInstance().cdf(z));
  }

  /**
   * An estimate with its two-sided normal interval at {@code confidenceLevel} from its
   * standard error (for plug-in estimators too).
   */
  public static EffectEstimate of(String estimator, Estimand estimand, double estimate,
      double standardError, double confidenceLevel, int nTreated, int nComparison,
      double meanTreated, double meanComparison, Diagnostics diagnostics) {
    double z = NormalInterval.criticalValue(confidenceLevel);
    return new EffectEstimate(estimator, estimand, estimate, standardError,
        estimate - z * standardError, estimate + z * standardError, confidenceLevel, nTreated,
        nComparison, meanTreated, meanComparison, diagnostics);
  }
}
