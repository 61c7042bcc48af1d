package nl.samenspel.survival;

import java.util.Objects;
import smile.stat.distribution.GaussianDistribution;

/**
 * The weighted Kaplan-Meier estimator for one arm, on whole months: the share of clients still
 * without durable work, S(t), for t = 0..maxMonth, its complement the cumulative share that
 * started durable work, F(t) = 1 - S(t), pointwise standard errors and intervals, and the
 * restricted mean time without durable work. With inverse-probability-of-treatment weights the
 * curve estimates what S(t) would have been had everyone been in this arm (Xie and Liu 2005;
 * Cole and Hernán 2004).
 *
 * <p><b>Estimator.</b> With {@code Y(k)} the summed weight of units at risk at month k (month
 * {@code >= k}) and {@code D(k)} the summed weight of units whose durable work started in month
 * k, the hazard is {@code h(k) = D(k) / Y(k)} and {@code S(t) = prod_{k <= t} (1 - h(k))}.
 * Censoring in month k counts as being at risk in month k (censoring after the starts of that
 * month, as in R). Scaling all weights by a constant changes nothing, so normalising the weights
 * is optional.
 *
 * <p><b>Variance.</b> The infinitesimal jackknife ("robust") variance, which treats the weights as
 * fixed numbers (Xie and Liu 2005; Therneau, the survival package's {@code survfit} with
 * weights): with the influence of unit i on S(t),
 * {@code U_i(t) = -S(t) sum_{k <= min(t, t_i)} (dN_i(k) - h(k)) / (Y(k) - D(k))},
 * {@code var S(t) = sum_i w_i^2 U_i(t)^2}. This equals R 4.2's
 * {@code survfit(Surv(month, event) ~ 1, weights = w, robust = TRUE, id = seq_along(month))}
 * (the default {@code stype = 1}, {@code ctype = 1}); one row per unit, so {@code id} only makes
 * explicit that units are not clustered. Where S(t) = 0 the standard error is 0, as in R.
 *
 * <p><b>Restricted mean.</b> {@code RMST(tau) = integral_0^tau S(t) dt = sum_{j=0}^{tau-1} S(j)}
 * with S(0) = 1: the average number of months, within tau, before durable work starts
 * (a start in month s counts as s months; clients who have not started count as tau). It equals
 * the "rmean" of R's {@code print(fit, rmean = tau)}. R prints a standard error for it that treats
 * the weights as case counts (the Greenwood-type formula); here its standard error comes from the
 * same influence functions, {@code IF_i = sum_{j=1}^{tau-1} U_i(j)},
 * {@code var = sum_i w_i^2 IF_i^2}, which is what R's influence matrix
 * ({@code survfit(..., influence = TRUE)}) gives (checked in {@code reference/survival/}).
 *
 * <p>A month at which nobody is at risk any more, while S is still above 0, can't be estimated:
 * from there on S, its standard error and intervals are NaN, and so is a restricted mean over
 * such months.
 *
 * <p>Pure, deterministic and thread-safe. Computation is O(n) to build the counts and
 * O(maxMonth^2) after that, whatever the number of units.
 */
public final class WeightedKaplanMeier {

  /**
   * @param maxMonth last month of the curve and horizon of the restricted mean (default 24)
   * @param confidenceLevel two-sided level of the pointwise intervals (default 0.95)
   * @param transform scale of the pointwise intervals (default log-log)
   */
  public record Options(int maxMonth, double confidenceLevel, IntervalTransform transform)
      implements java.io.Serializable {

    public static final Options DEFAULT = new Options(24, 0.95, IntervalTransform.LOG_LOG);

    public Options {
      if (maxMonth < 1 || maxMonth > 1200) {
        throw new IllegalArgumentException("maximum month must be 1..1200, got " + maxMonth);
      }
      if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
        throw new IllegalArgumentException("confidence level must lie in (0, 1), got "
            + confidenceLevel);
      }
      Objects.requireNonNull(transform, "transform");
    }

    public Options withMaxMonth(int value) {
      return new Options(value, confidenceLevel, transform);
    }

    public Options withTransform(IntervalTransform value) {
      return new Options(maxMonth, confidenceLevel, value);
    }

    /** The normal quantile of the two-sided level. */
    public double criticalValue() {
      return criticalValue(confidenceLevel);
    }

    static double criticalValue(double level) {
      return GaussianDistribution.getInstance().quantile(1 - (1 - level) / 2);
    }
  }

  private WeightedKaplanMeier() {}

  /**
   * The curve of units given one by one: month of the start of durable work ({@code events[i]}
   * = 1) or of censoring (0), and a positive weight. Months after {@code options.maxMonth()}
   * count as censored at it.
   */
  public static SurvivalCurve fit(int[] months, int[] events, double[] weights,
      Options options) {
    return fit(MonthlyCounts.of(months, events, weights, options.maxMonth()), options);
  }

  /** The curve from aggregated counts (see {@link MonthlyCounts#fromSums}). */
  public static SurvivalCurve fit(MonthlyCounts counts, Options options) {
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(options, "options");
    if (counts.maxMonth() != options.maxMonth()) {
      throw new IllegalArgumentException("counts cover " + counts.maxMonth()
          + " months, options ask for " + options.maxMonth());
    }
    return new SurvivalCurve(counts, options);
  }
}
