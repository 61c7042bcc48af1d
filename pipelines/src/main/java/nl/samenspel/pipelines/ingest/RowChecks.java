package nl.samenspel.pipelines.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nl.samenspel.contract.Column;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.DateFormat;
import nl.samenspel.contract.QuarantineReason;
import nl.samenspel.contract.RowReader;
import nl.samenspel.contract.Table;
import nl.samenspel.contract.ValueMaps;
import nl.samenspel.contract.Vocabulary;
import nl.samenspel.domain.CatalogEntry;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * The row-level checks of ingest. Each row gets an {@code _error} struct (reason code, column,
 * value) holding the first problem found, or null when the row is accepted. The checks run in
 * this order: the row's shape and encoding, each value (type, range, closed list, BSN, dates;
 * {@link RowReader}, in Java), then across rows (exact duplicates, conflicting keys), then
 * against the catalog and the accepted clients (unknown codes, orphans, dates before the
 * benefit started).
 *
 * <p>The value is echoed only for ordinary columns: never for a key or identifier column.
 */
final class RowChecks {

  static final String ERROR = "_error";
  /** The type of {@code _error}: reason code, column, value. */
  static final StructType ERROR_TYPE = DataTypes.createStructType(List.of(
      DataTypes.createStructField("reason", DataTypes.StringType, true),
      DataTypes.createStructField("column", DataTypes.StringType, true),
      DataTypes.createStructField("value", DataTypes.StringType, true)));
  /** Whether a row had no problem before the checks across rows (a window partition). */
  private static final String CLEAN = "_clean";
  /** Dates that can't lie before the client's benefit started. */
  private static final Set<String> NOT_BEFORE_BENEFIT = Set.of(Contract.ASSESSMENT_DATE,
      Contract.START_DATE);

  private RowChecks() {}

  /** How the checks across rows spread a table over tasks. */
  enum Partitioning {
    /** One task: no shuffle, for a table that is small (see {@link IngestStage}). */
    SINGLE,
    /** Hashed by key (by client for a child table), over the session's shuffle partitions. */
    BY_KEY
  }

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
  }

  /**
   * Typed contract columns (plus a month index next to every month) and {@code _error} for the
   * checks that need only the row itself, in one pass of {@link RowReader} over each
   * partition: plain Java, the same code for every table, instead of a wide generated
   * projection per table. Counts the rows it reads in {@code rowsRead}, once a partition is
   * read to its end.
   */
  static Dataset<Row> values(Dataset<Row> raw, Table table, LocalDate referenceDate,
      Spellings spellings, LongAccumulator rowsRead) {
    RowReader reader = new RowReader(table, spellings.vocabularies(), spellings.dateFormats(),
        referenceDate);
    int columns = table.columns().size();
    MapPartitionsFunction<Row, Row> read = rows -> new Iterator<>() {
      private long count;

      @Override
      public boolean hasNext() {
        boolean more = rows.hasNext();
        if (!more && count >= 0) {
          rowsRead.add(count);
          count = -1; // counted once
        }
        return more;
      }

      @Override
      public Row next() {
        Row row = rows.next();
        count++;
        String[] texts = new String[columns];
        for (int i = 0; i < columns; i++) {
          texts[i] = row.getString(i);
        }
        RowReader.Read result = reader.read(texts, !row.isNullAt(columns));
        Object[] values = new Object[result.values().length + 1];
        for (int i = 0; i < result.values().length; i++) {
          Object value = result.values()[i];
          values[i] = value instanceof LocalDate date ? java.sql.Date.valueOf(date) : value;
        }
        RowReader.Problem problem = result.problem();
        values[values.length - 1] = problem == null ? null : RowFactory.create(
            problem.reason().code(), problem.column(), problem.value());
        return RowFactory.create(values);
      }
    };
    return raw.mapPartitions(read, Encoders.row(ledgerSchema(table)));
  }

  /** The typed columns of a table and {@code _error}: the schema of its ledger. */
  static StructType ledgerSchema(Table table) {
    List<StructField> fields = new ArrayList<>();
    for (StructField field : ExtractSchemas.typed(table).fields()) {
      fields.add(new StructField(field.name(), field.dataType(), true, field.metadata()));
    }
    fields.add(DataTypes.createStructField(ERROR, ERROR_TYPE, true));
    return DataTypes.createStructType(fields);
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
   * The rows come out sorted by key (by client first in a child table) within each task.
   */
  static Dataset<Row> acrossRows(Dataset<Row> checked, Table table,
      Dataset<Row> clients, List<CatalogEntry> catalog, Partitioning partitioning) {
    List<String> names = new ArrayList<>(List.of(checked.columns()));
    names.remove(ERROR);
    org.apache.spark.sql.Column[] key = table.key().stream().map(c -> col(c))
        .toArray(org.apache.spark.sql.Column[]::new);
    org.apache.spark.sql.Column content = struct(names.stream().map(c -> col(c))
        .toArray(org.apache.spark.sql.Column[]::new));
    // Only rows without a problem so far take part; the others keep their first problem. One
    // window (one partitioning, one sort) serves both the conflicts and the copies.
    Dataset<Row> marked = checked.withColumn(CLEAN, col(ERROR).isNull());
    if (partitioning == Partitioning.SINGLE) {
      // A small table is checked in one task: every window needs no shuffle at all.
      marked = marked.coalesce(1);
    } else if (clients != null && table.key().contains(Contract.CLIENT_ID)) {
      // A child table's key starts with client_id: partitioned by client once, the rows serve
      // the window over the key, the join with the clients and the per-client metrics.
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

}
