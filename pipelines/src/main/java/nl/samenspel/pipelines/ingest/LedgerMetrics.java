package nl.samenspel.pipelines.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.samenspel.contract.Column;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.QuarantineReason;
import nl.samenspel.contract.Table;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.AccumulatorV2;

/**
 * The accounting and data-quality metrics of one table's ledger, counted while the ledger is
 * written: the rows pass through one counting step on their way to the Parquet writer, so the
 * counts cost no job of their own. Every list of codes is known before the run (closed lists,
 * the catalog, the quarantine reasons), so the counts are one array of fixed positions
 * ({@link Layout}), added up per partition and merged on the driver as a Spark accumulator
 * ({@link Counts}). {@link Tally} turns them into the table's report and metrics.
 */
final class LedgerMetrics {

  private static final String ACCEPTED = "accepted";
  private static final String QUARANTINED = "quarantined.";
  private static final String NULLS = "nulls.";
  private static final String CODE = "code.";
  private static final String CLIENTS = "gaps.clients";
  private static final String CLIENTS_WITH_GAPS = "gaps.clients_with_gaps";
  private static final String MISSING_MONTHS = "gaps.missing_months";
  private static final String FIRST_MONTH = "_first_month";
  private static final String MISSING = "_missing";
  private static final int REASONS = QuarantineReason.values().length;

  private LedgerMetrics() {}

  /**
   * Where each count of a table is in the array: rows accepted; per quarantine reason; among
   * accepted rows, empty values per optional column and rows per code of every closed list
   * and catalog code; for outcomes, clients, clients with missing months, missing months.
   */
  static final class Layout implements Serializable {
    private static final long serialVersionUID = 1L;
    final List<String> names = new ArrayList<>();
    /** Ledger field index of each optional column, and its count's position. */
    final int[] nullable;
    final int[] nullPositions;
    /** Ledger field index of each code column, and its codes' positions. */
    final int[] coded;
    final List<Map<String, Integer>> codePositions = new ArrayList<>();
    final int error;
    final int firstMonth;
    final int missing;
    final int width;

    Layout(Table table, StructType ledger, Collection<String> catalogCodes, boolean gaps) {
      names.add(ACCEPTED);
      for (QuarantineReason reason : QuarantineReason.values()) {
        names.add(QUARANTINED + reason.code());
      }
      List<Integer> nullableFields = new ArrayList<>();
      List<Integer> nullCounts = new ArrayList<>();
      List<Integer> codedFields = new ArrayList<>();
      for (Column column : table.columns()) {
        if (column.nullable()) {
          nullableFields.add(ledger.fieldIndex(column.name()));
          nullCounts.add(names.size());
          names.add(NULLS + column.name());
        }
        List<String> codes = codes(column, catalogCodes);
        if (!codes.isEmpty()) {
          codedFields.add(ledger.fieldIndex(column.name()));
          Map<String, Integer> positions = new HashMap<>();
          for (String code : codes) {
            positions.put(code, names.size());
            names.add(CODE + column.name() + "." + code);
          }
          codePositions.add(positions);
        }
      }
      if (gaps) {
        names.addAll(List.of(CLIENTS, CLIENTS_WITH_GAPS, MISSING_MONTHS));
        firstMonth = ledger.fieldIndex(FIRST_MONTH);
        missing = ledger.fieldIndex(MISSING);
      } else {
        firstMonth = -1;
        missing = -1;
      }
      nullable = nullableFields.stream().mapToInt(Integer::intValue).toArray();
      nullPositions = nullCounts.stream().mapToInt(Integer::intValue).toArray();
      coded = codedFields.stream().mapToInt(Integer::intValue).toArray();
      error = ledger.fieldIndex(IngestStage.ERROR);
      width = names.size();
    }
  }

  /**
   * The counts of a ledger, and per quarantine reason the smallest (column, value) found as
   * an example. A Spark accumulator: each task adds the counts of its partition once, when it
   * has passed every row to the writer; the driver merges them.
   */
  static final class Counts extends AccumulatorV2<Counts.Partial, Counts.Partial> {
    private static final long serialVersionUID = 1L;

    /** Counts of one or more partitions. */
    static final class Partial implements Serializable {
      private static final long serialVersionUID = 1L;
      final long[] counts;
      final String[] exampleColumns = new String[REASONS];
      final String[] exampleValues = new String[REASONS];

      Partial(int width) {
        counts = new long[width];
      }

      void example(int reason, String column, String value) {
        String c = column == null ? "" : column;
        String v = value == null ? "" : value;
        if (exampleColumns[reason] == null || c.compareTo(exampleColumns[reason]) < 0
            || c.equals(exampleColumns[reason]) && v.compareTo(exampleValues[reason]) < 0) {
          exampleColumns[reason] = c;
          exampleValues[reason] = v;
        }
      }

      void add(Partial other) {
        for (int i = 0; i < counts.length; i++) {
          counts[i] += other.counts[i];
        }
        for (int r = 0; r < REASONS; r++) {
          if (other.exampleColumns[r] != null) {
            example(r, other.exampleColumns[r], other.exampleValues[r]);
          }
        }
      }
    }

    private final int width;
    private Partial value;

    Counts(int width) {
      this.width = width;
      this.value = new Partial(width);
    }

    @Override
    public boolean isZero() {
      return Arrays.stream(value.counts).allMatch(c -> c == 0)
          && Arrays.stream(value.exampleColumns).allMatch(c -> c == null);
    }

    @Override
    public Counts copy() {
      Counts copy = new Counts(width);
      copy.value.add(value);
      return copy;
    }

    @Override
    public void reset() {
      value = new Partial(width);
    }

    @Override
    public void add(Partial partial) {
      value.add(partial);
    }

    @Override
    public void merge(AccumulatorV2<Partial, Partial> other) {
      value.add(other.value());
    }

    @Override
    public Partial value() {
      return value;
    }
  }

  /**
   * A ledger on its way to the writer, and where its counts will be.
   *
   * @param rows the ledger's rows, counted as they pass
   */
  record Counting(Dataset<Row> rows, Layout layout, Counts counts) {}

  /**
   * The ledger with its counting step: the outcomes get their per-client window first (first
   * to last accepted month, and how many are missing; the ledger is partitioned and sorted by
   * client already, so it costs no shuffle and no sort), then every row is counted into an
   * accumulator registered with {@code spark} and passed on without the helper columns.
   */
  static Counting counted(Dataset<Row> ledger, Table table, Collection<String> catalogCodes,
      org.apache.spark.SparkContext spark) {
    StructType schema = ledger.schema();
    Dataset<Row> measured = ledger;
    boolean gaps = table == Contract.OUTCOMES;
    if (gaps) {
      String index = Contract.MONTH + ExtractSchemas.MONTH_INDEX_SUFFIX;
      org.apache.spark.sql.Column accepted = col(IngestStage.ERROR).isNull();
      WindowSpec client = org.apache.spark.sql.expressions.Window
          .partitionBy(col(Contract.CLIENT_ID));
      org.apache.spark.sql.Column month = when(accepted, col(index));
      org.apache.spark.sql.Column first = min(month).over(client);
      measured = measured.select(col("*"), accepted.and(col(index).equalTo(first))
          .as(FIRST_MONTH), max(month).over(client).minus(first).plus(1)
          .minus(count(month).over(client)).as(MISSING));
    }
    Layout layout = new Layout(table, measured.schema(), catalogCodes, gaps);
    Counts counts = new Counts(layout.width);
    spark.register(counts, "ingest ledger " + table.name());
    int kept = schema.fields().length;
    MapPartitionsFunction<Row, Row> count = rows -> new Iterator<>() {
      private Counts.Partial partial = new Counts.Partial(layout.width);

      @Override
      public boolean hasNext() {
        boolean more = rows.hasNext();
        if (!more && partial != null) {
          counts.add(partial);
          partial = null; // counted once
        }
        return more;
      }

      @Override
      public Row next() {
        Row row = rows.next();
        tally(layout, row, partial);
        if (!gaps) {
          return row;
        }
        Object[] values = new Object[kept];
        for (int i = 0; i < kept; i++) {
          values[i] = row.get(i);
        }
        return RowFactory.create(values);
      }
    };
    return new Counting(measured.mapPartitions(count, Encoders.row(schema)), layout, counts);
  }

  /** Adds one ledger row to the counts. */
  private static void tally(Layout layout, Row row, Counts.Partial partial) {
    if (!row.isNullAt(layout.error)) {
      Row error = row.getStruct(layout.error);
      int reason = QuarantineReason.fromCode(error.getString(0)).ordinal();
      partial.counts[1 + reason]++;
      partial.example(reason, error.getString(1), error.getString(2));
      return;
    }
    partial.counts[0]++;
    for (int i = 0; i < layout.nullable.length; i++) {
      if (row.isNullAt(layout.nullable[i])) {
        partial.counts[layout.nullPositions[i]]++;
      }
    }
    for (int i = 0; i < layout.coded.length; i++) {
      Integer position = row.isNullAt(layout.coded[i]) ? null
          : layout.codePositions.get(i).get(row.getString(layout.coded[i]));
      if (position != null) {
        partial.counts[position]++;
      }
    }
    if (layout.firstMonth >= 0 && !row.isNullAt(layout.firstMonth)
        && row.getBoolean(layout.firstMonth)) {
      int at = layout.width - 3;
      long missing = row.getLong(layout.missing);
      partial.counts[at]++;
      partial.counts[at + 1] += missing > 0 ? 1 : 0;
      partial.counts[at + 2] += missing;
    }
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

  /**
   * The counts of one table: rows read (counted where the file was read) and the ledger's
   * counts. Pure Java: decides the report and the metrics from the counts.
   *
   * @param names the name of each count, in the order of {@code counts}
   */
  record Tally(long rowsRead, List<String> names, Counts.Partial counts) {

    /** The tally of a ledger once it is written. */
    static Tally of(long rowsRead, Counting counting) {
      return new Tally(rowsRead, List.copyOf(counting.layout().names),
          counting.counts().value());
    }

    private long counted(String name) {
      int position = names.indexOf(name);
      if (position < 0) {
        throw new IllegalStateException("no count " + name);
      }
      return counts.counts[position];
    }

    /** The row accounting of the table. */
    IngestStage.TableReport report(Table table, ExtractReader.Header header, String format) {
      long accepted = counted(ACCEPTED);
      Map<String, Long> byReason = new TreeMap<>();
      Map<String, String> examples = new TreeMap<>();
      for (QuarantineReason r : QuarantineReason.values()) {
        long rows = counted(QUARANTINED + r.code());
        if (rows == 0) {
          continue;
        }
        byReason.put(r.code(), rows);
        String column = counts.exampleColumns[r.ordinal()];
        String value = counts.exampleValues[r.ordinal()];
        examples.put(r.code(), (column == null || column.equals("(row)") ? "row"
            : "column " + column) + (value == null || value.isEmpty() ? "" : " '" + value + "'"));
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
          metrics.put(t + ".null_rate." + column.name(), counted(NULLS + column.name()) / n);
        }
        for (String code : codes(column, catalogCodes)) {
          long rows = counted(CODE + column.name() + "." + code);
          if (rows > 0) {
            metrics.put(t + ".share." + column.name() + "." + code, rows / n);
          }
        }
      }
      if (table == Contract.OUTCOMES) {
        long clients = counted(CLIENTS);
        metrics.put("outcomes.clients_with_month_gaps_share",
            clients == 0 ? 0.0 : counted(CLIENTS_WITH_GAPS) / (double) clients);
        metrics.put("outcomes.missing_months", (double) counted(MISSING_MONTHS));
      }
      return metrics;
    }
  }
}
