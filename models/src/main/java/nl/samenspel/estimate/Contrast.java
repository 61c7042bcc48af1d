package nl.samenspel.estimate;

/**
 * Which two arms of an {@link EstimationInput} are compared: the estimate is
 * mean outcome under {@code treatedArm} minus mean outcome under {@code comparisonArm}.
 */
public record Contrast(int treatedArm, int comparisonArm) {

  /** Treated (1) against comparison (0). */
  public static final Contrast BINARY = new Contrast(1, 0);

  public Contrast {
    if (treatedArm == comparisonArm) {
      throw new IllegalArgumentException("treated and comparison arm are both " + treatedArm);
    }
  }
}
