package nl.samenspel.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nl.samenspel.contract.Column;
import nl.samenspel.contract.ColumnType;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.QuarantineReason;
import nl.samenspel.contract.Table;
import nl.samenspel.domain.Element;
import nl.samenspel.journeys.DurableDefinition;
import nl.samenspel.journeys.PriorWork;
import nl.samenspel.journeys.TimeToDurableWork;
import nl.samenspel.pipelines.journeys.JourneysStage;

/**
 * The DuckDB peer of the benchmark (issue 6): Samenspel's ingest and journeys stages written
 * as an analyst would write them in SQL, on the same CSV extracts, so that the benchmark can
 * time both and check that they produce the same episodes.
 *
 * <p>Ingest reads every extract as text and types it with TRY_CAST, like Samenspel, and gives
 * each row the first problem it has, in Samenspel's order (see {@code RowChecks}): the row's
 * shape and encoding, then each value in contract column order, then exact duplicates and key
 * conflicts, then the catalog and the accepted clients. Journeys builds one episode per
 * assessment with the same rules as {@link JourneysStage}, the outcome from month bit masks.
 *
 * <p>Only CSV extracts with a {@code client_id} column are read; the benchmark generates
 * those. The pseudonym is a stand-in, see {@link #PSEUDONYM_KEY}.
 */
public final class DuckDbPeer {

  /**
   * Samenspel replaces {@code client_id} by its HMAC-SHA256 under the run's secret key. DuckDB
   * has no HMAC, so the peer hashes a fixed key followed by the id with SHA-256: the same kind
   * of work per value (one SHA-256 where HMAC runs two), and equal ids still get equal
   * pseudonyms, which is all the checks and joins need. Not a keyed pseudonym: benchmark only.
   */
  private static final String PSEUDONYM_KEY = "samenspel-duckdb-peer-stand-in-key";
  /** The benchmark machine has two cores; Spark runs as local[2] there too. */
  public static final int DEFAULT_THREADS = 2;

  /** Dates that can't lie after the reference date (as Samenspel's RowChecks). */
  private static final Set<String> NOT_IN_FUTURE = Set.of(Contract.BENEFIT_START_DATE,
      Contract.ASSESSMENT_DATE, Contract.MONTH);
  /** Dates that can't lie before the client's benefit started (as Samenspel's RowChecks). */
  private static final List<String> NOT_BEFORE_BENEFIT = List.of(Contract.ASSESSMENT_DATE,
      Contract.START_DATE);

  // DuckDB's casts accept more than Spark's ("1.0", "1e3", "0x10" as numbers, "2023-1-5" as a
  // date); these patterns let through only what Samenspel's Spark casts accept.
  /** A whole number; Spark's cast also strips control characters and spaces around it. */
  private static final String INTEGER_PATTERN = "[[:cntrl:] ]*[+-]?[0-9]+[[:cntrl:] ]*";
  /** Spark's try_to_date(text, 'yyyy-MM-dd') needs exactly these digits. */
  private static final String DATE_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
  private static final String MONTH_PATTERN = "[0-9]{4}-(0[1-9]|1[0-2])";
  /** What Spark puts in place of bytes that are not UTF-8. */
  private static final int REPLACEMENT_CHARACTER = 0xFFFD;
  /** The error type of DuckDB's CSV reader for bytes that are not UTF-8. */
  private static final String READER_INVALID_ENCODING = "INVALID ENCODING";

  /** The columns of the episodes that both implementations must agree on, besides the key. */
  private static final List<String> COMPARED = comparedColumns();

  private DuckDbPeer() {}

  /**
   * @param referenceDate dates after this day are "in the future"
   * @param catalog the intervention catalog CSV ({@code code,discipline,...})
   * @param windowDays interventions starting 0..windowDays days after the assessment count
   * @param horizonMonths the durable spell must start 1..horizonMonths months after
   * @param minimumMonths the durable spell must last this many consecutive months
   * @param threads DuckDB's {@code threads} setting
   */
  public record Settings(LocalDate referenceDate, Path catalog, int windowDays,
      int horizonMonths, int minimumMonths, int threads) {

    public Settings {
      Objects.requireNonNull(referenceDate, "referenceDate");
      Objects.requireNonNull(catalog, "catalog");
      // Samenspel's own settings records hold the limits (window >= 0, months fit a mask).
      new JourneysStage.Settings(windowDays, new DurableDefinition(horizonMonths, minimumMonths,
          DurableDefinition.DEFAULT.workBenefitStatuses()));
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
    }

    /** Samenspel's defaults for the window and durable participation, two threads. */
    public static Settings defaults(LocalDate referenceDate, Path catalog) {
      return new Settings(referenceDate, catalog, JourneysStage.Settings.DEFAULT.windowDays(),
          DurableDefinition.DEFAULT.horizonMonths(),
          DurableDefinition.DEFAULT.minimumConsecutiveMonths(), DEFAULT_THREADS);
    }
  }

  /**
   * What a run did and how long its SQL took.
   *
   * @param acceptedRejectedPerTable per extract table: {rows accepted, rows rejected}
   * @param rejectedPerReason per extract table: rejected rows per Samenspel reason code
   * @param episodesFile the episodes as Parquet
   */
  public record Result(double ingestSeconds, double journeysSeconds, long episodes,
      Map<String, long[]> acceptedRejectedPerTable,
      Map<String, Map<String, Long>> rejectedPerReason, Path episodesFile) {}

  /**
   * The two episode tables side by side on {@code assessment_id}.
   *
   * @param differingPerColumn per compared column: rows present in both that differ in it
   */
  public record Comparison(long duckDbRows, long samenspelRows, long onlyInDuckDb,
      long onlyInSamenspel, Map<String, Long> differingPerColumn) {

    public boolean identical() {
      return duckDbRows == samenspelRows && onlyInDuckDb == 0 && onlyInSamenspel == 0
          && differingPerColumn.values().stream().allMatch(n -> n == 0);
    }
  }

  /**
   * Ingests the four CSV extracts of {@code inputDir} into a fresh DuckDB database in
   * {@code workDir} and writes the episodes to {@code workDir/episodes.parquet}.
   */
  public static Result run(Path inputDir, Path workDir, Settings settings) {
    Map<String, Path> files = locate(inputDir);
    if (!Files.isRegularFile(settings.catalog())) {
      throw new IllegalArgumentException("Catalog file not found: " + settings.catalog());
    }
    Path database = workDir.resolve("duckdb-peer.duckdb");
    Path episodesFile = workDir.resolve("episodes.parquet");
    try {
      Files.createDirectories(workDir);
      Files.deleteIfExists(database);
      Files.deleteIfExists(workDir.resolve(database.getFileName() + ".wal"));
      Files.deleteIfExists(episodesFile);
    } catch (IOException e) {
      throw new UncheckedIOException("can't prepare " + workDir, e);
    }
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
        Statement sql = connection.createStatement()) {
      sql.execute("SET threads = " + settings.threads());

      long started = System.nanoTime();
      readCatalog(sql, settings.catalog());
      Map<String, long[]> counts = new LinkedHashMap<>();
      Map<String, Map<String, Long>> reasons = new LinkedHashMap<>();
      for (Table table : Contract.EXTRACTS) {
        TableCounts rows = ingest(sql, table, files.get(table.name()),
            settings.referenceDate());
        long rejected = rows.rejected().values().stream().mapToLong(Long::longValue).sum();
        if (rows.accepted() + rejected == 0) {
          throw new IllegalArgumentException(files.get(table.name()).getFileName()
              + " has a header but no rows");
        }
        counts.put(table.name(), new long[] {rows.accepted(), rejected});
        reasons.put(table.name(), Collections.unmodifiableMap(rows.rejected()));
      }
      double ingestSeconds = seconds(started);

      started = System.nanoTime();
      long episodes = sql.executeUpdate("COPY (" + episodesQuery(settings) + ") TO "
          + literal(episodesFile.toString()) + " (FORMAT parquet)");
      double journeysSeconds = seconds(started);
      return new Result(ingestSeconds, journeysSeconds, episodes,
          Collections.unmodifiableMap(counts), Collections.unmodifiableMap(reasons),
          episodesFile);
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB peer on " + inputDir + ": " + firstLine(e), e);
    }
  }

  /**
   * Compares DuckDB's episodes with Samenspel's ({@code samenspelEpisodesDir} is the folder
   * {@link JourneysStage#persist} writes, {@code OUT/work/journeys/episodes}). Samenspel's
   * {@code client_id} is an HMAC pseudonym and the peer's is not, so it is not compared.
   */
  public static Comparison compare(Path duckEpisodesParquet, Path samenspelEpisodesDir) {
    String duck = "read_parquet(" + literal(duckEpisodesParquet.toString()) + ")";
    String samenspel = "read_parquet(" + literal(Files.isDirectory(samenspelEpisodesDir)
        ? samenspelEpisodesDir.resolve("*.parquet").toString()
        : samenspelEpisodesDir.toString()) + ")";
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = connection.createStatement()) {
      List<String> needed = new ArrayList<>(List.of(JourneysStage.EPISODE_ID));
      needed.addAll(COMPARED);
      requireColumns(sql, duck, duckEpisodesParquet.toString(), needed);
      requireColumns(sql, samenspel, samenspelEpisodesDir.toString(), needed);
      String key = JourneysStage.EPISODE_ID;
      StringBuilder query = new StringBuilder("SELECT count(d." + key + "), count(s." + key
          + "), count(*) FILTER (WHERE s." + key + " IS NULL), count(*) FILTER (WHERE d."
          + key + " IS NULL)");
      for (String column : COMPARED) {
        // Both store the interventions sorted; sorting here keeps that out of the comparison.
        String left = column.equals(JourneysStage.INTERVENTIONS)
            ? "list_sort(d." + column + ")" : "d." + column;
        String right = column.equals(JourneysStage.INTERVENTIONS)
            ? "list_sort(s." + column + ")" : "s." + column;
        query.append(", count(*) FILTER (WHERE d.").append(key).append(" IS NOT NULL AND s.")
            .append(key).append(" IS NOT NULL AND ").append(left)
            .append(" IS DISTINCT FROM ").append(right).append(")");
      }
      query.append(" FROM ").append(duck).append(" d FULL OUTER JOIN ").append(samenspel)
          .append(" s ON d.").append(key).append(" = s.").append(key);
      try (ResultSet row = sql.executeQuery(query.toString())) {
        row.next();
        Map<String, Long> differing = new LinkedHashMap<>();
        for (int i = 0; i < COMPARED.size(); i++) {
          differing.put(COMPARED.get(i), row.getLong(5 + i));
        }
        return new Comparison(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4),
            Collections.unmodifiableMap(differing));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Comparing " + duckEpisodesParquet + " with "
          + samenspelEpisodesDir + ": " + firstLine(e), e);
    }
  }

  // ---- ingest -------------------------------------------------------------------------------

  private static Map<String, Path> locate(Path inputDir) {
    if (!Files.isDirectory(inputDir)) {
      throw new IllegalArgumentException("Input folder not found: " + inputDir);
    }
    Map<String, Path> files = new LinkedHashMap<>();
    for (Table table : Contract.EXTRACTS) {
      Path csv = inputDir.resolve(table.name() + ".csv");
      if (!Files.isRegularFile(csv)) {
        throw new IllegalArgumentException("Missing extract '" + table.name() + "': the DuckDB "
            + "peer reads " + csv + " (CSV only)");
      }
      files.put(table.name(), csv);
    }
    return files;
  }

  /** The catalog's code and discipline, as text like the extracts. */
  private static void readCatalog(Statement sql, Path catalog) throws SQLException {
    String source = readCsv(catalog, "");
    requireColumns(sql, source, catalog.toString(),
        List.of(Contract.CATALOG_CODE, Contract.DISCIPLINE));
    sql.execute("CREATE TEMP TABLE intervention_catalog AS SELECT trim(" + Contract.CATALOG_CODE
        + ") AS code, trim(" + Contract.DISCIPLINE + ") AS discipline FROM " + source);
  }

  /** Accepted rows, and rejected rows per reason code, of one extract. */
  private record TableCounts(long accepted, Map<String, Long> rejected) {}

  /**
   * Reads, checks and splits one extract: accepted rows into table {@code NAME}, the rows the
   * checks reject into {@code NAME_quarantine} (the rows the CSV reader rejects are in
   * {@code NAME_reader_rejects}).
   */
  private static TableCounts ingest(Statement sql, Table table, Path file,
      LocalDate referenceDate) throws SQLException {
    String name = table.name();
    String raw = name + "_raw";
    sql.execute("CREATE TEMP TABLE " + raw + " AS SELECT * FROM " + readCsv(file,
        ", store_rejects = true, rejects_table = '" + name + "_reader_rejects', rejects_scan = '"
            + name + "_reader_scans'"));
    requireColumns(sql, raw, file.getFileName().toString(), table.columnNames());
    sql.execute("CREATE TEMP TABLE " + name + "_checked AS " + valueChecks(table, raw,
        referenceDate));
    sql.execute("CREATE TEMP TABLE " + name + "_ledger AS " + rowChecks(table,
        name + "_checked"));
    sql.execute("CREATE TABLE " + name + " AS SELECT * EXCLUDE (_error) FROM " + name
        + "_ledger WHERE _error IS NULL");
    sql.execute("CREATE TABLE " + name + "_quarantine AS SELECT _error.reason AS reason, "
        + "_error.column AS \"column\", * EXCLUDE (_error) FROM " + name
        + "_ledger WHERE _error IS NOT NULL");

    long accepted = 0;
    Map<String, Long> rejected = new TreeMap<>();
    try (ResultSet counts = sql.executeQuery("SELECT _error.reason, count(*) FROM " + name
        + "_ledger GROUP BY ALL")) {
      while (counts.next()) {
        if (counts.getString(1) == null) {
          accepted = counts.getLong(2);
        } else {
          rejected.put(counts.getString(1), counts.getLong(2));
        }
      }
    }
    // Samenspel's reader keeps a row of the wrong shape as a row with a corrupt-record marker;
    // DuckDB's reader sets it aside. A line with several problems counts once, as malformed
    // first, like Samenspel's order of checks.
    try (ResultSet counts = sql.executeQuery("SELECT CASE WHEN encoding_only THEN "
        + literal(QuarantineReason.INVALID_ENCODING.code()) + " ELSE "
        + literal(QuarantineReason.MALFORMED_ROW.code()) + " END, count(*) FROM (SELECT "
        + "bool_and(error_type = " + literal(READER_INVALID_ENCODING) + ") AS encoding_only "
        + "FROM " + name + "_reader_rejects GROUP BY line) GROUP BY ALL")) {
      while (counts.next()) {
        rejected.merge(counts.getString(1), counts.getLong(2), Long::sum);
      }
    }
    sql.execute("DROP TABLE " + raw);
    sql.execute("DROP TABLE " + name + "_checked");
    return new TableCounts(accepted, rejected);
  }

  private static String readCsv(Path file, String options) {
    // RFC 4180 quoting, as Samenspel reads; every column as text, no type sniffing.
    return "read_csv(" + literal(file.toString()) + ", header = true, all_varchar = true, "
        + "delim = ',', quote = '\"', escape = '\"'" + options + ")";
  }

  /**
   * Typed contract columns (a month index next to the month) and {@code _error}: the first
   * problem of the row found from its own values, in Samenspel's order.
   */
  private static String valueChecks(Table table, String raw, LocalDate referenceDate) {
    List<String> text = new ArrayList<>();
    List<String> typed = new ArrayList<>();
    List<String> output = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    List<String> encoding = new ArrayList<>();
    for (Column column : table.columns()) {
      String c = column.name();
      String v = "v_" + c;
      text.add(c.equals(Contract.CLIENT_ID)
          ? "sha256(" + literal(PSEUDONYM_KEY) + " || nullif(trim(" + c + "), '')) AS " + c
          : "nullif(trim(" + c + "), '') AS " + c);
      encoding.add("contains(" + c + ", chr(" + REPLACEMENT_CHARACTER + "))");
      if (!column.nullable()) {
        errors.add(error(c + " IS NULL", QuarantineReason.MISSING_VALUE, c));
      }
      switch (column.type()) {
        case STRING -> {
          typed.add(c + " AS " + v);
          if (!column.allowedValues().isEmpty()) {
            errors.add(error(c + " NOT IN (" + new TreeSet<>(column.allowedValues()).stream()
                .map(DuckDbPeer::literal).collect(Collectors.joining(", ")) + ")",
                QuarantineReason.UNKNOWN_VALUE, c));
          }
        }
        case INTEGER -> {
          typed.add("CASE WHEN regexp_full_match(" + c + ", " + literal(INTEGER_PATTERN)
              + ") THEN TRY_CAST(" + c + " AS INTEGER) END AS " + v);
          errors.add(error(c + " IS NOT NULL AND " + v + " IS NULL",
              QuarantineReason.NOT_A_NUMBER, c));
          errors.add(error(v + " < " + column.minimum() + " OR " + v + " > " + column.maximum(),
              QuarantineReason.OUT_OF_RANGE, c));
        }
        case DATE -> {
          typed.add("CASE WHEN regexp_full_match(" + c + ", " + literal(DATE_PATTERN)
              + ") THEN TRY_CAST(" + c + " AS DATE) END AS " + v);
          errors.add(error(c + " IS NOT NULL AND " + v + " IS NULL",
              QuarantineReason.NOT_A_DATE, c));
          if (NOT_IN_FUTURE.contains(c)) {
            errors.add(error(v + " > DATE " + literal(referenceDate.toString()),
                QuarantineReason.DATE_IN_FUTURE, c));
          }
        }
        case MONTH -> {
          typed.add("CASE WHEN regexp_full_match(" + c + ", " + literal(MONTH_PATTERN)
              + ") THEN " + c + " END AS " + v);
          errors.add(error(c + " IS NOT NULL AND " + v + " IS NULL",
              QuarantineReason.NOT_A_MONTH, c));
          if (NOT_IN_FUTURE.contains(c)) {
            errors.add(error(v + " > " + literal(String.format("%04d-%02d",
                referenceDate.getYear(), referenceDate.getMonthValue())),
                QuarantineReason.DATE_IN_FUTURE, c));
          }
        }
        case BOOLEAN -> {
          typed.add("CASE lower(" + c + ") WHEN 'true' THEN true WHEN 'false' THEN false END AS "
              + v);
          errors.add(error(c + " IS NOT NULL AND " + v + " IS NULL",
              QuarantineReason.NOT_A_BOOLEAN, c));
        }
        default -> throw new IllegalStateException("unhandled type " + column.type());
      }
      output.add(v + " AS " + c);
      if (column.type() == ColumnType.MONTH) {
        // Months as year * 12 + month - 1, for arithmetic on months (Samenspel's month_index).
        output.add("CAST(substr(" + v + ", 1, 4) AS INTEGER) * 12 + CAST(substr(" + v
            + ", 6, 2) AS INTEGER) - 1 AS " + c + "_index");
      }
    }
    errors.add(0, error(String.join(" OR ", encoding), QuarantineReason.INVALID_ENCODING,
        "(row)"));
    if (table.columnNames().contains(Contract.END_DATE)) {
      errors.add(error("v_" + Contract.END_DATE + " < v_" + Contract.START_DATE,
          QuarantineReason.END_BEFORE_START, Contract.END_DATE));
    }
    output.add("CASE " + String.join(" ", errors) + " END AS _error");
    return "SELECT " + String.join(", ", output) + " FROM (SELECT *, " + String.join(", ", typed)
        + " FROM (SELECT " + String.join(", ", text) + " FROM " + raw + "))";
  }

  /**
   * Adds the checks across rows to {@code _error}: key conflicts (all rows of the key) and
   * exact duplicates (all but the first copy read) among the rows without a problem so far,
   * then the catalog and the accepted clients. The keys that occur more than once are found
   * first, and only their rows are compared: comparing whole rows (min and max of a STRUCT)
   * per key, in a window or a GROUP BY over every key, takes most of the ingest's time.
   */
  private static String rowChecks(Table table, String checked) {
    List<String> content = new ArrayList<>();
    for (Column column : table.columns()) {
      content.add(column.name());
      if (column.type() == ColumnType.MONTH) {
        content.add(column.name() + "_index");
      }
    }
    String row = "row(" + String.join(", ", content) + ")";
    String key = String.join(", ", table.key());
    String sameKey = table.key().stream().map(k -> "r." + k + " = c." + k)
        .collect(Collectors.joining(" AND "));
    List<String> errors = new ArrayList<>(List.of(
        error("r.conflict", QuarantineReason.KEY_CONFLICT, String.join("+", table.key())),
        error("c.rowid <> r.first_copy", QuarantineReason.DUPLICATE_ROW, "(row)")));
    StringBuilder joins = new StringBuilder(" LEFT JOIN repeated r ON c._error IS NULL AND "
        + sameKey);
    if (table.columnNames().contains(Contract.INTERVENTION_CODE)) {
      joins.append(" LEFT JOIN intervention_catalog k ON k.code = c.")
          .append(Contract.INTERVENTION_CODE);
      errors.add(error("k.code IS NULL", QuarantineReason.UNKNOWN_CODE,
          Contract.INTERVENTION_CODE));
      errors.add(error("k.discipline <> c." + Contract.DISCIPLINE,
          QuarantineReason.DISCIPLINE_MISMATCH, Contract.DISCIPLINE));
    }
    if (table != Contract.CLIENTS && table.columnNames().contains(Contract.CLIENT_ID)) {
      joins.append(" LEFT JOIN clients b ON b.").append(Contract.CLIENT_ID).append(" = c.")
          .append(Contract.CLIENT_ID);
      errors.add(error("b." + Contract.CLIENT_ID + " IS NULL", QuarantineReason.ORPHAN,
          Contract.CLIENT_ID));
      for (String date : NOT_BEFORE_BENEFIT) {
        if (table.columnNames().contains(date)) {
          errors.add(error("c." + date + " < b." + Contract.BENEFIT_START_DATE,
              QuarantineReason.DATE_BEFORE_BENEFIT, date));
        }
      }
    }
    return "WITH repeated AS (SELECT " + key + ", min(" + row + ") IS DISTINCT FROM max(" + row
        + ") AS conflict, min(rowid) AS first_copy FROM " + checked + " WHERE _error IS NULL "
        + "AND (" + key + ") IN (SELECT (" + key + ") FROM " + checked + " WHERE _error IS NULL "
        + "GROUP BY " + key + " HAVING count(*) > 1) GROUP BY " + key + ") "
        + "SELECT c.* EXCLUDE (_error), coalesce(c._error, CASE " + String.join(" ", errors)
        + " END) AS _error FROM " + checked + " c" + joins;
  }

  private static String error(String condition, QuarantineReason reason, String column) {
    return "WHEN " + condition + " THEN {'reason': " + literal(reason.code()) + ", 'column': "
        + literal(column) + "}";
  }

  // ---- journeys -----------------------------------------------------------------------------

  /** One episode per accepted assessment, in Samenspel's columns and order. */
  private static String episodesQuery(Settings settings) {
    DurableDefinition durable = new DurableDefinition(settings.horizonMonths(),
        settings.minimumMonths(), DurableDefinition.DEFAULT.workBenefitStatuses());
    String inWorkStatuses = new TreeSet<>(durable.workBenefitStatuses()).stream()
        .map(DuckDbPeer::literal).collect(Collectors.joining(", "));
    // Bit k of runs is set when months k .. k+minimum-1 after the assessment were all in work,
    // so a durable spell starting at an offset 1..horizon is a set bit among those offsets.
    String work = "(work_mask & observed_mask)";
    List<String> shifted = new ArrayList<>();
    for (int k = 0; k < durable.minimumConsecutiveMonths(); k++) {
      shifted.add(k == 0 ? work : "(" + work + " >> " + k + ")");
    }
    String runs = "(" + String.join(" & ", shifted) + ")";
    long starts = ((1L << durable.horizonMonths()) - 1) << 1;
    long followUp = ((1L << durable.followUpMonths()) - 1) << 1;
    long prior = ((1L << PriorWork.MONTHS) - 1) << 1;
    // Time to durable work (TimeToDurableWork): months observed without a gap from offset 1
    // (the lowest zero bit of observed >> 1), the follow-up F = min(max(L - m + 1, 0), 24),
    // and the first run start among offsets 1..F.
    int curveMonths = TimeToDurableWork.DEFAULT_MAX_FOLLOW_UP_MONTHS;
    int monthsRead = Math.max(durable.followUpMonths(),
        curveMonths + durable.minimumConsecutiveMonths() - 1);
    String gapless = "bit_count(((~(observed_mask >> 1)) & -(~(observed_mask >> 1))) - 1)";
    String followUpMonths = "least(greatest(" + gapless + " - "
        + durable.minimumConsecutiveMonths() + " + 1, 0), " + curveMonths + ")";
    String startsInFollowUp = "(" + runs + " & (((1::BIGINT << " + followUpMonths
        + ") - 1) << 1))";
    String scores = Arrays.stream(Element.values())
        .map(e -> "a." + e.scoreColumn()).collect(Collectors.joining(", "));
    return """
        WITH received AS (
          SELECT a.assessment_id,
            list_sort(list_distinct(list(i.intervention_code))) AS interventions
          FROM assessments a
          JOIN interventions i ON i.client_id = a.client_id
            AND i.start_date BETWEEN a.assessment_date AND a.assessment_date + %d
            AND i.status <> 'CANCELLED'
          GROUP BY a.assessment_id
        ), months AS (
          SELECT a.assessment_id,
            o.month_index - (year(a.assessment_date) * 12 + month(a.assessment_date) - 1)
              AS month_offset,
            o.employed AND o.benefit_status IN (%s) AS in_work
          FROM assessments a
          JOIN outcomes o ON o.client_id = a.client_id
        ), masks AS (
          SELECT assessment_id,
            bit_or(CASE WHEN month_offset > 0 THEN 1::BIGINT << month_offset ELSE 0 END)
              AS observed_mask,
            bit_or(CASE WHEN month_offset > 0 AND in_work THEN 1::BIGINT << month_offset
              ELSE 0 END) AS work_mask,
            bit_or(CASE WHEN month_offset < 0 THEN 1::BIGINT << -month_offset ELSE 0 END)
              AS prior_observed_mask,
            bit_or(CASE WHEN month_offset < 0 AND in_work THEN 1::BIGINT << -month_offset
              ELSE 0 END) AS prior_work_mask
          FROM months
          WHERE month_offset BETWEEN 1 AND %d OR month_offset BETWEEN -%d AND -1
          GROUP BY assessment_id
        ), episodes AS (
          SELECT a.assessment_id, a.client_id, c.municipality, a.assessment_date,
            CAST(year(a.assessment_date) - c.birth_year AS INTEGER) AS age,
            c.sex, c.household_type, c.education_level,
            CAST(greatest(0, year(a.assessment_date) * 12 + month(a.assessment_date)
              - (year(c.benefit_start_date) * 12 + month(c.benefit_start_date))
              - CASE WHEN day(a.assessment_date) < day(c.benefit_start_date) THEN 1 ELSE 0 END)
              AS INTEGER) AS benefit_months,
            %s,
            coalesce(r.interventions, []::VARCHAR[]) AS interventions,
            coalesce(m.observed_mask, 0) AS observed_mask,
            coalesce(m.work_mask, 0) AS work_mask,
            coalesce(m.prior_observed_mask, 0) AS prior_observed_mask,
            coalesce(m.prior_work_mask, 0) AS prior_work_mask
          FROM assessments a
          JOIN clients c ON c.client_id = a.client_id
          LEFT JOIN received r ON r.assessment_id = a.assessment_id
          LEFT JOIN masks m ON m.assessment_id = a.assessment_id
        ), classified AS (
          SELECT *,
            CASE
              WHEN (%s & %d) <> 0 THEN 'DURABLE'
              WHEN (observed_mask & %d) = %d THEN 'NOT_DURABLE'
              ELSE 'UNDETERMINED'
            END AS durable_status
          FROM episodes
        )
        SELECT * EXCLUDE (durable_status), durable_status,
          CASE durable_status WHEN 'DURABLE' THEN 1 WHEN 'NOT_DURABLE' THEN 0 END AS durable,
          CASE
            WHEN (prior_work_mask & prior_observed_mask & %d) <> 0 THEN 1
            WHEN (prior_observed_mask & %d) = %d THEN 0
          END AS worked_before,
          CAST(CASE WHEN %s <> 0 THEN bit_count((%s & -%s) - 1) ELSE %s END AS INTEGER)
            AS durable_month,
          CASE WHEN %s <> 0 THEN 1 ELSE 0 END AS durable_event,
          CAST(%s AS INTEGER) AS follow_up_months
        FROM classified
        ORDER BY assessment_id
        """.formatted(settings.windowDays(), inWorkStatuses, monthsRead,
        PriorWork.MONTHS, scores, runs, starts, followUp, followUp, prior, prior, prior,
        startsInFollowUp, startsInFollowUp, startsInFollowUp, followUpMonths, startsInFollowUp,
        followUpMonths);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Fails with one line naming the file and the first contract column it lacks. */
  private static void requireColumns(Statement sql, String relation, String file,
      List<String> columns) throws SQLException {
    Set<String> present = new TreeSet<>();
    try (ResultSet described = sql.executeQuery("SELECT column_name FROM (DESCRIBE SELECT * "
        + "FROM " + relation + ")")) {
      while (described.next()) {
        present.add(described.getString(1));
      }
    }
    for (String column : columns) {
      if (!present.contains(column)) {
        throw new IllegalArgumentException(file + ": column '" + column + "' is missing "
            + "(expected columns: " + String.join(",", columns) + ")");
      }
    }
  }

  private static List<String> comparedColumns() {
    List<String> columns = new ArrayList<>(List.of(Contract.MUNICIPALITY,
        Contract.ASSESSMENT_DATE, JourneysStage.AGE, Contract.SEX, Contract.HOUSEHOLD_TYPE,
        Contract.EDUCATION_LEVEL, JourneysStage.BENEFIT_MONTHS));
    for (Element element : Element.values()) {
      columns.add(element.scoreColumn());
    }
    // The masks too: they pin a difference in an outcome down to the months behind it.
    columns.addAll(List.of(JourneysStage.INTERVENTIONS, JourneysStage.OBSERVED_MASK,
        JourneysStage.WORK_MASK, "prior_observed_mask", "prior_work_mask",
        JourneysStage.DURABLE_STATUS, JourneysStage.DURABLE, JourneysStage.NEGATIVE_CONTROL,
        JourneysStage.DURABLE_MONTH, JourneysStage.DURABLE_EVENT,
        JourneysStage.FOLLOW_UP_MONTHS));
    return List.copyOf(columns);
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  private static String firstLine(SQLException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName()
        : message.lines().filter(line -> !line.isBlank()).findFirst().orElse(message);
  }
}
