package nl.samenspel.estimate;

/**
 * The unadjusted difference in mean outcome between two arms, with a Wald interval from the
 * unpooled variance (for a 0/1 outcome: p1(1-p1)/n1 + p0(1-p0)/n0). It ignores confounding on
 * purpose: it is the number a plain comparison would give, reported next to the adjusted one.
 * Unit weights, when given, weight both means.
 */
public final class NaiveDifference implements Estimator {

  private final double confidenceLevel;

  public NaiveDifference() {
    this(0.95);
  }

  public NaiveDifference(double confidenceLevel) {
    NormalInterval.criticalValue(confidenceLevel);
    this.confidenceLevel = confidenceLevel;
  }

  @Override
  public String name() {
    return "naive";
  }

  @Override
  public EffectEstimate estimate(EstimationInput input, Contrast contrast) {
    ArmMoments treated = ArmMoments.of(input, contrast.treatedArm());
    ArmMoments comparison = ArmMoments.of(input, contrast.comparisonArm());
    double estimate = treated.mean() - comparison.mean();
    double standardError = Math.sqrt(treated.varianceOfMean() + comparison.varianceOfMean());
    return EffectEstimate.of(name(), Estimand.ATE, estimate, standardError, confidenceLevel,
        treated.n(), comparison.n(), treated.mean(), comparison.mean(),
        Diagnostics.unadjusted(input, contrast));
  }

  /** Count, mean and variance of the mean of one arm. */
  private record ArmMoments(int n, double mean, double varianceOfMean) {
    static ArmMoments of(EstimationInput input, int arm) {
      int n = 0;
      double weightSum = 0;
      double sum = 0;
      for (int i = 0; i < input.size(); i++) {
        if (input.arm(i) == arm) {
          n++;
          weightSum += input.weight(i);
          sum += input.weight(i) * input.outcome(i);
        }
      }
      if (n < 2) {
        throw new IllegalArgumentException("arm " + arm + " has " + n + " units, need at least 2");
      }
      double mean = sum / weightSum;
      double squares = 0;
      for (int i = 0; i < input.size(); i++) {
        if (input.arm(i) == arm) {
          double term = input.weight(i) * (input.outcome(i) - mean);
          squares += term * term;
        }
      }
      // Without weights: population variance / n, so a 0/1 outcome gives exactly p(1-p)/n.
      return new ArmMoments(n, mean, squares / (weightSum * weightSum));
    }
  }
}
