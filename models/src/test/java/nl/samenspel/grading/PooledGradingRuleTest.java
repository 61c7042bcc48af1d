package nl.samenspel.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
          i < municipalityReasons.size() ? List.of(municipalityReasons.get(i)) : List.of(),
          Contribution.Checks.NONE));
      weights.add(1.0 / k);
    }
    return new PooledFinding(combination, pooled, contributions, weights, Map.of(), List.of(),
        0.001, rateComparison, null, null, PooledFinding.Refuters.NONE);
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

  /** The same finding with every contribution's checks and counts replaced. */
  private static PooledFinding withChecks(PooledFinding f, int affected, double imbalance,
      long treated, long comparison, PooledFinding.Refuters refuters) {
    List<Contribution> contributions = new ArrayList<>();
    for (int i = 0; i < f.contributions().size(); i++) {
      Contribution c = f.contributions().get(i);
      contributions.add(new Contribution(c.municipality(), c.period(), c.estimate(),
          c.standardError(), c.ciLow(), c.ciHigh(), treated, comparison, c.rateTreated(),
          c.rateComparison(), c.certainty(), c.reasons(), i < affected
              ? new Contribution.Checks(imbalance, new double[] {0, -0.05, 0.05},
                  new double[] {0, -0.05, 0.05}) : Contribution.Checks.NONE));
    }
    return new PooledFinding(f.combination(), f.pooled(), contributions, f.weights(),
        f.notEstimated(), f.absent(), f.qValue(), f.rateComparison(), null, null, refuters);
  }

  @Test
  void imbalanceBeyondChanceInMostOfTheWeightIsARiskOfBias() {
    PooledFinding base = finding(SINGLE, 0.06, 0.04, 0.08, 0.02, 0.10, 0.2, 10, List.of(), 0.2);
    // 1,000 against 4,000 clients: chance explains a largest |SMD| up to about 0.11.
    // R: uniroot(function(c) (2 * pnorm(c) - 1)^23 - 0.95, c(1, 6))$root = 3.058072
    assertThat(PooledGradingRule.CHANCE_QUANTILE).isCloseTo(3.058072, within(1e-5));
    assertThat(grade(withChecks(base, 6, 0.30, 1000, 4000, PooledFinding.Refuters.NONE))
        .reasons()).containsExactly(Reason.RISK_OF_BIAS_IN_MUNICIPALITIES);
    // Half of the weight is not most of it.
    assertThat(grade(withChecks(base, 5, 0.30, 1000, 4000, PooledFinding.Refuters.NONE))
        .reasons()).isEmpty();
    // 40 against 300 clients: a largest |SMD| of 0.30 is what chance gives there.
    assertThat(grade(withChecks(base, 10, 0.30, 40, 300, PooledFinding.Refuters.NONE))
        .reasons()).isEmpty();
  }

  @Test
  void refutersThatFailAcrossMunicipalitiesAreARiskOfBias() {
    PooledFinding base = finding(SINGLE, 0.06, 0.04, 0.08, 0.02, 0.10, 0.2, 10, List.of(), 0.2);
    PooledEstimate failing = new PooledEstimate(0.03, 0.01, 0.01, 0.05, 0.01, 9, 0.0, 0.06,
        0, 0, 0, 1, 5, 0.8, 0.03, 0.01, 0.01, 0.05, 10, 3, true);
    PooledEstimate passing = new PooledEstimate(0.01, 0.01, -0.01, 0.03, 0.3, 9, -0.02, 0.04,
        0, 0, 0, 1, 5, 0.8, 0.01, 0.01, -0.01, 0.03, 10, 3, true);
    Grade both = grade(withChecks(base, 0, 0, 100, 400,
        new PooledFinding.Refuters(failing, failing)));
    assertThat(both.reasons()).containsExactly(Reason.PLACEBO_FAILED,
        Reason.NEGATIVE_CONTROL_FAILED);
    assertThat(both.certainty()).isEqualTo(Certainty.VERY_LOW);
    assertThat(grade(withChecks(base, 0, 0, 100, 400,
        new PooledFinding.Refuters(passing, passing))).reasons()).isEmpty();
  }

  @Test
  void aNarrowPopulationCarriesOverWhenMostOfTheWeightTrimmedMany() {
    Grade narrow = grade(finding(SINGLE, 0.06, 0.04, 0.08, 0.02, 0.10, 0.2, 4,
        List.of("NARROW_POPULATION", "NARROW_POPULATION", "NARROW_POPULATION"), 0.2));
    assertThat(narrow.reasons()).containsExactly(Reason.FEW_MUNICIPALITIES,
        Reason.NARROW_POPULATION_IN_MUNICIPALITIES);
    // A municipality's own imbalance flag alone does not carry over: chance in small groups.
    assertThat(grade(finding(SINGLE, 0.06, 0.04, 0.08, 0.02, 0.10, 0.2, 10,
        List.of("IMBALANCE", "IMBALANCE", "IMBALANCE", "IMBALANCE", "IMBALANCE", "IMBALANCE"),
        0.2)).reasons()).isEmpty();
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
