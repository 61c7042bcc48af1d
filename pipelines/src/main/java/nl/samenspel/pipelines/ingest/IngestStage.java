package nl.samenspel.pipelines.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Iterator;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.Table;
import nl.samenspel.contract.ValueMaps;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.pipelines.Checkpoints;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.run.Releases;
import nl.samenspel.pipelines.store.Location;
import nl.samenspel.pipelines.store.Store;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import nl.samenspel.privacy.Pseudonymizer;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Ingest: reads the four extracts with schemas built from the contract (never inferred),
 * pseudonymizes the person key, checks every value, key and reference, and accounts for every
 * row: it is accepted into {@code work/ingest/TABLE} or quarantined, with a reason code, into
 * {@code work/quarantine/TABLE/} (CSV, identifiers pseudonymized, values of identifier columns
 * blank). Per file, rows read = rows accepted + rows quarantined, or the run stops.
 *
 * <p>One pass per table: reading, the row checks, the checks across rows and the ledger's
 * Parquet are one Spark query, and the accounting and data-quality metrics are counted while
 * it runs (Spark accumulators, {@link LedgerMetrics}). The rows read are counted where the
 * file is read, apart from the ledger's counts of accepted and quarantined rows, so the
 * identity stays a check. The quarantine CSV is written only when rows were quarantined.
 *
 * <p>Whether the quarantined shares are acceptable is decided by the caller's quality gate
 * ({@link nl.samenspel.pipelines.quality.QualityGate}); this stage only counts.
 */
public final class IngestStage {

  static final String ERROR = RowChecks.ERROR;
  /** Folder under the work folder where quarantined rows go, one CSV folder per table. */
  public static final String QUARANTINE = "quarantine";
  /** Folder under the work folder with the ledger of every table. */
  public static final String INGEST = "ingest";
  /**
   * Up to this size an extract is checked in one task, without a shuffle: a shuffle's fixed
   * cost (a job more, its stages, and in a fresh JVM the classes and compiled code behind it)
   * is larger than what a second core gains on a file this small (a 2,000-client municipality's
   * outcomes are 2.5 MB, 40,000 clients' about 50 MB).
   */
  static final long SINGLE_TASK_BYTES = 32L << 20;

  /**
   * @param inputDir folder with the extracts
   * @param workDir folder for the internal tables (shared with the executors: on a cluster a
   *     Hadoop filesystem or a mount every node has)
   * @param catalog the intervention catalog the codes must come from
   * @param pseudonymizer keyed pseudonyms for the person key
   * @param referenceDate dates after this day are "in the future"
   * @param values the municipality's own codes, mapped to the contract's
   */
  public record Settings(Path inputDir, Location workDir, List<CatalogEntry> catalog,
      Pseudonymizer pseudonymizer, LocalDate referenceDate, ValueMaps values) {

    /** Settings with a work folder on this machine. */
    public Settings(Path inputDir, Path workDir, List<CatalogEntry> catalog,
        Pseudonymizer pseudonymizer, LocalDate referenceDate, ValueMaps values) {
      this(inputDir, Location.local(workDir), catalog, pseudonymizer, referenceDate, values);
    }

    /** Settings without value maps. */
    public Settings(Path inputDir, Path workDir, List<CatalogEntry> catalog,
        Pseudonymizer pseudonymizer, LocalDate referenceDate) {
      this(inputDir, workDir, catalog, pseudonymizer, referenceDate, ValueMaps.NONE);
    }
  }

  /**
   * Row accounting of one extract.
   *
   * @param quarantined rows per reason code, in code order
   * @param examples per reason code: the first column and (non-identifying) value found
   * @param droppedColumns columns outside the contract, dropped at ingest (names only)
   * @param bsn whether the person key came from a {@code bsn} column
   * @param format how the file differs from the contract's way of writing a CSV (encoding,
   *     delimiter, byte-order mark, date formats), as a phrase; empty when it does not
   */
  public record TableReport(String table, String file, long rowsRead, long rowsAccepted,
      long rowsQuarantined, Map<String, Long> quarantined, Map<String, String> examples,
      List<String> droppedColumns, boolean bsn, String format) {

    /** A report of a file written the contract's way. */
    public TableReport(String table, String file, long rowsRead, long rowsAccepted,
        long rowsQuarantined, Map<String, Long> quarantined, Map<String, String> examples,
        List<String> droppedColumns, boolean bsn) {
      this(table, file, rowsRead, rowsAccepted, rowsQuarantined, quarantined, examples,
          droppedColumns, bsn, "");
    }

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
   * contract's columns, and finds how each CSV is written ({@link CsvSniffer}); fails with one
   * line otherwise. Returns the located files. Uses the bundled catalog and no value maps.
   */
  public static Map<String, ExtractFile> preflight(Path inputDir) {
    return preflight(inputDir, CatalogReader.bundled(), ValueMaps.NONE);
  }

  /**
   * As {@link #preflight(Path)}, for a run with this catalog and these value maps (the codes a
   * sample's code columns are checked against).
   */
  public static Map<String, ExtractFile> preflight(Path inputDir, List<CatalogEntry> catalog,
      ValueMaps values) {
    return preflight(Location.local(inputDir), catalog, values);
  }

  /** As {@link #preflight(Path, List, ValueMaps)} for an input folder anywhere. */
  public static Map<String, ExtractFile> preflight(Location inputDir, List<CatalogEntry> catalog,
      ValueMaps values) {
    if (!Store.isDirectory(inputDir)) {
      throw SamenspelException.input("Input folder not found: " + inputDir);
    }
    Map<String, ExtractFile> files = new LinkedHashMap<>();
    for (Table table : Contract.EXTRACTS) {
      files.put(table.name(), ExtractFile.locate(inputDir, table));
    }
    List<String> codes = codes(catalog);
    files.replaceAll((name, file) -> ExtractReader.inspect(file, codes, values));
    return files;
  }

  /** Ingests the extracts {@link #preflight} located. */
  public Result run(SparkSession spark, Settings settings, Map<String, ExtractFile> files) {
    Location quarantine = settings.workDir().resolve(QUARANTINE);
    try {
      Store.delete(quarantine);
    } catch (IOException e) {
      throw new UncheckedIOException("can't clear " + quarantine, e);
    }
    List<String> catalogCodes = codes(settings.catalog());
    List<TableReport> reports = new ArrayList<>();
    Map<String, Dataset<Row>> accepted = new HashMap<>();
    Map<String, Double> quality = new TreeMap<>();
    Dataset<Row> clients = null;
    for (Table table : Contract.EXTRACTS) {
      ExtractFile file = files.get(table.name());
      if (file.format() == ExtractFile.Format.CSV && file.dialect() == null) {
        file = ExtractReader.inspect(file, catalogCodes, settings.values());
      }
      ExtractReader.RawExtract raw = ExtractReader.read(spark, file, settings.pseudonymizer());
      // Counted where the file is read: independent of the ledger's own counts.
      LongAccumulator read = spark.sparkContext().longAccumulator("ingest read " + table.name());
      RowChecks.Spellings spellings = RowChecks.Spellings.of(table, catalogCodes,
          settings.values(), file.dialect() == null ? Map.of() : file.dialect().dateFormats());
      RowChecks.Partitioning partitioning = bytes(file) <= SINGLE_TASK_BYTES
          ? RowChecks.Partitioning.SINGLE : RowChecks.Partitioning.BY_KEY;
      Dataset<Row> ledger = RowChecks.acrossRows(
          RowChecks.values(raw.rows(), table, settings.referenceDate(), spellings, read), table,
          clients, settings.catalog(), partitioning);
      String ledgerPath = settings.workDir().resolve(INGEST).resolve(table.name()).forSpark();
      StructType schema = nullable(ledger.schema());
      LedgerMetrics.Counting counting = LedgerMetrics.counted(ledger, table, catalogCodes,
          spark.sparkContext());
      try {
        counting.rows().write().mode(SaveMode.Overwrite).parquet(ledgerPath);
      } catch (Exception e) { // SparkException is checked in Java but thrown undeclared
        throw SamenspelException.input(file.displayName() + " can't be read: " + firstLine(e));
      }
      LedgerMetrics.Tally counts = LedgerMetrics.Tally.of(read.value(), counting);
      TableReport report = counts.report(table, raw.header(),
          file.dialect() == null ? "" : file.dialect().differences());
      if (!report.balanced()) {
        throw new SamenspelException(SamenspelException.EXIT_INTERNAL, report.file()
            + ": rows read (" + report.rowsRead() + ") are not rows accepted ("
            + report.rowsAccepted() + ") + rows quarantined (" + report.rowsQuarantined()
            + "); nothing was published (please report this)");
      }
      if (report.rowsRead() == 0) {
        throw SamenspelException.input(file.displayName() + " has a header but no rows");
      }
      Dataset<Row> written = spark.read().schema(schema).parquet(ledgerPath);
      if (report.rowsQuarantined() > 0) {
        writeQuarantine(written, quarantine.resolve(table.name()), table, report);
      }
      reports.add(report);
      quality.putAll(counts.quality(table, report, catalogCodes));
      Dataset<Row> clean = written.filter(col(ERROR).isNull()).drop(ERROR);
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
   * Writes the quarantined rows of a ledger as one CSV (reason, column, value, then the row's
   * contract columns) and fails when their number is not the ledger's count.
   */
  private static void writeQuarantine(Dataset<Row> ledger, Location target, Table table,
      TableReport report) {
    List<org.apache.spark.sql.Column> columns = new ArrayList<>(List.of(
        col(ERROR + ".reason").as("reason"), col(ERROR + ".column").as("column"),
        when(col(ERROR + ".value").notEqual(""), col(ERROR + ".value")).as("value")));
    for (String name : table.columnNames()) {
      columns.add(col(name).cast("string").as(name));
    }
    LongAccumulator written = ledger.sparkSession().sparkContext()
        .longAccumulator("ingest quarantine " + table.name());
    MapPartitionsFunction<Row, Row> counted = rows -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        written.add(1);
        return rows.next();
      }
    };
    Dataset<Row> quarantined = ledger.filter(col(ERROR).isNotNull())
        .select(columns.toArray(org.apache.spark.sql.Column[]::new));
    quarantined.mapPartitions(counted, Encoders.row(quarantined.schema()))
        // One file, sorted in its one task: no shuffle for a global sort.
        .coalesce(1).sortWithinPartitions("reason", "column", "value")
        .write().mode(SaveMode.Overwrite).option("header", "true").option("escape", "\"")
        .csv(target.forSpark());
    long rows = written.value();
    if (rows != report.rowsQuarantined()) {
      throw new SamenspelException(SamenspelException.EXIT_INTERNAL, report.file() + ": "
          + report.rowsQuarantined() + " rows were quarantined but " + rows + " were written to "
          + target + "; nothing was published");
    }
  }

  /** The schema as Parquet gives it back: every field nullable. */
  private static StructType nullable(StructType schema) {
    return new StructType(java.util.Arrays.stream(schema.fields())
        .map(f -> new StructField(f.name(), f.dataType(), true, f.metadata()))
        .toArray(StructField[]::new));
  }

  /** The size of an extract: a file, or the files of a folder. */
  private static long bytes(ExtractFile file) {
    try {
      return Store.length(file.location());
    } catch (IOException e) {
      throw new UncheckedIOException("can't read " + file.location(), e);
    }
  }

  private static List<String> codes(List<CatalogEntry> catalog) {
    return catalog.stream().map(CatalogEntry::code).toList();
  }

  private static String firstLine(Throwable e) {
    String message = e instanceof AnalysisException a ? a.getSimpleMessage() : e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }
}
