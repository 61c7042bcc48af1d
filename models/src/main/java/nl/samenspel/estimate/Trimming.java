package nl.samenspel.estimate;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Which units are kept for lack of overlap, judged on e = P(treated | X, treated or
 * comparison). Trimming changes the population an estimate is about, so the share trimmed is
 * always reported.
 *
 * <ul>
 *   <li>{@link Rule#FIXED}: keep units with e in [lower, upper]; the default 0.05–0.95 is the
 *       common fixed rule (Crump et al. 2009 discuss the optimal bounds). It suits treatments
 *       that are not rare: with a rare treatment most units have e below 0.05.
 *   <li>{@link Rule#PERCENTILE}: asymmetric trimming (Stürmer et al. 2010): keep units with e
 *       at or above the {@code lower} quantile of e among the treated and at or below the
 *       {@code upper} quantile of e among the comparison group. It removes the tails where one
 *       group has no counterpart, whatever the prevalence of the treatment.
 * </ul>
 *
 * @param rule FIXED or PERCENTILE
 * @param lower lower bound (FIXED) or quantile among the treated (PERCENTILE)
 * @param upper upper bound (FIXED) or quantile among the comparison group (PERCENTILE)
 */
public record Trimming(Rule rule, double lower, double upper) implements java.io.Serializable {

  /** How the bounds are read. */
  public enum Rule { FIXED, PERCENTILE }

  public static final Trimming DEFAULT = new Trimming(Rule.FIXED, 0.05, 0.95);
  public static final Trimming NONE = new Trimming(Rule.FIXED, 0, 1);

  public Trimming {
    Objects.requireNonNull(rule, "rule");
    if (!(lower >= 0 && lower < 0.5 && upper > 0.5 && upper <= 1)) {
      throw new IllegalArgumentException("trimming bounds must satisfy 0 <= lower < 0.5 < upper"
          + " <= 1, got " + lower + " and " + upper);
    }
  }

  /** Fixed bounds, as in the constructor of earlier versions. */
  public Trimming(double lower, double upper) {
    this(Rule.FIXED, lower, upper);
  }

  /**
   * Which units to keep. Units outside both groups (the other arms of a pair) are judged by the
   * same bounds.
   */
  public boolean[] keep(double[] propensity, boolean[] treated, boolean[] comparison) {
    double low = lower;
    double high = upper;
    if (rule == Rule.PERCENTILE) {
      low = quantile(propensity, treated, lower);
      high = quantile(propensity, comparison, upper);
    }
    boolean[] kept = new boolean[propensity.length];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = propensity[i] >= low && propensity[i] <= high;
    }
    return kept;
  }

  private static double quantile(double[] values, boolean[] member, double q) {
    double[] selected = IntStream.range(0, values.length).filter(i -> member[i])
        .mapToDouble(i -> values[i]).toArray();
    if (selected.length == 0) {
      return q < 0.5 ? 0 : 1;
    }
    Arrays.sort(selected);
    int index = (int) Math.floor(q * (selected.length - 1));
    if (q > 0.5) {
      index = (int) Math.ceil(q * (selected.length - 1));
    }
    return selected[index];
  }
}
