package nl.samenspel.pipelines.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** evidence.json: its keys, its protected counts, its bytes and its JSON Schema. */
class EvidenceJsonTest {

  @Test
  void combinationsCarryTheEvidenceKeysRoundedAndCountsProtected() throws Exception {
    JsonNode json = new ObjectMapper().readTree(EvidenceJson.render(
        CardTextTest.report(Language.NL)));
    assertThat(json.get("language").asText()).isEqualTo("nl");
    assertThat(json.get("disclosure").get("threshold").asInt()).isEqualTo(10);
    JsonNode clear = null;
    for (JsonNode combination : json.get("combinations")) {
      if (combination.get("element").asText().equals("SELF_EFFICACY")) {
        clear = combination;
      }
    }
    assertThat(clear).isNotNull();
    assertThat(clear.get("estimate").asDouble()).isEqualTo(0.0487);
    assertThat(clear.get("n_treated").asLong()).as("213 rounded to 5").isEqualTo(215);
    assertThat(clear.get("n_comparison").asLong()).as("587 rounded to 5").isEqualTo(585);
    assertThat(clear.get("share_trimmed").asDouble()).as("10 trimmed: whole percent")
        .isEqualTo(0.01);
    assertThat(clear.get("certainty").asText()).isEqualTo("LOW");
    assertThat(clear.get("synergy").isNull()).as("no synergy for a single intervention")
        .isTrue();
    assertThat(clear.get("summary").asText()).startsWith("Bij klanten voor wie geloof");
    JsonNode context = json.get("population").get(2);
    assertThat(context.get("element").asText()).isEqualTo("CONTEXT");
    assertThat(context.get("durable").isNull()).as("5 durable episodes: suppressed").isTrue();
    assertThat(context.get("not_durable").isNull()).as("complementary suppression").isTrue();
  }

  @Test
  void sameReportGivesTheSameBytes() {
    assertThat(EvidenceJson.render(CardTextTest.report(Language.EN)))
        .isEqualTo(EvidenceJson.render(CardTextTest.report(Language.EN)));
  }

  @Test
  void documentsValidateAgainstTheSchemaInBothLanguages() throws Exception {
    for (Language language : Language.values()) {
      String json = EvidenceJson.render(CardTextTest.report(language));
      assertThat(SchemaCheck.evidence(json)).as(language.code()).isEmpty();
    }
  }

  @Test
  void theSchemaRejectsAnUnknownFieldAndASuppressedCountAsText() throws Exception {
    String json = EvidenceJson.render(CardTextTest.report(Language.NL));
    assertThat(SchemaCheck.evidence(
        json.replaceFirst("\"n_treated\" : 215", "\"n_treated\" : \"<10\"")))
        .isNotEmpty();
    assertThat(SchemaCheck.evidence(
        json.replaceFirst("\"estimator\" :", "\"client_id\" : 1, \"estimator\" :")))
        .isNotEmpty();
  }
}
