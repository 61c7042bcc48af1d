package nl.samenspel.grading;

import static nl.samenspel.evidence.EvidenceFixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.EvidenceRecord;
import org.junit.jupiter.api.Test;

class HighlightsTest {

  private static final GradingRule RULE = new GradingRule(GradingRule.Thresholds.DEFAULT);

  @Test
  void strongestAreTheMostCertainResultsAndDoubtfulTheLeastCertainLookalikes() {
    EvidenceRecord large = finding("ALL", "KM_A").rates(0.40, 0.18).build();
    EvidenceRecord plain = finding("ALL", "KM_B").build();
    EvidenceRecord smaller = finding("ALL", "KM_C").estimate(0.05, 0.02, 0.08).build();
    EvidenceRecord nothing = finding("ALL", "KM_D").estimate(0.01, -0.02, 0.04).build();
    EvidenceRecord imbalanced = finding("ALL", "IC_E").estimate(0.09, 0.05, 0.13)
        .balance(0.5, 0.3).placebo(0.03, 0.01, 0.05).build();
    EvidenceRecord imprecise = finding("ALL", "AM_F").estimate(0.15, 0.01, 0.29).build();
    List<EvidenceRecord> records = List.of(nothing, smaller, imbalanced, plain, large, imprecise);
    Map<Combination, Grade> grades = RULE.gradeAll(records);

    List<Highlights.Finding<EvidenceRecord>> strongest = Highlights.strongest(records, grades, 3);
    assertThat(strongest).extracting(f -> f.record().interventions().get(0))
        .containsExactly("KM_A", "KM_B", "KM_C");
    List<Highlights.Finding<EvidenceRecord>> doubtful = Highlights.mostDoubtful(records, grades, 3, strongest);
    assertThat(doubtful).extracting(f -> f.record().interventions().get(0))
        .as("results that look real but are very low certainty first, the null result last")
        .containsExactly("IC_E", "AM_F", "KM_D");
  }
}
