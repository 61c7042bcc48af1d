package nl.samenspel.pool;

/**
 * The thin QR decomposition A = QR of a tall k x p matrix by Householder reflections, the way
 * metafor obtains (X'WX)^-1 ({@code qr.solve} of sqrt(W) X), with the thin Q formed so that
 * the projection I - QQ' and its diagonal (the leverages) can be read off. For the handful of
 * moderator columns of a meta-regression; not meant for wide matrices.
 */
final class ThinQr {

  /**
   * The off-diagonal part of tr(PP) is taken as a difference only when it is at least this
   * share of the larger term (see {@link #traceProjectionSquared}).
   */
  static final double CANCELLATION_LIMIT = 0.01;

  /** Q, rows x columns, row-major in one array. */
  private final double[] q;
  private final double[][] r;

  private ThinQr(double[] q, double[][] r) {
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
      // The column's norm, scaled by its largest entry so that no square overflows
      // (Math.hypot would do the same at many times the cost).
      double largest = 0;
      for (int i = j; i < m; i++) {
        largest = Math.max(largest, Math.abs(work[i][j]));
      }
      double norm = 0;
      if (largest > 0) {
        for (int i = j; i < m; i++) {
          double scaled = work[i][j] / largest;
          norm += scaled * scaled;
        }
        norm = largest * Math.sqrt(norm);
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
    double[] flat = new double[m * n];
    for (int i = 0; i < m; i++) {
      System.arraycopy(q[i], 0, flat, i * n, n);
    }
    return new ThinQr(flat, r);
  }

  int rows() {
    return q.length / r.length;
  }

  int columns() {
    return r.length;
  }

  /** Q'b. */
  double[] transposeTimes(double[] b) {
    int n = columns();
    double[] out = new double[n];
    for (int i = 0; i < b.length; i++) {
      for (int c = 0; c < n; c++) {
        out[c] += q[i * n + c] * b[i];
      }
    }
    return out;
  }

  /** b - QQ'b: the part of b orthogonal to the columns of A. */
  double[] residual(double[] b) {
    double[] coefficients = transposeTimes(b);
    int n = coefficients.length;
    double[] out = b.clone();
    for (int i = 0; i < b.length; i++) {
      for (int c = 0; c < n; c++) {
        out[i] -= q[i * n + c] * coefficients[c];
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

  /** |row i of Q|^2: the leverage of row i. */
  double leverage(int i) {
    int n = r.length;
    double sum = 0;
    for (int c = i * n; c < (i + 1) * n; c++) {
      sum += q[c] * q[c];
    }
    return sum;
  }

  /**
   * tr(PP) = sum_ij P_ij^2 for P = W^1/2 (I - QQ') W^1/2, where this QR is of W^1/2 X (P is
   * metafor's W - WX(X'WX)^-1 X'W): P_ii = w_i (1 - |q_i|^2), P_ij = -sqrt(w_i w_j) q_i.q_j.
   *
   * <p>The off-diagonal sum is |Q'WQ|_F^2 - sum_i w_i^2 |q_i|^4, O(k p^2), when that
   * difference is at least {@link #CANCELLATION_LIMIT} of |Q'WQ|_F^2, so that the subtraction
   * costs at most two digits. When one study carries nearly all of Q'WQ (a weight a million
   * times the others') it would cost them all; then the k^2 pairs are summed directly, as
   * metafor sums the entries of P.
   */
  double traceProjectionSquared(double[] w) {
    int n = r.length;
    int m = w.length;
    double diagonal = 0;
    double fourth = 0;
    double[] gram = new double[n * n]; // Q'WQ
    for (int i = 0; i < m; i++) {
      int a = i * n;
      double leverage = leverage(i);
      double pii = w[i] * (1 - leverage);
      diagonal += pii * pii;
      fourth += w[i] * leverage * w[i] * leverage;
      for (int c = 0; c < n; c++) {
        double wq = w[i] * q[a + c];
        for (int d = c; d < n; d++) {
          gram[c * n + d] += wq * q[a + d];
        }
      }
    }
    double frobenius = 0;
    for (int c = 0; c < n; c++) {
      frobenius += gram[c * n + c] * gram[c * n + c];
      for (int d = c + 1; d < n; d++) {
        frobenius += 2 * gram[c * n + d] * gram[c * n + d];
      }
    }
    double offDiagonal = frobenius - fourth;
    if (offDiagonal >= CANCELLATION_LIMIT * frobenius) {
      return diagonal + offDiagonal;
    }
    return traceProjectionSquaredByPairs(w);
  }

  /** {@link #traceProjectionSquared} by summing the k^2 pairs: O(k^2 p), no cancellation. */
  double traceProjectionSquaredByPairs(double[] w) {
    int n = r.length;
    int m = w.length;
    double trace = 0;
    for (int i = 0; i < m; i++) {
      int a = i * n;
      double pii = w[i] * (1 - leverage(i));
      double pairs = 0;
      for (int j = i + 1; j < m; j++) {
        int b = j * n;
        double dot = 0;
        for (int c = 0; c < n; c++) {
          dot += q[a + c] * q[b + c];
        }
        pairs += w[j] * dot * dot;
      }
      trace += pii * pii + 2 * w[i] * pairs;
    }
    return trace;
  }
}
