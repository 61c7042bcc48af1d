package nl.samenspel.estimate;

/**
 * Inverse probability weighting with normalised (Hájek) weights for the average treatment
 * effect: each arm's mean outcome is weighted by 1 / P(arm | covariates), the weights summing
 * to one within the arm (Hirano, Imbens and Ridder 2003; Lunceford and Davidian 2004).
 *
 * <p>The standard error is the sandwich (influence-function) variance of the two Hájek means,
 * treating the propensity model as known. For the average treatment effect this is
 * conservative: estimating the propensity score can only lower the asymptotic variance
 * (Lunceford and Davidian 2004, section 3), so intervals err on the wide side. The doubly
 * robust engine with cross-fitting replaces this in a later release.
 */
public final class InverseProbabilityWeighting implements Estimator {

  /**
   * @param propensity options of the propensity model
   * @param confidenceLevel two-sided level of the interval
   * @param probabilityFloor probabilities below this are raised to it before weighting, a guard
   *     against division by a numerical zero; the default is far below any real propensity
   */
  public record Options(PropensityModel.Options propensity, double confidenceLevel,
      double probabilityFloor) implements java.io.Serializable {
    public static final Options DEFAULT = new Options(PropensityModel.Options.DEFAULT, 0.95, 1e-6);

    public Options {
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
    double[][] probabilities = PropensityModel.fitArms(input, options.propensity());
    return estimateWithPropensities(input, contrast, probabilities);
  }

  /** The Hájek contrast for given arm probabilities (one row per unit, one column per arm). */
  public EffectEstimate estimateWithPropensities(EstimationInput input, Contrast contrast,
      double[][] probabilities) {
    WeightedArm treated = WeightedArm.of(input, contrast.treatedArm(), probabilities,
        options.probabilityFloor());
    WeightedArm comparison = WeightedArm.of(input, contrast.comparisonArm(), probabilities,
        options.probabilityFloor());
    double estimate = treated.mean() - comparison.mean();
    double standardError = Math.sqrt(treated.varianceOfMean() + comparison.varianceOfMean());
    double z = NormalInterval.criticalValue(options.confidenceLevel());
    return new EffectEstimate(name(), estimate, standardError, estimate - z * standardError,
        estimate + z * standardError, options.confidenceLevel(), treated.n(), comparison.n(),
        treated.mean(), comparison.mean(), treated.effectiveSize(), comparison.effectiveSize());
  }

  /** Hájek mean of one arm, its sandwich variance and Kish effective sample size. */
  private record WeightedArm(int n, double mean, double varianceOfMean, double effectiveSize) {
    static WeightedArm of(EstimationInput input, int arm, double[][] probabilities,
        double floor) {
      int n = 0;
      double weightSum = 0;
      double weightSquares = 0;
      double weighted = 0;
      for (int i = 0; i < input.size(); i++) {
        if (input.arm(i) == arm) {
          double w = 1 / Math.max(probabilities[i][arm], floor);
          n++;
          weightSum += w;
          weightSquares += w * w;
          weighted += w * input.outcome(i);
        }
      }
      if (n < 2) {
        throw new IllegalArgumentException("arm " + arm + " has " + n + " units, need at least 2");
      }
      double mean = weighted / weightSum;
      double influence = 0;
      for (int i = 0; i < input.size(); i++) {
        if (input.arm(i) == arm) {
          double w = 1 / Math.max(probabilities[i][arm], floor);
          double term = w * (input.outcome(i) - mean);
          influence += term * term;
        }
      }
      return new WeightedArm(n, mean, influence / (weightSum * weightSum),
          weightSum * weightSum / weightSquares);
    }
  }
}
