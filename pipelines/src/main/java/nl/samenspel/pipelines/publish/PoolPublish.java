package nl.samenspel.pipelines.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import nl.samenspel.disclosure.Violation;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.run.Releases;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Publishes a pooled report as a run publishes its evidence ({@link PublishStage}): every format
 * rendered from one {@link PooledReport} into a staging folder, re-checked by
 * {@link PooledAudit} against the municipalities' own files, and only then swapped in with one
 * atomic rename, so a reader sees the previous or the new pool, never a half-written or
 * unchecked one.
 */
public final class PoolPublish {

  public static final String POOLED_JSON = "pooled.json";
  public static final String POOLED_SCHEMA = "pooled.schema.json";
  public static final String POOLED_CSV = "pooled.csv";
  public static final String POOLED_PARQUET = "pooled.parquet";
  private static final int VIOLATIONS_SHOWN = 3;

  private PoolPublish() {}

  /**
   * Writes, audits and swaps in the pool of run {@code runId}; returns the link readers open.
   *
   * @param sources the municipalities' evidence.json files the pool was made from
   */
  public static Path publish(SparkSession spark, Releases releases, String runId,
      PooledReport report, List<Path> sources) {
    Path staging = releases.staging(runId);
    try {
      String json = PooledJson.render(report);
      Files.writeString(staging.resolve(POOLED_JSON), json, StandardCharsets.UTF_8);
      Files.write(staging.resolve(POOLED_SCHEMA), SchemaCheck.text(SchemaCheck.POOLED));
      List<Row> rows = PooledTable.rows(json);
      Files.writeString(staging.resolve(POOLED_CSV), PooledTable.csv(rows),
          StandardCharsets.UTF_8);
      PooledTable.writeParquet(spark, rows, staging.resolve(POOLED_PARQUET));
      String html = PooledPage.render(report);
      Files.writeString(staging.resolve(PublishStage.INDEX_HTML), html, StandardCharsets.UTF_8);
      Files.write(staging.resolve(PublishStage.REPORT_PDF),
          PdfDocument.render(PooledPage.renderForPrint(report)));
      List<Violation> violations = PooledAudit.check(staging, sources, report.rules(), spark);
      if (!violations.isEmpty()) {
        Releases.deleteTree(staging);
        throw new SamenspelException(SamenspelException.EXIT_DISCLOSURE,
            "Pooled publish refused by the disclosure audit (" + violations.size() + " problem"
                + (violations.size() == 1 ? "" : "s") + "; the previous publish is untouched): "
                + violations.stream().limit(VIOLATIONS_SHOWN).map(Violation::toString)
                    .collect(Collectors.joining("; ")));
      }
      return releases.swapIn(staging, runId, () -> { });
    } catch (IOException e) {
      throw new UncheckedIOException("can't publish to " + releases.link(), e);
    }
  }
}
