package org.example.samenspel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nl.samenspel.estimate.Contrast;
import nl.samenspel.estimate.Diagnostics;
import nl.samenspel.estimate.EffectEstimate;
import nl.samenspel.estimate.Estimand;
import nl.samenspel.estimate.EstimationInput;
import nl.samenspel.estimate.Estimator;
import smile.stat.distribution.GaussianDistribution;

/**
 * Overlap weights (Li, Morgan and Zaslavsky 2018, "Balancing covariates via propensity score
 * weighting", JASA 113:390-400): with e(X) the logistic propensity of the treated arm among
 * the units of the two compared arms, treated units weigh 1 - e(X) and comparison units e(X),
 * each arm's weighted mean is taken, and the difference estimates the average effect in the
 * overlap population, where units weigh e(X)(1 - e(X)) (the ATO). That population leans
 * towards the clients who could have gone either way; units that were all but certain to be
 * treated or not get a weight near 0, so there is no trimming and no extreme weight.
 *
 * <p><b>What it estimates.</b> The ATO equals the ATE only when the effect does not vary with
 * the covariates. Samenspel's {@link Estimand} has no ATO, so this estimator estimates when the
 * ATE is asked for and reports its result under that label, and refuses the ATT with an
 * {@link IllegalArgumentException}; the README and the provider say what the label means here.
 *
 * <p><b>Balance.</b> With a logistic propensity fitted by maximum likelihood with an
 * intercept, the overlap-weighted means of every covariate in the model are equal in the two
 * arms: the score equations say sum x (T - e) = 0, and T - e = T (1 - e) - (1 - T) e. The
 * diagnostics therefore report an SMD after weighting of 0 (to rounding) for every covariate.
 *
 * <p><b>Standard error.</b> The M-estimation sandwich of the stacked estimating equations,
 * the logistic score w x (T - e), the treated mean w T (1 - e)(Y - mu1) and the comparison mean
 * w (1 - T) e (Y - mu0), so that the estimation of the propensity is accounted for (as in Li,
 * Thomas and Li 2019, Am J Epidemiol 188:250-257, and Lunceford and Davidian 2004 for inverse
 * probability weights); no small-sample correction. The interval is the Wald interval.
 *
 * <p>Unit weights w of the input multiply every estimating equation, the propensity model's
 * included. Units of other arms are ignored. Deterministic and stateless, so thread-safe.
 */
public final class OverlapWeights implements Estimator {

  /** The name of the estimator, on the command line and in evidence records. */
  public static final String NAME = "overlap";

  private final Estimand label;
  private final double confidenceLevel;
  private final double criticalValue;

  /**
   * @param label the estimand asked for; estimates are made only for ATE (and reported under
   *     that label), for any other {@link #estimate} refuses. The refusal waits until an
   *     estimate is asked for because the pipeline creates its estimators before it knows which
   *     estimates it needs (the triples' ATT among them).
   * @param confidenceLevel two-sided level of the interval, in (0, 1)
   */
  public OverlapWeights(Estimand label, double confidenceLevel) {
    java.util.Objects.requireNonNull(label, "label");
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new IllegalArgumentException("confidence level must lie in (0, 1), got "
          + confidenceLevel);
    }
    this.label = label;
    this.confidenceLevel = confidenceLevel;
    this.criticalValue = GaussianDistribution.getInstance()
        .quantile(1 - (1 - confidenceLevel) / 2);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public EffectEstimate estimate(EstimationInput input, Contrast contrast) {
    if (label != Estimand.ATE) {
      throw new IllegalArgumentException("overlap weights estimate the effect in the overlap"
          + " population (ATO), reported under the label ATE; they can't estimate the " + label
          + " (use ipw or aipw)");
    }
    int t = contrast.treatedArm();
    int c = contrast.comparisonArm();
    for (int arm : new int[] {t, c}) {
      if (arm < 0 || arm >= input.armCount()) {
        throw new IllegalArgumentException("the contrast names arm " + arm + ", but the input"
            + " has arms 0.." + (input.armCount() - 1));
      }
    }
    int treatedCount = input.count(t);
    int comparisonCount = input.count(c);
    if (treatedCount < 2 || comparisonCount < 2) {
      throw new IllegalArgumentException("need at least 2 units in each arm, got "
          + treatedCount + " in arm " + t + " and " + comparisonCount + " in arm " + c);
    }
    double[][] all = new double[input.size()][];
    for (int i = 0; i < all.length; i++) {
      all[i] = input.covariates(i);
    }
    int n = treatedCount + comparisonCount;
    int[] unit = new int[n];
    int[] treated = new int[n];
    double[] w = new double[n];
    double[] y = new double[n];
    double[][] x = new double[n][];
    for (int i = 0, k = 0; i < input.size(); i++) {
      int arm = input.arm(i);
      if (arm == t || arm == c) {
        unit[k] = i;
        treated[k] = arm == t ? 1 : 0;
        w[k] = input.weight(i);
        y[k] = input.outcome(i);
        x[k] = all[i];
        k++;
      }
    }
    WeightedLogistic propensity = WeightedLogistic.fit(x, treated, w);
    double[] e = propensity.probability();
    double[] h = new double[n];
    double sumTreated = 0;
    double sumComparison = 0;
    double weightedTreated = 0;
    double weightedComparison = 0;
    for (int k = 0; k < n; k++) {
      h[k] = w[k] * (treated[k] == 1 ? 1 - e[k] : e[k]);
      if (treated[k] == 1) {
        sumTreated += h[k];
        weightedTreated += h[k] * y[k];
      } else {
        sumComparison += h[k];
        weightedComparison += h[k] * y[k];
      }
    }
    double meanTreated = weightedTreated / sumTreated;
    double meanComparison = weightedComparison / sumComparison;
    double estimate = meanTreated - meanComparison;
    double standardError = sandwich(propensity, treated, w, y, meanTreated, meanComparison,
        sumTreated, sumComparison);
    Diagnostics diagnostics = diagnostics(input.covariateNames(), x, treated, w, h, e);
    return new EffectEstimate(NAME, label, estimate, standardError,
        estimate - criticalValue * standardError, estimate + criticalValue * standardError,
        confidenceLevel, treatedCount, comparisonCount, meanTreated, meanComparison,
        diagnostics);
  }

  /**
   * The sandwich standard error of mu1 - mu0. The bread is block lower triangular (the means
   * do not enter the score), so the influence of unit k on mu_a is
   * (psi_a,k - A_a,beta H^-1 psi_beta,k) / S_a, with H the logistic information, S_1 = sum of
   * the treated weights, S_0 that of the comparison weights and A_a,beta the derivative of the
   * mean's estimating equation with respect to the logistic coefficients (with a minus sign).
   */
  private static double sandwich(WeightedLogistic propensity, int[] treated, double[] w,
      double[] y, double meanTreated, double meanComparison, double sumTreated,
      double sumComparison) {
    double[][] design = propensity.design();
    double[] e = propensity.probability();
    int n = design.length;
    int q = design[0].length;
    double[] crossTreated = new double[q];
    double[] crossComparison = new double[q];
    for (int k = 0; k < n; k++) {
      double slope = w[k] * e[k] * (1 - e[k]);
      for (int a = 0; a < q; a++) {
        if (treated[k] == 1) {
          crossTreated[a] += slope * (y[k] - meanTreated) * design[k][a];
        } else {
          crossComparison[a] -= slope * (y[k] - meanComparison) * design[k][a];
        }
      }
    }
    Cholesky information = Cholesky.ofNearlySingular(propensity.information());
    double[] gTreated = information.solve(crossTreated);
    double[] gComparison = information.solve(crossComparison);
    double squares = 0;
    for (int k = 0; k < n; k++) {
      double score = w[k] * (treated[k] - e[k]);
      double projectionTreated = 0;
      double projectionComparison = 0;
      for (int a = 0; a < q; a++) {
        projectionTreated += gTreated[a] * score * design[k][a];
        projectionComparison += gComparison[a] * score * design[k][a];
      }
      double psiTreated = treated[k] == 1 ? w[k] * (1 - e[k]) * (y[k] - meanTreated) : 0;
      double psiComparison = treated[k] == 0 ? w[k] * e[k] * (y[k] - meanComparison) : 0;
      double influence = (psiTreated - projectionTreated) / sumTreated
          - (psiComparison - projectionComparison) / sumComparison;
      squares += influence * influence;
    }
    return Math.sqrt(squares);
  }

  /**
   * Balance as Samenspel defines it: per covariate the difference of the arm means over the
   * pooled SD of the two arms (with the unit weights, before adjustment), before and after the
   * overlap weights; covariates without spread among the units compared are left out.
   */
  private static Diagnostics diagnostics(List<String> names, double[][] x, int[] treated,
      double[] w, double[] h, double[] e) {
    List<Diagnostics.Balance> balance = new ArrayList<>();
    double maxBefore = 0;
    double maxAfter = 0;
    for (int j = 0; j < names.size(); j++) {
      double[] before = moments(x, j, treated, w);
      double[] after = moments(x, j, treated, h);
      double pooled = Math.sqrt((before[2] + before[3]) / 2);
      if (pooled < 1e-12) {
        continue;
      }
      double smdBefore = (before[0] - before[1]) / pooled;
      double smdAfter = (after[0] - after[1]) / pooled;
      balance.add(new Diagnostics.Balance(names.get(j), smdBefore, smdAfter));
      maxBefore = Math.max(maxBefore, Math.abs(smdBefore));
      maxAfter = Math.max(maxAfter, Math.abs(smdAfter));
    }
    return new Diagnostics(balance, maxBefore, maxAfter, quantiles(e, treated, 1),
        quantiles(e, treated, 0), 0, 0, effectiveSize(h, treated, 1),
        effectiveSize(h, treated, 0));
  }

  /** Weighted mean in the treated and comparison arm, and the weighted variance in each. */
  private static double[] moments(double[][] x, int column, int[] treated, double[] weight) {
    double[] total = new double[2];
    double[] sum = new double[2];
    for (int k = 0; k < x.length; k++) {
      total[treated[k]] += weight[k];
      sum[treated[k]] += weight[k] * x[k][column];
    }
    double[] mean = {sum[0] / total[0], sum[1] / total[1]};
    double[] squares = new double[2];
    for (int k = 0; k < x.length; k++) {
      double d = x[k][column] - mean[treated[k]];
      squares[treated[k]] += weight[k] * d * d;
    }
    return new double[] {mean[1], mean[0], squares[1] / total[1], squares[0] / total[0]};
  }

  /** 5th, 50th and 95th percentile of the propensity in one arm (linear interpolation). */
  private static double[] quantiles(double[] e, int[] treated, int arm) {
    double[] values = java.util.stream.IntStream.range(0, e.length)
        .filter(k -> treated[k] == arm).mapToDouble(k -> e[k]).toArray();
    Arrays.sort(values);
    double[] q = {0.05, 0.5, 0.95};
    double[] result = new double[q.length];
    for (int k = 0; k < q.length; k++) {
      double position = q[k] * (values.length - 1);
      int low = (int) Math.floor(position);
      int high = Math.min(low + 1, values.length - 1);
      result[k] = values[low] + (position - low) * (values[high] - values[low]);
    }
    return result;
  }

  /** Kish's effective sample size of one arm under weights h. */
  private static double effectiveSize(double[] h, int[] treated, int arm) {
    double sum = 0;
    double squares = 0;
    for (int k = 0; k < h.length; k++) {
      if (treated[k] == arm) {
        sum += h[k];
        squares += h[k] * h[k];
      }
    }
    return sum * sum / squares;
  }
}
