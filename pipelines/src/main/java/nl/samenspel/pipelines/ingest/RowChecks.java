package nl.samenspel.pipelines.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.try_to_date;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nl.samenspel.contract.Column;
import nl.samenspel.contract.ColumnType;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.DateFormat;
import nl.samenspel.contract.QuarantineReason;
import nl.samenspel.contract.Table;
import nl.samenspel.contract.ValueMaps;
import nl.samenspel.contract.Vocabulary;
import nl.samenspel.domain.CatalogEntry;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * The row-level checks of ingest. Each row gets an {@code _error} struct (reason code, column,
 * value) holding the first problem found, or null when the row is accepted. The checks run in
 * this order: the row's shape and encoding, each value (type, range, closed list, BSN, dates),
 * then across rows (exact duplicates, conflicting keys), then against the catalog and the
 * accepted clients (unknown codes, orphans, dates before the benefit started).
 *
 * <p>The value is echoed only for ordinary columns: never for a key or identifier column.
 */
final class RowChecks {

  static final String ERROR = "_error";
  /** Whether a row had no problem before the checks across rows (a window partition). */
  private static final String CLEAN = "_clean";
  /** Dates that can't lie after the run's reference date (an intervention may be planned). */
  private static final Set<String> NOT_IN_FUTURE = Set.of(Contract.BENEFIT_START_DATE,
      Contract.ASSESSMENT_DATE, Contract.MONTH);
  /** Dates that can't lie before the client's benefit started. */
  private static final Set<String> NOT_BEFORE_BENEFIT = Set.of(Contract.ASSESSMENT_DATE,
      Contract.START_DATE);

  private RowChecks() {}

  /**
   * How the values of one extract are spelled: per column with a closed list the words it
   * accepts ({@link Vocabulary}, value maps included) and per date column its format.
   *
   * @param vocabularies column → (word key → contract value)
   * @param dateFormats column → format; missing columns are ISO 8601
   */
  record Spellings(Map<String, Map<String, String>> vocabularies,
      Map<String, DateFormat> dateFormats) {

    /** The spellings of {@code table}'s columns for a run with this catalog and value maps. */
    static Spellings of(Table table, Collection<String> catalogCodes, ValueMaps maps,
        Map<String, DateFormat> dateFormats) {
      Map<String, Map<String, String>> vocabularies = new HashMap<>();
      for (Column column : table.columns()) {
        Map<String, String> words = Vocabulary.of(column, catalogCodes, maps);
        if (!words.isEmpty()) {
          vocabularies.put(column.name(), words);
        }
      }
      return new Spellings(vocabularies, dateFormats);
    }

    DateFormat dateFormat(String column) {
      return dateFormats.getOrDefault(column, DateFormat.ISO);
    }
  }

  /**
   * Typed contract columns (plus a month index next to every month) and {@code _error} for the
   * checks that need only the row itself. Codes and yes/no values are read through their
   * vocabulary, dates in their column's format.
   */
  static Dataset<Row> values(Dataset<Row> raw, Table table, LocalDate referenceDate,
      Spellings spellings) {
    List<org.apache.spark.sql.Column> errors = new ArrayList<>();
    errors.add(when(col(ExtractReader.CORRUPT).isNotNull(),
        error(QuarantineReason.MALFORMED_ROW, "(row)", lit(""))));
    org.apache.spark.sql.Column badBytes = lit(false);
    for (String name : table.columnNames()) {
      badBytes = badBytes.or(coalesce(col(name).contains("\uFFFD"), lit(false)));
    }
    errors.add(when(badBytes, error(QuarantineReason.INVALID_ENCODING, "(row)", lit(""))));
    List<org.apache.spark.sql.Column> typed = new ArrayList<>();
    Map<String, org.apache.spark.sql.Column> dates = new HashMap<>();
    for (Column column : table.columns()) {
      String name = column.name();
      org.apache.spark.sql.Column text = trim(col(name));
      org.apache.spark.sql.Column present = text.isNotNull().and(text.notEqual(""));
      Map<String, String> vocabulary = spellings.vocabularies().getOrDefault(name, Map.of());
      org.apache.spark.sql.Column value;
      if (!column.nullable()) {
        errors.add(when(present.unary_$bang(),
            error(QuarantineReason.MISSING_VALUE, name, lit(""))));
      }
      switch (column.type()) {
        case STRING -> {
          value = when(present, text);
          if (name.equals(Contract.CLIENT_ID)) {
            errors.add(when(text.equalTo(ExtractReader.INVALID_BSN),
                error(QuarantineReason.INVALID_BSN, ExtractReader.BSN, lit(""))));
            value = when(present.and(text.notEqual(ExtractReader.INVALID_BSN)), text);
          }
          if (!vocabulary.isEmpty()) {
            // The contract's code for a known word; an unknown one keeps its text, so that
            // the quarantine shows what the extract said.
            org.apache.spark.sql.Column code = words(vocabulary, text);
            value = when(present, coalesce(code, text));
            if (!column.allowedValues().isEmpty()) {
              errors.add(when(present.and(code.isNull()),
                  error(QuarantineReason.UNKNOWN_VALUE, name, example(column, text))));
            }
          }
        }
        case INTEGER -> {
          value = when(present, text.try_cast(DataTypes.IntegerType));
          errors.add(when(present.and(value.isNull()),
              error(QuarantineReason.NOT_A_NUMBER, name, example(column, text))));
          org.apache.spark.sql.Column outside = lit(false);
          if (column.minimum() != null) {
            outside = outside.or(value.lt(column.minimum()));
          }
          if (column.maximum() != null) {
            outside = outside.or(value.gt(column.maximum()));
          }
          errors.add(when(value.isNotNull().and(outside),
              error(QuarantineReason.OUT_OF_RANGE, name, example(column, text))));
        }
        case DATE -> {
          value = when(present, try_to_date(text, spellings.dateFormat(name).pattern()));
          dates.put(name, value);
          errors.add(when(present.and(value.isNull()),
              error(QuarantineReason.NOT_A_DATE, name, example(column, text))));
          if (NOT_IN_FUTURE.contains(name)) {
            errors.add(when(value.gt(lit(java.sql.Date.valueOf(referenceDate))),
                error(QuarantineReason.DATE_IN_FUTURE, name, example(column, text))));
          }
        }
        case MONTH -> {
          org.apache.spark.sql.Column valid = valid(text);
          value = when(present.and(valid), text);
          errors.add(when(present.and(valid.unary_$bang()),
              error(QuarantineReason.NOT_A_MONTH, name, example(column, text))));
          if (NOT_IN_FUTURE.contains(name)) {
            String reference = String.format("%04d-%02d", referenceDate.getYear(),
                referenceDate.getMonthValue());
            errors.add(when(value.gt(lit(reference)),
                error(QuarantineReason.DATE_IN_FUTURE, name, example(column, text))));
          }
        }
        case BOOLEAN -> {
          value = when(present, words(vocabulary, text));
          errors.add(when(present.and(value.isNull()),
              error(QuarantineReason.NOT_A_BOOLEAN, name, example(column, text))));
        }
        default -> throw new IllegalStateException("unhandled type " + column.type());
      }
      typed.add(value.cast(ExtractSchemas.sparkType(column)).as(name));
      if (column.type() == ColumnType.MONTH) {
        // Months as year * 12 + month - 1, for arithmetic on months; empty when not a month.
        typed.add(when(valid(text), substring(text, 1, 4).try_cast(DataTypes.IntegerType)
            .multiply(12).plus(substring(text, 6, 2).try_cast(DataTypes.IntegerType)).minus(1))
            .as(name + ExtractSchemas.MONTH_INDEX_SUFFIX));
      }
    }
    if (dates.containsKey(Contract.END_DATE) && dates.containsKey(Contract.START_DATE)) {
      errors.add(when(dates.get(Contract.END_DATE).lt(dates.get(Contract.START_DATE)),
          error(QuarantineReason.END_BEFORE_START, Contract.END_DATE,
              trim(col(Contract.END_DATE)))));
    }
    typed.add(coalesce(errors.toArray(org.apache.spark.sql.Column[]::new)).as(ERROR));
    return raw.select(typed.toArray(org.apache.spark.sql.Column[]::new));
  }

  /**
   * The contract value of a word in a vocabulary (keyed by {@link Vocabulary#key}), null for
   * an unknown word. The same Java lookup as the sample check before the run, so both agree
   * on every word (and Spark's ICU case mapping, slow to start, is not needed).
   */
  static org.apache.spark.sql.Column words(Map<String, String> vocabulary,
      org.apache.spark.sql.Column text) {
    HashMap<String, String> table = new HashMap<>(vocabulary);
    UDF1<String, String> word = value -> value == null ? null : table.get(Vocabulary.key(value));
    return udf(word, DataTypes.StringType).apply(text);
  }

  /** Whether a text is a month, {@code YYYY-MM}. */
  private static org.apache.spark.sql.Column valid(org.apache.spark.sql.Column text) {
    return text.rlike("^[0-9]{4}-(0[1-9]|1[0-2])$");
  }

  /** The value of {@code key} in a constant map, null when it has none. */
  static org.apache.spark.sql.Column lookup(Map<String, String> entries,
      org.apache.spark.sql.Column key) {
    List<org.apache.spark.sql.Column> pairs = new ArrayList<>();
    new TreeMap<>(entries).forEach((k, v) -> {
      pairs.add(lit(k));
      pairs.add(lit(v));
    });
    return try_element_at(map(pairs.toArray(org.apache.spark.sql.Column[]::new)), key);
  }

  /**
   * The checks across rows, on a table already through {@link #values}: exact duplicates (all
   * but one copy quarantined), keys shared by different rows (all quarantined), and for child
   * tables the intervention catalog and the accepted clients ({@code clients} holds
   * {@code client_id} and {@code benefit_start_date} of the accepted clients, unique by id).
   */
  static Dataset<Row> acrossRows(Dataset<Row> checked, Table table,
      Dataset<Row> clients, List<CatalogEntry> catalog) {
    List<String> names = new ArrayList<>(List.of(checked.columns()));
    names.remove(ERROR);
    org.apache.spark.sql.Column[] key = table.key().stream().map(c -> col(c))
        .toArray(org.apache.spark.sql.Column[]::new);
    org.apache.spark.sql.Column content = struct(names.stream().map(c -> col(c))
        .toArray(org.apache.spark.sql.Column[]::new));
    // Only rows without a problem so far take part; the others keep their first problem. One
    // window (one partitioning, one sort) serves both the conflicts and the copies.
    Dataset<Row> marked = checked.withColumn(CLEAN, col(ERROR).isNull());
    // A child table's key starts with client_id: partitioned by client once, the rows serve
    // the window over the key, the join with the clients and the per-client metrics.
    boolean byClient = clients != null && table.key().contains(Contract.CLIENT_ID);
    if (byClient) {
      marked = marked.repartition(col(Contract.CLIENT_ID));
    }
    // The key first: the rows stay sorted by it (by client_id first in a child table), which
    // is all a later window over clients needs.
    List<org.apache.spark.sql.Column> partition = new ArrayList<>(List.of(key));
    partition.add(col(CLEAN));
    WindowSpec byKey = Window.partitionBy(partition.toArray(org.apache.spark.sql.Column[]::new))
        .orderBy(key);
    WindowSpec wholeKey = byKey.rowsBetween(Window.unboundedPreceding(),
        Window.unboundedFollowing());
    String keyName = String.join("+", table.key());
    List<org.apache.spark.sql.Column> errors = new ArrayList<>();
    errors.add(col(ERROR));
    errors.add(when(col(CLEAN).and(min(content).over(wholeKey)
            .eqNullSafe(max(content).over(wholeKey)).unary_$bang()),
        error(QuarantineReason.KEY_CONFLICT, keyName, lit(""))));
    errors.add(when(col(CLEAN).and(row_number().over(byKey).gt(1)),
        error(QuarantineReason.DUPLICATE_ROW, "(row)", lit(""))));

    if (table.columnNames().contains(Contract.INTERVENTION_CODE)) {
      // The catalog is small and known on the driver: a constant map, not a join.
      Map<String, String> disciplines = new TreeMap<>();
      catalog.forEach(e -> disciplines.put(e.code(), e.discipline().name()));
      org.apache.spark.sql.Column catalogDiscipline = lookup(disciplines,
          col(Contract.INTERVENTION_CODE));
      errors.add(when(catalogDiscipline.isNull(), error(QuarantineReason.UNKNOWN_CODE,
          Contract.INTERVENTION_CODE, col(Contract.INTERVENTION_CODE))));
      errors.add(when(catalogDiscipline.notEqual(col(Contract.DISCIPLINE)),
          error(QuarantineReason.DISCIPLINE_MISMATCH, Contract.DISCIPLINE,
              col(Contract.DISCIPLINE))));
    }
    Dataset<Row> keyed = marked.select(columns(names,
        coalesce(errors.toArray(org.apache.spark.sql.Column[]::new))));

    if (clients != null && table.columnNames().contains(Contract.CLIENT_ID)) {
      Dataset<Row> known = clients.select(col(Contract.CLIENT_ID).as("_client"),
          col(Contract.BENEFIT_START_DATE).as("_benefit_start"));
      List<org.apache.spark.sql.Column> reasons = new ArrayList<>();
      reasons.add(col(ERROR));
      reasons.add(when(col("_client").isNull(),
          error(QuarantineReason.ORPHAN, Contract.CLIENT_ID, lit(""))));
      for (String date : NOT_BEFORE_BENEFIT) {
        if (table.columnNames().contains(date)) {
          reasons.add(when(col(date).lt(col("_benefit_start")),
              error(QuarantineReason.DATE_BEFORE_BENEFIT, date, col(date).cast("string"))));
        }
      }
      keyed = keyed.join(known, col(Contract.CLIENT_ID).equalTo(col("_client")), "left")
          .select(columns(names, coalesce(reasons.toArray(org.apache.spark.sql.Column[]::new))));
    }
    return keyed;
  }

  /** The named columns in order, then {@code error} as {@code _error}. */
  private static org.apache.spark.sql.Column[] columns(List<String> names,
      org.apache.spark.sql.Column error) {
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    names.forEach(name -> columns.add(col(name)));
    columns.add(error.as(ERROR));
    return columns.toArray(org.apache.spark.sql.Column[]::new);
  }

  static org.apache.spark.sql.Column error(QuarantineReason reason, String column,
      org.apache.spark.sql.Column value) {
    return struct(lit(reason.code()).as("reason"), lit(column).as("column"),
        value.cast("string").as("value"));
  }

  /** Identifiers are never echoed; other values are, to help the analyst find the row. */
  private static org.apache.spark.sql.Column example(Column column,
      org.apache.spark.sql.Column text) {
    return column.name().endsWith("_id") ? lit("") : text;
  }
}
