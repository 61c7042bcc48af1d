package nl.samenspel.estimate;

/**
 * The E-value (VanderWeele and Ding 2017): the minimum strength of association, on the risk
 * ratio scale, that an unmeasured confounder would need with both the intervention and the
 * outcome to explain away the estimate. For a risk difference the risk ratio is taken as
 * (comparison rate + difference) / comparison rate, holding the comparison rate fixed; the
 * E-value of the interval uses the bound closest to no effect and is 1 when the interval
 * contains no effect.
 *
 * @param estimate E-value of the point estimate
 * @param interval E-value of the confidence bound closest to no effect
 */
public record EValue(double estimate, double interval) {

  /** E-value of a risk ratio. */
  public static double ofRiskRatio(double riskRatio) {
    if (!(riskRatio > 0) || Double.isInfinite(riskRatio)) {
      return Double.NaN;
    }
    double rr = riskRatio < 1 ? 1 / riskRatio : riskRatio;
    return rr + Math.sqrt(rr * (rr - 1));
  }

  /** E-values of a risk difference with interval, given the comparison arm's rate. */
  public static EValue ofRiskDifference(double difference, double ciLow, double ciHigh,
      double comparisonRate) {
    if (!(comparisonRate > 0)) {
      return new EValue(Double.NaN, Double.NaN);
    }
    double point = ofRiskRatio((comparisonRate + difference) / comparisonRate);
    double bound;
    if (ciLow <= 0 && ciHigh >= 0) {
      bound = 1;
    } else {
      double closest = ciLow > 0 ? ciLow : ciHigh;
      bound = ofRiskRatio((comparisonRate + closest) / comparisonRate);
    }
    return new EValue(point, bound);
  }
}
