package nl.samenspel.estimate;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The units of one comparison: for each unit the arm it belongs to (0..armCount-1), its
 * outcome and its covariates. Arms are plain integers so the same input serves a single
 * intervention (received / not received) and a pair of interventions (neither / only A /
 * only B / both). The arrays are defensively copied; instances are immutable.
 */
public final class EstimationInput {

  private final int[] arms;
  private final double[] outcomes;
  private final double[][] covariates;
  private final List<String> covariateNames;
  private final int armCount;
  private final double[] weights;
  /** The standardised design of the covariates, built on first use, shared by same-unit inputs. */
  private final Design[] design;

  public EstimationInput(int[] arms, double[] outcomes, double[][] covariates,
      List<String> covariateNames, int armCount) {
    this(arms, outcomes, covariates, covariateNames, armCount, true);
  }

  /** Without copying: for callers in this package that own the arrays and never change them. */
  EstimationInput(int[] arms, double[] outcomes, double[][] covariates,
      List<String> covariateNames, int armCount, boolean copy) {
    Objects.requireNonNull(arms, "arms");
    Objects.requireNonNull(outcomes, "outcomes");
    Objects.requireNonNull(covariates, "covariates");
    if (arms.length != outcomes.length || arms.length != covariates.length) {
      throw new IllegalArgumentException("arms, outcomes and covariates differ in length: "
          + arms.length + ", " + outcomes.length + ", " + covariates.length);
    }
    if (armCount < 2) {
      throw new IllegalArgumentException("need at least two arms, got " + armCount);
    }
    for (int i = 0; i < arms.length; i++) {
      if (arms[i] < 0 || arms[i] >= armCount) {
        throw new IllegalArgumentException("arm of unit " + i + " is " + arms[i]
            + ", outside 0.." + (armCount - 1));
      }
      if (covariates[i].length != covariateNames.size()) {
        throw new IllegalArgumentException("unit " + i + " has " + covariates[i].length
            + " covariates, expected " + covariateNames.size());
      }
      if (Double.isNaN(outcomes[i])) {
        throw new IllegalArgumentException("outcome of unit " + i + " is missing");
      }
      if (Double.isInfinite(outcomes[i])) {
        throw new IllegalArgumentException("outcome of unit " + i + " is not finite");
      }
    }
    this.arms = copy ? arms.clone() : arms;
    this.outcomes = copy ? outcomes.clone() : outcomes;
    this.covariates = copy
        ? Arrays.stream(covariates).map(double[]::clone).toArray(double[][]::new) : covariates;
    this.covariateNames = List.copyOf(covariateNames);
    this.armCount = armCount;
    this.weights = null;
    this.design = new Design[1];
  }

  private EstimationInput(EstimationInput base, double[] weights) {
    this.arms = base.arms;
    this.outcomes = base.outcomes;
    this.covariates = base.covariates;
    this.covariateNames = base.covariateNames;
    this.armCount = base.armCount;
    this.weights = weights;
    this.design = base.design;
  }

  private EstimationInput(EstimationInput base, int[] arms, double[] outcomes, int armCount) {
    this(arms, outcomes, base.covariates, base.covariateNames, armCount, false);
    this.design[0] = base.design();
  }

  /**
   * Other arms and outcomes for the same units (same covariates, no weights): the design is
   * shared, so every model of a subgroup works on one standardised copy of its covariates.
   */
  EstimationInput withArms(int[] unitArms, double[] unitOutcomes, int count) {
    return new EstimationInput(this, unitArms, unitOutcomes, count);
  }

  /** The standardised covariates with an intercept, built once. */
  Design design() {
    Design d = design[0];
    if (d == null) {
      d = Design.of(covariates);
      design[0] = d;
    }
    return d;
  }

  /**
   * The same units with unit weights (e.g. survey or frequency weights); every estimator
   * multiplies them into its sums. Weights must be positive and finite.
   */
  public EstimationInput withWeights(double[] unitWeights) {
    if (unitWeights.length != arms.length) {
      throw new IllegalArgumentException("expected " + arms.length + " weights, got "
          + unitWeights.length);
    }
    for (double w : unitWeights) {
      if (!(w > 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("weights must be positive and finite, got " + w);
      }
    }
    return new EstimationInput(this, unitWeights.clone());
  }

  /** The weight of a unit (1 without weights). */
  public double weight(int unit) {
    return weights == null ? 1 : weights[unit];
  }

  /** The units {@code rows} as a new input, keeping their weights. */
  EstimationInput subset(int[] rows) {
    int[] a = new int[rows.length];
    double[] y = new double[rows.length];
    double[][] x = new double[rows.length][];
    double[] w = weights == null ? null : new double[rows.length];
    for (int k = 0; k < rows.length; k++) {
      a[k] = arms[rows[k]];
      y[k] = outcomes[rows[k]];
      x[k] = covariates[rows[k]];
      if (w != null) {
        w[k] = weights[rows[k]];
      }
    }
    EstimationInput subset = new EstimationInput(a, y, x, covariateNames, armCount, false);
    return w == null ? subset : new EstimationInput(subset, w);
  }

  double[] outcomesView() {
    return outcomes;
  }

  /** A two-arm input: treatment 1 = treated, 0 = comparison. */
  public static EstimationInput binary(int[] treatment, double[] outcomes, double[][] covariates,
      List<String> covariateNames) {
    return new EstimationInput(treatment, outcomes, covariates, covariateNames, 2);
  }

  public int size() {
    return arms.length;
  }

  public int armCount() {
    return armCount;
  }

  public int arm(int unit) {
    return arms[unit];
  }

  public double outcome(int unit) {
    return outcomes[unit];
  }

  public List<String> covariateNames() {
    return covariateNames;
  }

  double[][] covariatesView() {
    return covariates;
  }

  /** The covariates of one unit, in the order of {@link #covariateNames()} (a copy). */
  public double[] covariates(int unit) {
    return covariates[unit].clone();
  }

  /**
   * Refuses a contrast that names an arm this input does not have, so that every estimator
   * says so the same way.
   */
  public void requireArms(Contrast contrast) {
    for (int arm : new int[] {contrast.treatedArm(), contrast.comparisonArm()}) {
      if (arm < 0 || arm >= armCount) {
        throw new IllegalArgumentException("the contrast names arm " + arm + ", outside 0.."
            + (armCount - 1));
      }
    }
  }

  public int count(int arm) {
    int n = 0;
    for (int a : arms) {
      if (a == arm) {
        n++;
      }
    }
    return n;
  }
}
