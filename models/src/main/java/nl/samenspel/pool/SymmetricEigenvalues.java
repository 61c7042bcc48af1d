package nl.samenspel.pool;

/**
 * Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations (Golub and Van Loan,
 * Matrix Computations, 4th ed., section 8.5), for the rank check of a meta-regression design
 * with a handful of columns.
 */
final class SymmetricEigenvalues {

  private static final int MAX_SWEEPS = 100;

  private SymmetricEigenvalues() {}

  /** The smallest eigenvalue of the symmetric matrix {@code a} (not modified). */
  static double smallest(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double off = 0;
      double total = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          total += m[i][j] * m[i][j];
          if (i != j) {
            off += m[i][j] * m[i][j];
          }
        }
      }
      if (off <= 1e-30 * total) {
        break;
      }
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          if (m[p][q] == 0) {
            continue;
          }
          double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int r = 0; r < n; r++) {
            double rp = m[r][p];
            double rq = m[r][q];
            m[r][p] = c * rp - s * rq;
            m[r][q] = s * rp + c * rq;
          }
          for (int r = 0; r < n; r++) {
            double pr = m[p][r];
            double qr = m[q][r];
            m[p][r] = c * pr - s * qr;
            m[q][r] = s * pr + c * qr;
          }
        }
      }
    }
    double smallest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      smallest = Math.min(smallest, m[i][i]);
    }
    return smallest;
  }
}
