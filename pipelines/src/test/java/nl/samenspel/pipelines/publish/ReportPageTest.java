package nl.samenspel.pipelines.publish;

import static nl.samenspel.evidence.EvidenceFixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.evidence.PopulationCount;
import nl.samenspel.grading.GradingRule;
import nl.samenspel.pipelines.catalog.CatalogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report page in both languages: well-formed, self-contained, accessible markup. */
class ReportPageTest {

  @Test
  void bothLanguagesAreWellFormedXhtmlWithRealTableHeadersAndTextAlternatives() throws Exception {
    for (Language language : Language.values()) {
      String html = ReportPage.render(CardTextTest.report(language));
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.newDocumentBuilder().parse(new org.xml.sax.InputSource(
          new java.io.StringReader(html.replace("<!DOCTYPE html>", ""))));
      assertThat(html).as(language.code())
          .contains("lang=\"" + language.code() + "\"")
          .contains("<th scope=\"col\">", "<th scope=\"row\">", "<caption>")
          .contains("role=\"img\"", "<title id=\"forest-self_efficacy-t\">",
              "<desc id=\"forest-self_efficacy-d\">")
          .doesNotContain("<script", "<link", "url(")
          .doesNotContainPattern("(src|href)=\"(?!#)");
    }
    assertThat(ReportPage.render(CardTextTest.report(Language.EN)))
        .contains("Strongest findings", "Most doubtful findings", "not proof");
  }

  /**
   * The profile view: per profile the positive association with the highest lower bound and the
   * negative one with the lowest upper bound, the card in the profile's own words, and the
   * profiles where nothing was estimated named.
   */
  @Test
  void theProfileViewShowsTheClearestAssociationsPerProfile() {
    String profile = "SELF_EFFICACY+CONTEXT";
    List<EvidenceRecord> records = List.of(
        finding(profile, "KM_SELF_EFFICACY_COACHING").estimate(0.09, 0.01, 0.17).counts(120, 400)
            .build(),
        finding(profile, "KM_APPLICATION_TRAINING").estimate(0.07, 0.03, 0.11).counts(150, 380)
            .build(),
        finding(profile, "IC_SANCTION_ANNOUNCEMENT").estimate(-0.08, -0.14, -0.02)
            .counts(110, 420).build(),
        finding(profile, "AM_JOB_COACH").estimate(0.01, -0.05, 0.07).counts(90, 440).build());
    List<PopulationCount> population = new ArrayList<>(CardTextTest.POPULATION);
    // Inside both its elements, and holding the groups of its records.
    population.add(new PopulationCount(profile, 600, 50, 0));
    population.add(new PopulationCount("ATTITUDE+SKILLS", 150, 12, 4));
    EvidenceReport report = new EvidenceReport(Language.NL, CardTextTest.FACTS,
        DisclosureRules.DEFAULT, new GradingRule(GradingRule.Thresholds.DEFAULT),
        CatalogReader.bundled(), records, List.of(), population, CardTextTest.FILES, Map.of());
    String html = ReportPage.render(report);
    int start = html.indexOf("<section id=\"profiles\">");
    String view = html.substring(start, html.indexOf("</section>", start));
    int row = view.indexOf("<th scope=\"row\">Geloof in eigen kunnen én context");
    assertThat(row).as(view).isNotNegative();
    String cells = view.substring(row, view.indexOf("</tr>", row));
    assertThat(cells).contains("4 combinaties geschat")
        .contains("Sollicitatietraining (klantmanager)</a>: <span class=\"positive\">+7,0 (+3,0"
            + " tot +11,0)")
        .contains("Aankondiging maatregel (inkomensconsulent)</a>: <span class=\"negative\">"
            + "−8,0 (−14,0 tot −2,0)")
        .doesNotContain("Coaching op geloof in eigen kunnen", "Jobcoach")
        .contains("geen drietal geschat");
    assertThat(view).contains("Niets geschat (te weinig klanten) in: Houding én vaardigheden.",
        "geen regel om op één persoon toe te passen");
    assertThat(report.card(records.get(2).combination()).sentence()).startsWith(
        "Bij klanten voor wie geloof in eigen kunnen én context een belemmering zijn, ging");
  }

  @Test
  void theEnglishPageOpensInChromiumWithoutErrors(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("index.html");
    Files.writeString(page, ReportPage.render(CardTextTest.report(Language.EN)),
        StandardCharsets.UTF_8);
    BrowserCheck.FirstScreen screen = BrowserCheck.open(page, 1366, 768,
        Path.of("target", "report-fixture-en.png"));
    assertThat(screen.language()).isEqualTo("en");
    assertThat(screen.externalRequests()).isEmpty();
    assertThat(screen.consoleErrors()).isEmpty();
    assertThat(screen.exceptions()).isEmpty();
    assertThat(screen.strongest()).as("two findings exclude zero in the fixture").isEqualTo(2);
    assertThat(screen.doubtful()).isEqualTo(1);
  }
}
