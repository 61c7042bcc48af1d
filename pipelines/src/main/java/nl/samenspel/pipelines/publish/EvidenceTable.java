package nl.samenspel.pipelines.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.samenspel.pipelines.store.Location;
import nl.samenspel.pipelines.store.Store;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The combinations of {@code evidence.json} as one flat table for BI tools: {@code evidence.csv}
 * (RFC 4180, UTF-8, header row, empty cell for null) and {@code evidence.parquet} (one file,
 * written by Spark). Both are flattened from the JSON document, so the formats can't disagree:
 * lists become text ({@code +} between codes, {@code ;} between reasons).
 */
public final class EvidenceTable {

  /** Column names and types, in order: the same keys as a combination in evidence.json. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      field("element", DataTypes.StringType), field("interventions", DataTypes.StringType),
      field("disciplines", DataTypes.StringType), field("comparison", DataTypes.StringType),
      field("estimator", DataTypes.StringType), field("estimand", DataTypes.StringType),
      field("estimate", DataTypes.DoubleType), field("standard_error", DataTypes.DoubleType),
      field("ci_low", DataTypes.DoubleType), field("ci_high", DataTypes.DoubleType),
      field("p_value", DataTypes.DoubleType), field("q_value", DataTypes.DoubleType),
      field("naive_estimate", DataTypes.DoubleType), field("naive_ci_low", DataTypes.DoubleType),
      field("naive_ci_high", DataTypes.DoubleType), field("rate_treated", DataTypes.DoubleType),
      field("rate_comparison", DataTypes.DoubleType), field("n_treated", DataTypes.LongType),
      field("n_comparison", DataTypes.LongType), field("imbalance_before", DataTypes.DoubleType),
      field("imbalance_after", DataTypes.DoubleType), field("share_trimmed", DataTypes.DoubleType),
      field("placebo_estimate", DataTypes.DoubleType), field("placebo_ci_low", DataTypes.DoubleType),
      field("placebo_ci_high", DataTypes.DoubleType),
      field("negative_control_estimate", DataTypes.DoubleType),
      field("negative_control_ci_low", DataTypes.DoubleType),
      field("negative_control_ci_high", DataTypes.DoubleType),
      field("e_value", DataTypes.DoubleType), field("e_value_ci", DataTypes.DoubleType),
      field("synergy", DataTypes.DoubleType), field("synergy_ci_low", DataTypes.DoubleType),
      field("synergy_ci_high", DataTypes.DoubleType), field("pool_k", DataTypes.LongType),
      field("pool_estimate", DataTypes.DoubleType),
      field("pool_prediction_low", DataTypes.DoubleType),
      field("pool_prediction_high", DataTypes.DoubleType),
      field("pool_in_line", DataTypes.StringType), field("certainty", DataTypes.StringType),
      field("certainty_reasons", DataTypes.StringType), field("summary", DataTypes.StringType),
      field("timing_difference_12", DataTypes.DoubleType),
      field("timing_difference_12_ci_low", DataTypes.DoubleType),
      field("timing_difference_12_ci_high", DataTypes.DoubleType),
      field("timing_restricted_mean_difference", DataTypes.DoubleType),
      field("timing_restricted_mean_difference_ci_low", DataTypes.DoubleType),
      field("timing_restricted_mean_difference_ci_high", DataTypes.DoubleType),
      field("cost_eur", DataTypes.DoubleType), field("cost_band", DataTypes.StringType),
      field("cost_status", DataTypes.StringType),
      field("cost_per_extra_durable", DataTypes.DoubleType),
      field("cost_per_extra_durable_ci_low", DataTypes.DoubleType),
      field("cost_per_extra_durable_ci_high", DataTypes.DoubleType)});

  /**
   * Columns flattened from the nested {@code timing} object (null when it is null): the
   * difference in the share started by twelve months (the second landmark), and the difference
   * in restricted mean months without durable work.
   */
  private static final java.util.Map<String, String> NESTED = java.util.Map.of(
      "timing_difference_12", "/timing/differences/1/estimate",
      "timing_difference_12_ci_low", "/timing/differences/1/ci_low",
      "timing_difference_12_ci_high", "/timing/differences/1/ci_high",
      "timing_restricted_mean_difference", "/timing/restricted_mean_difference/estimate",
      "timing_restricted_mean_difference_ci_low", "/timing/restricted_mean_difference/ci_low",
      "timing_restricted_mean_difference_ci_high", "/timing/restricted_mean_difference/ci_high");

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** List columns joined with {@code ;} (codes are joined with {@code +}). */
  private static final java.util.Set<String> LIST_COLUMNS = java.util.Set.of("certainty_reasons",
      "municipalities", "not_estimated_by");

  private EvidenceTable() {}

  static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  /** The combinations of an evidence.json document as rows of {@link #SCHEMA}. */
  public static List<Row> rows(String evidenceJson) {
    return rows(evidenceJson, SCHEMA, "evidence.json");
  }

  /**
   * The objects of the {@code combinations} array of a published JSON document as rows of
   * {@code schema}: the same keys, lists joined as text.
   */
  static List<Row> rows(String json, StructType schema, String document) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("can't read " + document + " back", e);
    }
    List<Row> rows = new ArrayList<>();
    for (JsonNode combination : root.get("combinations")) {
      Object[] values = new Object[schema.size()];
      for (int i = 0; i < values.length; i++) {
        StructField column = schema.fields()[i];
        JsonNode value = combination.get(column.name());
        if (NESTED.containsKey(column.name())) {
          JsonNode timing = combination.get("timing");
          if (timing == null) {
            throw new IllegalStateException(document + " has no timing");
          }
          if (timing.isNull()) {
            value = com.fasterxml.jackson.databind.node.NullNode.getInstance();
          } else {
            value = combination.at(NESTED.get(column.name()));
            if (value.isMissingNode()) {
              throw new IllegalStateException(document + " has no " + NESTED.get(column.name()));
            }
          }
        }
        if (value == null) {
          throw new IllegalStateException(document + " has no " + column.name());
        }
        values[i] = value(value, column);
      }
      rows.add(RowFactory.create(values));
    }
    return rows;
  }

  private static Object value(JsonNode value, StructField column) {
    if (value.isNull()) {
      return null;
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(item.asText()));
      return String.join(LIST_COLUMNS.contains(column.name()) ? ";" : "+", items);
    }
    if (column.dataType().equals(DataTypes.DoubleType)) {
      return value.asDouble();
    }
    if (column.dataType().equals(DataTypes.LongType)) {
      return value.asLong();
    }
    return value.asText();
  }

  /** The rows as CSV text. */
  public static String csv(List<Row> rows) {
    return csv(rows, SCHEMA);
  }

  /** Rows of {@code schema} as CSV text (RFC 4180, header row, empty cell for null). */
  static String csv(List<Row> rows, StructType schema) {
    StringWriter out = new StringWriter();
    String[] header = new String[schema.size()];
    for (int i = 0; i < header.length; i++) {
      header[i] = schema.fields()[i].name();
    }
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header)
        .setRecordSeparator("\n").build())) {
      for (Row row : rows) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
          Object cell = row.get(i);
          cells.add(cell == null ? "" : cell instanceof Double d ? plain(d) : cell.toString());
        }
        printer.printRecord(cells);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("can't render the CSV table", e);
    }
    return out.toString();
  }

  private static String plain(double value) {
    return EvidenceJson.round(value).toPlainString().toLowerCase(Locale.ROOT);
  }

  /**
   * Writes the rows as one Parquet file at {@code target}, through a scratch folder, with a
   * footer that is the same in every process ({@link ParquetFooter}).
   */
  public static void writeParquet(SparkSession spark, List<Row> rows, Path target) {
    writeParquet(spark, rows, SCHEMA, target);
  }

  /**
   * As {@link #writeParquet(SparkSession, List, Path)}, with Spark's scratch folder under
   * {@code scratchRoot} (a folder the executors share, such as the output's {@code work/} on
   * HDFS; null: next to the target), from where the one file is copied to {@code target}.
   */
  public static void writeParquet(SparkSession spark, List<Row> rows, Path target,
      Location scratchRoot) {
    writeParquet(spark, rows, SCHEMA, target, scratchRoot);
  }

  /** As {@link #writeParquet(SparkSession, List, Path)} for rows of {@code schema}. */
  static void writeParquet(SparkSession spark, List<Row> rows, StructType schema, Path target) {
    writeParquet(spark, rows, schema, target, null);
  }

  private static void writeParquet(SparkSession spark, List<Row> rows, StructType schema,
      Path target, Location scratchRoot) {
    String name = target.getFileName() + ".spark";
    Location scratch = scratchRoot == null ? Location.local(target.resolveSibling(name))
        : scratchRoot.resolve(name);
    try {
      Store.delete(scratch);
      spark.createDataFrame(rows, schema).coalesce(1).write().parquet(scratch.forSpark());
      String part = Store.list(scratch).stream().filter(file -> file.endsWith(".parquet"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("Spark wrote no Parquet file"));
      Store.download(scratch.resolve(part), target);
      Store.delete(scratch);
      ParquetFooter.normalize(target);
    } catch (IOException e) {
      throw new UncheckedIOException("can't write " + target, e);
    }
  }
}
