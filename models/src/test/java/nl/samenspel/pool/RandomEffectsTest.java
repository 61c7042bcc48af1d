package nl.samenspel.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RandomEffects against R's metafor 3.8-1 ({@code rma(yi, vi, method = "REML", test = "knha",
 * control = list(threshold = 1e-12, maxiter = 1000))}, {@code predict()} and
 * {@code rma(method = "FE")}) on the data sets of {@code reference/pool/metafor_reference.R}:
 * k = 2; a heterogeneous k = 8; a homogeneous k = 6 (tau^2 = 0); four identical estimates
 * (tau^2 = 0 and a Knapp-Hartung SE of 0); standard errors from 0.0004 to 0.4 (variances 1e6
 * apart); a small tau^2 near 0; realistic k = 30 and k = 342 drawn from binomial counts; and
 * the two moderator data sets pooled without moderators. Every quantity to 1e-6 (absolute,
 * relative above 1); the largest differences are printed.
 */
class RandomEffectsTest {

  private static final Map<String, ToDoubleFunction<PooledEstimate>> QUANTITIES =
      new LinkedHashMap<>();

  static {
    QUANTITIES.put("tau2", PooledEstimate::tau2);
    QUANTITIES.put("estimate", PooledEstimate::estimate);
    QUANTITIES.put("standardError", PooledEstimate::standardError);
    QUANTITIES.put("ciLow", PooledEstimate::ciLow);
    QUANTITIES.put("ciHigh", PooledEstimate::ciHigh);
    QUANTITIES.put("pValue", PooledEstimate::pValue);
    QUANTITIES.put("predictionLow", PooledEstimate::predictionLow);
    QUANTITIES.put("predictionHigh", PooledEstimate::predictionHigh);
    QUANTITIES.put("iSquared", PooledEstimate::iSquared);
    QUANTITIES.put("hSquared", PooledEstimate::hSquared);
    QUANTITIES.put("q", PooledEstimate::q);
    QUANTITIES.put("qPValue", PooledEstimate::qPValue);
    QUANTITIES.put("fixedEstimate", PooledEstimate::fixedEstimate);
    QUANTITIES.put("fixedStandardError", PooledEstimate::fixedStandardError);
    QUANTITIES.put("fixedCiLow", PooledEstimate::fixedCiLow);
    QUANTITIES.put("fixedCiHigh", PooledEstimate::fixedCiHigh);
  }

  /** Largest absolute difference from metafor per quantity, over the data sets. */
  private static final Map<String, Double> LARGEST = new TreeMap<>();

  private final RandomEffects randomEffects = new RandomEffects(RandomEffects.Options.DEFAULT);

  @ParameterizedTest
  @ValueSource(strings = {"two", "heterogeneous", "homogeneous", "identical",
      "extreme_se_ratio", "near_zero", "realistic30", "national342", "moderators", "explained"})
  void agreesWithMetafor(String dataset) {
    List<Study> studies = PoolReference.dataset(dataset).studies();
    PooledEstimate pooled = randomEffects.pool(studies);
    Map<String, Double> expected = PoolReference.expected(dataset);
    assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(QUANTITIES.keySet());
    for (Map.Entry<String, ToDoubleFunction<PooledEstimate>> quantity : QUANTITIES.entrySet()) {
      double want = expected.get(quantity.getKey());
      double got = quantity.getValue().applyAsDouble(pooled);
      synchronized (LARGEST) {
        LARGEST.merge(quantity.getKey(), Math.abs(got - want), Math::max);
      }
      assertThat(got).as("%s of %s", quantity.getKey(), dataset)
          .isCloseTo(want, within(PoolReference.tolerance(want)));
    }
    assertThat(pooled.k()).isEqualTo(studies.size());
    assertThat(pooled.degreesOfFreedom()).isEqualTo(studies.size() - 1);
    assertThat(pooled.tau()).isEqualTo(Math.sqrt(pooled.tau2()));
    assertThat(pooled.converged()).as("converged").isTrue();
  }

  @AfterAll
  static void printLargestDifferences() {
    System.out.println("RandomEffects vs metafor, largest absolute difference per quantity:");
    LARGEST.forEach((quantity, difference) ->
        System.out.printf("  %-20s %.3g%n", quantity, difference));
  }

  @Test
  void homogeneousStudiesHaveNoHeterogeneity() {
    PooledEstimate pooled = randomEffects.pool(PoolReference.dataset("homogeneous").studies());
    assertThat(pooled.tau2()).isZero();
    assertThat(pooled.iSquared()).isZero();
    assertThat(pooled.hSquared()).isEqualTo(1);
    assertThat(pooled.estimate()).as("tau^2 = 0: the random-effects estimate is the fixed one")
        .isEqualTo(pooled.fixedEstimate());
  }

  @Test
  void identicalEstimatesGiveAZeroWidthIntervalAsInMetafor() {
    PooledEstimate pooled = randomEffects.pool(PoolReference.dataset("identical").studies());
    assertThat(pooled.estimate()).isCloseTo(0.04, within(1e-15));
    assertThat(pooled.standardError()).isZero();
    assertThat(pooled.ciLow()).isEqualTo(pooled.ciHigh());
    assertThat(pooled.predictionLow()).isEqualTo(pooled.predictionHigh());
    assertThat(pooled.pValue()).isZero();
  }

  @Test
  void oneMunicipalityIsNotPooled() {
    List<Study> one = List.of(new Study("Utrecht", 0.04, 0.01));
    assertThatThrownBy(() -> randomEffects.pool(one))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one municipality (Utrecht), not pooled");
    assertThatThrownBy(() -> randomEffects.pool(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no studies");
  }

  @Test
  void studiesAndOptionsAreValidatedWhenBuilt() {
    assertThatThrownBy(() -> new Study("Ede", Double.NaN, 0.01))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ede")
        .hasMessageContaining("estimate");
    assertThatThrownBy(() -> new Study("Ede", 0.1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standard error");
    assertThatThrownBy(() -> new Study("Ede", 0.1, 1e-200))
        .as("its square underflows to 0").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Study("Ede", 0.1, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RandomEffects.Options.DEFAULT.withLevel(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level");
    assertThatThrownBy(() -> new RandomEffects.Options(0.95, 0, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
    assertThatThrownBy(() -> new RandomEffects.Options(0.95, 1e-12, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxIterations");
    assertThat(RandomEffects.Options.DEFAULT)
        .isEqualTo(new RandomEffects.Options(0.95, 1e-12, 1000));
  }

  @Test
  void iterationLimitGivesAFailureResultNotALoop() {
    List<Study> studies = PoolReference.dataset("national342").studies();
    PooledEstimate stopped =
        new RandomEffects(new RandomEffects.Options(0.95, 1e-12, 1)).pool(studies);
    assertThat(stopped.converged()).isFalse();
    assertThat(stopped.iterations()).isEqualTo(2);
    PooledEstimate full = randomEffects.pool(studies);
    assertThat(full.converged()).isTrue();
    assertThat(full.iterations()).isBetween(2, 50);
  }

  @Test
  void levelWidensTheIntervals() {
    List<Study> studies = PoolReference.dataset("heterogeneous").studies();
    PooledEstimate at95 = randomEffects.pool(studies);
    PooledEstimate at99 = new RandomEffects(RandomEffects.Options.DEFAULT.withLevel(0.99))
        .pool(studies);
    assertThat(at99.estimate()).isEqualTo(at95.estimate());
    assertThat(at99.ciLow()).isLessThan(at95.ciLow());
    assertThat(at99.predictionHigh()).isGreaterThan(at95.predictionHigh());
    assertThat(at99.fixedCiHigh()).isGreaterThan(at95.fixedCiHigh());
  }

  @Test
  void orderOfStudiesDoesNotMatterAndRepeatsAreIdentical() {
    List<Study> studies = PoolReference.dataset("realistic30").studies();
    List<Study> reversed = new ArrayList<>(studies);
    java.util.Collections.reverse(reversed);
    PooledEstimate forward = randomEffects.pool(studies);
    assertThat(randomEffects.pool(studies)).isEqualTo(forward);
    PooledEstimate backward = randomEffects.pool(reversed);
    assertThat(backward.estimate()).isCloseTo(forward.estimate(), within(1e-14));
    assertThat(backward.tau2()).isCloseTo(forward.tau2(), within(1e-14));
  }

  @Test
  void aStepBelowZeroIsHalvedAsInMetafor() {
    assertThat(RandomEffects.truncatedStep(1e-4, -3e-4)).as("-3e-4 / 4").isEqualTo(-7.5e-5);
    assertThat(RandomEffects.truncatedStep(1e-4, -1e-4)).isEqualTo(-1e-4);
    assertThat(RandomEffects.truncatedStep(0, -5e-3)).isZero();
    assertThat(RandomEffects.truncatedStep(2e-4, 1e-3)).isEqualTo(1e-3);
    assertThat(RandomEffects.truncatedStep(2e-4, Double.NaN)).isZero();
  }

  @Test
  void aDominantStudyCostsNoDigitsInTheTraces() {
    // Weights 1e12 and 1: P_11 = P_22 = -P_12 = 1e12 / (1e12 + 1), so tr P = 2 * 1e12 /
    // (1e12 + 1) and tr PP = 4 (1e12 / (1e12 + 1))^2, where sum w - sum w^2 / sum w would keep
    // about 4 digits.
    double[] w = {1e12, 1};
    double sum = 1e12 + 1;
    assertThat(RandomEffects.traceP(w, sum)).isCloseTo(2e12 / sum, within(1e-15));
    assertThat(RandomEffects.tracePP(w, sum))
        .isCloseTo(4 * (1e12 / sum) * (1e12 / sum), within(1e-15));
  }
}
