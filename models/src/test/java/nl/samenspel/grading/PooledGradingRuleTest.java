package nl.samenspel.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.samenspel.evidence.Combination;
import nl.samenspel.pool.Contribution;
import nl.samenspel.pool.PooledEstimate;
import nl.samenspel.pool.PooledFinding;
import org.junit.jupiter.api.Test;

/** Pins every step of the pooled grading rule (docs/evidence-grading.md, "Pooled evidence"). */
class PooledGradingRuleTest {

  private static final PooledGradingRule RULE =
      new PooledGradingRule(PooledGradingRule.Thresholds.DEFAULT);
  private static final Combination SINGLE = new Combination("ALL", List.of("KM_A"));

  /** A pooled finding with the given interval, prediction interval, I², k and reasons. */
  private static PooledFinding finding(Combination combination, double estimate, double low,
      double high, double predictionLow, double predictionHigh, double i2, int k,
      List<String> municipalityReasons, double rateComparison) {
    PooledEstimate pooled = new PooledEstimate(estimate, (high - low) / 4, low, high, 0.001,
        k - 1, predictionLow, predictionHigh, 0.0001, 0.01, i2, 1 / (1 - i2), 10, 0.2,
        estimate, 0.01, low, high, k, 5, true);
    List<Contribution> contributions = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      contributions.add(new Contribution("GM900" + i, "2023", estimate, 0.02, estimate - 0.04,
          estimate + 0.04, 100L, 400L, rateComparison + estimate, rateComparison, "LOW",
          i < municipalityReasons.size() ? List.of(municipalityReasons.get(i)) : List.of()));
      weights.add(1.0 / k);
    }
    return new PooledFinding(combination, pooled, contributions, weights, Map.of(), List.of(),
        0.001, rateComparison, null, null);
  }

  private static Grade grade(PooledFinding f) {
    return RULE.grade(f, Map.of());
  }

  @Test
  void aNarrowConsistentFindingFromManyMunicipalitiesStaysLow() {
    Grade g = grade(finding(SINGLE, 0.06, 0.04, 0.08, 0.02, 0.10, 0.2, 10, List.of(), 0.2));
    assertThat(g.reasons()).isEmpty();
    assertThat(g.certainty()).isEqualTo(Certainty.LOW);
  }

  @Test
  void imprecisionGoesDownAndIsCappedAtTwo() {
    Grade g = grade(finding(SINGLE, 0.02, -0.10, 0.14, -0.20, 0.24, 0.1, 3, List.of(), 0.2));
    assertThat(g.reasons()).containsExactly(Reason.INTERVAL_INCLUDES_ZERO,
        Reason.WIDE_INTERVAL, Reason.FEW_MUNICIPALITIES);
    assertThat(g.certainty()).isEqualTo(Certainty.VERY_LOW);
  }

  @Test
  void inconsistencyGoesDownForLargeI2AndForAPredictionIntervalAcrossZero() {
    Grade g = grade(finding(SINGLE, 0.06, 0.02, 0.10, -0.05, 0.17, 0.7, 10, List.of(), 0.2));
    assertThat(g.reasons()).containsExactly(Reason.LARGE_HETEROGENEITY,
        Reason.PREDICTION_INCLUDES_ZERO);
    assertThat(g.certainty()).isEqualTo(Certainty.VERY_LOW);
    // I² at the limit is not "large"; the prediction interval alone costs one level.
    Grade h = grade(finding(SINGLE, 0.06, 0.02, 0.10, -0.05, 0.17, 0.5, 10, List.of(), 0.2));
    assertThat(h.reasons()).containsExactly(Reason.PREDICTION_INCLUDES_ZERO);
  }

  @Test
  void riskOfBiasCarriesOverOnlyWhenMostOfTheWeightHasIt() {
    List<String> six = List.of("IMBALANCE", "PLACEBO_FAILED", "SEVERE_IMBALANCE",
        "NEGATIVE_CONTROL_FAILED", "IMBALANCE", "IMBALANCE");
    Grade most = grade(finding(SINGLE, 0.06, 0.04, 0.08, 0.02, 0.10, 0.2, 10, six, 0.2));
    assertThat(most.reasons()).containsExactly(Reason.RISK_OF_BIAS_IN_MUNICIPALITIES);
    Grade half = grade(finding(SINGLE, 0.06, 0.04, 0.08, 0.02, 0.10, 0.2, 10,
        six.subList(0, 5), 0.2));
    assertThat(half.reasons()).isEmpty();
    Grade narrow = grade(finding(SINGLE, 0.06, 0.04, 0.08, 0.02, 0.10, 0.2, 4,
        List.of("NARROW_POPULATION", "NARROW_POPULATION", "NARROW_POPULATION"), 0.2));
    assertThat(narrow.reasons()).containsExactly(Reason.FEW_MUNICIPALITIES,
        Reason.NARROW_POPULATION_IN_MUNICIPALITIES);
  }

  @Test
  void aLargePooledAssociationGoesUpWhenNothingWentDown() {
    // Comparison rate 0.05, +0.06: relative risk 2.2.
    Grade g = grade(finding(SINGLE, 0.06, 0.04, 0.08, 0.02, 0.10, 0.2, 10, List.of(), 0.05));
    assertThat(g.reasons()).containsExactly(Reason.LARGE_EFFECT);
    assertThat(g.certainty()).isEqualTo(Certainty.MODERATE);
  }

  @Test
  void aPooledPairAboveBothPooledSinglesIsAGradient() {
    Combination a = new Combination("ALL", List.of("KM_A"));
    Combination b = new Combination("ALL", List.of("IC_B"));
    Combination pair = new Combination("ALL", List.of("IC_B", "KM_A"));
    PooledFinding fa = finding(a, 0.03, 0.01, 0.05, 0.00, 0.06, 0.1, 10, List.of(), 0.2);
    PooledFinding fb = finding(b, 0.02, 0.005, 0.035, 0.001, 0.04, 0.1, 10, List.of(), 0.2);
    PooledFinding fp = finding(pair, 0.07, 0.05, 0.09, 0.03, 0.11, 0.1, 10, List.of(), 0.2);
    Map<Combination, Grade> grades = RULE.gradeAll(List.of(fa, fb, fp));
    assertThat(grades.get(pair).reasons()).containsExactly(Reason.GRADIENT);
    assertThat(grades.get(pair).certainty()).isEqualTo(Certainty.MODERATE);
  }

  @Test
  void thresholdsAreValidatedWhenBuilt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PooledGradingRule.Thresholds(
        GradingRule.Thresholds.DEFAULT, 1.5, 5, 0.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("largeHeterogeneity");
  }
}
