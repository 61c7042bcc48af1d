package nl.samenspel.pipelines.publish;

import static nl.samenspel.evidence.EvidenceFixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.evidence.Definitions;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.evidence.Timing;
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

  /**
   * Curves for the clear finding (every month shown, durable work sooner) and the pair (too few
   * starts among "both" by six months: that month withheld, the others shown, timing unclear);
   * none for the unclear finding (the card says they could not be computed).
   */
  static final List<Timing> TIMINGS = List.of(
      timing(CLEAR, new long[][] {{180, 24}, {130, 51}, {95, 66}, {60, 74}},
          new long[][] {{520, 55}, {400, 120}, {300, 160}, {210, 185}}, 0.055, -1.6, -2.7, -0.5),
      timing(PAIR, new long[][] {{140, 8}, {100, 22}, {70, 31}, {40, 36}},
          new long[][] {{1100, 70}, {850, 190}, {600, 260}, {420, 300}}, 0.02, 0.3, -0.8, 1.4));

  /** Both groups at 6, 12, 18, 24 months: {at risk, cumulative starts}; shares from starts. */
  static Timing timing(EvidenceRecord r, long[][] treated, long[][] comparison,
      double difference, double mean, double meanLow, double meanHigh) {
    List<Timing.Point> points = new java.util.ArrayList<>();
    List<Timing.Difference> differences = new java.util.ArrayList<>();
    int[] months = {6, 12, 18, 24};
    for (int k = 0; k < months.length; k++) {
      double t = treated[k][1] / (double) (treated[0][0] + treated[0][1]);
      double c = comparison[k][1] / (double) (comparison[0][0] + comparison[0][1]);
      points.add(new Timing.Point(months[k], new Timing.Arm(t, t - 0.04, t + 0.05,
          treated[k][0], treated[k][1]), new Timing.Arm(c, c - 0.02, c + 0.02,
          comparison[k][0], comparison[k][1])));
      if (k < 3) {
        differences.add(new Timing.Difference(months[k], t - c + difference, 0.03,
            t - c + difference - 0.06, t - c + difference + 0.06));
      }
    }
    return new Timing(r.combination(), points, differences,
        new Timing.Difference(24, mean, (meanHigh - meanLow) / 3.92, meanLow, meanHigh), 24, 0);
  }

  static EvidenceReport report(Language language) {
    return new EvidenceReport(language, FACTS, DisclosureRules.DEFAULT,
        new GradingRule(GradingRule.Thresholds.DEFAULT), CatalogReader.bundled(),
        List.of(CLEAR, PAIR, UNCLEAR), List.of(), POPULATION, FILES, java.util.Map.of(),
        List.of(), List.of(), TIMINGS);
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
