package org.example.samenspel;

/** The Cholesky factor of a small symmetric positive definite matrix, and solves with it. */
final class Cholesky {

  private final double[][] lower;

  private Cholesky(double[][] lower) {
    this.lower = lower;
  }

  /** @throws IllegalArgumentException when the matrix is not positive definite (collinear) */
  static Cholesky of(double[][] matrix) {
    int q = matrix.length;
    double[][] l = new double[q][q];
    for (int a = 0; a < q; a++) {
      for (int b = 0; b <= a; b++) {
        double sum = matrix[a][b];
        for (int k = 0; k < b; k++) {
          sum -= l[a][k] * l[b][k];
        }
        if (a == b) {
          if (!(sum > 1e-12 * Math.max(1, Math.abs(matrix[a][a])))) {
            throw new IllegalArgumentException("the covariates are collinear among the units"
                + " compared; leave one out");
          }
          l[a][a] = Math.sqrt(sum);
        } else {
          l[a][b] = sum / l[b][b];
        }
      }
    }
    return new Cholesky(l);
  }

  /** The solution x of M x = rhs. */
  double[] solve(double[] rhs) {
    int q = lower.length;
    double[] y = new double[q];
    for (int a = 0; a < q; a++) {
      double sum = rhs[a];
      for (int k = 0; k < a; k++) {
        sum -= lower[a][k] * y[k];
      }
      y[a] = sum / lower[a][a];
    }
    double[] x = new double[q];
    for (int a = q - 1; a >= 0; a--) {
      double sum = y[a];
      for (int k = a + 1; k < q; k++) {
        sum -= lower[k][a] * x[k];
      }
      x[a] = sum / lower[a][a];
    }
    return x;
  }
}
