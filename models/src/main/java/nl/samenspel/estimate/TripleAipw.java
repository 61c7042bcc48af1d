package nl.samenspel.estimate;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * AIPW for three interventions received together: one from each discipline (in the pipeline
 * KM, IC and AM). Three binary treatments make eight arms, coded {@code first + 2 second +
 * 4 third} ({@link Arm}); AIPW for a multi-valued treatment (Robins, Rotnitzky and Zhao 1994;
 * Cattaneo 2010; Kennedy 2016, "Semiparametric theory and empirical processes in causal
 * inference", section on multi-valued treatments) gives the adjusted mean of every arm,
 * {@code mu_a = mean of psi_a}, {@code psi_a = m_a(X) + 1[arm = a] (Y - m_a(X)) / pi_a(X)}, with
 * the covariance of the means from their influence functions {@code psi_a - mu_a}. From the
 * means come the contrasts of {@link Quantity}: all three against none, each pair and each
 * single intervention inside the triple against none, and the three-way interaction
 * {@code mu111 - mu110 - mu101 - mu011 + mu100 + mu010 + mu001 - mu000}: how far all three
 * together differ from what the three pairs and the single interventions predict.
 *
 * <p>Nuisances, as the pairs of {@link SubgroupEstimation} have them: the arm probabilities are
 * factorised, {@code P(A, B, C | X) = P(A | X) P(B | A, X) P(C | A, B, X)}, three logistic
 * regressions ({@link LogisticFit}) on the subgroup's covariates; the second has A as an extra
 * column, the third A, B and A x B (saturated in the earlier interventions, as the pair's
 * second model is in A). The outcome is modelled per arm (logistic for 0/1 outcomes, least
 * squares otherwise). Everything is cross-fitted over the folds given (the subgroup's folds),
 * each fold's model starting from the previous fold's coefficients.
 *
 * <p>Trimming: the rule of the pairs, applied to the rare arm: a unit is kept when
 * {@code e = pi_111 / (pi_111 + pi_000)} lies within {@link Options#trimming()} (by default
 * 0.01 to 0.99, the pipeline's pair trimming). Every mean, and so every contrast, is averaged
 * over the same kept units, so the contrasts are about one population and their covariance is
 * valid. As in {@link AugmentedIpw}, probabilities below 0.001 are raised to it in the
 * pseudo-outcomes.
 *
 * <p>What is not estimated, and why ({@link Reason}): when the "all three" or the "none" arm
 * holds fewer episodes (or fewer different clients) than {@link Options#minimumArmSize()},
 * before or after trimming, nothing is; when another arm does, its mean and every quantity that
 * needs it are reported as not estimated while the others are; a model that cannot be fitted
 * makes the whole triple not estimated.
 *
 * <p>Pure, deterministic for given folds, and thread-safe (instances are immutable).
 */
public final class TripleAipw {

  /** Propensities below this are raised to it in the pseudo-outcomes, as in AIPW. */
  private static final double PROBABILITY_FLOOR = 1e-3;

  /** The eight arms; the ordinal is the arm code {@code first + 2 second + 4 third}. */
  public enum Arm {
    NONE, FIRST, SECOND, FIRST_SECOND, THIRD, FIRST_THIRD, SECOND_THIRD, ALL;

    /** The arm code of an {@link EstimationInput} with eight arms. */
    public int code() {
      return ordinal();
    }

    /** The arm of received (1) or not (0) of each intervention. */
    public static Arm of(int first, int second, int third) {
      return values()[first + 2 * second + 4 * third];
    }
  }

  /** The contrasts reported, as weights on the eight arm means (index = arm code). */
  public enum Quantity {
    /** mu111 - mu000. */
    ALL_VERSUS_NONE(new int[] {-1, 0, 0, 0, 0, 0, 0, 1}),
    /** mu110 - mu000: first and second, not third. */
    FIRST_SECOND_VERSUS_NONE(new int[] {-1, 0, 0, 1, 0, 0, 0, 0}),
    /** mu101 - mu000. */
    FIRST_THIRD_VERSUS_NONE(new int[] {-1, 0, 0, 0, 0, 1, 0, 0}),
    /** mu011 - mu000. */
    SECOND_THIRD_VERSUS_NONE(new int[] {-1, 0, 0, 0, 0, 0, 1, 0}),
    /** mu111 - mu110 - mu101 - mu011 + mu100 + mu010 + mu001 - mu000. */
    THREE_WAY_INTERACTION(new int[] {-1, 1, 1, -1, 1, -1, -1, 1}),
    /** mu100 - mu000: the first alone. */
    FIRST_VERSUS_NONE(new int[] {-1, 1, 0, 0, 0, 0, 0, 0}),
    /** mu010 - mu000: the second alone. */
    SECOND_VERSUS_NONE(new int[] {-1, 0, 1, 0, 0, 0, 0, 0}),
    /** mu001 - mu000: the third alone. */
    THIRD_VERSUS_NONE(new int[] {-1, 0, 0, 0, 1, 0, 0, 0});

    private final int[] weights;

    Quantity(int[] weights) {
      this.weights = weights;
    }

    /** The weight of each arm mean (index = arm code); a copy. */
    public int[] weights() {
      return weights.clone();
    }

    /** Whether the arm enters this quantity. */
    public boolean uses(Arm arm) {
      return weights[arm.code()] != 0;
    }
  }

  /** Why a quantity was not estimated. */
  public enum Reason {
    /** An arm it needs holds fewer episodes or different clients than the minimum. */
    TOO_FEW_EPISODES,
    /** After trimming for overlap, an arm it needs holds fewer episodes than the minimum. */
    NO_OVERLAP,
    /** A model could not be fitted, or the estimate is not finite. */
    MODEL_FAILED
  }

  /**
   * @param minimumArmSize an arm mean is estimated only when the arm holds at least this many
   *     episodes of as many different clients, before and (episodes) after trimming; at least
   *     10, the disclosure floor
   * @param trimming overlap rule on e = pi_111 / (pi_111 + pi_000)
   * @param confidenceLevel two-sided level of the intervals
   * @param models options of the logistic (and linear) models
   */
  public record Options(int minimumArmSize, Trimming trimming, double confidenceLevel,
      PropensityModel.Options models, Estimand estimand) implements java.io.Serializable {

    /**
     * 30 episodes per arm, pair trimming 0.01–0.99, 95% intervals, the pipeline's models, the
     * whole (kept) population.
     */
    public static final Options DEFAULT = new Options(30,
        SubgroupEstimation.Settings.PAIR_TRIMMING, 0.95, PropensityModel.Options.DEFAULT,
        Estimand.ATE);

    /** The means of the whole population kept after trimming (ATE). */
    public Options(int minimumArmSize, Trimming trimming, double confidenceLevel,
        PropensityModel.Options models) {
      this(minimumArmSize, trimming, confidenceLevel, models, Estimand.ATE);
    }

    public Options {
      if (minimumArmSize < 10) {
        throw new IllegalArgumentException(
            "minimum arm size must be at least 10 (disclosure floor), got " + minimumArmSize);
      }
      Objects.requireNonNull(trimming, "trimming");
      Objects.requireNonNull(models, "models");
      Objects.requireNonNull(estimand, "estimand");
      NormalInterval.criticalValue(confidenceLevel);
      if (models.learner() != PropensityModel.Learner.LOGISTIC) {
        throw new IllegalArgumentException("the factorised propensity is logistic; got learner "
            + models.learner());
      }
    }

    public Options withModels(PropensityModel.Options value) {
      return new Options(minimumArmSize, trimming, confidenceLevel, value, estimand);
    }

    public Options withTrimming(Trimming value) {
      return new Options(minimumArmSize, value, confidenceLevel, models, estimand);
    }

    public Options withMinimumArmSize(int value) {
      return new Options(value, trimming, confidenceLevel, models, estimand);
    }

    /** The same options for another population: ATE (everyone kept) or ATT ("all three"). */
    public Options withEstimand(Estimand value) {
      return new Options(minimumArmSize, trimming, confidenceLevel, models, value);
    }
  }

  /**
   * The adjusted mean outcome had everyone (kept) been in one arm.
   *
   * @param arm the arm
   * @param mean mu_a
   * @param standardError from the influence function
   * @param units units of the arm kept after trimming
   * @param effectiveSize Kish effective size of the arm's inverse-probability weights
   */
  public record ArmMean(Arm arm, double mean, double standardError, int units,
      double effectiveSize) {}

  /**
   * One contrast of arm means with its normal interval.
   *
   * @param quantity which contrast
   * @param estimate the weighted sum of arm means
   * @param standardError from the influence functions
   * @param ciLow lower bound
   * @param ciHigh upper bound
   * @param pValue two-sided, normal
   */
  public record Effect(Quantity quantity, double estimate, double standardError, double ciLow,
      double ciHigh, double pValue) {

    /** True when the interval contains {@code value}. */
    public boolean covers(double value) {
      return ciLow <= value && value <= ciHigh;
    }
  }

  /** A quantity not estimated, with the reason and the counts or message behind it. */
  public record NotEstimated(Quantity quantity, Reason reason, String detail) {}

  /**
   * Everything about one triple.
   *
   * @param arms the arm means estimated, in arm order
   * @param covariance covariance of the eight arm means (NaN for arms not estimated); copied
   * @param effects the quantities estimated, in {@link Quantity} order
   * @param notEstimated the others, with their reason
   * @param episodes episodes per arm before trimming (index = arm code)
   * @param trimmed units left out for lack of overlap
   * @param balance covariate balance of "all three" against "none" before and after weighting
   *     by 1 / pi_111 and 1 / pi_000 (kept units), or null when nothing was estimated
   */
  public record Result(List<ArmMean> arms, double[][] covariance, List<Effect> effects,
      List<NotEstimated> notEstimated, int[] episodes, int trimmed, Diagnostics balance) {
    public Result {
      arms = List.copyOf(arms);
      covariance = copy(covariance);
      effects = List.copyOf(effects);
      notEstimated = List.copyOf(notEstimated);
      episodes = episodes.clone();
    }

    @Override
    public double[][] covariance() {
      return copy(covariance);
    }

    @Override
    public int[] episodes() {
      return episodes.clone();
    }

    /** The estimate of {@code quantity}, empty when it was not estimated. */
    public Optional<Effect> effect(Quantity quantity) {
      return effects.stream().filter(e -> e.quantity() == quantity).findFirst();
    }

    /** The mean of {@code arm}, empty when it was not estimated. */
    public Optional<ArmMean> mean(Arm arm) {
      return arms.stream().filter(a -> a.arm() == arm).findFirst();
    }

    /** Whether "all three against none" was estimated. */
    public boolean estimated() {
      return effect(Quantity.ALL_VERSUS_NONE).isPresent();
    }

    private static double[][] copy(double[][] matrix) {
      double[][] copy = new double[matrix.length][];
      for (int i = 0; i < matrix.length; i++) {
        copy[i] = matrix[i].clone();
      }
      return copy;
    }
  }

  /**
   * The cross-fitted factors of the first two interventions, P(A = 1 | X), P(B = 1 | A = 1, X)
   * and P(B = 1 | A = 0, X) per unit: the same for every third intervention, so a caller that
   * loops over the third can fit them once ({@link #firstTwo}).
   */
  public static final class FirstTwo {
    private final double[] first;
    private final double[] secondIfFirst;
    private final double[] secondIfNotFirst;
    private final int[] fold;

    private FirstTwo(double[] first, double[] secondIfFirst, double[] secondIfNotFirst,
        int[] fold) {
      this.first = first;
      this.secondIfFirst = secondIfFirst;
      this.secondIfNotFirst = secondIfNotFirst;
      this.fold = fold;
    }
  }

  private final Options options;

  public TripleAipw() {
    this(Options.DEFAULT);
  }

  public TripleAipw(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public Options options() {
    return options;
  }

  /**
   * Fits P(A | X) and P(B | A, X), cross-fitted on {@code fold}, from an input whose arms are
   * coded {@code a + 2 b (+ 4 c)} (a pair's or a triple's input over the same units).
   *
   * @throws IllegalArgumentException when a model cannot be fitted
   */
  public FirstTwo firstTwo(EstimationInput input, int[] fold) {
    checkFolds(input, fold);
    int n = input.size();
    int[] a = new int[n];
    int[] b = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = input.arm(i) & 1;
      b[i] = (input.arm(i) >> 1) & 1;
    }
    Design design = input.design();
    Design designB = design.withColumn(a);
    double[] first = new double[n];
    double[] secondIfFirst = new double[n];
    double[] secondIfNotFirst = new double[n];
    double[] startA = null;
    double[] startB = null;
    for (int f = 0; f < CrossFit.foldCount(fold); f++) {
      int[][] rows = CrossFit.split(fold, f);
      LogisticFit modelA = fitVarying(design, rows[0], a, startA, "first");
      startA = modelA.coefficients();
      LogisticFit modelB = fitVarying(designB, rows[0], b, startB, "second");
      startB = modelB.coefficients();
      for (int i : rows[1]) {
        first[i] = modelA.probability(design, i);
        secondIfFirst[i] = LogisticFit.sigmoid(designB.linearPredictorWithLast(startB, i, 1));
        secondIfNotFirst[i] = LogisticFit.sigmoid(designB.linearPredictorWithLast(startB, i, 0));
      }
    }
    return new FirstTwo(first, secondIfFirst, secondIfNotFirst, fold.clone());
  }

  /**
   * The cross-fitted probability of each of the eight arms per unit (rows sum to 1),
   * factorised as P(A | X) P(B | A, X) P(C | A, B, X).
   */
  public double[][] propensity(EstimationInput input, int[] fold) {
    requireEightArms(input);
    return propensity(input, fold, firstTwo(input, fold));
  }

  private double[][] propensity(EstimationInput input, int[] fold, FirstTwo firstTwo) {
    int n = input.size();
    int[] a = new int[n];
    int[] b = new int[n];
    int[] ab = new int[n];
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = input.arm(i) & 1;
      b[i] = (input.arm(i) >> 1) & 1;
      ab[i] = a[i] * b[i];
      c[i] = (input.arm(i) >> 2) & 1;
    }
    Design design = input.design();
    int q = design.columns();
    Design designC = design.withColumn(a).withColumn(b).withColumn(ab);
    double[] values = designC.values();
    int width = q + 3;
    double[][] pi = new double[n][8];
    double[] start = null;
    for (int f = 0; f < CrossFit.foldCount(fold); f++) {
      int[][] rows = CrossFit.split(fold, f);
      LogisticFit modelC = fitVarying(designC, rows[0], c, start, "third");
      start = modelC.coefficients();
      for (int i : rows[1]) {
        double base = 0;
        int offset = i * width;
        for (int j = 0; j < q; j++) {
          base += values[offset + j] * start[j];
        }
        double pA = firstTwo.first[i];
        for (int arm = 0; arm < 8; arm++) {
          int ai = arm & 1;
          int bi = (arm >> 1) & 1;
          int ci = (arm >> 2) & 1;
          double pFirst = ai == 1 ? pA : 1 - pA;
          double pB = ai == 1 ? firstTwo.secondIfFirst[i] : firstTwo.secondIfNotFirst[i];
          double pSecond = bi == 1 ? pB : 1 - pB;
          double pC = LogisticFit.sigmoid(base + ai * start[q] + bi * start[q + 1]
              + ai * bi * start[q + 2]);
          double pThird = ci == 1 ? pC : 1 - pC;
          pi[i][arm] = pFirst * pSecond * pThird;
        }
      }
    }
    return pi;
  }

  /**
   * The triple's arm means and contrasts.
   *
   * @param input eight arms coded {@code first + 2 second + 4 third}
   * @param fold cross-fitting fold of each unit (0..K-1; all 0 for no cross-fitting)
   * @param client each unit's client as a small integer, or null when every unit is a different
   *     client
   */
  public Result estimate(EstimationInput input, int[] fold, int[] client) {
    requireEightArms(input);
    checkFolds(input, fold);
    if (client != null && client.length != input.size()) {
      throw new IllegalArgumentException("expected " + input.size() + " clients, got "
          + client.length);
    }
    int[] episodes = episodes(input);
    Result tooFew = tooFew(input, episodes, client);
    if (tooFew != null) {
      return tooFew;
    }
    FirstTwo firstTwo;
    try {
      firstTwo = firstTwo(input, fold);
    } catch (IllegalArgumentException e) {
      return allNotEstimated(Reason.MODEL_FAILED, String.valueOf(e.getMessage()), episodes, 0);
    }
    return estimate(input, fold, client, firstTwo);
  }

  /**
   * As {@link #estimate(EstimationInput, int[], int[])}, with P(A | X) and P(B | A, X) fitted
   * before on the same units and folds ({@link #firstTwo}); the result is the same.
   */
  public Result estimate(EstimationInput input, int[] fold, int[] client, FirstTwo firstTwo) {
    requireEightArms(input);
    checkFolds(input, fold);
    if (!java.util.Arrays.equals(fold, firstTwo.fold)) {
      throw new IllegalArgumentException("the first two factors were fitted on other folds");
    }
    if (firstTwo.first.length != input.size()) {
      throw new IllegalArgumentException("the first two factors are of " + firstTwo.first.length
          + " units, the input has " + input.size());
    }
    int[] episodes = episodes(input);
    Result tooFew = tooFew(input, episodes, client);
    if (tooFew != null) {
      return tooFew;
    }
    int n = input.size();
    double[][] pi;
    try {
      pi = propensity(input, fold, firstTwo);
    } catch (IllegalArgumentException e) {
      return allNotEstimated(Reason.MODEL_FAILED, String.valueOf(e.getMessage()), episodes, 0);
    }
    // Trimming on the rare arm against "none", as the pairs trim "both" against "neither".
    double[] e = new double[n];
    boolean[] all = new boolean[n];
    boolean[] none = new boolean[n];
    for (int i = 0; i < n; i++) {
      double sum = pi[i][Arm.ALL.code()] + pi[i][Arm.NONE.code()];
      e[i] = sum <= 0 ? 0.5 : pi[i][Arm.ALL.code()] / sum;
      all[i] = input.arm(i) == Arm.ALL.code();
      none[i] = input.arm(i) == Arm.NONE.code();
    }
    // ATT: the population is the "all three" arm, whose probability is never extrapolated to
    // clients unlike it, so nobody is trimmed (the floor on the probabilities still applies).
    boolean[] kept = options.estimand() == Estimand.ATT ? allKept(n)
        : options.trimming().keep(e, all, none);
    int[] keptUnits = new int[8];
    int keptCount = 0;
    for (int i = 0; i < n; i++) {
      if (kept[i]) {
        keptUnits[input.arm(i)]++;
        keptCount++;
      }
    }
    int trimmed = n - keptCount;
    int minimum = options.minimumArmSize();
    Reason[] missing = new Reason[8];
    String[] why = new String[8];
    for (int arm = 0; arm < 8; arm++) {
      if (episodes[arm] < minimum || clients(input, client, arm) < minimum) {
        missing[arm] = Reason.TOO_FEW_EPISODES;
        why[arm] = countDetail(input, client, arm, episodes[arm]);
      } else if (keptUnits[arm] < minimum) {
        missing[arm] = Reason.NO_OVERLAP;
        why[arm] = Arm.values()[arm] + ": " + keptUnits[arm] + " of " + episodes[arm]
            + " episodes after trimming, minimum " + minimum;
      }
    }
    for (Arm arm : new Arm[] {Arm.ALL, Arm.NONE}) {
      if (missing[arm.code()] != null) {
        return allNotEstimated(missing[arm.code()], why[arm.code()], episodes, trimmed);
      }
    }
    int[] modelled = java.util.stream.IntStream.range(0, 8).filter(a -> missing[a] == null)
        .toArray();
    double[][] m;
    try {
      m = CrossFit.outcomes(input, fold, modelled, options.models());
    } catch (IllegalArgumentException failure) {
      return allNotEstimated(Reason.MODEL_FAILED, String.valueOf(failure.getMessage()), episodes,
          trimmed);
    }
    if (options.estimand() == Estimand.ATT) {
      return combineTreated(input, pi, m, keptUnits, modelled, missing, why, episodes);
    }
    return combine(input, pi, m, kept, keptCount, keptUnits, modelled, missing, why, episodes,
        trimmed);
  }

  private static boolean[] allKept(int n) {
    boolean[] kept = new boolean[n];
    java.util.Arrays.fill(kept, true);
    return kept;
  }

  /**
   * The arm means standardised to the clients who received all three (ATT, the population of
   * arm t = 111): {@code mu_a = sum_i [1[A_i = t] m_a(X_i) + 1[A_i = a] pi_t(X_i) / pi_a(X_i)
   * (Y_i - m_a(X_i))] / sum_i 1[A_i = t]}, the multi-valued form of the ATT's doubly robust
   * estimator; for a = t it is the arm's mean outcome. Influence function of mu_a:
   * {@code phi_a = (psi_a - 1[A = t] mu_a) / p_t}, p_t the weighted share of arm t (with
   * weights w, {@code (w psi_a - 1[A = t] w mu_a) n / sum_{A = t} w}); the
   * covariance of the means is {@code sum phi_a phi_b / n^2}.
   */
  private Result combineTreated(EstimationInput input, double[][] pi, double[][] m,
      int[] keptUnits, int[] modelled, Reason[] missing, String[] why, int[] episodes) {
    int n = input.size();
    int t = Arm.ALL.code();
    double treatedWeight = 0;
    for (int i = 0; i < n; i++) {
      if (input.arm(i) == t) {
        treatedWeight += input.weight(i);
      }
    }
    double[][] psi = new double[modelled.length][n];
    double[] mu = new double[modelled.length];
    double[] ipwSum = new double[modelled.length];
    double[] ipwSquares = new double[modelled.length];
    for (int r = 0; r < modelled.length; r++) {
      int arm = modelled[r];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        double w = input.weight(i);
        double value = 0;
        if (input.arm(i) == t) {
          value += m[i][arm];
        }
        if (input.arm(i) == arm) {
          double ratio = arm == t ? 1 : pi[i][t] / Math.max(pi[i][arm], PROBABILITY_FLOOR);
          value += ratio * (input.outcome(i) - m[i][arm]);
          ipwSum[r] += w * ratio;
          ipwSquares[r] += (w * ratio) * (w * ratio);
        }
        psi[r][i] = w * value;
        sum += w * value;
      }
      mu[r] = sum / treatedWeight;
    }
    // (psi - 1[A = t] w mu) / (mean weight * share of t) = (...) * n / treatedWeight.
    double scale = (double) n / treatedWeight;
    double[][] phi = new double[modelled.length][n];
    for (int r = 0; r < modelled.length; r++) {
      for (int i = 0; i < n; i++) {
        phi[r][i] = (psi[r][i] - (input.arm(i) == t ? input.weight(i) * mu[r] : 0)) * scale;
      }
    }
    return finish(input, pi, allKept(n), n, keptUnits, modelled, missing, why, episodes, 0, mu,
        phi, ipwSum, ipwSquares, Estimand.ATT);
  }

  private Result combine(EstimationInput input, double[][] pi, double[][] m, boolean[] kept,
      int keptCount, int[] keptUnits, int[] modelled, Reason[] missing, String[] why,
      int[] episodes, int trimmed) {
    int n = input.size();
    // psi_a for every kept unit and modelled arm, and the weighted means.
    double[][] psi = new double[modelled.length][keptCount];
    double[] weights = new double[keptCount];
    double weightSum = 0;
    double[] sum = new double[modelled.length];
    double[] ipwSum = new double[modelled.length];
    double[] ipwSquares = new double[modelled.length];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (!kept[i]) {
        continue;
      }
      double w = input.weight(i);
      weights[k] = w;
      weightSum += w;
      for (int r = 0; r < modelled.length; r++) {
        int arm = modelled[r];
        double value = m[i][arm];
        if (input.arm(i) == arm) {
          double p = Math.max(pi[i][arm], PROBABILITY_FLOOR);
          value += (input.outcome(i) - m[i][arm]) / p;
          ipwSum[r] += w / p;
          ipwSquares[r] += (w / p) * (w / p);
        }
        psi[r][k] = value;
        sum[r] += w * value;
      }
      k++;
    }
    double meanWeight = weightSum / keptCount;
    double[] mu = new double[modelled.length];
    for (int r = 0; r < modelled.length; r++) {
      mu[r] = sum[r] / weightSum;
    }
    // Covariance of the means: sum over units of phi_a phi_b / m^2, phi_a = w / mean w (psi_a
    // - mu_a), the formula of AugmentedIpw's standard error.
    double[][] phi = new double[modelled.length][keptCount];
    for (int r = 0; r < modelled.length; r++) {
      for (int u = 0; u < keptCount; u++) {
        phi[r][u] = weights[u] / meanWeight * (psi[r][u] - mu[r]);
      }
    }
    return finish(input, pi, kept, keptCount, keptUnits, modelled, missing, why, episodes,
        trimmed, mu, phi, ipwSum, ipwSquares, Estimand.ATE);
  }

  /**
   * Covariance, arm means and contrasts from the means and their influence functions
   * ({@code phi[r]} over {@code count} units, arm {@code modelled[r]}).
   */
  private Result finish(EstimationInput input, double[][] pi, boolean[] kept, int count,
      int[] keptUnits, int[] modelled, Reason[] missing, String[] why, int[] episodes,
      int trimmed, double[] mu, double[][] phi, double[] ipwSum, double[] ipwSquares,
      Estimand estimand) {
    double[][] covariance = new double[8][8];
    for (double[] row : covariance) {
      java.util.Arrays.fill(row, Double.NaN);
    }
    double squareCount = (double) count * count;
    for (int r = 0; r < modelled.length; r++) {
      for (int s = 0; s <= r; s++) {
        double cross = 0;
        for (int u = 0; u < count; u++) {
          cross += phi[r][u] * phi[s][u];
        }
        covariance[modelled[r]][modelled[s]] = cross / squareCount;
        covariance[modelled[s]][modelled[r]] = cross / squareCount;
      }
    }
    List<ArmMean> arms = new ArrayList<>();
    for (int r = 0; r < modelled.length; r++) {
      int arm = modelled[r];
      arms.add(new ArmMean(Arm.values()[arm], mu[r], Math.sqrt(covariance[arm][arm]),
          keptUnits[arm], ipwSum[r] * ipwSum[r] / ipwSquares[r]));
    }
    double z = NormalInterval.criticalValue(options.confidenceLevel());
    List<Effect> effects = new ArrayList<>();
    List<NotEstimated> notEstimated = new ArrayList<>();
    for (Quantity quantity : Quantity.values()) {
      int lacking = -1;
      for (int arm = 0; arm < 8 && lacking < 0; arm++) {
        if (quantity.weights[arm] != 0 && missing[arm] != null) {
          lacking = arm;
        }
      }
      if (lacking >= 0) {
        notEstimated.add(new NotEstimated(quantity, missing[lacking], why[lacking]));
        continue;
      }
      // The contrast's own influence function, summed over units (the same as w' Sigma w, in
      // one rounding step fewer).
      double estimate = 0;
      for (int r = 0; r < modelled.length; r++) {
        estimate += quantity.weights[modelled[r]] * mu[r];
      }
      double squares = 0;
      for (int u = 0; u < count; u++) {
        double value = 0;
        for (int r = 0; r < modelled.length; r++) {
          value += quantity.weights[modelled[r]] * phi[r][u];
        }
        squares += value * value;
      }
      double standardError = Math.sqrt(squares) / count;
      if (!Double.isFinite(estimate) || !Double.isFinite(standardError)) {
        notEstimated.add(new NotEstimated(quantity, Reason.MODEL_FAILED, "estimate not finite"));
        continue;
      }
      double pValue = standardError > 0
          ? 2 * Distributions.normalUpperTail(Math.abs(estimate / standardError))
          : (estimate == 0 ? 1 : 0);
      effects.add(new Effect(quantity, estimate, standardError, estimate - z * standardError,
          estimate + z * standardError, pValue));
    }
    return new Result(arms, covariance, effects, notEstimated, episodes, trimmed,
        balance(input, pi, kept, estimand));
  }

  /**
   * Balance of "all three" against "none": weighted by the inverse of their probabilities
   * (ATE), or "none" by pi_111 / pi_000 and "all three" not at all (ATT).
   */
  private static Diagnostics balance(EstimationInput input, double[][] pi, boolean[] kept,
      Estimand estimand) {
    int n = input.size();
    boolean[] all = new boolean[n];
    boolean[] none = new boolean[n];
    double[] base = new double[n];
    double[] after = new double[n];
    double[] e = new double[n];
    int trimmed = 0;
    for (int i = 0; i < n; i++) {
      int arm = input.arm(i);
      all[i] = arm == Arm.ALL.code();
      none[i] = arm == Arm.NONE.code();
      base[i] = input.weight(i);
      double sum = pi[i][Arm.ALL.code()] + pi[i][Arm.NONE.code()];
      e[i] = sum <= 0 ? 0.5 : pi[i][Arm.ALL.code()] / sum;
      if (kept[i] && (all[i] || none[i])) {
        after[i] = estimand == Estimand.ATT
            ? (all[i] ? base[i] : base[i] * pi[i][Arm.ALL.code()]
                / Math.max(pi[i][arm], PROBABILITY_FLOOR))
            : base[i] / Math.max(pi[i][arm], PROBABILITY_FLOOR);
      } else if (all[i] || none[i]) {
        trimmed++;
      }
    }
    return Diagnostics.compute(input, all, none, base, after, e, trimmed);
  }

  private LogisticFit fitVarying(Design design, int[] rows, int[] labels, double[] start,
      String which) {
    if (!LogisticFit.varies(rows, labels)) {
      throw new IllegalArgumentException("the " + which
          + " intervention does not vary in a training fold; nothing to model");
    }
    return LogisticFit.fit(design, rows, labels, options.models(), start);
  }

  /**
   * Whether the "all three" and "none" arms hold enough episodes of enough clients: without
   * them nothing is estimated, so a caller can skip fitting the shared factors. Costs one pass.
   */
  public boolean largeEnough(EstimationInput input, int[] client) {
    requireEightArms(input);
    return tooFew(input, episodes(input), client) == null;
  }

  private static int[] episodes(EstimationInput input) {
    int[] count = new int[8];
    for (int i = 0; i < input.size(); i++) {
      count[input.arm(i)]++;
    }
    return count;
  }

  /** A result with nothing estimated when the "all three" or "none" arm is too small. */
  private Result tooFew(EstimationInput input, int[] episodes, int[] client) {
    for (Arm arm : new Arm[] {Arm.ALL, Arm.NONE}) {
      int count = episodes[arm.code()];
      if (count < options.minimumArmSize()
          || clients(input, client, arm.code()) < options.minimumArmSize()) {
        return allNotEstimated(Reason.TOO_FEW_EPISODES,
            countDetail(input, client, arm.code(), count), episodes, 0);
      }
    }
    return null;
  }

  private String countDetail(EstimationInput input, int[] client, int arm, int count) {
    return Arm.values()[arm] + ": " + count + " episodes of " + clients(input, client, arm)
        + " clients, minimum " + options.minimumArmSize();
  }

  private static int clients(EstimationInput input, int[] client, int arm) {
    if (client == null) {
      int count = 0;
      for (int i = 0; i < input.size(); i++) {
        count += input.arm(i) == arm ? 1 : 0;
      }
      return count;
    }
    BitSet seen = new BitSet();
    for (int i = 0; i < input.size(); i++) {
      if (input.arm(i) == arm) {
        seen.set(client[i]);
      }
    }
    return seen.cardinality();
  }

  private static Result allNotEstimated(Reason reason, String detail, int[] episodes,
      int trimmed) {
    List<NotEstimated> notEstimated = new ArrayList<>();
    for (Quantity quantity : Quantity.values()) {
      notEstimated.add(new NotEstimated(quantity, reason, detail));
    }
    double[][] covariance = new double[8][8];
    for (double[] row : covariance) {
      java.util.Arrays.fill(row, Double.NaN);
    }
    return new Result(List.of(), covariance, List.of(), notEstimated, episodes, trimmed, null);
  }

  private static void requireEightArms(EstimationInput input) {
    if (input.armCount() != 8) {
      throw new IllegalArgumentException("a triple needs eight arms (first + 2 second + 4 third),"
          + " got " + input.armCount());
    }
  }

  private static void checkFolds(EstimationInput input, int[] fold) {
    if (fold.length != input.size()) {
      throw new IllegalArgumentException("expected " + input.size() + " folds, got "
          + fold.length);
    }
    for (int f : fold) {
      if (f < 0) {
        throw new IllegalArgumentException("folds must be 0..K-1, got " + f);
      }
    }
  }
}
