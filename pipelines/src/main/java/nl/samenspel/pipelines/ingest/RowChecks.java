package nl.samenspel.pipelines.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nl.samenspel.contract.Column;
import nl.samenspel.contract.ColumnType;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.QuarantineReason;
import nl.samenspel.contract.Table;
import nl.samenspel.domain.CatalogEntry;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
  /** Dates that can't lie after the run's reference date (an intervention may be planned). */
  private static final Set<String> NOT_IN_FUTURE = Set.of(Contract.BENEFIT_START_DATE,
      Contract.ASSESSMENT_DATE, Contract.MONTH);
  /** Dates that can't lie before the client's benefit started. */
  private static final Set<String> NOT_BEFORE_BENEFIT = Set.of(Contract.ASSESSMENT_DATE,
      Contract.START_DATE);

  private RowChecks() {}

  /**
   * Typed contract columns (plus a month index next to every month) and {@code _error} for the
   * checks that need only the row itself.
   */
  static Dataset<Row> values(Dataset<Row> raw, Table table, LocalDate referenceDate) {
    List<org.apache.spark.sql.Column> errors = new ArrayList<>();
    errors.add(when(col(ExtractReader.CORRUPT).isNotNull(),
        error(QuarantineReason.MALFORMED_ROW, "(row)", lit(""))));
    org.apache.spark.sql.Column badBytes = lit(false);
    for (String name : table.columnNames()) {
      badBytes = badBytes.or(coalesce(col(name).contains("\uFFFD"), lit(false)));
    }
    errors.add(when(badBytes, error(QuarantineReason.INVALID_ENCODING, "(row)", lit(""))));
    List<org.apache.spark.sql.Column> typed = new ArrayList<>();
    for (Column column : table.columns()) {
      String name = column.name();
      org.apache.spark.sql.Column text = trim(col(name));
      org.apache.spark.sql.Column present = text.isNotNull().and(text.notEqual(""));
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
          if (!column.allowedValues().isEmpty()) {
            errors.add(when(present.and(text.isin(column.allowedValues().toArray()).unary_$bang()),
                error(QuarantineReason.UNKNOWN_VALUE, name, example(column, text))));
          }
        }
        case INTEGER -> {
          value = when(present, expr("try_cast(trim(`" + name + "`) AS INT)"));
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
          value = when(present, expr("try_to_date(trim(`" + name + "`), 'yyyy-MM-dd')"));
          errors.add(when(present.and(value.isNull()),
              error(QuarantineReason.NOT_A_DATE, name, example(column, text))));
          if (NOT_IN_FUTURE.contains(name)) {
            errors.add(when(value.gt(lit(java.sql.Date.valueOf(referenceDate))),
                error(QuarantineReason.DATE_IN_FUTURE, name, example(column, text))));
          }
        }
        case MONTH -> {
          org.apache.spark.sql.Column valid = text.rlike("^[0-9]{4}-(0[1-9]|1[0-2])$");
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
          org.apache.spark.sql.Column lowered = lower(text);
          value = when(lowered.equalTo("true"), lit(true))
              .when(lowered.equalTo("false"), lit(false));
          errors.add(when(present.and(value.isNull()),
              error(QuarantineReason.NOT_A_BOOLEAN, name, example(column, text))));
        }
        default -> throw new IllegalStateException("unhandled type " + column.type());
      }
      typed.add(value.cast(ExtractSchemas.sparkType(column)).as(name));
      if (column.type() == ColumnType.MONTH) {
        typed.add(expr("int(substr(trim(`" + name + "`), 1, 4)) * 12 + "
            + "int(substr(trim(`" + name + "`), 6, 2)) - 1")
            .as(name + ExtractSchemas.MONTH_INDEX_SUFFIX));
      }
    }
    if (table.columnNames().contains(Contract.END_DATE)) {
      errors.add(when(expr("try_to_date(trim(`" + Contract.END_DATE + "`), 'yyyy-MM-dd') < "
          + "try_to_date(trim(`" + Contract.START_DATE + "`), 'yyyy-MM-dd')"),
          error(QuarantineReason.END_BEFORE_START, Contract.END_DATE,
              trim(col(Contract.END_DATE)))));
    }
    typed.add(coalesce(errors.toArray(org.apache.spark.sql.Column[]::new)).as(ERROR));
    return raw.select(typed.toArray(org.apache.spark.sql.Column[]::new));
  }

  /**
   * The checks across rows, on a table already through {@link #values}: exact duplicates (all
   * but one copy quarantined), keys shared by different rows (all quarantined), and for child
   * tables the intervention catalog and the accepted clients ({@code clients} holds
   * {@code client_id} and {@code benefit_start_date} of the accepted clients, unique by id).
   */
  static Dataset<Row> acrossRows(SparkSession spark, Dataset<Row> checked, Table table,
      Dataset<Row> clients, List<CatalogEntry> catalog) {
    List<String> columns = new ArrayList<>(List.of(checked.columns()));
    columns.remove(ERROR);
    org.apache.spark.sql.Column[] key = table.key().stream().map(c -> col(c))
        .toArray(org.apache.spark.sql.Column[]::new);
    org.apache.spark.sql.Column content = struct(columns.stream().map(c -> col(c))
        .toArray(org.apache.spark.sql.Column[]::new));
    // Only rows without a problem so far take part; the others keep their first problem.
    List<org.apache.spark.sql.Column> partition = new ArrayList<>();
    partition.add(col(ERROR).isNull());
    partition.addAll(List.of(key));
    org.apache.spark.sql.Column[] groups = partition.toArray(org.apache.spark.sql.Column[]::new);
    WindowSpec byKeyAll = Window.partitionBy(groups);
    WindowSpec byKey = Window.partitionBy(groups).orderBy(key);
    String keyName = String.join("+", table.key());
    // A child table's key starts with client_id: partitioned by client once, the rows serve
    // both the window over the key and the join with the clients, one shuffle instead of two.
    boolean byClient = clients != null && table.key().contains(Contract.CLIENT_ID);
    Dataset<Row> keyed = (byClient ? checked.repartition(col(Contract.CLIENT_ID)) : checked)
        .withColumn("_conflict", min(content).over(byKeyAll).eqNullSafe(max(content)
            .over(byKeyAll)).unary_$bang())
        .withColumn("_copy", row_number().over(byKey))
        .withColumn(ERROR, coalesce(col(ERROR),
            when(col("_conflict"), error(QuarantineReason.KEY_CONFLICT, keyName, lit(""))),
            when(col("_copy").gt(1), error(QuarantineReason.DUPLICATE_ROW, "(row)", lit("")))))
        .drop("_conflict", "_copy");

    if (table.columnNames().contains(Contract.INTERVENTION_CODE)) {
      List<Row> entries = catalog.stream()
          .map(e -> org.apache.spark.sql.RowFactory.create(e.code(), e.discipline().name()))
          .toList();
      Dataset<Row> codes = spark.createDataFrame(entries, DataTypes.createStructType(List.of(
          DataTypes.createStructField("_code", DataTypes.StringType, false),
          DataTypes.createStructField("_catalog_discipline", DataTypes.StringType, false))));
      keyed = keyed.join(org.apache.spark.sql.functions.broadcast(codes),
              col(Contract.INTERVENTION_CODE).equalTo(col("_code")), "left")
          .withColumn(ERROR, coalesce(col(ERROR),
              when(col("_code").isNull(), error(QuarantineReason.UNKNOWN_CODE,
                  Contract.INTERVENTION_CODE, col(Contract.INTERVENTION_CODE))),
              when(col("_catalog_discipline").notEqual(col(Contract.DISCIPLINE)),
                  error(QuarantineReason.DISCIPLINE_MISMATCH, Contract.DISCIPLINE,
                      col(Contract.DISCIPLINE)))))
          .drop("_code", "_catalog_discipline");
    }

    if (clients != null && table.columnNames().contains(Contract.CLIENT_ID)) {
      Dataset<Row> known = clients.select(col(Contract.CLIENT_ID).as("_client"),
          col(Contract.BENEFIT_START_DATE).as("_benefit_start"));
      keyed = keyed.join(known, col(Contract.CLIENT_ID).equalTo(col("_client")), "left");
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
      keyed = keyed.withColumn(ERROR, coalesce(reasons.toArray(
          org.apache.spark.sql.Column[]::new))).drop("_client", "_benefit_start");
    }
    return keyed;
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
