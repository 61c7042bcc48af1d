package nl.samenspel.estimate.contract;

import static nl.samenspel.estimate.contract.HandTable.Cell.constant;
import static nl.samenspel.estimate.contract.HandTable.Cell.ones;
import static nl.samenspel.estimate.contract.HandTable.stratum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.samenspel.estimate.Contrast;
import nl.samenspel.estimate.Diagnostics;
import nl.samenspel.estimate.EffectEstimate;
import nl.samenspel.estimate.Estimand;
import nl.samenspel.estimate.EstimationInput;
import nl.samenspel.estimate.Estimator;
import nl.samenspel.estimate.EstimatorProvider;
import nl.samenspel.estimate.EstimatorSettings;
import nl.samenspel.estimate.Estimators;
import nl.samenspel.estimate.PropensityModel;
import nl.samenspel.estimate.Trimming;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Estimator} keeps, as a JUnit 5 test base: extend it, return the
 * provider under test from {@link #provider()}, and override a capability only where the
 * estimator really differs, saying why in the override's comment. Shipped in the models test jar
 * ({@code nl.samenspel:samenspel-models:VERSION:test-jar}) so that a plug-in estimator in its own
 * jar is held to the same points as the shipped ones. See docs/extending.md.
 *
 * <p>The points, one test each:
 * <ul>
 *   <li>the provider is found by {@link java.util.ServiceLoader} under its name, and the
 *       estimator and its estimates carry that name;
 *   <li>exact answers on hand-computable tables ({@link HandTable}): without confounding the
 *       crude difference; with a confounding stratum the directly standardised difference for
 *       the population the estimator targets ({@link #standard(Estimand)}), for a continuous
 *       and for a 0/1 outcome; the estimate is the difference of the reported means;
 *   <li>ATE and ATT both (or a refusal of what is not supported), reported under the estimand
 *       asked for;
 *   <li>refusal of input it cannot estimate from (everyone in one arm, an empty arm, a
 *       contrast naming an arm outside the input, an arm with one unit) with an
 *       {@link IllegalArgumentException};
 *   <li>an interval that contains the estimate at the level of the settings, or NaN standard
 *       error and bounds when the estimator declares it gives none, never a zero-width interval;
 *   <li>diagnostics that describe the comparison (declared absent otherwise), counts that add
 *       up;
 *   <li>swapping the arms of an ATE negates it; constant unit weights change nothing;
 *       the same input gives the same answer again, also from two threads at once;
 *   <li>on generated data with a known effect ({@link SimulatedStudy}), the 95% interval covers
 *       the truth in 88% to 99% of the replications and the bias is within Monte Carlo error
 *       (tagged "statistical").
 * </ul>
 */
public abstract class EstimatorContract {

  /** The seed of the default settings and of the generated samples. */
  protected static final long SEED = 20_261_128L;

  /**
   * No confounding: each stratum has 40% treated. Stratum 0: 2 treated with outcome 3.0 and 3
   * comparison units with 1.0 (effect 2.0); stratum 1: 4 treated with 2.5 and 6 comparison with
   * 2.0 (effect 0.5). By hand, every standard gives 1.0: crude (2 * 3 + 4 * 2.5) / 6 -
   * (3 * 1 + 6 * 2) / 9 = 16/6 - 15/9 = 1; everyone (5 * 2.0 + 10 * 0.5) / 15 = 1; treated
   * (2 * 2.0 + 4 * 0.5) / 6 = 1; overlap weights 2 * 3 / 5 = 1.2 and 4 * 6 / 10 = 2.4, (1.2 * 2.0
   * + 2.4 * 0.5) / 3.6 = 1. Repeated 200 times (3,000 units).
   */
  public static final HandTable UNCONFOUNDED = HandTable.of(
      stratum(constant(2, 3.0), constant(3, 1.0)),
      stratum(constant(4, 2.5), constant(6, 2.0))).times(200);

  /**
   * Confounded: stratum 0 has 3 treated (outcome 2.0) and 7 comparison units (1.5), effect 0.5;
   * stratum 1 has 6 treated (3.25) and 4 comparison units (2.0), effect 1.25. By hand: everyone
   * (ATE) 0.5 * 0.5 + 0.5 * 1.25 = 0.875; the treated (ATT) (3 * 0.5 + 6 * 1.25) / 9 = 1.0;
   * overlap (2.1 * 0.5 + 2.4 * 1.25) / 4.5 = 0.9; crude (6 + 19.5) / 9 - (10.5 + 8) / 11 =
   * 1.151515... Every cell holds one outcome value, so a per-arm outcome model fits every fold
   * exactly, whatever the folds. Repeated 1,000 times (20,000 units).
   */
  public static final HandTable CONFOUNDED = HandTable.of(
      stratum(constant(3, 2.0), constant(7, 1.5)),
      stratum(constant(6, 3.25), constant(4, 2.0))).times(1000);

  /**
   * The same strata with a 0/1 outcome that varies within cells: stratum 0 has 2 of 3 treated
   * and 2 of 7 comparison units with outcome 1 (effect 8/21); stratum 1 has 4 of 6 treated and 1
   * of 4 comparison units (effect 5/12). By hand: everyone (8/21 + 5/12) / 2 = 67/168; the
   * treated (3 * 8/21 + 6 * 5/12) / 9 = 17/42; overlap (2.1 * 8/21 + 2.4 * 5/12) / 4.5 = 0.4;
   * crude 6/9 - 3/11 = 13/33. Repeated 1,000 times (20,000 units).
   */
  public static final HandTable CONFOUNDED_BINARY = HandTable.of(
      stratum(ones(3, 2), ones(7, 2)),
      stratum(ones(6, 4), ones(4, 1))).times(1000);

  /** Size of the coverage check: replications per estimand and units per replication. */
  public record Simulation(int replications, int units) {
    public Simulation {
      if (replications < 50 || units < 100) {
        throw new IllegalArgumentException("a coverage check needs at least 50 replications of"
            + " 100 units, got " + replications + " of " + units);
      }
    }
  }

  // ---------------------------------------------------------------- what the subclass gives

  /** The provider of the estimator under test. */
  protected abstract EstimatorProvider provider();

  /**
   * The settings every test uses for {@code estimand}: the pipeline's defaults (5 folds, fixed
   * seed, trimming 0.05-0.95, 95% intervals, 200 bootstrap replicates, logistic models). Override
   * to make an expensive estimator fit the time budget (and say so).
   */
  protected EstimatorSettings settings(Estimand estimand) {
    return new EstimatorSettings(estimand, 5, SEED, Trimming.DEFAULT, 0.95, 200,
        PropensityModel.Learner.LOGISTIC);
  }

  /**
   * The estimands the estimator accepts; for the others it must refuse with an
   * {@link IllegalArgumentException} when created or when estimating. Default: ATE and ATT.
   */
  protected Set<Estimand> estimands() {
    return EnumSet.allOf(Estimand.class);
  }

  /** False for an estimator that does not adjust for covariates (its target is CRUDE). */
  protected boolean adjustsForCovariates() {
    return true;
  }

  /**
   * The population the estimate averages over when {@code requested} is asked for: the crude
   * comparison if the estimator does not adjust, otherwise everyone for the ATE and the treated
   * for the ATT. An estimator with another target (e.g. overlap weights) overrides this.
   */
  protected Standard standard(Estimand requested) {
    if (!adjustsForCovariates()) {
      return Standard.CRUDE;
    }
    return requested == Estimand.ATE ? Standard.EVERYONE : Standard.TREATED;
  }

  /**
   * Whether the estimate's {@code estimand()} is the one the settings asked for. An estimator
   * that answers the same whatever is asked may declare false; it must then answer identically
   * under every estimand.
   */
  protected boolean reportsRequestedEstimand() {
    return true;
  }

  /** Whether estimates carry a standard error and an interval (otherwise all three are NaN). */
  protected boolean producesInterval() {
    return true;
  }

  /** Whether estimates carry {@link Diagnostics} (otherwise they may be null). */
  protected boolean producesDiagnostics() {
    return true;
  }

  /**
   * How close the estimate must come to the hand-computed answer on the tables whose cells
   * hold one outcome value each ({@link #UNCONFOUNDED}, {@link #CONFOUNDED}), and how close
   * the ATE with the arms swapped must come to minus the ATE. Default 1e-9; an estimator whose
   * models carry a penalty or whose folds differ overrides it with the reason.
   */
  protected double exactTolerance() {
    return 1e-9;
  }

  /** The same for the 0/1-outcome table {@link #CONFOUNDED_BINARY}. Default: as above. */
  protected double binaryOutcomeTolerance() {
    return exactTolerance();
  }

  /** Size of the coverage check. Default: 200 replications of 600 units per estimand. */
  protected Simulation simulation() {
    return new Simulation(200, 600);
  }

  /** A new estimator for {@code settings}, as the pipeline gets it: from the provider. */
  protected Estimator estimator(EstimatorSettings settings) {
    return provider().create(settings);
  }

  // ---------------------------------------------------------------- name and discovery

  @Test
  void providerIsFoundByServiceLoaderUnderItsName() {
    String name = provider().name();
    assertThat(Estimators.names()).as("estimators on the class path (META-INF/services)")
        .contains(name);
    Estimand estimand = supported().get(0);
    assertThat(Estimators.create(name, settings(estimand)).getClass())
        .isEqualTo(estimator(settings(estimand)).getClass());
  }

  @Test
  void estimatorAndItsEstimatesCarryTheProvidersName() {
    for (Estimand estimand : supported()) {
      Estimator estimator = estimator(settings(estimand));
      assertThat(estimator.name()).isEqualTo(provider().name());
      assertThat(estimator.estimate(UNCONFOUNDED.input(), Contrast.BINARY).estimator())
          .isEqualTo(provider().name());
    }
  }

  // ---------------------------------------------------------------- exact answers

  @Test
  void withoutConfoundingTheEstimateIsTheCrudeDifference() {
    for (Standard standard : Standard.values()) {
      assertThat(UNCONFOUNDED.answer(standard)).as(standard.name()).isCloseTo(1.0, within(1e-15));
    }
    for (Estimand estimand : supported()) {
      agreesWithHandTable("unconfounded", UNCONFOUNDED, estimand, exactTolerance());
    }
  }

  @Test
  void withAConfoundingStratumTheEstimateIsTheStandardisedDifference() {
    assertThat(CONFOUNDED.answer(Standard.EVERYONE)).isCloseTo(0.875, within(1e-15));
    assertThat(CONFOUNDED.answer(Standard.TREATED)).isCloseTo(1.0, within(1e-15));
    assertThat(CONFOUNDED.answer(Standard.OVERLAP)).isCloseTo(0.9, within(1e-15));
    assertThat(CONFOUNDED.answer(Standard.CRUDE)).isCloseTo(25.5 / 9 - 18.5 / 11, within(1e-15));
    for (Estimand estimand : supported()) {
      agreesWithHandTable("confounded", CONFOUNDED, estimand, exactTolerance());
    }
  }

  @Test
  void withAConfoundingStratumAndA01OutcomeTheEstimateIsTheStandardisedDifference() {
    assertThat(CONFOUNDED_BINARY.answer(Standard.EVERYONE)).isCloseTo(67.0 / 168, within(1e-15));
    assertThat(CONFOUNDED_BINARY.answer(Standard.TREATED)).isCloseTo(17.0 / 42, within(1e-15));
    assertThat(CONFOUNDED_BINARY.answer(Standard.OVERLAP)).isCloseTo(0.4, within(1e-15));
    assertThat(CONFOUNDED_BINARY.answer(Standard.CRUDE)).isCloseTo(13.0 / 33, within(1e-15));
    for (Estimand estimand : supported()) {
      agreesWithHandTable("confounded 0/1", CONFOUNDED_BINARY, estimand,
          binaryOutcomeTolerance());
    }
  }

  private void agreesWithHandTable(String label, HandTable table, Estimand estimand,
      double tolerance) {
    EffectEstimate result = estimator(settings(estimand)).estimate(table.input(),
        Contrast.BINARY);
    double expected = table.answer(standard(estimand));
    System.out.printf(Locale.ROOT, "%s: %s table, %s (%s): estimate %.15f, expected %.15f,"
        + " |difference| %.2e (tolerance %.0e)%n", getClass().getSimpleName(), label, estimand,
        standard(estimand), result.estimate(), expected, Math.abs(result.estimate() - expected),
        tolerance);
    assertThat(result.estimate())
        .as("%s on the %s table, standardised to %s", estimand, label, standard(estimand))
        .isCloseTo(expected, within(tolerance));
    assertThat(result.meanTreated() - result.meanComparison())
        .as("the estimate is the difference of the reported means")
        .isCloseTo(result.estimate(), within(1e-12 * Math.max(1, Math.abs(result.estimate()))));
  }

  // ---------------------------------------------------------------- estimands

  @Test
  void theEstimateReportsTheEstimandAskedFor() {
    EstimationInput input = sample().input();
    if (reportsRequestedEstimand()) {
      for (Estimand estimand : supported()) {
        EffectEstimate result = estimator(settings(estimand)).estimate(input, Contrast.BINARY);
        assertThat(result.estimand()).as("estimand reported when %s is asked for", estimand)
            .isEqualTo(estimand);
      }
      return;
    }
    // Declared: the same answer under every estimand, under one label.
    EffectEstimate first = estimator(settings(supported().get(0))).estimate(input,
        Contrast.BINARY);
    for (Estimand estimand : supported()) {
      EffectEstimate result = estimator(settings(estimand)).estimate(input, Contrast.BINARY);
      assertThat(result.estimand()).isEqualTo(first.estimand());
      assertThat(result.estimate()).isEqualTo(first.estimate());
      assertThat(standard(estimand)).isEqualTo(standard(supported().get(0)));
    }
  }

  @Test
  void anEstimandItDoesNotSupportIsRefused() {
    Set<Estimand> unsupported = EnumSet.allOf(Estimand.class);
    unsupported.removeAll(supported());
    assumeFalse(unsupported.isEmpty(), "every estimand is supported");
    EstimationInput input = sample().input();
    for (Estimand estimand : unsupported) {
      assertThatThrownBy(() -> estimator(settings(estimand)).estimate(input, Contrast.BINARY))
          .as("asked for %s", estimand).isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ---------------------------------------------------------------- refusals

  @Test
  void refusesInputWhoseUnitsAreAllInOneArm() {
    int[] arms = new int[20];
    java.util.Arrays.fill(arms, 1);
    refuses(EstimationInput.binary(arms, alternating(20), stratumColumn(20), List.of("x")),
        Contrast.BINARY, "every unit treated");
  }

  @Test
  void refusesAContrastWithAnEmptyArm() {
    // Three arms, arm 2 has no units.
    int[] arms = new int[20];
    for (int i = 0; i < arms.length; i++) {
      arms[i] = i % 2;
    }
    EstimationInput input = new EstimationInput(arms, alternating(20), stratumColumn(20),
        List.of("x"), 3);
    refuses(input, new Contrast(2, 0), "treated arm empty");
    refuses(input, new Contrast(1, 2), "comparison arm empty");
  }

  @Test
  void refusesAContrastNamingAnArmOutsideTheInput() {
    EstimationInput input = UNCONFOUNDED.input();
    refuses(input, new Contrast(2, 0), "arm 2 of a two-arm input");
    refuses(input, new Contrast(1, -1), "arm -1");
  }

  @Test
  void refusesAnArmWithASingleUnit() {
    int[] arms = new int[20];
    arms[0] = 1;
    refuses(EstimationInput.binary(arms, alternating(20), stratumColumn(20), List.of("x")),
        Contrast.BINARY, "one treated unit");
  }

  private void refuses(EstimationInput input, Contrast contrast, String what) {
    for (Estimand estimand : supported()) {
      assertThatThrownBy(() -> estimator(settings(estimand)).estimate(input, contrast))
          .as("%s (%s)", what, estimand).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static double[] alternating(int n) {
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = (i / 2) % 2;
    }
    return y;
  }

  private static double[][] stratumColumn(int n) {
    double[][] x = new double[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = (i / 4) % 2;
    }
    return x;
  }

  // ---------------------------------------------------------------- intervals

  @Test
  void theIntervalContainsTheEstimateAtTheLevelOfTheSettings() {
    EstimationInput input = sample().input();
    for (Estimand estimand : supported()) {
      EstimatorSettings wide = settings(estimand);
      EstimatorSettings narrow = new EstimatorSettings(wide.estimand(), wide.folds(),
          wide.seed(), wide.trimming(), 0.90, wide.bootstrapReplicates(), wide.learner());
      EffectEstimate at95 = estimator(wide).estimate(input, Contrast.BINARY);
      EffectEstimate at90 = estimator(narrow).estimate(input, Contrast.BINARY);
      if (!producesInterval()) {
        for (EffectEstimate result : List.of(at95, at90)) {
          assertThat(result.standardError()).as("declared without interval: SE").isNaN();
          assertThat(result.ciLow()).as("declared without interval: lower bound").isNaN();
          assertThat(result.ciHigh()).as("declared without interval: upper bound").isNaN();
        }
        continue;
      }
      for (EffectEstimate result : List.of(at95, at90)) {
        String what = estimand + " at " + result.confidenceLevel();
        assertThat(result.standardError()).as("%s: standard error", what).isFinite()
            .isGreaterThan(0);
        assertThat(result.ciLow()).as("%s: lower bound below the estimate", what)
            .isLessThan(result.estimate());
        assertThat(result.ciHigh()).as("%s: upper bound above the estimate", what)
            .isGreaterThan(result.estimate());
        assertThat(result.covers(result.estimate())).isTrue();
      }
      assertThat(at95.confidenceLevel()).isEqualTo(0.95);
      assertThat(at90.confidenceLevel()).isEqualTo(0.90);
      assertThat(at90.estimate()).as("the level changes no estimate").isEqualTo(at95.estimate());
      assertThat(at90.ciLow()).as("90% interval inside the 95% one").isGreaterThan(at95.ciLow());
      assertThat(at90.ciHigh()).as("90% interval inside the 95% one").isLessThan(at95.ciHigh());
    }
  }

  // ---------------------------------------------------------------- diagnostics and counts

  @Test
  void countsAddUpAndDiagnosticsDescribeTheComparison() {
    SimulatedStudy.Sample sample = sample();
    EstimationInput input = sample.input();
    int treated = input.count(1);
    int comparison = input.count(0);
    for (Estimand estimand : supported()) {
      EffectEstimate result = estimator(settings(estimand)).estimate(input, Contrast.BINARY);
      assertThat(result.nTreated()).isBetween(2, treated);
      assertThat(result.nComparison()).isBetween(2, comparison);
      assertThat(result.meanTreated() - result.meanComparison())
          .as("the estimate is the difference of the reported means")
          .isCloseTo(result.estimate(), within(1e-12));
      Diagnostics d = result.diagnostics();
      if (!producesDiagnostics()) {
        continue;
      }
      assertThat(d).as("diagnostics (declared present)").isNotNull();
      assertThat(result.nTreated() + result.nComparison() + d.trimmed())
          .as("units used plus units trimmed are the units of the two arms")
          .isEqualTo(treated + comparison);
      assertThat(d.shareTrimmed())
          .isCloseTo((double) d.trimmed() / (treated + comparison), within(1e-12));
      assertThat(d.effectiveTreated()).isGreaterThan(0)
          .isLessThanOrEqualTo(result.nTreated() * (1 + 1e-12));
      assertThat(d.effectiveComparison()).isGreaterThan(0)
          .isLessThanOrEqualTo(result.nComparison() * (1 + 1e-12));
      for (double[] quantiles : List.of(d.propensityTreated(), d.propensityComparison())) {
        assertThat(quantiles.length).as("propensity 5th, 50th, 95th percentile or none")
            .isIn(0, 3);
        for (int k = 0; k < quantiles.length; k++) {
          assertThat(quantiles[k]).isBetween(0.0, 1.0);
          if (k > 0) {
            assertThat(quantiles[k]).isGreaterThanOrEqualTo(quantiles[k - 1]);
          }
        }
      }
      // Balance: the SMD before adjustment is the house definition (pooled SD of the two
      // unweighted groups), computed here from the covariates.
      Set<String> seen = new HashSet<>();
      double largest = 0;
      for (Diagnostics.Balance balance : d.balance()) {
        int column = input.covariateNames().indexOf(balance.covariate());
        assertThat(column).as("balance of a covariate of the input").isNotNegative();
        assertThat(seen.add(balance.covariate())).as("one balance per covariate").isTrue();
        assertThat(balance.smdBefore()).as("SMD before of %s", balance.covariate())
            .isCloseTo(unweightedSmd(sample, column), within(1e-9));
        assertThat(balance.smdAfter()).isFinite();
        largest = Math.max(largest, Math.abs(balance.smdBefore()));
      }
      assertThat(seen).as("every covariate that varies has a balance")
          .containsExactlyInAnyOrderElementsOf(sample.input().covariateNames());
      assertThat(d.maxAbsSmdBefore()).isCloseTo(largest, within(1e-12));
    }
  }

  private static double unweightedSmd(SimulatedStudy.Sample sample, int column) {
    EstimationInput input = sample.input();
    double[] sum = new double[2];
    double[] squares = new double[2];
    int[] n = new int[2];
    for (int i = 0; i < input.size(); i++) {
      double x = sample.covariates()[i][column];
      sum[input.arm(i)] += x;
      squares[input.arm(i)] += x * x;
      n[input.arm(i)]++;
    }
    double meanTreated = sum[1] / n[1];
    double meanComparison = sum[0] / n[0];
    double varianceTreated = squares[1] / n[1] - meanTreated * meanTreated;
    double varianceComparison = squares[0] / n[0] - meanComparison * meanComparison;
    return (meanTreated - meanComparison) / Math.sqrt((varianceTreated + varianceComparison) / 2);
  }

  // ---------------------------------------------------------------- invariances

  @Test
  void swappingTheArmsOfAnAteNegatesIt() {
    assumeTrue(estimands().contains(Estimand.ATE), "ATE not supported");
    EstimationInput input = sample().input();
    Estimator estimator = estimator(settings(Estimand.ATE));
    EffectEstimate forward = estimator.estimate(input, Contrast.BINARY);
    EffectEstimate backward = estimator.estimate(input, new Contrast(0, 1));
    assertThat(backward.estimate()).isCloseTo(-forward.estimate(), within(exactTolerance()));
    assertThat(backward.meanTreated()).isCloseTo(forward.meanComparison(),
        within(exactTolerance()));
    assertThat(backward.nTreated()).isEqualTo(forward.nComparison());
  }

  @Test
  void constantUnitWeightsChangeNoEstimate() {
    EstimationInput input = sample().input();
    double[] weights = new double[input.size()];
    java.util.Arrays.fill(weights, 2.5);
    for (Estimand estimand : supported()) {
      Estimator estimator = estimator(settings(estimand));
      assertThat(estimator.estimate(input.withWeights(weights), Contrast.BINARY).estimate())
          .as(estimand.name())
          .isCloseTo(estimator.estimate(input, Contrast.BINARY).estimate(), within(1e-12));
    }
  }

  @Test
  void theSameInputGivesTheSameAnswerAgainAlsoFromTwoThreads() throws Exception {
    EstimationInput first = sample().input();
    EstimationInput second = CONFOUNDED_BINARY.input();
    for (Estimand estimand : supported()) {
      Estimator estimator = estimator(settings(estimand));
      EffectEstimate expected = estimator.estimate(first, Contrast.BINARY);
      estimator.estimate(second, Contrast.BINARY);
      sameAnswer(estimator.estimate(first, Contrast.BINARY), expected, "after other work");
      sameAnswer(estimator(settings(estimand)).estimate(first, Contrast.BINARY), expected,
          "from a new estimator");
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<EffectEstimate>> results = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
          EstimationInput input = k % 2 == 0 ? first : second;
          results.add(pool.submit(() -> estimator.estimate(input, Contrast.BINARY)));
        }
        sameAnswer(results.get(0).get(), expected, "from two threads");
        sameAnswer(results.get(2).get(), expected, "from two threads");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static void sameAnswer(EffectEstimate actual, EffectEstimate expected, String when) {
    assertThat(actual.estimate()).as("estimate " + when).isEqualTo(expected.estimate());
    assertThat(actual.standardError()).as("SE " + when).isEqualTo(expected.standardError());
    assertThat(actual.ciLow()).as("lower bound " + when).isEqualTo(expected.ciLow());
    assertThat(actual.ciHigh()).as("upper bound " + when).isEqualTo(expected.ciHigh());
  }

  // ---------------------------------------------------------------- repeated sampling

  /**
   * Coverage and bias over repeated samples of {@link SimulatedStudy#CONFOUNDED}, against the
   * truth in the estimator's {@link #standard(Estimand) population} (for an estimator that does
   * not adjust: the crude difference of the population, which it does estimate). The 95%
   * interval must cover in 88% to 99% of the replications (with 200 replications the Monte
   * Carlo standard error of a true 95% is 1.5 points); the mean estimate must lie within four
   * Monte Carlo standard errors (4 SD / sqrt(R)) of the truth.
   */
  @Test
  @Tag("statistical")
  void intervalsCoverTheTruthOnGeneratedData() {
    Simulation size = simulation();
    SimulatedStudy study = SimulatedStudy.CONFOUNDED;
    for (Estimand estimand : supported()) {
      double truth = study.truth(standard(estimand));
      Estimator estimator = estimator(settings(estimand));
      SplittableRandom random = new SplittableRandom(SEED);
      int covered = 0;
      double sum = 0;
      double squares = 0;
      double standardErrors = 0;
      long start = System.nanoTime();
      for (int r = 0; r < size.replications(); r++) {
        EffectEstimate result = estimator.estimate(
            study.sample(size.units(), random.split()).input(), Contrast.BINARY);
        covered += result.covers(truth) ? 1 : 0;
        sum += result.estimate();
        squares += result.estimate() * result.estimate();
        standardErrors += result.standardError();
      }
      int replications = size.replications();
      double mean = sum / replications;
      double sd = Math.sqrt((squares - replications * mean * mean) / (replications - 1));
      double coverage = (double) covered / replications;
      String report = String.format(Locale.ROOT, "%s: %s (%s, truth %.4f), %d x %d units:"
          + " coverage %.3f, bias %+.4f (Monte Carlo SE %.4f), SD %.4f, mean SE %.4f, %.1f s",
          getClass().getSimpleName(), estimand, standard(estimand), truth, replications,
          size.units(), coverage, mean - truth, sd / Math.sqrt(replications), sd,
          standardErrors / replications, (System.nanoTime() - start) / 1e9);
      System.out.println(report);
      assertThat(Math.abs(mean - truth)).as(report)
          .isLessThanOrEqualTo(4 * sd / Math.sqrt(replications));
      if (producesInterval()) {
        assertThat(coverage).as(report).isBetween(0.88, 0.99);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private List<Estimand> supported() {
    if (estimands().isEmpty()) {
      throw new IllegalStateException("estimands() must name at least one estimand");
    }
    return new ArrayList<>(EnumSet.copyOf(estimands()));
  }

  /** The fixed sample of 600 units the interval, diagnostics and invariance tests use. */
  private static SimulatedStudy.Sample sample() {
    return SimulatedStudy.CONFOUNDED.sample(600, new SplittableRandom(SEED));
  }
}
