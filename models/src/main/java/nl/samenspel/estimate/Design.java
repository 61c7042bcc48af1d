package nl.samenspel.estimate;

/**
 * The covariates of one input as a logistic model sees them: an intercept column, then every
 * covariate that varies, centred and scaled, in one flat row-major array. Built once per input
 * and shared by every model fitted on its units (the folds of cross-fitting, every arm, every
 * intervention of a subgroup), so that fitting never copies or rescales rows. Scaling changes
 * neither the fitted probabilities of a maximum-likelihood fit nor its convergence; it keeps
 * the Newton steps well conditioned.
 */
final class Design {

  private final double[] values;
  private final int columns;
  private final int rows;
  private final double[] mean;
  private final double[] scale;
  private final int[] kept;

  private Design(double[] values, int rows, int columns, double[] mean, double[] scale,
      int[] kept) {
    this.values = values;
    this.rows = rows;
    this.columns = columns;
    this.mean = mean;
    this.scale = scale;
    this.kept = kept;
  }

  /** Standardises {@code x} on all of its rows; constant columns are left out. */
  static Design of(double[][] x) {
    int n = x.length;
    int p = n == 0 ? 0 : x[0].length;
    double[] mean = new double[p];
    double[] scale = new double[p];
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < p; j++) {
      mean[j] /= Math.max(n, 1);
    }
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        double d = row[j] - mean[j];
        scale[j] += d * d;
      }
    }
    for (int j = 0; j < p; j++) {
      scale[j] = Math.sqrt(scale[j] / Math.max(n, 1));
    }
    int[] kept = java.util.stream.IntStream.range(0, p).filter(j -> scale[j] > 1e-12).toArray();
    int q = kept.length + 1;
    double[] values = new double[n * q];
    for (int i = 0; i < n; i++) {
      int offset = i * q;
      values[offset] = 1;
      for (int c = 0; c < kept.length; c++) {
        int j = kept[c];
        values[offset + 1 + c] = (x[i][j] - mean[j]) / scale[j];
      }
    }
    return new Design(values, n, q, mean, scale, kept);
  }

  /** This design with one more column (values as given, e.g. a 0/1 indicator), at the end. */
  Design withColumn(int[] extra) {
    int q = columns + 1;
    double[] wider = new double[rows * q];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(values, i * columns, wider, i * q, columns);
      wider[i * q + columns] = extra[i];
    }
    return new Design(wider, rows, q, mean, scale, kept);
  }

  /** The linear predictor of row {@code i} with its last column set to {@code value}. */
  double linearPredictorWithLast(double[] beta, int i, double value) {
    int offset = i * columns;
    double eta = 0;
    for (int a = 0; a < columns - 1; a++) {
      eta += values[offset + a] * beta[a];
    }
    return eta + value * beta[columns - 1];
  }

  double linearPredictor(double[] beta, int i) {
    int offset = i * columns;
    double eta = 0;
    for (int a = 0; a < columns; a++) {
      eta += values[offset + a] * beta[a];
    }
    return eta;
  }

  /** The linear predictor of a new row of raw covariates (standardised like the design). */
  double linearPredictor(double[] beta, double[] raw) {
    double eta = beta[0];
    for (int c = 0; c < kept.length; c++) {
      int j = kept[c];
      eta += beta[c + 1] * (raw[j] - mean[j]) / scale[j];
    }
    return eta;
  }

  /** Columns including the intercept. */
  int columns() {
    return columns;
  }

  double[] values() {
    return values;
  }
}
