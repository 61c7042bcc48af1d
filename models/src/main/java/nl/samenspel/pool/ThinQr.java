package nl.samenspel.pool;

/**
 * The thin QR decomposition A = QR of a tall k x p matrix by Householder reflections, the way
 * metafor obtains (X'WX)^-1 ({@code qr.solve} of sqrt(W) X), with the thin Q formed so that
 * the projection I - QQ' and its diagonal (the leverages) can be read off. For the handful of
 * moderator columns of a meta-regression; not meant for wide matrices.
 */
final class ThinQr {

  private final double[][] q;
  private final double[][] r;

  private ThinQr(double[][] q, double[][] r) {
    this.q = q;
    this.r = r;
  }

  /** Decomposes {@code a} (rows x columns, rows at least columns, full column rank). */
  static ThinQr of(double[][] a) {
    int m = a.length;
    int n = a[0].length;
    double[][] work = new double[m][];
    for (int i = 0; i < m; i++) {
      work[i] = a[i].clone();
    }
    double[][] reflections = new double[n][];
    double[] norms = new double[n];
    for (int j = 0; j < n; j++) {
      double norm = 0;
      for (int i = j; i < m; i++) {
        norm = Math.hypot(norm, work[i][j]);
      }
      double alpha = work[j][j] > 0 ? -norm : norm;
      double[] reflection = new double[m - j];
      for (int i = j; i < m; i++) {
        reflection[i - j] = work[i][j];
      }
      reflection[0] -= alpha;
      double squared = 0;
      for (double value : reflection) {
        squared += value * value;
      }
      reflections[j] = reflection;
      norms[j] = squared;
      if (squared == 0) {
        continue;
      }
      for (int c = j; c < n; c++) {
        double dot = 0;
        for (int i = j; i < m; i++) {
          dot += reflection[i - j] * work[i][c];
        }
        double factor = 2 * dot / squared;
        for (int i = j; i < m; i++) {
          work[i][c] -= factor * reflection[i - j];
        }
      }
    }
    double[][] r = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int c = i; c < n; c++) {
        r[i][c] = work[i][c];
      }
    }
    double[][] q = new double[m][n];
    for (int c = 0; c < n; c++) {
      q[c][c] = 1;
    }
    for (int j = n - 1; j >= 0; j--) {
      if (norms[j] == 0) {
        continue;
      }
      double[] reflection = reflections[j];
      for (int c = 0; c < n; c++) {
        double dot = 0;
        for (int i = j; i < m; i++) {
          dot += reflection[i - j] * q[i][c];
        }
        double factor = 2 * dot / norms[j];
        for (int i = j; i < m; i++) {
          q[i][c] -= factor * reflection[i - j];
        }
      }
    }
    return new ThinQr(q, r);
  }

  int rows() {
    return q.length;
  }

  int columns() {
    return r.length;
  }

  /** Q'b. */
  double[] transposeTimes(double[] b) {
    int n = columns();
    double[] out = new double[n];
    for (int i = 0; i < q.length; i++) {
      for (int c = 0; c < n; c++) {
        out[c] += q[i][c] * b[i];
      }
    }
    return out;
  }

  /** b - QQ'b: the part of b orthogonal to the columns of A. */
  double[] residual(double[] b) {
    double[] coefficients = transposeTimes(b);
    double[] out = b.clone();
    for (int i = 0; i < q.length; i++) {
      for (int c = 0; c < coefficients.length; c++) {
        out[i] -= q[i][c] * coefficients[c];
      }
    }
    return out;
  }

  /** The least-squares solution x of Ax = b: R^-1 Q'b. */
  double[] solve(double[] b) {
    double[] x = transposeTimes(b);
    for (int i = x.length - 1; i >= 0; i--) {
      for (int c = i + 1; c < x.length; c++) {
        x[i] -= r[i][c] * x[c];
      }
      x[i] /= r[i][i];
    }
    return x;
  }

  /** (A'A)^-1 = R^-1 R^-T. */
  double[][] inverseGram() {
    int n = columns();
    double[][] inverse = new double[n][n]; // R^-1, upper triangular
    for (int c = 0; c < n; c++) {
      inverse[c][c] = 1 / r[c][c];
      for (int i = c - 1; i >= 0; i--) {
        double sum = 0;
        for (int j = i + 1; j <= c; j++) {
          sum += r[i][j] * inverse[j][c];
        }
        inverse[i][c] = -sum / r[i][i];
      }
    }
    double[][] gram = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double sum = 0;
        for (int c = j; c < n; c++) {
          sum += inverse[i][c] * inverse[j][c];
        }
        gram[i][j] = sum;
        gram[j][i] = sum;
      }
    }
    return gram;
  }

  /** log det(A'A) = 2 sum log |R_ii|. */
  double logDeterminantGram() {
    double sum = 0;
    for (int i = 0; i < r.length; i++) {
      sum += Math.log(Math.abs(r[i][i]));
    }
    return 2 * sum;
  }

  /** Row i of Q: its squared norm is the leverage of row i. */
  double[] qRow(int i) {
    return q[i];
  }
}
