package nl.samenspel.pipelines.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.pipelines.Pipeline;
import nl.samenspel.pipelines.SparkTestSession;
import nl.samenspel.pipelines.TestKeys;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.journeys.JourneysStage;
import nl.samenspel.pipelines.publish.BrowserCheck;
import nl.samenspel.pipelines.publish.SchemaCheck;
import nl.samenspel.pipelines.publish.PdfText;
import nl.samenspel.pipelines.publish.PublishAudit;
import nl.samenspel.pipelines.publish.PublishStage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped sample runs end to end, deterministically, and publishes aggregates only: every
 * file is byte-identical across two runs, carries no client id and passes the disclosure audit.
 */
class ShippedSampleTest {

  private static final Path SAMPLE = Path.of("..", "data-samples", "municipality");

  @TempDir
  static Path dir;
  private static Pipeline.Outcome first;
  private static Pipeline.Outcome second;

  static Pipeline.Outcome run(Path out) {
    return Pipeline.run(SparkTestSession.get(), new Pipeline.Settings(SAMPLE, out,
        CatalogReader.bundled(), JourneysStage.Settings.DEFAULT,
        SubgroupEstimation.Settings.DEFAULT, Pipeline.Publication.DEFAULT,
        TestKeys.operations()), line -> { });
  }

  @BeforeAll
  static void runTwice() {
    first = run(dir.resolve("a"));
    second = run(dir.resolve("b"));
  }

  @Test
  void twoRunsPublishIdenticalBytesWithoutClientIds() throws IOException {
    assertThat(first.tables()).allMatch(t -> t.rowsRead() == t.rowsAccepted() && t.rowsRead() > 0);
    assertThat(first.episodes()).isEqualTo(2000);
    assertThat(first.estimate().records()).isNotEmpty();
    try (var files = Files.list(first.published())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(PublishAudit.FILES);
    }
    for (String name : PublishAudit.FILES) {
      byte[] a = Files.readAllBytes(first.published().resolve(name));
      byte[] b = Files.readAllBytes(second.published().resolve(name));
      assertThat(a).as(name).isEqualTo(b);
      assertThat(new String(a, StandardCharsets.ISO_8859_1)).as(name)
          .doesNotContainPattern("P\\d{7}");
    }
    assertThat(dir.resolve("a").resolve("work").resolve("journeys").resolve("episodes"))
        .isDirectory();
  }

  @Test
  void theShippedSamplePassesTheDisclosureAuditAndTheSchema() throws IOException {
    assertThat(PublishAudit.check(first.published(), DisclosureRules.DEFAULT,
        SparkTestSession.get())).isEmpty();
    assertThat(SchemaCheck.evidence(Files.readString(
        first.published().resolve(PublishStage.EVIDENCE_JSON)))).isEmpty();
  }

  @Test
  void theReportOpensInHeadlessChromiumWithTheFindingsOnTheFirstScreen() throws Exception {
    BrowserCheck.FirstScreen screen = BrowserCheck.open(
        first.published().resolve(PublishStage.INDEX_HTML), 1366, 768,
        Path.of("target", "report-first-screen.png"));
    assertThat(screen.externalRequests()).as("external requests").isEmpty();
    assertThat(screen.consoleErrors()).as("console errors").isEmpty();
    assertThat(screen.exceptions()).as("script exceptions").isEmpty();
    assertThat(screen.strongest()).as("strongest findings on the first screen").isEqualTo(3);
    assertThat(screen.doubtful()).as("most doubtful findings on the first screen").isEqualTo(3);
    assertThat(screen.firstScreenBottom()).as("both lists end within the 768 px viewport")
        .isLessThanOrEqualTo(768);
    assertThat(screen.withReasons()).as("every highlighted finding says why").isEqualTo(6);
    assertThat(Path.of("target", "report-first-screen.png")).isNotEmptyFile();
    Files.writeString(Path.of("target", "report-first-screen.txt"), String.format(
        java.util.Locale.ROOT, "first screen (strongest and most doubtful) ends at %.0f px of 768%n",
        screen.firstScreenBottom()));
  }

  @Test
  void thePdfRendersWithAllSections() throws IOException {
    String text = PdfText.of(first.published().resolve(PublishStage.REPORT_PDF))
        .replaceAll("\\s+", " ");
    assertThat(text).contains("Sterkste bevindingen", "Meest twijfelachtige bevindingen",
        "Overzicht: elementen × interventies", "Schattingen per element",
        "Samenspel tussen disciplines", "Bewijskaarten", "Gegevens en datakwaliteit", "Methode",
        "Modelkaart (algoritmeregister)", "geen bewijs");
  }
}
