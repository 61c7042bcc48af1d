package nl.samenspel.estimate;

import smile.stat.distribution.GaussianDistribution;

/** Wald intervals from a standard error. */
final class NormalInterval {

  private NormalInterval() {}

  static double criticalValue(double confidenceLevel) {
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new IllegalArgumentException("confidence level must lie in (0, 1), got "
          + confidenceLevel);
    }
    return GaussianDistribution.getInstance().quantile(1 - (1 - confidenceLevel) / 2);
  }
}
