package nl.samenspel.pipelines.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.samenspel.contract.Column;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.QuarantineReason;
import nl.samenspel.contract.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The accounting and data-quality metrics of one table's ledger, computed while the ledger is
 * written: Spark's observed metrics, aggregated in the same pass, so they cost no job of their
 * own. Spark computes the counts ({@link #observe}); {@link Tally} turns them into the table's
 * report and metrics on the driver. Every list of codes is known before the run (closed lists,
 * the catalog, the quarantine reasons), so each count is a fixed column of one aggregate row.
 */
final class LedgerMetrics {

  /** The name of a plain row count in an observation. */
  static final String ROWS = "rows";
  private static final String ACCEPTED = "accepted";
  private static final String QUARANTINED = "quarantined.";
  private static final String EXAMPLE = "example.";
  private static final String NULLS = "nulls.";
  private static final String CODE = "code.";
  private static final String CLIENTS = "gaps.clients";
  private static final String CLIENTS_WITH_GAPS = "gaps.clients_with_gaps";
  private static final String MISSING_MONTHS = "gaps.missing_months";
  private static final String FIRST_MONTH = "_first_month";
  private static final String MISSING = "_missing";

  private LedgerMetrics() {}

  /**
   * The ledger with the observation attached: rows accepted; per quarantine reason the rows
   * and the smallest (column, value) as example; among accepted rows, empty values per
   * optional column and rows per code of every closed list and catalog code; for outcomes, the
   * clients and their missing months between their first and last month.
   */
  static Dataset<Row> observe(Dataset<Row> ledger, Table table, Collection<String> catalogCodes,
      Observation observation) {
    org.apache.spark.sql.Column accepted = col(IngestStage.ERROR).isNull();
    org.apache.spark.sql.Column reason = col(IngestStage.ERROR + ".reason");
    List<org.apache.spark.sql.Column> metrics = new ArrayList<>();
    metrics.add(count(when(accepted, lit(1))).as(ACCEPTED));
    for (QuarantineReason r : QuarantineReason.values()) {
      org.apache.spark.sql.Column is = reason.equalTo(r.code());
      metrics.add(count(when(is, lit(1))).as(QUARANTINED + r.code()));
      metrics.add(min(when(is, struct(col(IngestStage.ERROR + ".column"),
          col(IngestStage.ERROR + ".value")))).as(EXAMPLE + r.code()));
    }
    for (Column column : table.columns()) {
      if (column.nullable()) {
        metrics.add(count(when(accepted.and(col(column.name()).isNull()), lit(1)))
            .as(NULLS + column.name()));
      }
      for (String code : codes(column, catalogCodes)) {
        metrics.add(count(when(accepted.and(col(column.name()).equalTo(code)), lit(1)))
            .as(CODE + column.name() + "." + code));
      }
    }
    Dataset<Row> measured = ledger;
    if (table == Contract.OUTCOMES) {
      // Per client, over its accepted months: first to last month, and how many are missing.
      // The ledger is partitioned and sorted by client already: this window costs no shuffle
      // and no sort.
      String index = Contract.MONTH + ExtractSchemas.MONTH_INDEX_SUFFIX;
      WindowSpec client = org.apache.spark.sql.expressions.Window
          .partitionBy(col(Contract.CLIENT_ID));
      org.apache.spark.sql.Column month = when(accepted, col(index));
      org.apache.spark.sql.Column first = min(month).over(client);
      measured = measured.select(col("*"), accepted.and(col(index).equalTo(first))
          .as(FIRST_MONTH), max(month).over(client).minus(first).plus(1)
          .minus(count(month).over(client)).as(MISSING));
      metrics.add(count(when(col(FIRST_MONTH), lit(1))).as(CLIENTS));
      metrics.add(count(when(col(FIRST_MONTH).and(col(MISSING).gt(0)), lit(1)))
          .as(CLIENTS_WITH_GAPS));
      metrics.add(sum(when(col(FIRST_MONTH), col(MISSING))).as(MISSING_MONTHS));
    }
    return measured.observe(observation, metrics.get(0),
        metrics.subList(1, metrics.size()).toArray(org.apache.spark.sql.Column[]::new))
        .drop(FIRST_MONTH, MISSING);
  }

  /** The codes counted for the data-quality metrics: a closed list, or the catalog's codes. */
  private static List<String> codes(Column column, Collection<String> catalogCodes) {
    if (!column.allowedValues().isEmpty()) {
      return new ArrayList<>(new TreeSet<>(column.allowedValues()));
    }
    if (column.name().equals(Contract.INTERVENTION_CODE)) {
      return new ArrayList<>(new TreeSet<>(catalogCodes));
    }
    return List.of();
  }

  /** The metrics of an observation, once the action it is attached to has run. */
  static Map<String, Object> metrics(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for observed metrics", e);
    }
  }

  /** A count of an observation; an aggregate over no rows may be null, which is 0. */
  static long counted(Map<String, Object> observed, String name) {
    Object value = observed.get(name);
    if (!observed.containsKey(name)) {
      throw new IllegalStateException("no observed metric " + name);
    }
    return value == null ? 0 : ((Number) value).longValue();
  }

  /**
   * The counts of one table: rows read (counted where the file was read) and the ledger's
   * observation. Pure Java: decides the report and the metrics from the counts.
   */
  record Tally(long rowsRead, Map<String, Object> ledger) {

    /** The row accounting of the table. */
    IngestStage.TableReport report(Table table, ExtractReader.Header header, String format) {
      long accepted = counted(ledger, ACCEPTED);
      Map<String, Long> byReason = new TreeMap<>();
      Map<String, String> examples = new TreeMap<>();
      for (QuarantineReason r : QuarantineReason.values()) {
        long rows = counted(ledger, QUARANTINED + r.code());
        if (rows == 0) {
          continue;
        }
        byReason.put(r.code(), rows);
        Row example = (Row) ledger.get(EXAMPLE + r.code());
        String column = example == null || example.isNullAt(0) ? "(row)" : example.getString(0);
        String value = example == null || example.isNullAt(1) || example.getString(1).isEmpty()
            ? "" : " '" + example.getString(1) + "'";
        examples.put(r.code(), (column.equals("(row)") ? "row" : "column " + column) + value);
      }
      long quarantined = byReason.values().stream().mapToLong(Long::longValue).sum();
      return new IngestStage.TableReport(table.name(), header.file().displayName(), rowsRead,
          accepted, quarantined, byReason, examples, header.dropped(), header.hasBsn(), format);
    }

    /**
     * {@code T.rows}, {@code T.quarantined_share}, {@code T.null_rate.C} for every optional
     * column, {@code T.share.C.V} for every value present of a closed-list column and of
     * {@code intervention_code}; for outcomes {@code outcomes.clients_with_month_gaps_share}
     * and {@code outcomes.missing_months}.
     */
    Map<String, Double> quality(Table table, IngestStage.TableReport report,
        Collection<String> catalogCodes) {
      Map<String, Double> metrics = new TreeMap<>();
      String t = table.name();
      metrics.put(t + ".rows", (double) report.rowsAccepted());
      metrics.put(t + ".quarantined_share", report.rowsRead() == 0 ? 0.0
          : report.rowsQuarantined() / (double) report.rowsRead());
      if (report.rowsAccepted() == 0) {
        return metrics;
      }
      double n = report.rowsAccepted();
      for (Column column : table.columns()) {
        if (column.nullable()) {
          metrics.put(t + ".null_rate." + column.name(), counted(ledger, NULLS + column.name()) / n);
        }
        for (String code : codes(column, catalogCodes)) {
          long rows = counted(ledger, CODE + column.name() + "." + code);
          if (rows > 0) {
            metrics.put(t + ".share." + column.name() + "." + code, rows / n);
          }
        }
      }
      if (table == Contract.OUTCOMES) {
        long clients = counted(ledger, CLIENTS);
        metrics.put("outcomes.clients_with_month_gaps_share",
            clients == 0 ? 0.0 : counted(ledger, CLIENTS_WITH_GAPS) / (double) clients);
        metrics.put("outcomes.missing_months", (double) counted(ledger, MISSING_MONTHS));
      }
      return metrics;
    }
  }
}
