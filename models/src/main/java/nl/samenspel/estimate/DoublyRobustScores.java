package nl.samenspel.estimate;

/**
 * The per-unit doubly robust scores of one fitted AIPW comparison:
 * {@code Gamma_i = psi_t(i) - psi_c(i)}, the difference of the pseudo-outcomes of the treated
 * and comparison arm (docs/methods.md, "Formulas"), for every unit kept after trimming. Their
 * mean is the ATE; their conditional mean given the covariates is the conditional effect, which
 * is why a regression of the scores on a client profile estimates how the effect changes with
 * that profile ({@link BestLinearProjection}; Semenova and Chernozhukov 2021).
 *
 * <p>Order: units appear in increasing order of their index in the {@link EstimationInput} they
 * came from; {@link #unit(int)} gives that index, so row {@code unit(k)} of the input's
 * covariates belongs to score {@code k} ({@link #rowsOf(double[][])} selects them).
 *
 * <p>Scores are unit-level values: an in-memory intermediate inside the executor that fits a
 * subgroup, never published or sent to the driver; only aggregates of them are. Immutable and
 * thread-safe; the accessors that return arrays return copies.
 */
public final class DoublyRobustScores {

  private final Contrast contrast;
  private final int inputSize;
  private final int[] units;
  private final double[] values;
  private final double[] weights;

  DoublyRobustScores(Contrast contrast, int inputSize, int[] units, double[] values,
      double[] weights) {
    if (units.length != values.length || units.length != weights.length) {
      throw new IllegalArgumentException("units, scores and weights differ in length");
    }
    this.contrast = contrast;
    this.inputSize = inputSize;
    this.units = units;
    this.values = values;
    this.weights = weights;
  }

  /** The arms compared: scores are psi of the treated arm minus psi of the comparison arm. */
  public Contrast contrast() {
    return contrast;
  }

  /** Number of scores (the units kept after trimming). */
  public int size() {
    return units.length;
  }

  /** Units of the input the scores came from, before trimming. */
  public int inputSize() {
    return inputSize;
  }

  /** Index in the input of the unit behind score {@code k}. */
  public int unit(int k) {
    return units[k];
  }

  /** Score {@code k}. */
  public double value(int k) {
    return values[k];
  }

  /** The input indices of the scored units, increasing (a copy). */
  public int[] units() {
    return units.clone();
  }

  /** The scores, in the order of {@link #units()} (a copy). */
  public double[] values() {
    return values.clone();
  }

  /** The input's unit weights of the scored units (1 without weights; a copy). */
  public double[] weights() {
    return weights.clone();
  }

  /**
   * The rows of {@code matrix} that belong to the scored units, aligned with the scores:
   * {@code matrix} has one row per unit of the input (e.g. its covariates or the modifiers of a
   * {@link BestLinearProjection}). The rows are shared, not copied.
   */
  public double[][] rowsOf(double[][] matrix) {
    if (matrix.length != inputSize) {
      throw new IllegalArgumentException("expected " + inputSize
          + " rows, one per unit of the input, got " + matrix.length);
    }
    double[][] rows = new double[units.length][];
    for (int k = 0; k < units.length; k++) {
      rows[k] = matrix[units[k]];
    }
    return rows;
  }

  /**
   * The weighted mean of the scores: the AIPW ATE of the same comparison (to rounding, since
   * the sums are the same).
   */
  public double mean() {
    double sum = 0;
    double weightSum = 0;
    for (int k = 0; k < values.length; k++) {
      sum += weights[k] * values[k];
      weightSum += weights[k];
    }
    return sum / weightSum;
  }

  @Override
  public String toString() {
    return "DoublyRobustScores[" + contrast + ", " + units.length + " of " + inputSize
        + " units, mean " + mean() + "]";
  }
}
