package nl.samenspel.pipelines.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.disclosure.Violation;
import nl.samenspel.pipelines.Checkpoints;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.run.Releases;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Publish: renders one {@link EvidenceReport} into every format in a staging folder, re-checks
 * the staging folder with {@link PublishAudit}, and only then swaps it in with one atomic rename
 * ({@link Releases}), so a reader sees either the previous or the new publish, never a
 * half-written or unchecked one. Only aggregates are written: no client id, no row.
 */
public final class PublishStage {

  public static final String EVIDENCE_JSON = "evidence.json";
  public static final String EVIDENCE_SCHEMA = "evidence.schema.json";
  public static final String EVIDENCE_CSV = "evidence.csv";
  public static final String EVIDENCE_PARQUET = "evidence.parquet";
  public static final String INDEX_HTML = "index.html";
  public static final String REPORT_PDF = "report.pdf";
  private static final int VIOLATIONS_SHOWN = 3;

  private PublishStage() {}

  /** Checks a written publish folder; {@link PublishAudit#check} in production. */
  @FunctionalInterface
  interface Auditor {
    List<Violation> check(Path folder, DisclosureRules rules, SparkSession spark);
  }

  /**
   * Writes, audits and swaps in the publish of run {@code runId}; returns the link readers open
   * ({@code published/} or {@code published/PERIOD/}).
   */
  public static Path publish(SparkSession spark, Releases releases, String runId,
      EvidenceReport report) {
    return publish(spark, releases, runId, report, PublishAudit::check);
  }

  static Path publish(SparkSession spark, Releases releases, String runId, EvidenceReport report,
      Auditor auditor) {
    Path staging = releases.staging(runId);
    try {
      String json = EvidenceJson.render(report);
      Files.writeString(staging.resolve(EVIDENCE_JSON), json, StandardCharsets.UTF_8);
      Files.write(staging.resolve(EVIDENCE_SCHEMA), SchemaCheck.text(SchemaCheck.EVIDENCE));
      List<Row> rows = EvidenceTable.rows(json);
      Files.writeString(staging.resolve(EVIDENCE_CSV), EvidenceTable.csv(rows),
          StandardCharsets.UTF_8);
      Checkpoints.reach(Checkpoints.PUBLISH_STAGING);
      EvidenceTable.writeParquet(spark, rows, staging.resolve(EVIDENCE_PARQUET),
          releases.scratch());
      String html = ReportPage.render(report);
      Files.writeString(staging.resolve(INDEX_HTML), html, StandardCharsets.UTF_8);
      Files.write(staging.resolve(REPORT_PDF), PdfDocument.render(html));

      List<Violation> violations = auditor.check(staging, report.rules(), spark);
      if (!violations.isEmpty()) {
        deleteTree(staging);
        throw new SamenspelException(SamenspelException.EXIT_DISCLOSURE,
            "Publish refused by the disclosure audit (" + violations.size() + " problem"
                + (violations.size() == 1 ? "" : "s") + "; the previous publish is untouched): "
                + violations.stream().limit(VIOLATIONS_SHOWN).map(Violation::toString)
                    .collect(Collectors.joining("; ")));
      }
      Checkpoints.reach(Checkpoints.PUBLISH_AUDITED);
      return releases.swapIn(staging, runId,
          () -> Checkpoints.reach(Checkpoints.PUBLISH_SWAPPED));
    } catch (IOException e) {
      throw new UncheckedIOException("can't publish to " + releases.link(), e);
    }
  }

  static void deleteTree(Path root) throws IOException {
    Releases.deleteTree(root);
  }
}
