package nl.samenspel.pipelines.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nl.samenspel.contract.Column;
import nl.samenspel.contract.ColumnType;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.Table;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.pipelines.SamenspelException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Ingest: reads the four extracts with schemas built from the contract (never inferred),
 * validates every value, every key and every reference, and writes typed Parquet to
 * {@code work/ingest/} (with an {@code _error} column that is null for every accepted row). Until row-level quarantine exists, any invalid row stops the run with a
 * one-line message naming the file, the column, the reason, the count and an example: rows are
 * never dropped silently, so rows read always equal rows accepted in a successful run.
 */
public final class IngestStage {

  static final String CORRUPT = "_corrupt_record";
  private static final String ERROR = "_error";

  /**
   * @param inputDir folder with the extracts
   * @param workDir folder for the internal tables
   * @param catalog the intervention catalog the codes must come from
   */
  public record Settings(Path inputDir, Path workDir, List<CatalogEntry> catalog) {}

  /** Row accounting of one extract. */
  public record TableReport(String table, String file, long rowsRead, long rowsAccepted,
      List<String> ignoredColumns) {}

  /** The typed, validated tables and their accounting. */
  public record Result(Dataset<Row> clients, Dataset<Row> assessments,
      Dataset<Row> interventions, Dataset<Row> outcomes, List<TableReport> reports) {}

  /**
   * Checks, without Spark, that every extract exists and that every CSV header has the
   * contract's columns; fails with one line otherwise. Returns the located files.
   */
  public static Map<String, ExtractFile> preflight(Path inputDir) {
    if (!Files.isDirectory(inputDir)) {
      throw SamenspelException.input("Input folder not found: " + inputDir);
    }
    Map<String, ExtractFile> files = new HashMap<>();
    for (Table table : Contract.EXTRACTS) {
      files.put(table.name(), ExtractFile.locate(inputDir, table));
    }
    for (ExtractFile file : files.values()) {
      if (file.format() == ExtractFile.Format.CSV) {
        checkColumns(file, csvHeader(file));
      }
    }
    return files;
  }

  public Result run(SparkSession spark, Settings settings) {
    // Locate every file before launching any job, so a missing table fails fast.
    Map<String, ExtractFile> files = preflight(settings.inputDir());
    List<TableReport> reports = new ArrayList<>();
    Map<String, Dataset<Row>> typed = new HashMap<>();
    for (Table table : Contract.EXTRACTS) {
      ExtractFile file = files.get(table.name());
      RawExtract raw = read(spark, file);
      // Parse the text once: typed values and the first problem of each row (the _error
      // column, null for an accepted row) go to Parquet, and every check after this reads
      // those columns instead of parsing the extract again.
      String target = settings.workDir().resolve("ingest").resolve(table.name()).toString();
      try {
        validate(raw.rows(), table).write().mode(SaveMode.Overwrite).parquet(target);
      } catch (RuntimeException e) {
        throw SamenspelException.input(file.displayName() + " can't be read: " + firstLine(e));
      }
      Dataset<Row> validated = spark.read().parquet(target);
      long rows = checkRows(validated, file);
      Dataset<Row> clean = validated.select(Arrays.stream(ExtractSchemas.typed(table)
          .fieldNames()).map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
      checkKey(clean, table, file);
      typed.put(table.name(), clean);
      reports.add(new TableReport(table.name(), file.displayName(), rows, rows,
          raw.ignoredColumns()));
    }
    checkReferences(typed, files, settings.catalog());
    return new Result(typed.get(Contract.CLIENTS.name()),
        typed.get(Contract.ASSESSMENTS.name()), typed.get(Contract.INTERVENTIONS.name()),
        typed.get(Contract.OUTCOMES.name()), List.copyOf(reports));
  }

  // ---- reading ----------------------------------------------------------------------------

  /** Contract columns as text plus the corrupt-record marker; extra columns are listed. */
  record RawExtract(Dataset<Row> rows, List<String> ignoredColumns) {}

  static RawExtract read(SparkSession spark, ExtractFile file) {
    return file.format() == ExtractFile.Format.CSV ? readCsv(spark, file)
        : readParquet(spark, file);
  }

  private static RawExtract readCsv(SparkSession spark, ExtractFile file) {
    List<String> header = csvHeader(file);
    List<String> ignored = checkColumns(file, header);
    Dataset<Row> rows = spark.read()
        .option("header", "true")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .option("encoding", "UTF-8")
        .schema(ExtractSchemas.text(header, CORRUPT))
        .csv(file.path().toString());
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    for (String name : file.table().columnNames()) {
      columns.add(col(name));
    }
    columns.add(col(CORRUPT));
    return new RawExtract(rows.select(columns.toArray(org.apache.spark.sql.Column[]::new)),
        ignored);
  }

  private static List<String> csvHeader(ExtractFile file) {
    if (Files.isDirectory(file.path())) {
      throw SamenspelException.input(file.path() + " is a folder; a CSV extract must be one file");
    }
    try (InputStream in = Files.newInputStream(file.path())) {
      byte[] start = in.readNBytes(3);
      if (start.length == 3 && (start[0] & 0xFF) == 0xEF && (start[1] & 0xFF) == 0xBB
          && (start[2] & 0xFF) == 0xBF) {
        throw SamenspelException.input(file.displayName()
            + " starts with a byte-order mark; save it as UTF-8 without BOM");
      }
    } catch (IOException e) {
      throw SamenspelException.input("Can't read " + file.path() + ": " + e.getMessage());
    }
    try (BufferedReader reader = Files.newBufferedReader(file.path(), StandardCharsets.UTF_8)) {
      String line = reader.readLine();
      if (line == null || line.isBlank()) {
        throw SamenspelException.input(file.displayName() + " is empty: expected a header line "
            + String.join(",", file.table().columnNames()));
      }
      try (CSVParser parser = CSVParser.parse(line, CSVFormat.DEFAULT)) {
        return parser.getRecords().get(0).toList().stream().map(String::trim).toList();
      }
    } catch (java.nio.charset.CharacterCodingException e) {
      throw SamenspelException.input(file.displayName() + " is not valid UTF-8");
    } catch (IOException e) {
      throw SamenspelException.input("Can't read " + file.path() + ": " + e.getMessage());
    }
  }

  private static RawExtract readParquet(SparkSession spark, ExtractFile file) {
    Dataset<Row> rows;
    try {
      rows = spark.read().parquet(file.path().toString());
    } catch (RuntimeException e) {
      throw SamenspelException.input(file.displayName() + " is not a readable Parquet file");
    }
    List<String> header = Arrays.asList(rows.columns());
    List<String> ignored = checkColumns(file, header);
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    for (Column column : file.table().columns()) {
      StructField field = rows.schema().apply(column.name());
      if (!(field.dataType() instanceof org.apache.spark.sql.types.AtomicType)) {
        throw SamenspelException.input(file.displayName() + ": column '" + column.name()
            + "' has type " + field.dataType().simpleString() + ", expected "
            + column.type().name().toLowerCase());
      }
      columns.add(col(column.name()).cast(DataTypes.StringType).as(column.name()));
    }
    columns.add(lit(null).cast(DataTypes.StringType).as(CORRUPT));
    try {
      return new RawExtract(rows.select(columns.toArray(org.apache.spark.sql.Column[]::new)),
          ignored);
    } catch (RuntimeException e) {
      throw SamenspelException.input(file.displayName() + " has columns Samenspel can't read: "
          + firstLine(e));
    }
  }

  /** Fails when a contract column is missing; returns the extra columns, which are ignored. */
  private static List<String> checkColumns(ExtractFile file, List<String> header) {
    Set<String> seen = new TreeSet<>();
    for (String name : header) {
      if (!seen.add(name)) {
        throw SamenspelException.input(file.displayName() + ": column '" + name
            + "' appears twice in the header");
      }
    }
    for (String expected : file.table().columnNames()) {
      if (!header.contains(expected)) {
        throw SamenspelException.input(file.displayName() + ": column '" + expected
            + "' is missing (expected columns: " + String.join(",", file.table().columnNames())
            + ")");
      }
    }
    return header.stream().filter(h -> !file.table().columnNames().contains(h)).toList();
  }

  // ---- validation -------------------------------------------------------------------------

  /**
   * Adds typed columns and an {@code _error} struct (column, reason, example) holding the
   * first problem of the row, or null for a valid row.
   */
  static Dataset<Row> validate(Dataset<Row> raw, Table table) {
    List<org.apache.spark.sql.Column> errors = new ArrayList<>();
    errors.add(when(col(CORRUPT).isNotNull(), error("(row)",
        "has a different number of fields than the header", lit(""))));
    List<org.apache.spark.sql.Column> typedColumns = new ArrayList<>();
    for (Column column : table.columns()) {
      org.apache.spark.sql.Column text = trim(col(column.name()));
      org.apache.spark.sql.Column present = text.isNotNull().and(text.notEqual(""));
      org.apache.spark.sql.Column value;
      org.apache.spark.sql.Column invalid;
      String reason;
      switch (column.type()) {
        case STRING -> {
          value = when(present, text);
          if (column.allowedValues().isEmpty()) {
            invalid = lit(false);
            reason = "";
          } else {
            invalid = present.and(text.isin(column.allowedValues().toArray()).unary_$bang());
            reason = "is not one of " + String.join(", ", new TreeSet<>(column.allowedValues()));
          }
        }
        case INTEGER -> {
          value = when(present, expr("try_cast(trim(`" + column.name() + "`) AS INT)"));
          org.apache.spark.sql.Column outside = lit(false);
          if (column.minimum() != null) {
            outside = outside.or(value.lt(column.minimum()));
          }
          if (column.maximum() != null) {
            outside = outside.or(value.gt(column.maximum()));
          }
          invalid = present.and(value.isNull().or(outside));
          reason = column.minimum() == null ? "is not a whole number"
              : "is not a whole number from " + column.minimum() + " to " + column.maximum();
        }
        case DATE -> {
          value = when(present, expr("try_to_date(trim(`" + column.name() + "`), 'yyyy-MM-dd')"));
          invalid = present.and(value.isNull());
          reason = "is not a date (YYYY-MM-DD)";
        }
        case MONTH -> {
          org.apache.spark.sql.Column valid = text.rlike("^[0-9]{4}-(0[1-9]|1[0-2])$");
          value = when(present.and(valid), text);
          invalid = present.and(valid.unary_$bang());
          reason = "is not a month (YYYY-MM)";
        }
        case BOOLEAN -> {
          org.apache.spark.sql.Column lowered = lower(text);
          value = when(lowered.equalTo("true"), lit(true))
              .when(lowered.equalTo("false"), lit(false));
          invalid = present.and(value.isNull());
          reason = "is not true or false";
        }
        default -> throw new IllegalStateException("unhandled type " + column.type());
      }
      errors.add(when(invalid, error(column.name(), reason, example(column, text))));
      if (!column.nullable()) {
        errors.add(when(present.unary_$bang(), error(column.name(), "is empty", lit(""))));
      }
      typedColumns.add(value.cast(ExtractSchemas.sparkType(column)).as(column.name()));
      if (column.type() == ColumnType.MONTH) {
        typedColumns.add(expr("int(substr(trim(`" + column.name() + "`), 1, 4)) * 12 + "
            + "int(substr(trim(`" + column.name() + "`), 6, 2)) - 1")
            .as(column.name() + ExtractSchemas.MONTH_INDEX_SUFFIX));
      }
    }
    typedColumns.add(org.apache.spark.sql.functions.coalesce(
        errors.toArray(org.apache.spark.sql.Column[]::new)).as(ERROR));
    return raw.select(typedColumns.toArray(org.apache.spark.sql.Column[]::new));
  }

  private static org.apache.spark.sql.Column error(String column, String reason,
      org.apache.spark.sql.Column example) {
    return struct(lit(column).as("column"), lit(reason).as("reason"), example.as("example"));
  }

  /** Identifiers are never echoed in messages; other values are, to help the analyst. */
  private static org.apache.spark.sql.Column example(Column column,
      org.apache.spark.sql.Column text) {
    return column.name().endsWith("_id") ? lit("") : text;
  }

  /** One job: counts rows and problems; fails with one line when any row is invalid. */
  private static long checkRows(Dataset<Row> validated, ExtractFile file) {
    // Bounded: one row per (column, reason) plus one for the valid rows.
    List<Row> groups = validated
        .groupBy(col(ERROR + ".column").as("column"), col(ERROR + ".reason").as("reason"))
        .agg(count(lit(1)).as("rows"), first(col(ERROR + ".example"), true).as("example"))
        .collectAsList();
    groups = new ArrayList<>(groups);
    groups.sort(java.util.Comparator.comparingLong((Row g) -> -g.getLong(2))
        .thenComparing(g -> g.isNullAt(0) ? "" : g.getString(0)));
    long total = 0;
    long invalid = 0;
    List<String> problems = new ArrayList<>();
    for (Row group : groups) {
      long rows = group.getLong(2);
      total += rows;
      if (!group.isNullAt(0)) {
        invalid += rows;
        String example = group.isNullAt(3) || group.getString(3).isEmpty() ? ""
            : ", e.g. '" + group.getString(3) + "'";
        String where = group.getString(0).equals("(row)") ? "row" : "column '"
            + group.getString(0) + "'";
        problems.add(where + " " + group.getString(1) + " (" + rows
            + (rows == 1 ? " row" : " rows") + example + ")");
      }
    }
    if (invalid > 0) {
      throw SamenspelException.input(file.displayName() + ": " + invalid + " of " + total
          + " rows are invalid: " + String.join("; ", problems.subList(0,
              Math.min(3, problems.size())))
          + (problems.size() > 3 ? "; and " + (problems.size() - 3) + " more problems" : "")
          + ". Nothing was published; fix the extract (see docs/data-contract.md)");
    }
    return total;
  }

  private static void checkKey(Dataset<Row> clean, Table table, ExtractFile file) {
    org.apache.spark.sql.Column[] key = table.key().stream().map(c -> col(c))
        .toArray(org.apache.spark.sql.Column[]::new);
    long duplicated = clean.groupBy(key).count().filter(col("count").gt(1)).count();
    if (duplicated > 0) {
      throw SamenspelException.input(file.displayName() + ": " + duplicated + " values of "
          + String.join(" + ", table.key()) + " occur more than once; each row needs a unique "
          + String.join(" + ", table.key()) + ". Nothing was published");
    }
  }

  private static void checkReferences(Map<String, Dataset<Row>> typed,
      Map<String, ExtractFile> files, List<CatalogEntry> catalog) {
    Dataset<Row> clientIds = typed.get(Contract.CLIENTS.name()).select(Contract.CLIENT_ID);
    for (Table child : List.of(Contract.ASSESSMENTS, Contract.INTERVENTIONS, Contract.OUTCOMES)) {
      long orphans = typed.get(child.name())
          .join(clientIds, typed.get(child.name()).col(Contract.CLIENT_ID)
              .equalTo(clientIds.col(Contract.CLIENT_ID)), "left_anti")
          .count();
      if (orphans > 0) {
        throw SamenspelException.input(files.get(child.name()).displayName() + ": " + orphans
            + " rows refer to a client_id that is not in "
            + files.get(Contract.CLIENTS.name()).displayName() + ". Nothing was published");
      }
    }
    Map<String, String> disciplineOfCode = catalog.stream().collect(Collectors.toMap(
        CatalogEntry::code, e -> e.discipline().name()));
    // Bounded: one row per distinct (code, discipline) in the extract.
    List<Row> codes = typed.get(Contract.INTERVENTIONS.name())
        .groupBy(Contract.INTERVENTION_CODE, Contract.DISCIPLINE).count()
        .collectAsList();
    codes = new ArrayList<>(codes);
    codes.sort(java.util.Comparator.comparing((Row r) -> r.getString(0))
        .thenComparing(r -> r.getString(1)));
    String file = files.get(Contract.INTERVENTIONS.name()).displayName();
    List<String> unknown = new ArrayList<>();
    long unknownRows = 0;
    for (Row row : codes) {
      String code = row.getString(0);
      String catalogDiscipline = disciplineOfCode.get(code);
      if (catalogDiscipline == null) {
        unknown.add(code);
        unknownRows += row.getLong(2);
      } else if (!catalogDiscipline.equals(row.getString(1))) {
        throw SamenspelException.input(file + ": intervention_code '" + code
            + "' has discipline " + row.getString(1) + " but the catalog says "
            + catalogDiscipline + " (" + row.getLong(2) + " rows)");
      }
    }
    if (!unknown.isEmpty()) {
      throw SamenspelException.input(file + ": column 'intervention_code' has " + unknown.size()
          + " codes that are not in the catalog (" + unknownRows + " rows, e.g. '"
          + unknown.get(0) + "'); map them to catalog codes or add them to the catalog");
    }
  }

  private static String firstLine(Throwable e) {
    String message = e instanceof AnalysisException a ? a.getSimpleMessage() : e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }
}
