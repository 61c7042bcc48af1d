package nl.samenspel.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WeightedKaplanMeierTest {

  private static final WeightedKaplanMeier.Options FOUR_MONTHS =
      WeightedKaplanMeier.Options.DEFAULT.withMaxMonth(4);

  // Five clients: starts in months 1, 2 and 3, censored in months 2 and 4.
  private static final int[] MONTHS = {1, 2, 2, 3, 4};
  private static final int[] EVENTS = {1, 0, 1, 1, 0};

  private static double[] ones(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1);
    return w;
  }

  /**
   * By hand: at risk 5, 4, 2, 1 in months 1..4 with 1, 1, 1, 0 starts, so S = 4/5, 3/5, 3/10,
   * 3/10, and the restricted mean over 4 months is 1 + 0.8 + 0.6 + 0.3 = 2.7.
   */
  @Test
  void unweightedCurveIsTheProductLimit() {
    SurvivalCurve curve = WeightedKaplanMeier.fit(MONTHS, EVENTS, ones(5), FOUR_MONTHS);
    assertThat(curve.survival(0)).isEqualTo(1);
    assertThat(curve.survival(1)).isCloseTo(0.8, within(1e-15));
    assertThat(curve.survival(2)).isCloseTo(0.6, within(1e-15));
    assertThat(curve.survival(3)).isCloseTo(0.3, within(1e-15));
    assertThat(curve.survival(4)).isCloseTo(0.3, within(1e-15));
    assertThat(curve.cumulativeIncidence(3)).isCloseTo(0.7, within(1e-15));
    assertThat(curve.restrictedMean().estimate()).isCloseTo(2.7, within(1e-12));
    assertThat(curve.restrictedMean(2).estimate()).isCloseTo(1.8, within(1e-12));
    assertThat(curve.atRisk(3)).isEqualTo(2);
    assertThat(curve.events(2)).isEqualTo(1);
    assertThat(curve.standardError(0)).isZero();
  }

  /**
   * The infinitesimal jackknife by definition: the derivative of the estimate with respect to
   * each unit's weight, times the weight, squared and summed. Central differences of the
   * product-limit estimate give the same standard errors as the closed form.
   */
  @Test
  void standardErrorsAreTheInfinitesimalJackknife() {
    int[] months = {1, 1, 2, 3, 3, 3, 5, 6, 6, 8, 0, 8, 4};
    int[] events = {1, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1};
    double[] weights = {1.2, 0.7, 2.5, 1.0, 3.1, 0.4, 1.9, 2.2, 0.9, 1.3, 2.0, 0.6, 1.7};
    WeightedKaplanMeier.Options options = WeightedKaplanMeier.Options.DEFAULT.withMaxMonth(8);
    SurvivalCurve curve = WeightedKaplanMeier.fit(months, events, weights, options);
    double h = 1e-6;
    for (int t = 1; t <= 8; t++) {
      double variance = 0;
      double meanVariance = 0;
      for (int i = 0; i < months.length; i++) {
        double[] up = weights.clone();
        double[] down = weights.clone();
        up[i] += h;
        down[i] -= h;
        SurvivalCurve upper = WeightedKaplanMeier.fit(months, events, up, options);
        SurvivalCurve lower = WeightedKaplanMeier.fit(months, events, down, options);
        double derivative = (upper.survival(t) - lower.survival(t)) / (2 * h);
        variance += Math.pow(weights[i] * derivative, 2);
        double meanDerivative = (upper.restrictedMean(t).estimate()
            - lower.restrictedMean(t).estimate()) / (2 * h);
        meanVariance += Math.pow(weights[i] * meanDerivative, 2);
      }
      assertThat(curve.standardError(t)).as("month " + t)
          .isCloseTo(Math.sqrt(variance), within(1e-7));
      assertThat(curve.restrictedMean(t).standardError()).as("restricted mean to " + t)
          .isCloseTo(Math.sqrt(meanVariance), within(1e-7));
    }
  }

  @Test
  void scalingAllWeightsChangesNothing() {
    double[] weights = {1.5, 0.5, 2.0, 1.0, 3.0};
    double[] scaled = Arrays.stream(weights).map(w -> 7 * w).toArray();
    SurvivalCurve curve = WeightedKaplanMeier.fit(MONTHS, EVENTS, weights, FOUR_MONTHS);
    SurvivalCurve same = WeightedKaplanMeier.fit(MONTHS, EVENTS, scaled, FOUR_MONTHS);
    for (int t = 0; t <= 4; t++) {
      assertThat(same.survival(t)).isCloseTo(curve.survival(t), within(1e-14));
      assertThat(same.standardError(t)).isCloseTo(curve.standardError(t), within(1e-14));
    }
    assertThat(same.restrictedMean().standardError())
        .isCloseTo(curve.restrictedMean().standardError(), within(1e-13));
  }

  @Test
  void aggregatedCountsGiveTheSameCurve() {
    double[] weights = {1.5, 0.5, 2.0, 1.0, 3.0};
    MonthlyCounts units = MonthlyCounts.of(MONTHS, EVENTS, weights, 4);
    long[] eventCount = new long[5];
    double[] eventWeight = new double[5];
    double[] eventSquares = new double[5];
    long[] censoredCount = new long[5];
    double[] censoredWeight = new double[5];
    double[] censoredSquares = new double[5];
    for (int i = 0; i < MONTHS.length; i++) {
      if (EVENTS[i] == 1) {
        eventCount[MONTHS[i]]++;
        eventWeight[MONTHS[i]] += weights[i];
        eventSquares[MONTHS[i]] += weights[i] * weights[i];
      } else {
        censoredCount[MONTHS[i]]++;
        censoredWeight[MONTHS[i]] += weights[i];
        censoredSquares[MONTHS[i]] += weights[i] * weights[i];
      }
    }
    MonthlyCounts sums = MonthlyCounts.fromSums(4, eventCount, eventWeight, eventSquares,
        censoredCount, censoredWeight, censoredSquares);
    MonthlyCounts halves = MonthlyCounts.of(Arrays.copyOf(MONTHS, 2), Arrays.copyOf(EVENTS, 2),
        Arrays.copyOf(weights, 2), 4).plus(MonthlyCounts.of(Arrays.copyOfRange(MONTHS, 2, 5),
        Arrays.copyOfRange(EVENTS, 2, 5), Arrays.copyOfRange(weights, 2, 5), 4));
    SurvivalCurve expected = WeightedKaplanMeier.fit(units, FOUR_MONTHS);
    for (MonthlyCounts counts : new MonthlyCounts[] {sums, halves}) {
      SurvivalCurve curve = WeightedKaplanMeier.fit(counts, FOUR_MONTHS);
      for (int t = 0; t <= 4; t++) {
        assertThat(curve.survival(t)).isCloseTo(expected.survival(t), within(1e-15));
        assertThat(curve.standardError(t)).isCloseTo(expected.standardError(t), within(1e-15));
      }
    }
    assertThat(units.units()).isEqualTo(5);
    assertThat(units.totalWeight()).isCloseTo(8, within(1e-15));
    assertThat(units.effectiveSize()).isCloseTo(64 / 16.5, within(1e-12));
  }

  @Test
  void monthsAfterTheLastMonthCountAsCensoredThere() {
    SurvivalCurve curve = WeightedKaplanMeier.fit(new int[] {1, 9, 30}, new int[] {1, 1, 0},
        ones(3), FOUR_MONTHS);
    assertThat(curve.survival(4)).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(curve.counts().censoredCount(4)).isEqualTo(2);
    assertThat(curve.atRisk(4)).isEqualTo(2);
  }

  @Test
  void monthsWithNobodyAtRiskCannotBeEstimated() {
    SurvivalCurve curve = WeightedKaplanMeier.fit(new int[] {1, 2, 3}, new int[] {1, 0, 0},
        ones(3), FOUR_MONTHS);
    assertThat(curve.lastEstimableMonth()).isEqualTo(3);
    assertThat(curve.survival(3)).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(curve.survival(4)).isNaN();
    assertThat(curve.standardError(4)).isNaN();
    assertThat(curve.survivalInterval(4).lower()).isNaN();
    assertThat(curve.restrictedMean(4).estimate()).as("needs S(3) only").isCloseTo(
        1 + 2.0 / 3 + 2.0 / 3 + 2.0 / 3, within(1e-12));
    SurvivalCurve shorter = WeightedKaplanMeier.fit(new int[] {1, 2}, new int[] {1, 0},
        ones(2), FOUR_MONTHS);
    assertThat(shorter.restrictedMean().estimate()).isNaN();
    assertThat(shorter.restrictedMean().standardError()).isNaN();
  }

  @Test
  void aCurveThatReachesZeroStaysThereWithoutUncertainty() {
    SurvivalCurve curve = WeightedKaplanMeier.fit(new int[] {1, 2, 2}, new int[] {1, 1, 1},
        new double[] {1, 2, 3}, FOUR_MONTHS);
    assertThat(curve.survival(1)).isCloseTo(5.0 / 6, within(1e-15));
    assertThat(curve.standardError(1)).isPositive();
    assertThat(curve.survival(2)).isZero();
    assertThat(curve.survival(4)).isZero();
    assertThat(curve.standardError(2)).isZero();
    assertThat(curve.lastEstimableMonth()).isEqualTo(4);
    assertThat(curve.incidenceInterval(3)).isEqualTo(new Interval(1, 1));
    assertThat(curve.restrictedMean().estimate()).isCloseTo(1 + 5.0 / 6, within(1e-15));
  }

  @Test
  void intervalsAreThePointWhereSIsZeroOrOne() {
    for (IntervalTransform transform : IntervalTransform.values()) {
      assertThat(transform.survival(1, 0, 1.96)).isEqualTo(new Interval(1, 1));
      assertThat(transform.survival(0, 0, 1.96)).isEqualTo(new Interval(0, 0));
      Interval interval = transform.survival(0.6, 0.1, 1.96);
      assertThat(interval.covers(0.6)).as(transform.name()).isTrue();
      assertThat(interval.lower()).isGreaterThanOrEqualTo(0);
      assertThat(interval.upper()).isLessThanOrEqualTo(1);
    }
    assertThat(IntervalTransform.PLAIN.survival(0.6, 0.1, 1.96).lower())
        .isCloseTo(0.404, within(1e-12));
    assertThat(IntervalTransform.PLAIN.survival(0.95, 0.1, 1.96).upper()).isEqualTo(1);
  }

  @Test
  void invalidInputIsRejected() {
    assertThatThrownBy(() -> WeightedKaplanMeier.fit(new int[] {0}, new int[] {1}, ones(1),
        FOUR_MONTHS)).hasMessageContaining("month 0");
    assertThatThrownBy(() -> WeightedKaplanMeier.fit(new int[] {-1}, new int[] {0}, ones(1),
        FOUR_MONTHS)).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> WeightedKaplanMeier.fit(new int[] {1}, new int[] {2}, ones(1),
        FOUR_MONTHS)).hasMessageContaining("0 or 1");
    assertThatThrownBy(() -> WeightedKaplanMeier.fit(new int[] {1}, new int[] {1},
        new double[] {0}, FOUR_MONTHS)).hasMessageContaining("positive");
    assertThatThrownBy(() -> WeightedKaplanMeier.fit(new int[] {1, 2}, new int[] {1}, ones(2),
        FOUR_MONTHS)).hasMessageContaining("differ in length");
    assertThatThrownBy(() -> WeightedKaplanMeier.fit(MonthlyCounts.unweighted(MONTHS, EVENTS, 5),
        FOUR_MONTHS)).hasMessageContaining("cover 5 months");
    assertThatThrownBy(() -> new WeightedKaplanMeier.Options(0, 0.95,
        IntervalTransform.LOG_LOG)).hasMessageContaining("maximum month");
    assertThatThrownBy(() -> new WeightedKaplanMeier.Options(24, 1, IntervalTransform.LOG))
        .hasMessageContaining("confidence level");
    SurvivalCurve curve = WeightedKaplanMeier.fit(MONTHS, EVENTS, ones(5), FOUR_MONTHS);
    assertThatThrownBy(() -> curve.survival(5)).hasMessageContaining("0..4");
    assertThatThrownBy(() -> curve.restrictedMean(0)).hasMessageContaining("horizon");
  }

  @Test
  void defaultsArePinned() {
    assertThat(WeightedKaplanMeier.Options.DEFAULT).isEqualTo(
        new WeightedKaplanMeier.Options(24, 0.95, IntervalTransform.LOG_LOG));
    assertThat(WeightedKaplanMeier.Options.DEFAULT.criticalValue())
        .isCloseTo(1.959963984540054, within(1e-12));
  }
}
