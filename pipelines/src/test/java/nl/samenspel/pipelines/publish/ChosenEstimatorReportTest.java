package nl.samenspel.pipelines.publish;

import static nl.samenspel.evidence.EvidenceFixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.evidence.Definitions;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.grading.GradingRule;
import nl.samenspel.pipelines.catalog.CatalogReader;
import org.junit.jupiter.api.Test;

/**
 * A report made with an estimator chosen for the run that gives no interval and no balance
 * check: its name is said, the missing interval is said in words, and no "NaN" reaches any
 * published text.
 */
class ChosenEstimatorReportTest {

  private static final double NAN = Double.NaN;

  private static EvidenceReport report(Language language) {
    RunFacts aipw = CardTextTest.FACTS;
    Definitions d = aipw.definitions();
    RunFacts facts = new RunFacts(aipw.windowDays(), aipw.minimumArmSize(), aipw.folds(),
        aipw.horizonMonths(), aipw.minimumMonths(), 2, 0, 0, 0, aipw.scope(),
        new Definitions(d.contractVersion(), d.horizonMonths(), d.durationMonths(),
            d.workBenefitStatuses(), d.windowDays(), d.covariates(), d.catalogVersion(),
            "pointonly", d.estimand()));
    EvidenceRecord single = finding("SELF_EFFICACY", "KM_SELF_EFFICACY_COACHING")
        .estimate(0.0487, NAN, NAN).pq(NAN, NAN).counts(213, 587).rates(0.21, 0.16)
        .balance(NAN, NAN).build();
    EvidenceRecord pair = finding("ALL", "IC_RIGHTS_DUTIES_INFO", "KM_SELF_EFFICACY_COACHING")
        .estimate(-0.02, NAN, NAN).pq(NAN, NAN).counts(152, 1180).balance(NAN, NAN).build();
    return new EvidenceReport(language, facts, DisclosureRules.DEFAULT,
        new GradingRule(GradingRule.Thresholds.DEFAULT), CatalogReader.bundled(),
        List.of(single, pair), List.of(), CardTextTest.POPULATION, CardTextTest.FILES,
        java.util.Map.of(), List.of(), List.of(), List.of());
  }

  @Test
  void theEstimatorIsNamedAndAMissingIntervalIsSaidInWords() throws Exception {
    for (Language language : Language.values()) {
      EvidenceReport report = report(language);
      String html = ReportPage.render(report);
      assertThat(html).doesNotContain("NaN").doesNotContain("Infinity");
      String json = EvidenceJson.render(report);
      assertThat(json).doesNotContain("NaN");
      JsonNode root = new ObjectMapper().readTree(json);
      assertThat(root.path("definitions").path("estimator").asText()).isEqualTo("pointonly");
      for (JsonNode record : root.path("combinations")) {
        assertThat(record.path("ci_low").isNull()).isTrue();
        assertThat(record.path("certainty").asText()).isEqualTo("VERY_LOW");
      }
      for (EvidenceRecord r : report.records()) {
        String card = report.card(r.combination()).toText(report.messages());
        assertThat(card).doesNotContain("NaN");
        assertThat(card).contains(language == Language.NL ? "geeft geen betrouwbaarheidsinterval"
            : "gives no confidence interval");
        assertThat(card).contains(language == Language.NL ? "Schatter 'pointonly'"
            : "Estimator 'pointonly'");
      }
    }
  }
}
