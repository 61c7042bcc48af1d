package nl.samenspel.survival;

/**
 * One arm's weighted Kaplan-Meier curve on months 0..maxMonth, as computed by
 * {@link WeightedKaplanMeier}: S(t) (still without durable work), F(t) = 1 - S(t) (started
 * durable work by month t), the infinitesimal-jackknife standard error (the same for S and F),
 * pointwise intervals, the restricted mean time without durable work, and the numbers at risk.
 *
 * <p>Immutable and thread-safe. Values for months that can't be estimated (nobody left at risk
 * while S &gt; 0) are NaN.
 */
public final class SurvivalCurve implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * The restricted mean time without durable work up to {@code horizon} months,
   * {@code sum_{j=0}^{horizon-1} S(j)}, with its influence-function standard error and a Wald
   * interval.
   */
  public record RestrictedMean(int horizon, double estimate, double standardError,
      double lower, double upper) implements java.io.Serializable {}

  private final MonthlyCounts counts;
  private final WeightedKaplanMeier.Options options;
  private final double[] survival;
  private final double[] standardError;
  private final double[] atRiskWeight;
  /** Cumulative sum of h(k) / (Y(k) - D(k)), the common part of every unit's influence. */
  private final double[] cumulative;
  /** 1 / (Y(k) - D(k)): the own part of the influence of a start in month k. */
  private final double[] ownTerm;

  SurvivalCurve(MonthlyCounts counts, WeightedKaplanMeier.Options options) {
    this.counts = counts;
    this.options = options;
    int last = counts.maxMonth();
    survival = new double[last + 1];
    standardError = new double[last + 1];
    atRiskWeight = new double[last + 1];
    cumulative = new double[last + 1];
    ownTerm = new double[last + 1];
    double remaining = 0;
    for (int m = last; m >= 0; m--) {
      remaining += counts.eventWeight(m) + counts.censoredWeight(m);
      atRiskWeight[m] = remaining;
    }
    survival[0] = 1;
    for (int k = 1; k <= last; k++) {
      double y = atRiskWeight[k];
      double d = counts.eventWeight(k);
      double previous = survival[k - 1];
      cumulative[k] = cumulative[k - 1];
      if (Double.isNaN(previous)) {
        survival[k] = Double.NaN;
      } else if (previous == 0) {
        survival[k] = 0;
      } else if (y <= 0) {
        survival[k] = Double.NaN;
      } else {
        double hazard = d / y;
        survival[k] = d >= y ? 0 : previous * (1 - hazard);
        if (d < y) {
          cumulative[k] += hazard / (y - d);
          ownTerm[k] = 1 / (y - d);
        }
      }
    }
    for (int t = 0; t <= last; t++) {
      standardError[t] = Math.sqrt(variance(t));
    }
  }

  /**
   * Influence of one unit of a cell (month, started) on S(t), divided by S(t):
   * {@code -sum_{k <= min(t, month)} (dN(k) - h(k)) / (Y(k) - D(k))}, the common part up to
   * min(t, month) minus the own term of a start at or before t.
   */
  private double influenceOverSurvival(int t, int month, boolean started) {
    double value = cumulative[Math.min(t, month)];
    if (started && month <= t) {
      value -= ownTerm[month];
    }
    return value;
  }

  private double variance(int t) {
    double s = survival[t];
    if (Double.isNaN(s)) {
      return Double.NaN;
    }
    if (s == 0 || t == 0) {
      return 0;
    }
    double sum = 0;
    for (int m = 0; m <= counts.maxMonth(); m++) {
      double censored = counts.censoredSquaredWeight(m);
      if (censored > 0) {
        double u = influenceOverSurvival(t, m, false);
        sum += censored * u * u;
      }
      double started = counts.eventSquaredWeight(m);
      if (started > 0) {
        double u = influenceOverSurvival(t, m, true);
        sum += started * u * u;
      }
    }
    return s * s * sum;
  }

  public int maxMonth() {
    return survival.length - 1;
  }

  public WeightedKaplanMeier.Options options() {
    return options;
  }

  /** The counts the curve was computed from. */
  public MonthlyCounts counts() {
    return counts;
  }

  /** Share still without durable work after {@code month} months (S(0) = 1). */
  public double survival(int month) {
    return survival[check(month)];
  }

  /** Share that started durable work in months 1..{@code month}: 1 - S(month). */
  public double cumulativeIncidence(int month) {
    return 1 - survival[check(month)];
  }

  /** Standard error of S(month), and so of F(month). */
  public double standardError(int month) {
    return standardError[check(month)];
  }

  /** Pointwise interval for S(month) on the options' scale. */
  public Interval survivalInterval(int month) {
    return options.transform().survival(survival(month), standardError(month),
        options.criticalValue());
  }

  /** Pointwise interval for F(month): one minus the interval for S, bounds swapped. */
  public Interval incidenceInterval(int month) {
    Interval s = survivalInterval(month);
    return new Interval(1 - s.upper(), 1 - s.lower());
  }

  /** Summed weight of the units at risk at {@code month}. */
  public double weightedAtRisk(int month) {
    return atRiskWeight[check(month)];
  }

  /** Number of units (unweighted) at risk at {@code month}. */
  public long atRisk(int month) {
    return counts.atRiskCount(check(month));
  }

  /** Number of units (unweighted) whose durable work started in {@code month}. */
  public long events(int month) {
    return counts.eventCount(check(month));
  }

  /** The last month whose S can be estimated (maxMonth unless everybody left earlier). */
  public int lastEstimableMonth() {
    int month = 0;
    while (month < maxMonth() && !Double.isNaN(survival[month + 1])) {
      month++;
    }
    return month;
  }

  /** The restricted mean up to the curve's last month. */
  public RestrictedMean restrictedMean() {
    return restrictedMean(maxMonth());
  }

  /** The restricted mean time without durable work up to {@code horizon} months. */
  public RestrictedMean restrictedMean(int horizon) {
    if (horizon < 1 || horizon > maxMonth()) {
      throw new IllegalArgumentException("horizon must be 1.." + maxMonth() + ", got " + horizon);
    }
    double estimate = 0;
    for (int j = 0; j < horizon; j++) {
      estimate += survival[j];
    }
    double variance = 0;
    if (!Double.isNaN(estimate)) {
      for (int m = 0; m <= maxMonth(); m++) {
        for (int status = 0; status <= 1; status++) {
          double squared = status == 1 ? counts.eventSquaredWeight(m)
              : counts.censoredSquaredWeight(m);
          if (squared > 0) {
            double influence = 0;
            for (int j = 1; j < horizon; j++) {
              if (survival[j] > 0) {
                influence += survival[j] * influenceOverSurvival(j, m, status == 1);
              }
            }
            variance += squared * influence * influence;
          }
        }
      }
    }
    double se = Double.isNaN(estimate) ? Double.NaN : Math.sqrt(variance);
    double z = options.criticalValue();
    return new RestrictedMean(horizon, estimate, se, estimate - z * se, estimate + z * se);
  }

  private int check(int month) {
    if (month < 0 || month >= survival.length) {
      throw new IllegalArgumentException("month must be 0.." + (survival.length - 1) + ", got "
          + month);
    }
    return month;
  }
}
