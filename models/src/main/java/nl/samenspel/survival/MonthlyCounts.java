package nl.samenspel.survival;

import java.util.Arrays;
import java.util.Objects;

/**
 * The sufficient statistics of one arm's weighted Kaplan-Meier curve and of its
 * infinitesimal-jackknife variance: for every month 0..maxMonth, the number of units whose
 * durable work started in that month (events) and of units censored in it, each as a count, a
 * sum of weights and a sum of squared weights. Two units with the same month and status have the
 * same influence on the curve, so these sums are all the variance needs.
 *
 * <p>That makes the curves computable from aggregates: the Spark side can group episodes by
 * (arm, month, event) and sum {@code 1}, {@code w} and {@code w * w}, and pass the sums to
 * {@link #fromSums}; only those sums reach the driver.
 *
 * <p>Months after {@code maxMonth} are folded into it as censoring: an event or censoring after
 * the last month of the curve says only that the unit was still without durable work then.
 *
 * <p>Immutable and thread-safe; {@link Builder} is not thread-safe.
 */
public final class MonthlyCounts implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  private final int maxMonth;
  private final long[] eventCount;
  private final double[] eventWeight;
  private final double[] eventSquaredWeight;
  private final long[] censoredCount;
  private final double[] censoredWeight;
  private final double[] censoredSquaredWeight;

  private MonthlyCounts(Builder builder) {
    this.maxMonth = builder.maxMonth;
    this.eventCount = builder.eventCount.clone();
    this.eventWeight = builder.eventWeight.clone();
    this.eventSquaredWeight = builder.eventSquaredWeight.clone();
    this.censoredCount = builder.censoredCount.clone();
    this.censoredWeight = builder.censoredWeight.clone();
    this.censoredSquaredWeight = builder.censoredSquaredWeight.clone();
  }

  /** An empty table for months 0..maxMonth. */
  public static Builder builder(int maxMonth) {
    return new Builder(maxMonth);
  }

  /**
   * Per unit: the month (event or censoring), the event indicator (1 = durable work started in
   * that month, 0 = censored) and a positive, finite weight.
   */
  public static MonthlyCounts of(int[] months, int[] events, double[] weights, int maxMonth) {
    Objects.requireNonNull(months, "months");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(weights, "weights");
    if (months.length != events.length || months.length != weights.length) {
      throw new IllegalArgumentException("months, events and weights differ in length: "
          + months.length + ", " + events.length + ", " + weights.length);
    }
    Builder builder = builder(maxMonth);
    for (int i = 0; i < months.length; i++) {
      builder.add(months[i], events[i], weights[i]);
    }
    return builder.build();
  }

  /** {@link #of(int[], int[], double[], int)} with every weight 1. */
  public static MonthlyCounts unweighted(int[] months, int[] events, int maxMonth) {
    double[] ones = new double[months.length];
    Arrays.fill(ones, 1);
    return of(months, events, ones, maxMonth);
  }

  /**
   * Counts aggregated elsewhere, indexed by month 0..maxMonth (arrays of length maxMonth + 1;
   * months after maxMonth must already be folded into maxMonth as censoring).
   */
  public static MonthlyCounts fromSums(int maxMonth, long[] eventCount, double[] eventWeight,
      double[] eventSquaredWeight, long[] censoredCount, double[] censoredWeight,
      double[] censoredSquaredWeight) {
    Builder builder = builder(maxMonth);
    for (int month = 0; month <= maxMonth; month++) {
      builder.addSums(month, 1, eventCount[month], eventWeight[month],
          eventSquaredWeight[month]);
      builder.addSums(month, 0, censoredCount[month], censoredWeight[month],
          censoredSquaredWeight[month]);
    }
    return builder.build();
  }

  public int maxMonth() {
    return maxMonth;
  }

  /** Units in the table. */
  public long units() {
    long n = 0;
    for (int m = 0; m <= maxMonth; m++) {
      n += eventCount[m] + censoredCount[m];
    }
    return n;
  }

  /** Sum of all weights. */
  public double totalWeight() {
    double sum = 0;
    for (int m = 0; m <= maxMonth; m++) {
      sum += eventWeight[m] + censoredWeight[m];
    }
    return sum;
  }

  /** Kish's effective sample size, (sum w)^2 / sum w^2. */
  public double effectiveSize() {
    double squares = 0;
    for (int m = 0; m <= maxMonth; m++) {
      squares += eventSquaredWeight[m] + censoredSquaredWeight[m];
    }
    double total = totalWeight();
    return squares == 0 ? 0 : total * total / squares;
  }

  public long eventCount(int month) {
    return eventCount[month];
  }

  public double eventWeight(int month) {
    return eventWeight[month];
  }

  public double eventSquaredWeight(int month) {
    return eventSquaredWeight[month];
  }

  public long censoredCount(int month) {
    return censoredCount[month];
  }

  public double censoredWeight(int month) {
    return censoredWeight[month];
  }

  public double censoredSquaredWeight(int month) {
    return censoredSquaredWeight[month];
  }

  /** Units still without durable work and followed at the start of {@code month}. */
  public long atRiskCount(int month) {
    long n = 0;
    for (int m = Math.max(month, 0); m <= maxMonth; m++) {
      n += eventCount[m] + censoredCount[m];
    }
    return n;
  }

  /** The two tables together (e.g. partial aggregates of one arm). */
  public MonthlyCounts plus(MonthlyCounts other) {
    if (other.maxMonth != maxMonth) {
      throw new IllegalArgumentException("tables cover " + maxMonth + " and " + other.maxMonth
          + " months");
    }
    Builder builder = builder(maxMonth);
    for (MonthlyCounts table : new MonthlyCounts[] {this, other}) {
      for (int m = 0; m <= maxMonth; m++) {
        builder.addSums(m, 1, table.eventCount[m], table.eventWeight[m],
            table.eventSquaredWeight[m]);
        builder.addSums(m, 0, table.censoredCount[m], table.censoredWeight[m],
            table.censoredSquaredWeight[m]);
      }
    }
    return builder.build();
  }

  /** Collects units one at a time. Not thread-safe. */
  public static final class Builder {
    private final int maxMonth;
    private final long[] eventCount;
    private final double[] eventWeight;
    private final double[] eventSquaredWeight;
    private final long[] censoredCount;
    private final double[] censoredWeight;
    private final double[] censoredSquaredWeight;

    private Builder(int maxMonth) {
      if (maxMonth < 1 || maxMonth > 1200) {
        throw new IllegalArgumentException("maximum month must be 1..1200, got " + maxMonth);
      }
      this.maxMonth = maxMonth;
      this.eventCount = new long[maxMonth + 1];
      this.eventWeight = new double[maxMonth + 1];
      this.eventSquaredWeight = new double[maxMonth + 1];
      this.censoredCount = new long[maxMonth + 1];
      this.censoredWeight = new double[maxMonth + 1];
      this.censoredSquaredWeight = new double[maxMonth + 1];
    }

    /**
     * One unit: durable work started in {@code month} ({@code event} 1) or the unit was censored
     * in it ({@code event} 0), with a positive finite weight.
     */
    public Builder add(int month, int event, double weight) {
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("weights must be positive and finite, got " + weight
            + " for a unit in month " + month);
      }
      return addSums(month, event, 1, weight, weight * weight);
    }

    private Builder addSums(int month, int event, long count, double weight,
        double squaredWeight) {
      if (month < 0) {
        throw new IllegalArgumentException("month must be >= 0, got " + month);
      }
      if (event != 0 && event != 1) {
        throw new IllegalArgumentException("event must be 0 or 1, got " + event);
      }
      if (count == 0 && weight == 0 && squaredWeight == 0) {
        return this;
      }
      if (event == 1 && month == 0) {
        throw new IllegalArgumentException("durable work can't start in month 0");
      }
      if (count < 0 || !(weight >= 0) || !(squaredWeight >= 0) || Double.isInfinite(weight)
          || Double.isInfinite(squaredWeight) || (count == 0) != (weight == 0)) {
        throw new IllegalArgumentException("invalid sums for month " + month + ": count "
            + count + ", weight " + weight + ", squared weight " + squaredWeight);
      }
      if (event == 1 && month <= maxMonth) {
        eventCount[month] += count;
        eventWeight[month] += weight;
        eventSquaredWeight[month] += squaredWeight;
      } else {
        int m = Math.min(month, maxMonth);
        censoredCount[m] += count;
        censoredWeight[m] += weight;
        censoredSquaredWeight[m] += squaredWeight;
      }
      return this;
    }

    public MonthlyCounts build() {
      return new MonthlyCounts(this);
    }
  }
}
