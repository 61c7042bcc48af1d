package nl.samenspel.estimate;

/**
 * The result of one estimator on one comparison. The effect is a difference in means (a risk
 * difference for a 0/1 outcome); the interval is two-sided at {@code confidenceLevel}.
 *
 * @param estimator short name of the estimator ({@code naive}, {@code ipw})
 * @param estimate treated mean minus comparison mean
 * @param standardError standard error of the estimate
 * @param ciLow lower interval bound
 * @param ciHigh upper interval bound
 * @param confidenceLevel e.g. 0.95
 * @param nTreated units in the treated arm
 * @param nComparison units in the comparison arm
 * @param meanTreated (weighted) mean outcome of the treated arm
 * @param meanComparison (weighted) mean outcome of the comparison arm
 * @param effectiveTreated Kish effective sample size of the treated arm after weighting
 * @param effectiveComparison Kish effective sample size of the comparison arm after weighting
 */
public record EffectEstimate(
    String estimator, double estimate, double standardError, double ciLow, double ciHigh,
    double confidenceLevel, int nTreated, int nComparison, double meanTreated,
    double meanComparison, double effectiveTreated, double effectiveComparison) {

  /** True when the interval contains {@code value}. */
  public boolean covers(double value) {
    return ciLow <= value && value <= ciHigh;
  }
}
