package nl.samenspel.estimate;

import java.util.Objects;

/**
 * Augmented inverse probability weighting (AIPW), the doubly robust estimator: consistent when
 * either the propensity model or the outcome model is right (Robins, Rotnitzky and Zhao 1994;
 * Bang and Robins 2005). Nuisance models are cross-fitted over K folds (Chernozhukov et al.
 * 2018) and the standard error comes from the efficient influence function.
 *
 * <p>For arm a, the pseudo-outcome of unit i is
 * {@code psi_a = m_a(X) + 1[A = a] (Y - m_a(X)) / pi_a(X)}; the ATE of treated arm t against
 * comparison arm c is the mean of {@code psi_t - psi_c} over the units kept after trimming. The
 * ATT uses the treated units' outcomes and the comparison units reweighted by the odds
 * e / (1 - e) (Moodie et al. 2018). For four arms (a pair of interventions) the same
 * pseudo-outcomes give the synergy, psi_both - psi_first - psi_second + psi_neither.
 *
 * <p>Deterministic for a given seed; thread-safe.
 */
public final class AugmentedIpw implements Estimator {

  /** Propensities below this are raised to it in the pseudo-outcomes (numerical guard). */
  private static final double PROBABILITY_FLOOR = 1e-3;

  /**
   * @param estimand ATE or ATT
   * @param folds cross-fitting folds (1 = no cross-fitting)
   * @param seed seed of the fold assignment
   * @param trimming overlap rule on P(treated | X, treated or comparison)
   * @param confidenceLevel two-sided level of the interval
   * @param models options of the logistic models
   * @param propensity how arm probabilities are modelled
   */
  public record Options(Estimand estimand, int folds, long seed, Trimming trimming,
      double confidenceLevel, PropensityModel.Options models, PropensityStrategy propensity)
      implements java.io.Serializable {

    public static final Options DEFAULT = new Options(Estimand.ATE, 5, 20_261_128L,
        Trimming.DEFAULT, 0.95, PropensityModel.Options.DEFAULT, PropensityStrategy.JOINT);

    public Options {
      Objects.requireNonNull(estimand, "estimand");
      Objects.requireNonNull(trimming, "trimming");
      Objects.requireNonNull(models, "models");
      Objects.requireNonNull(propensity, "propensity");
      if (folds < 1 || folds > 20) {
        throw new IllegalArgumentException("folds must be 1..20, got " + folds);
      }
      NormalInterval.criticalValue(confidenceLevel);
    }

    public Options withPropensity(PropensityStrategy value) {
      return new Options(estimand, folds, seed, trimming, confidenceLevel, models, value);
    }

    public Options withTrimming(Trimming value) {
      return new Options(estimand, folds, seed, value, confidenceLevel, models, propensity);
    }

    public Options withModels(PropensityModel.Options value) {
      return new Options(estimand, folds, seed, trimming, confidenceLevel, value, propensity);
    }

    public Options withSeed(long value) {
      return new Options(estimand, folds, value, trimming, confidenceLevel, models, propensity);
    }
  }

  /** Cross-fitted nuisances, shareable between the contrast and the synergy of one input. */
  public static final class Nuisance {
    private final CrossFit.Nuisance values;

    private Nuisance(CrossFit.Nuisance values) {
      this.values = values;
    }
  }

  /** The synergy of a pair: both - first only - second only + neither, with its interval. */
  public record Synergy(double estimate, double standardError, double ciLow, double ciHigh) {}

  /** The estimator's published name. */
  public static final String NAME = "aipw";

  private final Options options;

  public AugmentedIpw() {
    this(Options.DEFAULT);
  }

  public AugmentedIpw(Options options) {
    this.options = options;
  }

  @Override
  public String name() {
    return NAME;
  }

  public Options options() {
    return options;
  }

  @Override
  public EffectEstimate estimate(EstimationInput input, Contrast contrast) {
    return estimate(input, contrast,
        fitNuisance(input, new int[] {contrast.treatedArm(), contrast.comparisonArm()}));
  }

  /**
   * The estimate with the cross-fitting folds given ({@code fold[i]} in 0..K-1 for unit i), so
   * that another implementation can reproduce the fit exactly (the benchmark against R does).
   */
  public EffectEstimate estimate(EstimationInput input, Contrast contrast, int[] fold) {
    if (fold.length != input.size()) {
      throw new IllegalArgumentException("expected " + input.size() + " folds, got "
          + fold.length);
    }
    int[] arms = {contrast.treatedArm(), contrast.comparisonArm()};
    return estimate(input, contrast, new Nuisance(new CrossFit.Nuisance(
        CrossFit.propensity(input, fold, options.propensity(), options.models()),
        CrossFit.outcomes(input, fold, arms, options.models()), null)));
  }

  /**
   * Folds as the pipeline's subgroups use them: a seeded shuffle dealt round-robin over
   * {@code folds} folds (not stratified), for {@link #estimate(EstimationInput, Contrast, int[])}.
   */
  public static int[] randomFolds(int n, int folds, long seed) {
    return CrossFit.randomFolds(n, folds, seed);
  }

  /** Nuisances computed elsewhere (cross-fitted arm probabilities and outcome predictions). */
  static Nuisance nuisance(double[][] propensity, double[][] outcome) {
    return new Nuisance(new CrossFit.Nuisance(propensity, outcome, null));
  }

  /** Cross-fits the propensity of every arm and the outcome model of {@code outcomeArms}. */
  public Nuisance fitNuisance(EstimationInput input, int[] outcomeArms) {
    return new Nuisance(CrossFit.fit(input, outcomeArms, options.folds(), options.seed(),
        options.propensity(), options.models()));
  }

  public EffectEstimate estimate(EstimationInput input, Contrast contrast, Nuisance nuisance) {
    int t = contrast.treatedArm();
    int c = contrast.comparisonArm();
    double[][] pi = nuisance.values.propensity();
    double[][] m = nuisance.values.outcome();
    int n = input.size();
    double[] e = new double[n];
    boolean[] kept = new boolean[n];
    boolean[] treated = new boolean[n];
    boolean[] comparison = new boolean[n];
    double[] base = new double[n];
    int trimmed = 0;
    for (int i = 0; i < n; i++) {
      double sum = pi[i][t] + pi[i][c];
      e[i] = sum <= 0 ? 0.5 : pi[i][t] / sum;
      treated[i] = input.arm(i) == t;
      comparison[i] = input.arm(i) == c;
      base[i] = input.weight(i);
    }
    boolean[] keep = options.trimming().keep(e, treated, comparison);
    for (int i = 0; i < n; i++) {
      kept[i] = keep[i];
      if (!kept[i] && (treated[i] || comparison[i])) {
        trimmed++;
      }
    }
    return options.estimand() == Estimand.ATE
        ? ate(input, t, c, pi, m, e, kept, treated, comparison, base, trimmed)
        : att(input, t, c, m, e, kept, treated, comparison, base, trimmed);
  }

  private EffectEstimate ate(EstimationInput input, int t, int c, double[][] pi, double[][] m,
      double[] e, boolean[] kept, boolean[] treated, boolean[] comparison, double[] base,
      int trimmed) {
    int n = input.size();
    double weightSum = 0;
    double sumT = 0;
    double sumC = 0;
    double[] psiT = new double[n];
    double[] psiC = new double[n];
    double[] after = new double[n];
    int nT = 0;
    int nC = 0;
    for (int i = 0; i < n; i++) {
      if (!kept[i]) {
        continue;
      }
      double w = input.weight(i);
      double pT = Math.max(pi[i][t], PROBABILITY_FLOOR);
      double pC = Math.max(pi[i][c], PROBABILITY_FLOOR);
      psiT[i] = m[i][t] + (treated[i] ? (input.outcome(i) - m[i][t]) / pT : 0);
      psiC[i] = m[i][c] + (comparison[i] ? (input.outcome(i) - m[i][c]) / pC : 0);
      weightSum += w;
      sumT += w * psiT[i];
      sumC += w * psiC[i];
      if (treated[i]) {
        after[i] = w / pT;
        nT++;
      } else if (comparison[i]) {
        after[i] = w / pC;
        nC++;
      }
    }
    requireUnits(nT, nC);
    double muT = sumT / weightSum;
    double muC = sumC / weightSum;
    double estimate = muT - muC;
    double meanWeight = weightSum / countKept(kept);
    double squares = 0;
    int kept2 = 0;
    for (int i = 0; i < n; i++) {
      if (kept[i]) {
        double phi = input.weight(i) / meanWeight * (psiT[i] - psiC[i] - estimate);
        squares += phi * phi;
        kept2++;
      }
    }
    double standardError = Math.sqrt(squares) / kept2;
    Diagnostics diagnostics = Diagnostics.compute(input, treated, comparison, base, after, e,
        trimmed);
    return EffectEstimate.of(name(), Estimand.ATE, estimate, standardError,
        options.confidenceLevel(), nT, nC, muT, muC, diagnostics);
  }

  private EffectEstimate att(EstimationInput input, int t, int c, double[][] m, double[] e,
      boolean[] kept, boolean[] treated, boolean[] comparison, double[] base, int trimmed) {
    int n = input.size();
    double treatedWeight = 0;
    double numerator = 0;
    double outcomeTreated = 0;
    double[] after = new double[n];
    int nT = 0;
    int nC = 0;
    int units = 0;
    double weightSum = 0;
    for (int i = 0; i < n; i++) {
      if (!kept[i] || !(treated[i] || comparison[i])) {
        continue;
      }
      double w = input.weight(i);
      double residual = input.outcome(i) - m[i][c];
      units++;
      weightSum += w;
      if (treated[i]) {
        numerator += w * residual;
        treatedWeight += w;
        outcomeTreated += w * input.outcome(i);
        after[i] = w;
        nT++;
      } else {
        double odds = e[i] / (1 - e[i]);
        numerator -= w * odds * residual;
        after[i] = w * odds;
        nC++;
      }
    }
    requireUnits(nT, nC);
    double estimate = numerator / treatedWeight;
    double share = treatedWeight / weightSum;
    double squares = 0;
    double meanWeight = weightSum / units;
    for (int i = 0; i < n; i++) {
      if (!kept[i] || !(treated[i] || comparison[i])) {
        continue;
      }
      double residual = input.outcome(i) - m[i][c];
      double term = treated[i] ? residual - estimate
          : -e[i] / (1 - e[i]) * residual;
      double phi = input.weight(i) / meanWeight * term / share;
      squares += phi * phi;
    }
    double standardError = Math.sqrt(squares) / units;
    double meanTreated = outcomeTreated / treatedWeight;
    Diagnostics diagnostics = Diagnostics.compute(input, treated, comparison, base, after, e,
        trimmed);
    return EffectEstimate.of(name(), Estimand.ATT, estimate, standardError,
        options.confidenceLevel(), nT, nC, meanTreated, meanTreated - estimate, diagnostics);
  }

  /**
   * Synergy of a pair coded as arm = a + 2b: psi_3 - psi_1 - psi_2 + psi_0 averaged over the
   * units kept for the both-against-neither contrast. Needs outcome models for all four arms.
   */
  public Synergy synergy(EstimationInput input, Nuisance nuisance) {
    if (input.armCount() != 4) {
      throw new IllegalArgumentException("synergy needs four arms, got " + input.armCount());
    }
    double[][] pi = nuisance.values.propensity();
    double[][] m = nuisance.values.outcome();
    int n = input.size();
    double[] psi = new double[n];
    double[] e = new double[n];
    boolean[] both = new boolean[n];
    boolean[] neither = new boolean[n];
    for (int i = 0; i < n; i++) {
      double sumBoth = pi[i][3] + pi[i][0];
      e[i] = sumBoth <= 0 ? 0.5 : pi[i][3] / sumBoth;
      both[i] = input.arm(i) == 3;
      neither[i] = input.arm(i) == 0;
    }
    boolean[] kept = options.trimming().keep(e, both, neither);
    double weightSum = 0;
    double sum = 0;
    int units = 0;
    for (int i = 0; i < n; i++) {
      if (!kept[i]) {
        continue;
      }
      double value = 0;
      int[] signs = {1, -1, -1, 1};
      for (int a = 0; a < 4; a++) {
        if (Double.isNaN(m[i][a])) {
          throw new IllegalArgumentException("synergy needs outcome models for all four arms");
        }
        double mu = m[i][a] + (input.arm(i) == a
            ? (input.outcome(i) - m[i][a]) / Math.max(pi[i][a], PROBABILITY_FLOOR) : 0);
        value += signs[a] * mu;
      }
      psi[i] = value;
      weightSum += input.weight(i);
      sum += input.weight(i) * value;
      units++;
    }
    if (units == 0) {
      throw new IllegalArgumentException("no units left after trimming");
    }
    double estimate = sum / weightSum;
    double meanWeight = weightSum / units;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      if (kept[i]) {
        double phi = input.weight(i) / meanWeight * (psi[i] - estimate);
        squares += phi * phi;
      }
    }
    double standardError = Math.sqrt(squares) / units;
    double z = NormalInterval.criticalValue(options.confidenceLevel());
    return new Synergy(estimate, standardError, estimate - z * standardError,
        estimate + z * standardError);
  }

  /**
   * The doubly robust scores {@code psi_t - psi_c} of the units that {@link
   * #estimate(EstimationInput, Contrast, Nuisance)} keeps for the same contrast and nuisances
   * (same trimming, same propensity floor), in increasing unit order, for a regression of the
   * effect on a client profile ({@link BestLinearProjection}). Whatever the estimand option,
   * these are the scores of the ATE: their conditional mean is the conditional effect. Their
   * mean equals the ATE estimate (to rounding). Computing them changes nothing in the estimate.
   *
   * @throws IllegalArgumentException when fewer than two treated or comparison units are kept,
   *     as the estimate does
   */
  public DoublyRobustScores scores(EstimationInput input, Contrast contrast, Nuisance nuisance) {
    int t = contrast.treatedArm();
    int c = contrast.comparisonArm();
    double[][] pi = nuisance.values.propensity();
    double[][] m = nuisance.values.outcome();
    int n = input.size();
    double[] e = new double[n];
    boolean[] treated = new boolean[n];
    boolean[] comparison = new boolean[n];
    for (int i = 0; i < n; i++) {
      double sum = pi[i][t] + pi[i][c];
      e[i] = sum <= 0 ? 0.5 : pi[i][t] / sum;
      treated[i] = input.arm(i) == t;
      comparison[i] = input.arm(i) == c;
    }
    boolean[] kept = options.trimming().keep(e, treated, comparison);
    int count = countKept(kept);
    int[] units = new int[count];
    double[] values = new double[count];
    double[] weights = new double[count];
    int nT = 0;
    int nC = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (!kept[i]) {
        continue;
      }
      double pT = Math.max(pi[i][t], PROBABILITY_FLOOR);
      double pC = Math.max(pi[i][c], PROBABILITY_FLOOR);
      double psiT = m[i][t] + (treated[i] ? (input.outcome(i) - m[i][t]) / pT : 0);
      double psiC = m[i][c] + (comparison[i] ? (input.outcome(i) - m[i][c]) / pC : 0);
      nT += treated[i] ? 1 : 0;
      nC += comparison[i] ? 1 : 0;
      units[k] = i;
      values[k] = psiT - psiC;
      weights[k] = input.weight(i);
      k++;
    }
    requireUnits(nT, nC);
    return new DoublyRobustScores(contrast, n, units, values, weights);
  }

  /** The scores with nuisances cross-fitted on the given folds (see the estimate with folds). */
  public DoublyRobustScores scores(EstimationInput input, Contrast contrast, int[] fold) {
    if (fold.length != input.size()) {
      throw new IllegalArgumentException("expected " + input.size() + " folds, got "
          + fold.length);
    }
    int[] arms = {contrast.treatedArm(), contrast.comparisonArm()};
    return scores(input, contrast, new Nuisance(new CrossFit.Nuisance(
        CrossFit.propensity(input, fold, options.propensity(), options.models()),
        CrossFit.outcomes(input, fold, arms, options.models()), null)));
  }

  /** The scores with nuisances cross-fitted as {@link #estimate(EstimationInput, Contrast)}. */
  public DoublyRobustScores scores(EstimationInput input, Contrast contrast) {
    return scores(input, contrast,
        fitNuisance(input, new int[] {contrast.treatedArm(), contrast.comparisonArm()}));
  }

  private static int countKept(boolean[] kept) {
    int count = 0;
    for (boolean k : kept) {
      if (k) {
        count++;
      }
    }
    return count;
  }

  private static void requireUnits(int treated, int comparison) {
    if (treated < 2 || comparison < 2) {
      throw new IllegalArgumentException("too few units after trimming: " + treated
          + " treated, " + comparison + " comparison (no overlap?)");
    }
  }
}
