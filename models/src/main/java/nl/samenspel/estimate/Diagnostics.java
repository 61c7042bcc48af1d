package nl.samenspel.estimate;

import java.util.List;

/**
 * How much the adjustment can be trusted, reported with every adjusted estimate.
 *
 * @param balance standardised mean difference per covariate, before and after weighting
 * @param maxAbsSmdBefore largest absolute SMD before weighting
 * @param maxAbsSmdAfter largest absolute SMD after weighting (0.1 is the usual threshold)
 * @param propensityTreated 5th, 50th and 95th percentile of the propensity among the treated
 * @param propensityComparison the same among the comparison group
 * @param trimmed units left out for lack of overlap
 * @param shareTrimmed trimmed units as a share of the units compared
 * @param effectiveTreated Kish effective sample size of the treated arm after weighting
 * @param effectiveComparison the same for the comparison arm
 */
public record Diagnostics(List<Balance> balance, double maxAbsSmdBefore, double maxAbsSmdAfter,
    double[] propensityTreated, double[] propensityComparison, int trimmed, double shareTrimmed,
    double effectiveTreated, double effectiveComparison) {

  /** Standardised mean difference of one covariate (pooled SD of the unweighted groups). */
  public record Balance(String covariate, double smdBefore, double smdAfter) {}

  /**
   * What an estimator reports when it computes no diagnostics: every figure missing (NaN), no
   * balance table. Grading counts missing balance, overlap and group sizes against a finding.
   */
  public static final Diagnostics MISSING = new Diagnostics(List.of(), Double.NaN, Double.NaN,
      new double[0], new double[0], 0, Double.NaN, Double.NaN, Double.NaN);

  public Diagnostics {
    balance = List.copyOf(balance);
    propensityTreated = propensityTreated.clone();
    propensityComparison = propensityComparison.clone();
  }

  /** Diagnostics of an unadjusted comparison: no weighting, nothing trimmed. */
  static Diagnostics unadjusted(EstimationInput input, Contrast contrast) {
    int n = input.size();
    boolean[] treated = new boolean[n];
    boolean[] comparison = new boolean[n];
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      treated[i] = input.arm(i) == contrast.treatedArm();
      comparison[i] = input.arm(i) == contrast.comparisonArm();
      weights[i] = input.weight(i);
    }
    return compute(input, treated, comparison, weights, weights, null, 0);
  }

  /**
   * @param treated units of the treated arm (before trimming)
   * @param comparison units of the comparison arm (before trimming)
   * @param baseWeights unit weights before adjustment
   * @param weightsAfter adjustment weights of the kept units (0 for trimmed ones)
   * @param propensity P(treated | X, treated or comparison), or null when not estimated
   * @param trimmed number of trimmed units among treated and comparison
   */
  static Diagnostics compute(EstimationInput input, boolean[] treated, boolean[] comparison,
      double[] baseWeights, double[] weightsAfter, double[] propensity, int trimmed) {
    double[][] x = input.covariatesView();
    List<String> names = input.covariateNames();
    int p = names.size();
    // Row by row (the rows are arrays of their own): weighted sums of every covariate in the
    // four groups, then the squares of the two unweighted groups.
    boolean[][] member = {treated, comparison, treated, comparison};
    double[][] weights = {baseWeights, baseWeights, weightsAfter, weightsAfter};
    double[][] mean = new double[4][p];
    double[] total = new double[4];
    for (int i = 0; i < x.length; i++) {
      for (int g = 0; g < 4; g++) {
        double w = weights[g][i];
        if (member[g][i] && w > 0) {
          total[g] += w;
          double[] sums = mean[g];
          double[] row = x[i];
          for (int j = 0; j < p; j++) {
            sums[j] += w * row[j];
          }
        }
      }
    }
    for (int g = 0; g < 4; g++) {
      for (int j = 0; j < p; j++) {
        mean[g][j] = total[g] == 0 ? 0 : mean[g][j] / total[g];
      }
    }
    double[][] variance = new double[2][p];
    for (int i = 0; i < x.length; i++) {
      for (int g = 0; g < 2; g++) {
        double w = weights[g][i];
        if (member[g][i] && w > 0) {
          double[] squares = variance[g];
          double[] centre = mean[g];
          double[] row = x[i];
          for (int j = 0; j < p; j++) {
            squares[j] += w * (row[j] - centre[j]) * (row[j] - centre[j]);
          }
        }
      }
    }
    java.util.ArrayList<Balance> balance = new java.util.ArrayList<>();
    double maxBefore = 0;
    double maxAfter = 0;
    for (int j = 0; j < p; j++) {
      double varianceTreated = total[0] == 0 ? 0 : variance[0][j] / total[0];
      double varianceComparison = total[1] == 0 ? 0 : variance[1][j] / total[1];
      double pooled = Math.sqrt((varianceTreated + varianceComparison) / 2);
      if (pooled < 1e-12) {
        continue;
      }
      double before = (mean[0][j] - mean[1][j]) / pooled;
      double after = (mean[2][j] - mean[3][j]) / pooled;
      balance.add(new Balance(names.get(j), before, after));
      maxBefore = Math.max(maxBefore, Math.abs(before));
      maxAfter = Math.max(maxAfter, Math.abs(after));
    }
    int compared = 0;
    for (int i = 0; i < treated.length; i++) {
      if (treated[i] || comparison[i]) {
        compared++;
      }
    }
    return new Diagnostics(balance, maxBefore, maxAfter,
        propensity == null ? new double[0] : quantiles(propensity, treated),
        propensity == null ? new double[0] : quantiles(propensity, comparison), trimmed,
        compared == 0 ? 0 : (double) trimmed / compared,
        effectiveSize(treated, weightsAfter), effectiveSize(comparison, weightsAfter));
  }

  static double effectiveSize(boolean[] member, double[] weights) {
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < member.length; i++) {
      if (member[i] && weights[i] > 0) {
        sum += weights[i];
        squares += weights[i] * weights[i];
      }
    }
    return squares == 0 ? 0 : sum * sum / squares;
  }

  private static double[] quantiles(double[] values, boolean[] member) {
    double[] selected = java.util.stream.IntStream.range(0, values.length)
        .filter(i -> member[i]).mapToDouble(i -> values[i]).sorted().toArray();
    if (selected.length == 0) {
      return new double[0];
    }
    double[] q = {0.05, 0.5, 0.95};
    double[] result = new double[q.length];
    for (int k = 0; k < q.length; k++) {
      double position = q[k] * (selected.length - 1);
      int low = (int) Math.floor(position);
      int high = Math.min(low + 1, selected.length - 1);
      result[k] = selected[low] + (position - low) * (selected[high] - selected[low]);
    }
    return result;
  }

}
