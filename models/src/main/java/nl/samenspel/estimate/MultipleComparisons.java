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
    return benjaminiHochberg(pValues, pValues.length);
  }

  /**
   * Benjamini–Hochberg q-values of {@code pValues} among {@code m} comparisons, where the
   * comparisons without a p-value are counted as made (conservative: as if their p-values were
   * 1), so that leaving them out never makes the others look surer.
   */
  public static double[] benjaminiHochberg(double[] pValues, int m) {
    if (m < pValues.length) {
      throw new IllegalArgumentException(m + " comparisons but " + pValues.length
          + " p-values");
    }
    int n = pValues.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
        throw new IllegalArgumentException("p-value " + i + " is " + pValues[i]);
      }
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
    // The comparisons without a p-value rank last with p = 1; their terms p * m / j are at
    // least 1, so they only cap the running minimum at 1.
    double[] q = new double[n];
    double running = 1;
    for (int k = n - 1; k >= 0; k--) {
      running = Math.min(running, pValues[order[k]] * m / (k + 1));
      q[order[k]] = Math.min(1, running);
    }
    return q;
  }
}
