package nl.samenspel.pipelines.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.disclosure.Violation;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.SparkTestSession;
import nl.samenspel.pipelines.run.Releases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit re-reads a real publish (all six files, written by {@link PublishStage}) and must
 * catch what a careless edit or a bug would let through.
 */
class PublishAuditTest {

  @TempDir
  static Path pristine;
  @TempDir
  Path dir;
  private Path published;

  /** One real publish for the class; each test edits its own copy. */
  @BeforeAll
  static void publishOnce() {
    PublishStage.publish(SparkTestSession.get(), Releases.of(pristine, null), "r0",
        CardTextTest.report(Language.NL));
  }

  @BeforeEach
  void copy() throws IOException {
    published = dir.resolve(Releases.PUBLISHED);
    Files.createDirectories(published);
    try (var files = Files.list(pristine.resolve(Releases.PUBLISHED))) {
      for (Path file : files.toList()) {
        Files.copy(file, published.resolve(file.getFileName()));
      }
    }
  }

  private List<Violation> audit() {
    return PublishAudit.check(published, DisclosureRules.DEFAULT, SparkTestSession.get());
  }

  private void edit(String file, String from, String to) throws IOException {
    Path path = published.resolve(file);
    String text = Files.readString(path, StandardCharsets.UTF_8);
    assertThat(text).as("fixture text to replace in %s", file).contains(from);
    Files.writeString(path, text.replaceFirst(java.util.regex.Pattern.quote(from), to),
        StandardCharsets.UTF_8);
  }

  @Test
  void aFreshPublishPassesWithSuppressedCells() throws IOException {
    assertThat(audit()).isEmpty();
    assertThat(Files.readString(published.resolve(PublishStage.EVIDENCE_JSON)))
        .as("the CONTEXT subgroup had 5 durable episodes").contains("\"durable\" : null");
  }

  @Test
  void readsTheParquetFileItselfAndCatchesARowThatDiffersFromTheJson() throws IOException {
    // The audit reads evidence.parquet with parquet-java's own reader, on the driver.
    List<java.util.Map<String, String>> rows = PublishAudit.parquetRows(
        published.resolve(PublishStage.EVIDENCE_PARQUET));
    List<org.apache.spark.sql.Row> expected = EvidenceTable.rows(
        Files.readString(published.resolve(PublishStage.EVIDENCE_JSON)));
    assertThat(rows).hasSize(expected.size()).isNotEmpty();
    assertThat(rows.get(0)).containsOnlyKeys(EvidenceTable.SCHEMA.fieldNames());
    assertThat(rows.get(0).get("element")).isEqualTo(expected.get(0).getString(0));

    // A Parquet file written from other rows (one count changed) no longer passes.
    List<org.apache.spark.sql.Row> changed = new java.util.ArrayList<>(expected);
    Object[] values = new Object[changed.get(0).size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = changed.get(0).get(i);
    }
    int treated = EvidenceTable.SCHEMA.fieldIndex("n_treated");
    values[treated] = ((Long) values[treated]) + 5;
    changed.set(0, org.apache.spark.sql.RowFactory.create(values));
    Files.delete(published.resolve(PublishStage.EVIDENCE_PARQUET));
    EvidenceTable.writeParquet(SparkTestSession.get(), changed,
        published.resolve(PublishStage.EVIDENCE_PARQUET));
    assertThat(audit()).extracting(Violation::cell)
        .anyMatch(cell -> cell.contains(PublishStage.EVIDENCE_PARQUET));
  }

  @Test
  void catchesAPlantedSmallCell() throws IOException {
    edit(PublishStage.EVIDENCE_JSON, "\"undetermined\" : 80", "\"undetermined\" : 7");
    assertThat(audit()).extracting(Violation::kind, Violation::cell).contains(
        org.assertj.core.groups.Tuple.tuple(Violation.Kind.SMALL_COUNT,
            "population/SELF_EFFICACY/undetermined"));
  }

  @Test
  void theNumbersAtRiskUnderTheCurvesAreCountsLikeAnyOther() throws IOException {
    String json = Files.readString(published.resolve(PublishStage.EVIDENCE_JSON));
    assertThat(json).as("the pair's sixth month is withheld: 8 started among 'both'")
        .contains("\"shown\" : false").contains("\"at_risk\" : 180");
    assertThat(Files.readString(published.resolve(PublishStage.INDEX_HTML)))
        .contains("class=\"at-risk\">180<");
    edit(PublishStage.EVIDENCE_JSON, "\"at_risk\" : 180", "\"at_risk\" : 7");
    edit(PublishStage.INDEX_HTML, "class=\"at-risk\">180<", "class=\"at-risk\">181<");
    List<Violation> violations = audit();
    assertThat(violations).extracting(Violation::kind, Violation::cell).contains(
        org.assertj.core.groups.Tuple.tuple(Violation.Kind.SMALL_COUNT,
            "combinations/SELF_EFFICACY|KM_SELF_EFFICACY_COACHING/timing/6/treated/at_risk"));
    assertThat(violations).as("the page's number at risk, not rounded")
        .anyMatch(v -> v.kind() == Violation.Kind.NOT_ROUNDED
            && v.cell().startsWith(PublishStage.INDEX_HTML + "#at-risk-"));
  }

  @Test
  void catchesACellRecoverableBySubtraction() throws IOException {
    // Suppress only "undetermined": episodes - outcome known gives it back.
    edit(PublishStage.EVIDENCE_JSON, "\"undetermined\" : 80", "\"undetermined\" : null");
    assertThat(audit()).extracting(Violation::kind, Violation::cell).contains(
        org.assertj.core.groups.Tuple.tuple(Violation.Kind.RECOVERABLE,
            "population/SELF_EFFICACY/undetermined"));
  }

  @Test
  void catchesASmallCellInThePageAndAnExternalRequest() throws IOException {
    edit(PublishStage.INDEX_HTML, "data-count=\"80\">80<", "data-count=\"8\">8<");
    edit(PublishStage.INDEX_HTML, "</footer>",
        "<img src=\"https://example.invalid/pixel.png\" alt=\"\"/></footer>");
    assertThat(audit()).extracting(Violation::kind)
        .contains(Violation.Kind.SMALL_COUNT, Violation.Kind.EXTERNAL_REFERENCE);
  }

  @Test
  void catchesATableThatDisagreesWithTheJson() throws IOException {
    edit(PublishStage.EVIDENCE_CSV, ",215,585,", ",213,585,");
    assertThat(audit()).extracting(Violation::kind, Violation::cell).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Violation.Kind.INCONSISTENT, "evidence.csv/"
            + "combinations/SELF_EFFICACY|KM_SELF_EFFICACY_COACHING/n_treated"));
  }

  @Test
  void catchesAForbiddenField() throws IOException {
    edit(PublishStage.EVIDENCE_JSON, "\"imbalance_after\"", "\"max_smd_after\"");
    assertThat(audit()).extracting(Violation::kind, Violation::cell).contains(
        org.assertj.core.groups.Tuple.tuple(Violation.Kind.FORBIDDEN_FIELD,
            "evidence.json/combinations/max_smd_after"));
  }

  @Test
  void catchesAnUnexpectedFile() throws IOException {
    Files.writeString(published.resolve("clients.csv"), "client_id\n");
    assertThat(audit()).extracting(Violation::kind, Violation::cell)
        .contains(org.assertj.core.groups.Tuple.tuple(Violation.Kind.INCONSISTENT,
            "clients.csv"));
  }

  @Test
  void aRefusedPublishLeavesThePreviousOneInPlace() throws IOException {
    byte[] before = Files.readAllBytes(published.resolve(PublishStage.EVIDENCE_JSON));
    PublishStage.Auditor failing = (folder, rules, spark) -> List.of(new Violation(
        Violation.Kind.SMALL_COUNT, "population/ALL/durable", "planted by the test"));
    assertThatThrownBy(() -> PublishStage.publish(SparkTestSession.get(), Releases.of(dir, null), "r1",
        CardTextTest.report(Language.EN), failing))
        .isInstanceOf(SamenspelException.class)
        .hasMessageStartingWith("Publish refused by the disclosure audit")
        .satisfies(e -> assertThat(((SamenspelException) e).exitCode())
            .isEqualTo(SamenspelException.EXIT_DISCLOSURE));
    assertThat(Files.readAllBytes(published.resolve(PublishStage.EVIDENCE_JSON)))
        .isEqualTo(before);
    assertThat(dir.resolve(Releases.RELEASES).resolve("r1.staging")).doesNotExist();
    assertThat(dir.resolve(Releases.RELEASES).resolve("r1")).doesNotExist();
  }
}
