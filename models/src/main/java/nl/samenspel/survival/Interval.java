package nl.samenspel.survival;

/** A two-sided confidence interval, {@code lower <= upper}. */
public record Interval(double lower, double upper) implements java.io.Serializable {

  /** Whether the interval contains {@code value}. */
  public boolean covers(double value) {
    return lower <= value && value <= upper;
  }
}
