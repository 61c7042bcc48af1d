package nl.samenspel.pipelines.publish;

import static nl.samenspel.pipelines.publish.EvidenceTable.field;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The pooled combinations of {@code pooled.json} as one flat table for BI tools:
 * {@code pooled.csv} and {@code pooled.parquet}, flattened from the JSON document as
 * {@link EvidenceTable} flattens {@code evidence.json} (the per-municipality detail stays in the
 * JSON; the table lists the municipalities pooled).
 */
public final class PooledTable {

  /** Column names and types, in order: the same keys as a combination in pooled.json. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      field("element", DataTypes.StringType), field("interventions", DataTypes.StringType),
      field("disciplines", DataTypes.StringType), field("comparison", DataTypes.StringType),
      field("k", DataTypes.LongType), field("estimate", DataTypes.DoubleType),
      field("standard_error", DataTypes.DoubleType), field("ci_low", DataTypes.DoubleType),
      field("ci_high", DataTypes.DoubleType), field("p_value", DataTypes.DoubleType),
      field("q_value", DataTypes.DoubleType), field("prediction_low", DataTypes.DoubleType),
      field("prediction_high", DataTypes.DoubleType), field("tau2", DataTypes.DoubleType),
      field("tau", DataTypes.DoubleType), field("i2", DataTypes.DoubleType),
      field("q", DataTypes.DoubleType), field("q_p_value", DataTypes.DoubleType),
      field("fixed_estimate", DataTypes.DoubleType), field("fixed_ci_low", DataTypes.DoubleType),
      field("fixed_ci_high", DataTypes.DoubleType), field("n_treated", DataTypes.LongType),
      field("n_comparison", DataTypes.LongType), field("few_municipalities", DataTypes.StringType),
      field("certainty", DataTypes.StringType), field("certainty_reasons", DataTypes.StringType),
      field("municipalities", DataTypes.StringType), field("summary", DataTypes.StringType)});

  private PooledTable() {}

  /** The combinations of a pooled.json document as rows of {@link #SCHEMA}. */
  public static List<Row> rows(String pooledJson) {
    return EvidenceTable.rows(pooledJson, SCHEMA, PoolPublish.POOLED_JSON);
  }

  public static String csv(List<Row> rows) {
    return EvidenceTable.csv(rows, SCHEMA);
  }

  public static void writeParquet(SparkSession spark, List<Row> rows, Path target) {
    EvidenceTable.writeParquet(spark, rows, SCHEMA, target);
  }
}
