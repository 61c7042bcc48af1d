package nl.samenspel.pipelines.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.pipelines.catalog.CatalogReader;
import org.junit.jupiter.api.Test;

class EvidenceJsonTest {

  private static final double NAN = Double.NaN;
  private static final EvidenceRecord RECORD = new EvidenceRecord("SELF_EFFICACY",
      List.of("KM_SELF_EFFICACY_COACHING"), "aipw", "ATE", 0.123456789, 0.01, 0.1038567,
      0.1430567, 0.0001, 0.002, 0.09, 0.07, 0.11, 0.25, 0.13, 120, 480, 101.5, 470.25, 0.4,
      0.03, 0.02, 0.3, 0.2, 0.004, -0.03, 0.04, -0.01, -0.05, 0.03, 2.1, 1.8, NAN, NAN, NAN);

  @Test
  void recordsCarryTheEvidenceKeysRounded() throws Exception {
    JsonNode json = new ObjectMapper().readTree(EvidenceJson.render(List.of(RECORD)));
    JsonNode record = json.get(0);
    assertThat(record.get("element").asText()).isEqualTo("SELF_EFFICACY");
    assertThat(record.get("interventions").get(0).asText()).isEqualTo("KM_SELF_EFFICACY_COACHING");
    assertThat(record.get("estimate").asDouble()).isEqualTo(0.123457);
    assertThat(record.get("ci_low").asDouble()).isEqualTo(0.103857);
    assertThat(record.get("ci_high").asDouble()).isEqualTo(0.143057);
    assertThat(record.get("naive_estimate").asDouble()).isEqualTo(0.09);
    assertThat(record.get("n_treated").asLong()).isEqualTo(120);
    assertThat(record.get("n_comparison").asLong()).isEqualTo(480);
    assertThat(record.get("q_value").asDouble()).isEqualTo(0.002);
    assertThat(record.get("max_abs_smd_after").asDouble()).isEqualTo(0.03);
    assertThat(record.get("placebo_ci_low").asDouble()).isEqualTo(-0.03);
    assertThat(record.get("synergy").isNull()).as("no synergy for a single intervention")
        .isTrue();
  }

  @Test
  void sameRecordsGiveTheSameBytes() {
    assertThat(EvidenceJson.render(List.of(RECORD))).isEqualTo(EvidenceJson.render(List.of(RECORD)));
  }

  @Test
  void reportIsDutchSelfContainedAndSaysAssociationNotCause() {
    String html = ReportPage.render(List.of(RECORD), CatalogReader.bundled(),
        new ReportPage.RunFacts(25, 1000, 990, 10, 1, 5, 2, 0));
    assertThat(html).contains("<html lang=\"nl\">")
        .contains("geloof in eigen kunnen")
        .contains("Coaching op geloof in eigen kunnen (KM)")
        .contains("+12,3")
        .contains("geen bewijs dat een interventie de oorzaak is")
        .contains("minder dan 25 klanten")
        .doesNotContain("http://").doesNotContain("https://")
        .doesNotContain("<script");
  }
}
