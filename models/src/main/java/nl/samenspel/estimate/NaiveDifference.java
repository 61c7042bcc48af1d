package nl.samenspel.estimate;

/**
 * The unadjusted difference in mean outcome between two arms. It ignores confounding on
 * purpose: it is the number a plain comparison would give, reported next to the adjusted one.
 *
 * <p>For a 0/1 outcome without unit weights the interval is Newcombe's hybrid score interval
 * for a difference of proportions (Newcombe 1998, method 10), built from the two Wilson score
 * intervals; it behaves well for small groups and rates near 0 or 1, where the Wald interval
 * does not. Otherwise (continuous outcome or weights) it is the Wald interval from the unpooled
 * variance. The standard error is always the unpooled one.
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
    EffectEstimate wald = EffectEstimate.of(name(), Estimand.ATE, estimate, standardError,
        confidenceLevel, treated.n(), comparison.n(), treated.mean(), comparison.mean(),
        Diagnostics.unadjusted(input, contrast));
    if (!proportions(input, contrast)) {
      return wald;
    }
    double[] interval = newcombe(Math.round(treated.mean() * treated.n()), treated.n(),
        Math.round(comparison.mean() * comparison.n()), comparison.n(), confidenceLevel);
    return new EffectEstimate(name(), Estimand.ATE, estimate, standardError, interval[0],
        interval[1], confidenceLevel, treated.n(), comparison.n(), treated.mean(),
        comparison.mean(), wald.diagnostics());
  }

  /** True for a 0/1 outcome without unit weights in the two compared arms. */
  private static boolean proportions(EstimationInput input, Contrast contrast) {
    for (int i = 0; i < input.size(); i++) {
      if (input.arm(i) != contrast.treatedArm() && input.arm(i) != contrast.comparisonArm()) {
        continue;
      }
      double y = input.outcome(i);
      if ((y != 0 && y != 1) || input.weight(i) != 1) {
        return false;
      }
    }
    return true;
  }

  /** Wilson score interval for x successes out of n. */
  static double[] wilson(long x, long n, double z) {
    double p = (double) x / n;
    double z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
    return new double[] {centre - half, centre + half};
  }

  /** Newcombe's hybrid score interval for p1 - p2 (method 10). */
  static double[] newcombe(long x1, long n1, long x2, long n2, double confidenceLevel) {
    double z = NormalInterval.criticalValue(confidenceLevel);
    double p1 = (double) x1 / n1;
    double p2 = (double) x2 / n2;
    double[] w1 = wilson(x1, n1, z);
    double[] w2 = wilson(x2, n2, z);
    double d = p1 - p2;
    return new double[] {
        d - Math.sqrt((p1 - w1[0]) * (p1 - w1[0]) + (w2[1] - p2) * (w2[1] - p2)),
        d + Math.sqrt((w1[1] - p1) * (w1[1] - p1) + (p2 - w2[0]) * (p2 - w2[0]))};
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
