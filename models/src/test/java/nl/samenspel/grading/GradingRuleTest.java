package nl.samenspel.grading;

import static nl.samenspel.evidence.EvidenceFixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.EvidenceRecord;
import org.junit.jupiter.api.Test;

/** Pins the grading rule of docs/evidence-grading.md, one reason at a time. */
class GradingRuleTest {

  private static final GradingRule RULE = new GradingRule(GradingRule.Thresholds.DEFAULT);

  private static Grade grade(EvidenceRecord record) {
    return RULE.grade(record, Map.of());
  }

  @Test
  void aCleanModerateAssociationStaysLow() {
    Grade grade = grade(finding("ALL", "KM_A").build());
    assertThat(grade.certainty()).isEqualTo(Certainty.LOW);
    assertThat(grade.reasons()).isEmpty();
  }

  @Test
  void anIntervalThroughZeroGoesDownOneLevel() {
    Grade grade = grade(finding("ALL", "KM_A").estimate(0.02, -0.01, 0.05).build());
    assertThat(grade.certainty()).isEqualTo(Certainty.VERY_LOW);
    assertThat(grade.reasons()).containsExactly(Reason.INTERVAL_INCLUDES_ZERO);
  }

  @Test
  void imprecisionIsCappedAtTwoLevelsAndTheScaleAtVeryLow() {
    Grade grade = grade(finding("ALL", "KM_A").estimate(0.05, -0.15, 0.25)
        .effective(40, 900).build());
    assertThat(grade.reasons()).containsExactly(Reason.INTERVAL_INCLUDES_ZERO,
        Reason.WIDE_INTERVAL, Reason.SMALL_GROUPS);
    assertThat(GradingRule.levels(grade.reasons())).isEqualTo(-2);
    assertThat(grade.certainty()).isEqualTo(Certainty.VERY_LOW);
  }

  @Test
  void aSignificantResultAmongManyComparisonsIsImprecise() {
    Grade grade = grade(finding("ALL", "KM_A").pq(0.02, 0.08).build());
    assertThat(grade.reasons()).containsExactly(Reason.CHANCE_AMONG_MANY);
  }

  @Test
  void imbalanceAfterWeightingGoesDownOneOrTwoLevels() {
    assertThat(grade(finding("ALL", "KM_A").balance(0.4, 0.15).build()).reasons())
        .containsExactly(Reason.IMBALANCE);
    Grade severe = grade(finding("ALL", "KM_A").balance(0.4, 0.30).build());
    assertThat(severe.reasons()).containsExactly(Reason.SEVERE_IMBALANCE);
    assertThat(GradingRule.levels(severe.reasons())).isEqualTo(-2);
  }

  @Test
  void failedRefutersGoDownAndShareTheRiskOfBiasCap() {
    Grade grade = grade(finding("ALL", "KM_A").placebo(0.04, 0.01, 0.07)
        .negativeControl(0.05, 0.02, 0.08).balance(0.4, 0.15).build());
    assertThat(grade.reasons()).containsExactly(Reason.IMBALANCE, Reason.PLACEBO_FAILED,
        Reason.NEGATIVE_CONTROL_FAILED);
    assertThat(GradingRule.levels(grade.reasons())).as("risk of bias counts at most two levels")
        .isEqualTo(-2);
  }

  @Test
  void refutersThatWereNotRunDoNotCount() {
    Grade grade = grade(finding("ALL", "KM_A").placebo(Double.NaN, Double.NaN, Double.NaN)
        .negativeControl(Double.NaN, Double.NaN, Double.NaN).build());
    assertThat(grade.reasons()).isEmpty();
  }

  @Test
  void aDiagnosticThatCouldNotBeComputedCountsAgainstTheFinding() {
    Grade grade = grade(finding("ALL", "KM_A").pq(0.01, Double.NaN).balance(0.3, Double.NaN)
        .effective(Double.NaN, 900).rates(0.40, 0.18).build());
    assertThat(grade.reasons()).containsExactly(Reason.CHANCE_AMONG_MANY, Reason.SMALL_GROUPS,
        Reason.IMBALANCE);
    assertThat(grade.upgrades()).isEmpty();
  }

  @Test
  void heavyTrimmingNarrowsThePopulation() {
    assertThat(grade(finding("ALL", "KM_A").trimmed(0.35).build()).reasons())
        .containsExactly(Reason.NARROW_POPULATION);
  }

  @Test
  void aLargeAssociationGoesUpOnlyWithoutLimitations() {
    Grade large = grade(finding("ALL", "KM_A").rates(0.40, 0.18).build());
    assertThat(large.certainty()).isEqualTo(Certainty.MODERATE);
    assertThat(large.upgrades()).containsExactly(Reason.LARGE_EFFECT);

    Grade harmful = grade(finding("ALL", "IC_B").estimate(-0.12, -0.16, -0.08)
        .rates(0.04, 0.25).build());
    assertThat(harmful.upgrades()).as("1/RR = 6.25").containsExactly(Reason.VERY_LARGE_EFFECT);
    assertThat(harmful.certainty()).isEqualTo(Certainty.HIGH);

    Grade limited = grade(finding("ALL", "KM_A").rates(0.40, 0.18).balance(0.4, 0.15).build());
    assertThat(limited.upgrades()).isEmpty();
    assertThat(limited.certainty()).isEqualTo(Certainty.VERY_LOW);
  }

  @Test
  void aPairAboveBothOfItsSinglesIsAGradient() {
    EvidenceRecord first = finding("CONTEXT", "IC_A").estimate(0.05, 0.02, 0.08).build();
    EvidenceRecord second = finding("CONTEXT", "KM_B").estimate(0.06, 0.03, 0.09).build();
    EvidenceRecord pair = finding("CONTEXT", "IC_A", "KM_B").estimate(0.12, 0.08, 0.16).build();
    Map<Combination, Grade> grades = RULE.gradeAll(List.of(first, second, pair));
    assertThat(grades.get(pair.combination()).upgrades()).containsExactly(Reason.GRADIENT);
    assertThat(grades.get(pair.combination()).certainty()).isEqualTo(Certainty.MODERATE);

    EvidenceRecord opposite = finding("CONTEXT", "KM_B").estimate(-0.02, -0.05, 0.01).build();
    assertThat(RULE.gradeAll(List.of(first, opposite, pair)).get(pair.combination()).upgrades())
        .as("a single in the other direction is no gradient").isEmpty();
    assertThat(RULE.gradeAll(List.of(first, pair)).get(pair.combination()).upgrades())
        .as("without both singles there is nothing to compare").isEmpty();
  }

  @Test
  void thresholdsAreValidatedWhenBuilt() {
    assertThatThrownBy(() -> new GradingRule.Thresholds(0.2, 0.05, 100, 0.3, 0.25, 0.2, 2, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imbalanceSmd");
  }

  @Test
  void moveStaysOnTheScale() {
    assertThat(Certainty.LOW.move(-5)).isEqualTo(Certainty.VERY_LOW);
    assertThat(Certainty.LOW.move(5)).isEqualTo(Certainty.HIGH);
  }
}
