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

  /**
   * The factor of {@code matrix}, or, when it is singular to working precision, of the matrix
   * with the smallest ridge (a multiple 1e-12, 1e-10, ..., 1e-4 of its largest diagonal
   * element) that makes it positive definite. A logistic information matrix becomes singular
   * under (quasi-)separation, where some units' fitted probabilities go to 0 or 1 and their
   * weights e(1 - e) vanish: the ridge only touches that direction, in which those units
   * contribute nothing to the scores anyway.
   *
   * @throws IllegalArgumentException when even the largest ridge does not help
   */
  static Cholesky ofNearlySingular(double[][] matrix) {
    try {
      return of(matrix);
    } catch (IllegalArgumentException singular) {
      double largest = 0;
      for (int a = 0; a < matrix.length; a++) {
        largest = Math.max(largest, Math.abs(matrix[a][a]));
      }
      for (double ridge = 1e-12; ridge <= 1e-4; ridge *= 100) {
        double[][] ridged = new double[matrix.length][];
        for (int a = 0; a < matrix.length; a++) {
          ridged[a] = matrix[a].clone();
          ridged[a][a] += ridge * largest;
        }
        try {
          return of(ridged);
        } catch (IllegalArgumentException stillSingular) {
          // a larger ridge next
        }
      }
      throw singular;
    }
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
