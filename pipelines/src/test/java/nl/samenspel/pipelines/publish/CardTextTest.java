package nl.samenspel.pipelines.publish;

import static nl.samenspel.evidence.EvidenceFixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.evidence.Definitions;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.evidence.PopulationCount;
import nl.samenspel.evidence.PublicationScope;
import nl.samenspel.grading.GradingRule;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.ingest.IngestStage;
import org.junit.jupiter.api.Test;

/** Golden files pin the Dutch and English wording of fixed evidence records. */
class CardTextTest {

  static final RunFacts FACTS = new RunFacts(90, 30, 5, 12, 6, 3, 1, 1, 0,
      new PublicationScope(List.of("GM0855"), "2023"), new Definitions(
          Definitions.CONTRACT_VERSION, 12, 6, List.of("NONE", "PARTIAL"), 90,
          List.of("age", "sex", "household_type", "education_level", "benefit_duration",
              "element_scores"), "sha256:0123456789abcdef", "aipw", "ATE"));
  static final List<PopulationCount> POPULATION = List.of(
      new PopulationCount("ALL", 2400, 210, 402), new PopulationCount("SELF_EFFICACY", 900, 80,
          120), new PopulationCount("CONTEXT", 700, 64, 5));
  static final List<IngestStage.TableReport> FILES = List.of(
      new IngestStage.TableReport("clients", "clients.csv", 2000, 2000, 0, java.util.Map.of(),
          java.util.Map.of(), List.of(), false));

  /** A clear finding, a pair with interplay and an unclear one. */
  static final EvidenceRecord CLEAR = finding("SELF_EFFICACY", "KM_SELF_EFFICACY_COACHING")
      .estimate(0.0487, 0.0213, 0.0761).counts(213, 587).rates(0.21, 0.16).balance(0.31, 0.046)
      .trimmed(0.0125).build();
  static final EvidenceRecord PAIR = finding("ALL", "IC_RIGHTS_DUTIES_INFO",
      "KM_SELF_EFFICACY_COACHING").estimate(0.092, 0.041, 0.143).counts(152, 1180)
      .balance(0.42, 0.17).trimmed(0.08).synergy(0.061, 0.004, 0.118).build();
  static final EvidenceRecord UNCLEAR = finding("CONTEXT", "AM_JOB_COACH")
      .estimate(0.012, -0.031, 0.055).counts(96, 540).placebo(0.04, 0.01, 0.07).build();

  static EvidenceReport report(Language language) {
    return new EvidenceReport(language, FACTS, DisclosureRules.DEFAULT,
        new GradingRule(GradingRule.Thresholds.DEFAULT), CatalogReader.bundled(),
        List.of(CLEAR, PAIR, UNCLEAR), List.of(), POPULATION, FILES, java.util.Map.of());
  }

  private static String cards(Language language) {
    EvidenceReport report = report(language);
    StringBuilder text = new StringBuilder();
    for (EvidenceRecord r : report.records()) {
      text.append(report.card(r.combination()).toText(report.messages())).append('\n');
    }
    return text.toString();
  }

  @Test
  void dutchCardsMatchTheGoldenFile() throws Exception {
    GoldenFiles.assertMatches("cards_nl.txt", cards(Language.NL));
  }

  @Test
  void englishCardsMatchTheGoldenFile() throws Exception {
    GoldenFiles.assertMatches("cards_en.txt", cards(Language.EN));
  }

  @Test
  void theKeySentenceFollowsThePlainLanguagePattern() {
    String sentence = report(Language.NL).card(CLEAR.combination()).sentence();
    assertThat(sentence).startsWith("Bij klanten voor wie geloof in eigen kunnen een "
        + "belemmering is, ging coaching op geloof in eigen kunnen (klantmanager) samen met "
        + "4,9 procentpunt meer duurzame uitstroom (95%-BI +2,1 tot +7,6)")
        .endsWith("op basis van 800 klanten.");
  }
}
