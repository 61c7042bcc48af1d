package nl.samenspel.estimate;

import java.util.Objects;

/**
 * Inverse probability weighting with normalised (Hájek) weights, also called stabilised
 * weights: each arm's mean outcome is weighted by 1 / P(arm | covariates) for the ATE, or the
 * comparison arm by the odds e / (1 - e) for the ATT, the weights summing to one within the arm
 * (Hirano, Imbens and Ridder 2003; Lunceford and Davidian 2004).
 *
 * <p>The standard error is the sandwich (influence-function) variance of the two weighted means,
 * treating the propensity model as known. For the ATE this is conservative: estimating the
 * propensity score can only lower the asymptotic variance (Lunceford and Davidian 2004,
 * section 3), so intervals err on the wide side.
 */
public final class InverseProbabilityWeighting implements Estimator {

  /**
   * @param estimand ATE or ATT
   * @param trimming overlap rule on P(treated | X, treated or comparison)
   * @param propensity options of the propensity model
   * @param strategy how arm probabilities are modelled
   * @param confidenceLevel two-sided level of the interval
   * @param probabilityFloor probabilities below this are raised to it before weighting, a guard
   *     against division by a numerical zero
   */
  public record Options(Estimand estimand, Trimming trimming, PropensityModel.Options propensity,
      PropensityStrategy strategy, double confidenceLevel, double probabilityFloor)
      implements java.io.Serializable {
    public static final Options DEFAULT = new Options(Estimand.ATE, Trimming.NONE,
        PropensityModel.Options.DEFAULT, PropensityStrategy.JOINT, 0.95, 1e-6);

    public Options {
      Objects.requireNonNull(estimand, "estimand");
      Objects.requireNonNull(trimming, "trimming");
      Objects.requireNonNull(propensity, "propensity");
      Objects.requireNonNull(strategy, "strategy");
      NormalInterval.criticalValue(confidenceLevel);
      if (!(probabilityFloor > 0 && probabilityFloor < 0.5)) {
        throw new IllegalArgumentException("probability floor must lie in (0, 0.5), got "
            + probabilityFloor);
      }
    }
  }

  private final Options options;

  public InverseProbabilityWeighting() {
    this(Options.DEFAULT);
  }

  public InverseProbabilityWeighting(Options options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "ipw";
  }

  @Override
  public EffectEstimate estimate(EstimationInput input, Contrast contrast) {
    input.requireArms(contrast);
    double[][] probabilities = options.strategy().fitPredict(input, input.covariatesView(),
        options.propensity());
    return estimateWithPropensities(input, contrast, probabilities);
  }

  /** The Hájek contrast for given arm probabilities (one row per unit, one column per arm). */
  public EffectEstimate estimateWithPropensities(EstimationInput input, Contrast contrast,
      double[][] probabilities) {
    int t = contrast.treatedArm();
    int c = contrast.comparisonArm();
    int n = input.size();
    boolean[] treated = new boolean[n];
    boolean[] comparison = new boolean[n];
    double[] base = new double[n];
    double[] after = new double[n];
    double[] e = new double[n];
    int trimmed = 0;
    for (int i = 0; i < n; i++) {
      treated[i] = input.arm(i) == t;
      comparison[i] = input.arm(i) == c;
      base[i] = input.weight(i);
      double pT = Math.max(probabilities[i][t], options.probabilityFloor());
      double pC = Math.max(probabilities[i][c], options.probabilityFloor());
      e[i] = pT / (pT + pC);
    }
    boolean[] kept = options.trimming().keep(e, treated, comparison);
    for (int i = 0; i < n; i++) {
      double pT = Math.max(probabilities[i][t], options.probabilityFloor());
      double pC = Math.max(probabilities[i][c], options.probabilityFloor());
      if (!(treated[i] || comparison[i])) {
        continue;
      }
      if (!kept[i]) {
        trimmed++;
        continue;
      }
      if (options.estimand() == Estimand.ATE) {
        after[i] = input.weight(i) / (treated[i] ? pT : pC);
      } else {
        after[i] = input.weight(i) * (treated[i] ? 1 : e[i] / (1 - e[i]));
      }
    }
    WeightedArm treatedArm = WeightedArm.of(input, treated, after);
    WeightedArm comparisonArm = WeightedArm.of(input, comparison, after);
    double estimate = treatedArm.mean() - comparisonArm.mean();
    double standardError = Math.sqrt(treatedArm.varianceOfMean()
        + comparisonArm.varianceOfMean());
    return EffectEstimate.of(name(), options.estimand(), estimate, standardError,
        options.confidenceLevel(), treatedArm.n(), comparisonArm.n(), treatedArm.mean(),
        comparisonArm.mean(),
        Diagnostics.compute(input, treated, comparison, base, after, e, trimmed));
  }

  /** Hájek mean of one arm and its sandwich variance. */
  private record WeightedArm(int n, double mean, double varianceOfMean) {
    static WeightedArm of(EstimationInput input, boolean[] member, double[] weights) {
      int n = 0;
      double weightSum = 0;
      double weighted = 0;
      for (int i = 0; i < input.size(); i++) {
        if (member[i] && weights[i] > 0) {
          n++;
          weightSum += weights[i];
          weighted += weights[i] * input.outcome(i);
        }
      }
      if (n < 2) {
        throw new IllegalArgumentException("an arm has " + n
            + " units after trimming, need at least 2 (no overlap?)");
      }
      double mean = weighted / weightSum;
      double influence = 0;
      for (int i = 0; i < input.size(); i++) {
        if (member[i] && weights[i] > 0) {
          double term = weights[i] * (input.outcome(i) - mean);
          influence += term * term;
        }
      }
      return new WeightedArm(n, mean, influence / (weightSum * weightSum));
    }
  }
}
