package nl.samenspel.estimate;

import java.util.Arrays;
import java.util.Comparator;

/** Corrections for testing many combinations in one run. */
public final class MultipleComparisons {

  private MultipleComparisons() {}

  /**
   * Benjamini–Hochberg q-values (false discovery rate, Benjamini and Hochberg 1995): for the
   * p-values sorted ascending, q_(k) = min over j >= k of p_(j) * m / j, capped at 1. Returned in
   * the input order.
   */
  public static double[] benjaminiHochberg(double[] pValues) {
    int m = pValues.length;
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
        throw new IllegalArgumentException("p-value " + i + " is " + pValues[i]);
      }
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
    double[] q = new double[m];
    double running = 1;
    for (int k = m - 1; k >= 0; k--) {
      running = Math.min(running, pValues[order[k]] * m / (k + 1));
      q[order[k]] = Math.min(1, running);
    }
    return q;
  }
}
