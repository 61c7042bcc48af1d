package nl.samenspel.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import nl.samenspel.estimate.Estimand;
import nl.samenspel.estimate.PropensityModel;
import nl.samenspel.estimate.Trimming;
import org.junit.jupiter.api.Test;

class AdjustedCurvesTest {

  private static final AdjustedCurves.Options UNTRIMMED =
      AdjustedCurves.Options.DEFAULT.withTrimming(Trimming.NONE);

  @Test
  void weightsAreInverseProbabilitiesOfTheOwnArm() {
    int[] treatment = {1, 0, 1, 0, 1};
    double[] propensity = {0.25, 0.25, 0.8, 0.8, 0};
    assertThat(AdjustedCurves.weights(treatment, propensity, Estimand.ATE))
        .containsExactly(new double[] {4, 4.0 / 3, 1.25, 5, 1000}, within(1e-9));
    assertThat(AdjustedCurves.weights(treatment, propensity, Estimand.ATT))
        .containsExactly(new double[] {1, 1.0 / 3, 1, 4, 1}, within(1e-9));
  }

  /** With one propensity for everybody the weights are equal and the curves unweighted. */
  @Test
  void equalPropensitiesGiveThePlainCurves() {
    int[] months = {1, 2, 2, 3, 4, 1, 1, 3, 4, 4};
    int[] events = {1, 0, 1, 1, 0, 1, 0, 0, 1, 0};
    int[] treatment = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    double[] half = new double[10];
    Arrays.fill(half, 0.3);
    AdjustedCurves.Comparison comparison = AdjustedCurves.compare(months, events, treatment,
        half, new AdjustedCurves.Options(WeightedKaplanMeier.Options.DEFAULT.withMaxMonth(4),
            Estimand.ATE, Trimming.NONE, List.of(2, 4)));
    SurvivalCurve treated = WeightedKaplanMeier.fit(Arrays.copyOf(months, 5),
        Arrays.copyOf(events, 5), new double[] {1, 1, 1, 1, 1},
        WeightedKaplanMeier.Options.DEFAULT.withMaxMonth(4));
    assertThat(comparison.treated().survival(3)).isCloseTo(treated.survival(3), within(1e-15));
    assertThat(comparison.treated().standardError(3))
        .isCloseTo(treated.standardError(3), within(1e-15));
    assertThat(comparison.treated().weightedAtRisk(1)).as("normalised to the unit count")
        .isCloseTo(5, within(1e-12));
    // Comparison arm by hand: at risk 5, 3, 3, 2; starts 1, 0, 0, 1: S(4) = 0.8 * 0.5 = 0.4.
    assertThat(comparison.comparison().survival(4)).isCloseTo(0.4, within(1e-15));
    AdjustedCurves.Difference at4 = comparison.incidenceDifferences().get(1);
    assertThat(at4.month()).isEqualTo(4);
    assertThat(at4.estimate()).isCloseTo(0.7 - 0.6, within(1e-15));
    assertThat(at4.standardError()).isCloseTo(Math.hypot(treated.standardError(4),
        comparison.comparison().standardError(4)), within(1e-15));
    assertThat(at4.upper() - at4.estimate()).isCloseTo(1.959963984540054 * at4.standardError(),
        within(1e-12));
    // Restricted means: 1 + 0.8 + 0.6 + 0.3 = 2.7 against 1 + 0.8 + 0.8 + 0.8 = 3.4.
    assertThat(comparison.restrictedMeanDifference().estimate()).isCloseTo(-0.7,
        within(1e-12));
    assertThat(comparison.trimmed()).isZero();
  }

  @Test
  void theTrimmingRuleLeavesUnitsOutAndCountsThem() {
    int n = 40;
    int[] months = IntStream.range(0, n).map(i -> 1 + i % 24).toArray();
    int[] events = IntStream.range(0, n).map(i -> i % 3 == 0 ? 1 : 0).toArray();
    int[] treatment = IntStream.range(0, n).map(i -> i % 2).toArray();
    double[] propensity = IntStream.range(0, n).mapToDouble(i -> i < 4 ? 0.01 : 0.5).toArray();
    AdjustedCurves.Comparison comparison = AdjustedCurves.compare(months, events, treatment,
        propensity, AdjustedCurves.Options.DEFAULT);
    assertThat(comparison.trimmed()).isEqualTo(4);
    assertThat(comparison.treated().counts().units() + comparison.comparison().counts().units())
        .isEqualTo(36);
  }

  @Test
  void aggregatedCountsGiveTheSameComparison() {
    SplittableRandom random = new SplittableRandom(3);
    int n = 500;
    int[] months = new int[n];
    int[] events = new int[n];
    int[] treatment = new int[n];
    double[] propensity = new double[n];
    for (int i = 0; i < n; i++) {
      months[i] = random.nextInt(0, 30);
      events[i] = months[i] > 0 && random.nextBoolean() ? 1 : 0;
      treatment[i] = random.nextInt(2);
      propensity[i] = 0.2 + 0.6 * random.nextDouble();
    }
    AdjustedCurves.Comparison units = AdjustedCurves.compare(months, events, treatment,
        propensity, UNTRIMMED);
    double[] weights = AdjustedCurves.weights(treatment, propensity, Estimand.ATE);
    MonthlyCounts.Builder[] tables = {MonthlyCounts.builder(24), MonthlyCounts.builder(24)};
    for (int i = 0; i < n; i++) {
      tables[treatment[i]].add(months[i], events[i], weights[i]);
    }
    AdjustedCurves.Comparison sums = AdjustedCurves.compare(tables[1].build(),
        tables[0].build(), 0, UNTRIMMED);
    for (int k = 0; k < 3; k++) {
      assertThat(sums.incidenceDifferences().get(k).estimate())
          .isCloseTo(units.incidenceDifferences().get(k).estimate(), within(1e-12));
      assertThat(sums.incidenceDifferences().get(k).standardError())
          .isCloseTo(units.incidenceDifferences().get(k).standardError(), within(1e-12));
    }
    assertThat(sums.restrictedMeanDifference().standardError())
        .isCloseTo(units.restrictedMeanDifference().standardError(), within(1e-12));
    assertThat(units.incidenceDifference(12)).isEqualTo(units.incidenceDifferences().get(1));
    assertThat(units.restrictedMeanDifference(24)).isEqualTo(units.restrictedMeanDifference());
  }

  @Test
  void crossFittedPropensitiesAreReproducibleAndOutOfFold() {
    SplittableRandom random = new SplittableRandom(11);
    int n = 400;
    double[][] x = new double[n][];
    int[] treatment = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {random.nextGaussian(), random.nextInt(2)};
      double p = 1 / (1 + Math.exp(-(0.8 * x[i][0] - 0.5 * x[i][1])));
      treatment[i] = random.nextDouble() < p ? 1 : 0;
    }
    double[] first = AdjustedCurves.crossFittedPropensity(treatment, x, 5, 9,
        PropensityModel.Options.DEFAULT);
    double[] second = AdjustedCurves.crossFittedPropensity(treatment, x, 5, 9,
        PropensityModel.Options.DEFAULT);
    assertThat(first).containsExactly(second);
    double[] full = AdjustedCurves.crossFittedPropensity(treatment, x, 1, 9,
        PropensityModel.Options.DEFAULT);
    double[] direct = PropensityModel.fitBinary(x, treatment, PropensityModel.Options.DEFAULT)
        .probabilities(x);
    assertThat(full).containsExactly(direct, within(1e-12));
    double largest = 0;
    for (int i = 0; i < n; i++) {
      largest = Math.max(largest, Math.abs(first[i] - full[i]));
    }
    assertThat(largest).as("out-of-fold predictions differ a little from the full fit")
        .isBetween(1e-6, 0.1);
  }

  @Test
  void invalidInputIsRejected() {
    int[] months = {1, 2, 3, 4};
    int[] events = {1, 0, 1, 0};
    assertThatThrownBy(() -> AdjustedCurves.compare(months, events, new int[] {1, 0, 2, 0},
        new double[] {0.5, 0.5, 0.5, 0.5}, UNTRIMMED)).hasMessageContaining("0 or 1");
    assertThatThrownBy(() -> AdjustedCurves.compare(months, events, new int[] {1, 0, 1, 0},
        new double[] {0.5, 0.5, 1.5, 0.5}, UNTRIMMED)).hasMessageContaining("outside [0, 1]");
    assertThatThrownBy(() -> AdjustedCurves.compare(months, events, new int[] {1, 1, 1, 0},
        new double[] {0.5, 0.5, 0.5, 0.5}, UNTRIMMED)).hasMessageContaining("too few");
    assertThatThrownBy(() -> AdjustedCurves.compare(months, events, new int[] {1, 0},
        new double[] {0.5, 0.5}, UNTRIMMED)).hasMessageContaining("differ in length");
    assertThatThrownBy(() -> UNTRIMMED.withLandmarks(List.of(25)))
        .hasMessageContaining("landmark month 25");
  }

  @Test
  void defaultsArePinned() {
    assertThat(AdjustedCurves.Options.DEFAULT.landmarkMonths()).containsExactly(6, 12, 18);
    assertThat(AdjustedCurves.Options.DEFAULT.estimand()).isEqualTo(Estimand.ATE);
    assertThat(AdjustedCurves.Options.DEFAULT.trimming()).isEqualTo(Trimming.DEFAULT);
    assertThat(AdjustedCurves.Options.DEFAULT.curves())
        .isEqualTo(WeightedKaplanMeier.Options.DEFAULT);
  }
}
