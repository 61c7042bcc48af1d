package nl.samenspel.pipelines.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.samenspel.contract.Column;
import nl.samenspel.contract.ColumnType;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.QuarantineReason;
import nl.samenspel.contract.Table;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.pipelines.Checkpoints;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.run.Releases;
import nl.samenspel.privacy.Pseudonymizer;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Ingest: reads the four extracts with schemas built from the contract (never inferred),
 * pseudonymizes the person key, checks every value, key and reference, and accounts for every
 * row: it is accepted into {@code work/ingest/TABLE} or quarantined, with a reason code, into
 * {@code work/quarantine/TABLE/} (CSV, identifiers pseudonymized, values of identifier columns
 * blank). Per file, rows read = rows accepted + rows quarantined, or the run stops.
 *
 * <p>Whether the quarantined shares are acceptable is decided by the caller's quality gate
 * ({@link nl.samenspel.pipelines.quality.QualityGate}); this stage only counts.
 */
public final class IngestStage {

  static final String ERROR = RowChecks.ERROR;
  /** Folder under the work folder where quarantined rows go, one CSV folder per table. */
  public static final String QUARANTINE = "quarantine";

  /**
   * @param inputDir folder with the extracts
   * @param workDir folder for the internal tables
   * @param catalog the intervention catalog the codes must come from
   * @param pseudonymizer keyed pseudonyms for the person key
   * @param referenceDate dates after this day are "in the future"
   */
  public record Settings(Path inputDir, Path workDir, List<CatalogEntry> catalog,
      Pseudonymizer pseudonymizer, LocalDate referenceDate) {}

  /**
   * Row accounting of one extract.
   *
   * @param quarantined rows per reason code, in code order
   * @param examples per reason code: the first column and (non-identifying) value found
   * @param droppedColumns columns outside the contract, dropped at ingest (names only)
   * @param bsn whether the person key came from a {@code bsn} column
   */
  public record TableReport(String table, String file, long rowsRead, long rowsAccepted,
      long rowsQuarantined, Map<String, Long> quarantined, Map<String, String> examples,
      List<String> droppedColumns, boolean bsn) {

    /** The accounting identity: every row read is accepted or quarantined. */
    public boolean balanced() {
      return rowsRead == rowsAccepted + rowsQuarantined;
    }
  }

  /** The typed, accepted tables, their accounting and their data-quality metrics. */
  public record Result(Dataset<Row> clients, Dataset<Row> assessments,
      Dataset<Row> interventions, Dataset<Row> outcomes, List<TableReport> reports,
      Map<String, Double> quality) {}

  /**
   * Checks, without Spark, that every extract exists and that every CSV header has the
   * contract's columns; fails with one line otherwise. Returns the located files.
   */
  public static Map<String, ExtractFile> preflight(Path inputDir) {
    if (!Files.isDirectory(inputDir)) {
      throw SamenspelException.input("Input folder not found: " + inputDir);
    }
    Map<String, ExtractFile> files = new LinkedHashMap<>();
    for (Table table : Contract.EXTRACTS) {
      files.put(table.name(), ExtractFile.locate(inputDir, table));
    }
    for (ExtractFile file : files.values()) {
      ExtractReader.header(file);
    }
    return files;
  }

  /** Ingests the extracts {@link #preflight} located. */
  public Result run(SparkSession spark, Settings settings, Map<String, ExtractFile> files) {
    Path quarantine = settings.workDir().resolve(QUARANTINE);
    try {
      Releases.deleteTree(quarantine);
    } catch (IOException e) {
      throw new UncheckedIOException("can't clear " + quarantine, e);
    }
    List<TableReport> reports = new ArrayList<>();
    Map<String, Dataset<Row>> accepted = new HashMap<>();
    Map<String, Double> quality = new TreeMap<>();
    Dataset<Row> clients = null;
    for (Table table : Contract.EXTRACTS) {
      ExtractFile file = files.get(table.name());
      ExtractReader.RawExtract raw = ExtractReader.read(spark, file, settings.pseudonymizer());
      Path ingest = settings.workDir().resolve("ingest");
      // Parse the text once: the typed values and the first problem of each row go to
      // Parquet, and every check after this reads those columns.
      String checkedPath = ingest.resolve("_checked").resolve(table.name()).toString();
      try {
        RowChecks.values(raw.rows(), table, settings.referenceDate()).write()
            .mode(SaveMode.Overwrite).parquet(checkedPath);
      } catch (Exception e) { // SparkException is checked in Java but thrown undeclared
        throw SamenspelException.input(file.displayName() + " can't be read: " + firstLine(e));
      }
      Dataset<Row> checked = spark.read().parquet(checkedPath);
      String ledgerPath = ingest.resolve(table.name()).toString();
      RowChecks.acrossRows(spark, checked, table, clients, settings.catalog()).write()
          .mode(SaveMode.Overwrite).parquet(ledgerPath);
      Dataset<Row> ledger = spark.read().parquet(ledgerPath);
      Dataset<Row> clean = ledger.filter(col(ERROR).isNull()).drop(ERROR);

      TableReport report = account(spark, checked, ledger, raw.header(), quarantine, table);
      reports.add(report);
      if (report.rowsRead() == 0) {
        throw SamenspelException.input(file.displayName() + " has a header but no rows");
      }
      quality.putAll(QualityMetrics.of(table, clean, report));
      accepted.put(table.name(), clean);
      if (table == Contract.CLIENTS) {
        clients = clean.select(Contract.CLIENT_ID, Contract.BENEFIT_START_DATE);
        Checkpoints.reach(Checkpoints.INGEST);
      }
    }
    return new Result(accepted.get(Contract.CLIENTS.name()),
        accepted.get(Contract.ASSESSMENTS.name()), accepted.get(Contract.INTERVENTIONS.name()),
        accepted.get(Contract.OUTCOMES.name()), List.copyOf(reports), quality);
  }

  /**
   * Counts the rows read and, from the ledger, the accepted and quarantined rows per reason
   * (one job); writes the quarantined rows; fails when the numbers don't add up.
   */
  private static TableReport account(SparkSession spark, Dataset<Row> checked,
      Dataset<Row> ledger, ExtractReader.Header header, Path quarantine, Table table) {
    String file = header.file().displayName();
    long read = checked.count();
    // Bounded: one row per (reason, column) plus one for the accepted rows.
    List<Row> groups = new ArrayList<>(ledger
        .groupBy(col(ERROR + ".reason").as("reason"), col(ERROR + ".column").as("column"))
        .agg(count(lit(1)).as("rows"), first(col(ERROR + ".value"), true).as("value"))
        .collectAsList());
    groups.sort(Comparator.comparing((Row g) -> g.isNullAt(0) ? "" : g.getString(0))
        .thenComparing(g -> g.isNullAt(1) ? "" : g.getString(1)));
    long acceptedRows = 0;
    Map<String, Long> byReason = new TreeMap<>();
    Map<String, String> examples = new TreeMap<>();
    for (Row group : groups) {
      long rows = group.getLong(2);
      if (group.isNullAt(0)) {
        acceptedRows += rows;
        continue;
      }
      String reason = group.getString(0);
      byReason.merge(reason, rows, Long::sum);
      String value = group.isNullAt(3) || group.getString(3).isEmpty() ? ""
          : " '" + group.getString(3) + "'";
      examples.putIfAbsent(reason, (group.getString(1).equals("(row)") ? "row"
          : "column " + group.getString(1)) + value);
    }
    long quarantinedRows = byReason.values().stream().mapToLong(Long::longValue).sum();
    if (quarantinedRows > 0) {
      String target = quarantine.resolve(table.name()).toString();
      List<org.apache.spark.sql.Column> columns = new ArrayList<>(List.of(
          col(ERROR + ".reason").as("reason"), col(ERROR + ".column").as("column"),
          when(col(ERROR + ".value").notEqual(""), col(ERROR + ".value")).as("value")));
      for (String name : table.columnNames()) {
        columns.add(col(name).cast("string").as(name));
      }
      ledger.filter(col(ERROR).isNotNull())
          .select(columns.toArray(org.apache.spark.sql.Column[]::new))
          .orderBy("reason", "column", "value")
          .coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true")
          .option("escape", "\"").csv(target);
      long written = spark.read().option("header", "true").option("escape", "\"")
          .option("multiLine", "true").csv(target).count();
      if (written != quarantinedRows) {
        throw new SamenspelException(SamenspelException.EXIT_INTERNAL, file + ": "
            + quarantinedRows + " rows were quarantined but " + written + " were written to "
            + target + "; nothing was published");
      }
    }
    TableReport report = new TableReport(table.name(), file, read, acceptedRows,
        quarantinedRows, byReason, examples, header.dropped(), header.hasBsn());
    if (!report.balanced()) {
      throw new SamenspelException(SamenspelException.EXIT_INTERNAL, file + ": rows read ("
          + read + ") are not rows accepted (" + acceptedRows + ") + rows quarantined ("
          + quarantinedRows + "); nothing was published (please report this)");
    }
    return report;
  }

  /** Data-quality metrics of the accepted rows of one table, for the drift gate. */
  static final class QualityMetrics {

    private QualityMetrics() {}

    /**
     * {@code T.rows}, {@code T.quarantined_share}, {@code T.null_rate.C} for every optional
     * column, {@code T.share.C.V} for every value of a closed-list column and of
     * {@code intervention_code}; for outcomes {@code outcomes.clients_with_month_gaps}.
     * One Spark job per table (two for outcomes).
     */
    static Map<String, Double> of(Table table, Dataset<Row> clean, TableReport report) {
      Map<String, Double> metrics = new TreeMap<>();
      String t = table.name();
      metrics.put(t + ".rows", (double) report.rowsAccepted());
      metrics.put(t + ".quarantined_share", report.rowsRead() == 0 ? 0.0
          : report.rowsQuarantined() / (double) report.rowsRead());
      List<org.apache.spark.sql.Column> pairs = new ArrayList<>();
      for (Column column : table.columns()) {
        if (column.nullable()) {
          pairs.add(struct(lit("null_rate." + column.name()).as("k"),
              when(col(column.name()).isNull(), lit("null")).otherwise(lit("set")).as("v")));
        }
        if (!column.allowedValues().isEmpty()
            || column.name().equals(Contract.INTERVENTION_CODE)) {
          pairs.add(struct(lit("share." + column.name()).as("k"),
              col(column.name()).cast("string").as("v")));
        }
      }
      if (pairs.isEmpty() || report.rowsAccepted() == 0) {
        return metrics;
      }
      // Bounded: one row per (column, value) of closed lists and catalog codes.
      List<Row> counts = clean.select(explode(array(pairs.toArray(
              org.apache.spark.sql.Column[]::new))).as("p"))
          .groupBy(col("p.k"), col("p.v")).count().collectAsList();
      double n = report.rowsAccepted();
      for (Row row : counts) {
        String key = row.getString(0);
        if (key.startsWith("null_rate.")) {
          if ("null".equals(row.getString(1))) {
            metrics.put(t + "." + key, row.getLong(2) / n);
          } else {
            metrics.putIfAbsent(t + "." + key, 0.0);
          }
        } else {
          metrics.put(t + "." + key + "." + row.getString(1), row.getLong(2) / n);
        }
      }
      if (table == Contract.OUTCOMES) {
        String index = Contract.MONTH + ExtractSchemas.MONTH_INDEX_SUFFIX;
        Row gaps = clean.groupBy(Contract.CLIENT_ID)
            .agg(org.apache.spark.sql.functions.max(index).minus(
                    org.apache.spark.sql.functions.min(index)).plus(1)
                .minus(count(lit(1))).as("missing"))
            .agg(org.apache.spark.sql.functions.sum(when(col("missing").gt(0), 1).otherwise(0)),
                org.apache.spark.sql.functions.sum("missing"), count(lit(1)))
            .first();
        long clientsWithGaps = gaps.isNullAt(0) ? 0 : gaps.getLong(0);
        long clientCount = gaps.getLong(2);
        metrics.put("outcomes.clients_with_month_gaps_share",
            clientCount == 0 ? 0.0 : clientsWithGaps / (double) clientCount);
        metrics.put("outcomes.missing_months", gaps.isNullAt(1) ? 0.0 : gaps.getLong(1));
      }
      return metrics;
    }
  }

  private static String firstLine(Throwable e) {
    String message = e instanceof AnalysisException a ? a.getSimpleMessage() : e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }
}
