package nl.samenspel.disclosure;

/**
 * The statistical disclosure control rules for everything that is published: counts of people
 * between 1 and {@code threshold - 1} are suppressed (never below 10, as the UK ONS and the ACRO
 * output checker use), and every published count is rounded half up to a multiple of
 * {@code roundingBase}. Zero is published as zero. See {@code docs/disclosure-control.md}.
 *
 * @param threshold smallest count of people that may be published (at least 10)
 * @param roundingBase published counts are multiples of this; it divides the threshold, so a
 *     count at or above the threshold never rounds below it
 */
public record DisclosureRules(int threshold, int roundingBase) implements java.io.Serializable {

  /** The documented defaults: threshold 10, rounding to multiples of 5. */
  public static final DisclosureRules DEFAULT = new DisclosureRules(10, 5);
  /** No configuration may publish smaller groups than this. */
  public static final int MINIMUM_THRESHOLD = 10;

  public DisclosureRules {
    if (threshold < MINIMUM_THRESHOLD) {
      throw new IllegalArgumentException("the disclosure threshold must be at least "
          + MINIMUM_THRESHOLD + ", got " + threshold);
    }
    if (roundingBase < 1 || threshold % roundingBase != 0) {
      throw new IllegalArgumentException("the rounding base must divide the threshold ("
          + threshold + "), got " + roundingBase);
    }
  }

  /** True for a count that must not be published: 1 up to the threshold (exclusive). */
  public boolean isSmall(long count) {
    return count >= 1 && count < threshold;
  }

  /** The published form of a count that is not small: rounded half up to the base. */
  public long round(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("a count can't be negative: " + count);
    }
    return (count + roundingBase / 2) / roundingBase * roundingBase;
  }

  /**
   * Lowest true count that publishes as {@code published}: a published non-zero count is never
   * below the threshold, because smaller ones are suppressed.
   */
  public long lowestBehind(long published) {
    return published == 0 ? 0 : Math.max(threshold, published - roundingBase / 2);
  }

  /** Highest true count that publishes as {@code published}. */
  public long highestBehind(long published) {
    return published == 0 ? 0 : published + roundingBase - 1 - roundingBase / 2;
  }
}
