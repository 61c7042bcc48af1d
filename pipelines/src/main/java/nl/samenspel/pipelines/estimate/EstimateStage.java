package nl.samenspel.pipelines.estimate;

import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.samenspel.contract.Contract;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Element;
import nl.samenspel.estimate.CovariateEncoder;
import nl.samenspel.estimate.MultipleComparisons;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.EffectModification;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.evidence.Timing;
import nl.samenspel.evidence.TripleEffects;
import nl.samenspel.journeys.TimeToDurableWork;
import nl.samenspel.pipelines.journeys.JourneysStage;
import nl.samenspel.pipelines.journeys.Population;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;
import org.apache.spark.util.LongAccumulator;

/**
 * Estimate: fits every element subgroup x intervention and every cross-discipline pair. Each
 * episode is routed to the subgroups it belongs to (ALL, and every element that is a barrier
 * for the client), and each subgroup's combinations are split over a few shards; every
 * (subgroup, shard) is fitted in a task of its own by the pure-Java {@link SubgroupEstimation}.
 * Only the per-combination aggregates come back to the driver, in one Spark job for all
 * combinations.
 */
public final class EstimateStage {

  private static final String SUBGROUP = "subgroup";
  private static final String SHARD = "_shard";
  private static final String TASK = "_task";
  private static final int MAX_SHARDS = 4;

  /** Numeric fields of a result row, in {@link EvidenceRecord} order after the codes. */
  private static final List<String> NUMBERS = List.of("estimate", "standard_error", "ci_low",
      "ci_high", "p_value", "q_value", "naive_estimate", "naive_ci_low", "naive_ci_high",
      "rate_treated", "rate_comparison", "n_treated", "n_comparison", "effective_treated",
      "effective_comparison", "max_abs_smd_before", "max_abs_smd_after", "share_trimmed",
      "propensity_treated_median", "propensity_comparison_median", "placebo_estimate",
      "placebo_ci_low", "placebo_ci_high", "negative_control_estimate",
      "negative_control_ci_low", "negative_control_ci_high", "e_value", "e_value_ci", "synergy",
      "synergy_ci_low", "synergy_ci_high", "smallest_naive_cell");

  /** Schema of the per-combination results that travel back to the driver. */
  static final StructType RESULT_SCHEMA = resultSchema();

  private static StructType resultSchema() {
    StructType schema = new StructType()
        .add("element", DataTypes.StringType, false)
        .add("interventions", DataTypes.createArrayType(DataTypes.StringType), false)
        .add("status", DataTypes.StringType, false)
        .add("estimator", DataTypes.StringType, true)
        .add("estimand", DataTypes.StringType, true)
        .add("detail", DataTypes.StringType, true);
    for (String name : NUMBERS) {
      schema = schema.add(name, DataTypes.DoubleType, true);
    }
    return schema
        // The names and numbers of a MODIFICATION row (slopes) or a TRIPLE row (contrasts).
        .add(DETAIL_NAMES, DataTypes.createArrayType(DataTypes.StringType), true)
        .add(DETAIL_VALUES, DataTypes.createArrayType(DataTypes.DoubleType), true);
  }

  static final String ESTIMATED = "ESTIMATED";
  /** Status of a row that carries an {@link EffectModification}, not an estimate. */
  static final String MODIFICATION = "MODIFICATION";
  /** Leading numbers of a modification row: units, F, its two degrees of freedom, p. */
  private static final int OMNIBUS_VALUES = 5;
  /** Numbers per slope: estimate, standard error, interval, p. */
  private static final int SLOPE_VALUES = 5;
  /** Marks the dropped modifiers in a modification row's names. */
  private static final String DROPPED = "-";
  /** Status of a row that carries the contrasts inside a triple ({@link TripleEffects}). */
  static final String TRIPLE = "TRIPLE";
  /** Status of a row that carries the curves of time to durable work ({@link Timing}). */
  static final String TIMING = "TIMING";
  /**
   * Numbers per arm of a timing point: share started, interval, at risk, starts, and the
   * different clients behind those two counts.
   */
  private static final int ARM_VALUES = 7;
  /** Numbers per timing difference: estimate, standard error, interval. */
  private static final int DIFFERENCE_VALUES = 4;
  /** Separates a triple contrast's quantity, received codes and (when missing) reason. */
  private static final String SEPARATOR = ":";
  /** Numbers per triple contrast: estimate, standard error, interval, p. */
  private static final int CONTRAST_VALUES = 5;
  private static final String DETAIL_NAMES = "detail_names";
  private static final String DETAIL_VALUES = "detail_values";

  /**
   * Names of the counters of settled combinations, one per subgroup ({@code FINISHED + "ALL"},
   * ...): Spark accumulators that each task adds to as it settles a combination, so that a
   * listener on the driver ({@link nl.samenspel.pipelines.run.SparkProgress}, which counts
   * accumulators named {@code samenspel.*}) can tell how far the stage is while it runs.
   */
  public static final String FINISHED = "samenspel.estimate.finished.";

  /** Whether the tasks count settled combinations for progress reports. */
  public enum Counting {
    /** No counters. */
    NONE,
    /** One counter per subgroup ({@link #FINISHED}), one addition per combination. */
    PER_COMBINATION
  }

  /**
   * Estimated records, the combinations left out with the reason, and how the associations
   * change with the client profile where they were projected on it.
   */
  public record Result(List<EvidenceRecord> records, List<SubgroupEstimation.Skipped> skipped,
      List<EffectModification> modifications, List<TripleEffects> triples,
      List<Timing> timings) {
    public Result {
      records = List.copyOf(records);
      skipped = List.copyOf(skipped);
      modifications = List.copyOf(modifications);
      triples = List.copyOf(triples);
      timings = List.copyOf(timings);
    }

    public Result(List<EvidenceRecord> records, List<SubgroupEstimation.Skipped> skipped,
        List<EffectModification> modifications, List<TripleEffects> triples) {
      this(records, skipped, modifications, triples, List.of());
    }

    public Result(List<EvidenceRecord> records, List<SubgroupEstimation.Skipped> skipped,
        List<EffectModification> modifications) {
      this(records, skipped, modifications, List.of());
    }
  }

  private final List<CatalogEntry> catalog;
  private final SubgroupEstimation.Settings settings;

  /** Plug-in jars added to the Spark context as files ({@link Plugins#addTo}). */
  private final List<String> plugins;

  /** Tasks per subgroup; 0: from Spark's default parallelism, 2 to {@value #MAX_SHARDS}. */
  private final int tasksPerSubgroup;

  public EstimateStage(List<CatalogEntry> catalog, SubgroupEstimation.Settings settings) {
    this(catalog, settings, List.of());
  }

  /**
   * @param plugins file names of the plug-in jars that {@link Plugins#addTo} added to the
   *     session, where the chosen estimator may be
   */
  public EstimateStage(List<CatalogEntry> catalog, SubgroupEstimation.Settings settings,
      List<String> plugins) {
    this(catalog, settings, plugins, 0);
  }

  /**
   * @param tasksPerSubgroup tasks each subgroup is split into (each holds a copy of its rows;
   *     the results do not depend on it); 0 = from Spark's default parallelism, 2 to
   *     {@value #MAX_SHARDS}
   */
  public EstimateStage(List<CatalogEntry> catalog, SubgroupEstimation.Settings settings,
      List<String> plugins, int tasksPerSubgroup) {
    this.catalog = List.copyOf(catalog);
    this.settings = settings;
    this.plugins = List.copyOf(plugins);
    this.tasksPerSubgroup = tasksPerSubgroup;
  }

  /**
   * The combinations of every subgroup, in the order the subgroups are fitted: what the
   * {@link #FINISHED} counters count up to. Known before the job starts.
   */
  public Map<String, Integer> combinations() {
    int each = SubgroupEstimation.combinations(catalog, settings);
    Map<String, Integer> combinations = new LinkedHashMap<>();
    settings.subgroups().forEach(subgroup -> combinations.put(subgroup, each));
    return combinations;
  }

  public Result run(Dataset<Row> episodes) {
    return run(episodes, Counting.NONE);
  }

  public Result run(Dataset<Row> episodes, Counting counting) {
    // Every episode: those with a known outcome are estimated, all of them are on the curves.
    int shards = tasksPerSubgroup > 0 ? tasksPerSubgroup : shards(episodes.sparkSession());
    // The subgroups in the order their tasks are scheduled: ALL, the largest, first.
    List<String> subgroups = settings.subgroups();
    int tasks = subgroups.size() * shards;
    List<Column> columns = new ArrayList<>(List.of(
        explode(Population.subgroups(settings.profiles())).as(SUBGROUP),
        col(JourneysStage.EPISODE_ID), col(JourneysStage.INTERVENTIONS),
        col(JourneysStage.DURABLE), col(JourneysStage.AGE), col(Contract.SEX),
        col(Contract.HOUSEHOLD_TYPE), col(Contract.EDUCATION_LEVEL),
        col(JourneysStage.BENEFIT_MONTHS)));
    for (Element element : Element.values()) {
      columns.add(col(element.scoreColumn()));
    }
    columns.add(col(JourneysStage.NEGATIVE_CONTROL));
    columns.add(col(Contract.CLIENT_ID));
    columns.add(col(JourneysStage.DURABLE_MONTH));
    columns.add(col(JourneysStage.DURABLE_EVENT));
    columns.add(col(JourneysStage.FOLLOW_UP_MONTHS));
    // Every (subgroup, shard) is one task in a partition of its own, the largest subgroup
    // (ALL) first: a subgroup's rows are copied to each of its shards.
    Column task = array_position(lit(subgroups.toArray(new String[0])), col(SUBGROUP))
        .minus(1).multiply(shards).plus(col(SHARD)).cast("int");
    Dataset<Row> routed = episodes.select(columns.toArray(Column[]::new))
        .withColumn(SHARD, explode(sequence(lit(0), lit(shards - 1))))
        .withColumn(TASK, task)
        .repartition(tasks, element_at(lit(partitionValues(tasks)), col(TASK).plus(1)));

    List<CatalogEntry> entries = catalog;
    SubgroupEstimation.Settings fitSettings = settings;
    int shardCount = shards;
    Map<String, LongAccumulator> counters = null;
    if (counting == Counting.PER_COMBINATION) {
      counters = new HashMap<>();
      for (String subgroup : subgroups) {
        counters.put(subgroup, episodes.sparkSession().sparkContext()
            .longAccumulator(FINISHED + subgroup));
      }
    }
    Map<String, LongAccumulator> finished = counters;
    List<String> pluginFiles = plugins;
    // Bounded: one aggregate row per combination (subgroups x catalog codes and pairs).
    List<Row> results = routed
        .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> Plugins.inTask(pluginFiles,
            () -> fitTask(rows, entries, fitSettings, shardCount, finished)),
            Encoders.row(RESULT_SCHEMA))
        .collectAsList();

    List<EvidenceRecord> records = new ArrayList<>();
    List<SubgroupEstimation.Skipped> skipped = new ArrayList<>();
    List<EffectModification> modifications = new ArrayList<>();
    List<TripleEffects> triples = new ArrayList<>();
    List<Timing> timings = new ArrayList<>();
    for (Row row : results) {
      List<String> codes = row.getList(1);
      if (ESTIMATED.equals(row.getString(2))) {
        records.add(toRecord(row, codes));
      } else if (MODIFICATION.equals(row.getString(2))) {
        modifications.add(toModification(row, codes));
      } else if (TRIPLE.equals(row.getString(2))) {
        triples.add(toTriple(row, codes));
      } else if (TIMING.equals(row.getString(2))) {
        timings.add(toTiming(row, codes));
      } else {
        skipped.add(new SubgroupEstimation.Skipped(new Combination(row.getString(0), codes),
            SubgroupEstimation.SkipReason.valueOf(row.getString(2)), row.getString(5)));
      }
    }
    records.sort(Comparator.comparing((EvidenceRecord r) -> r.combination().key()));
    // Many comparisons: q-values across every combination of the run (aggregates, on the driver).
    // An estimate without a p-value (a chosen estimator that gives no standard error) counts
    // as a comparison made but gets no q-value.
    int[] tested = java.util.stream.IntStream.range(0, records.size())
        .filter(i -> !Double.isNaN(records.get(i).pValue())).toArray();
    double[] q = MultipleComparisons.benjaminiHochberg(
        java.util.Arrays.stream(tested).mapToDouble(i -> records.get(i).pValue()).toArray(),
        records.size());
    for (int k = 0; k < tested.length; k++) {
      records.set(tested[k], records.get(tested[k]).withQValue(q[k]));
    }
    skipped.sort(Comparator.comparing(s -> s.combination().key()));
    modifications.sort(Comparator.comparing(m -> m.combination().key()));
    triples.sort(Comparator.comparing(t -> t.combination().key()));
    timings.sort(Comparator.comparing(t -> t.combination().key()));
    return new Result(records, skipped, modifications, triples, timings);
  }

  /**
   * A TRIPLE row: the codes in discipline order; per contrast a name
   * {@code quantity:CODE+CODE} (estimated, five numbers each) or
   * {@code quantity:CODE+CODE:REASON} (not estimated, no numbers).
   */
  static Row tripleRow(TripleEffects t) {
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (TripleEffects.Contrast c : t.contrasts()) {
      names.add(c.quantity() + SEPARATOR + String.join("+", c.received()));
      values.addAll(List.of(c.estimate(), c.standardError(), c.ciLow(), c.ciHigh(),
          c.pValue()));
    }
    for (TripleEffects.Missing m : t.notEstimated()) {
      names.add(m.quantity() + SEPARATOR + String.join("+", m.received()) + SEPARATOR
          + m.reason());
    }
    return detailRow(t.combination().element(), t.order(), TRIPLE, names, values);
  }

  /** A row that carries names and numbers (a modification, a triple, curves), not an estimate. */
  private static Row detailRow(String element, List<String> codes, String status,
      List<String> names, List<Double> values) {
    Object[] row = new Object[RESULT_SCHEMA.size()];
    row[0] = element;
    row[1] = codes.toArray(new String[0]);
    row[2] = status;
    row[RESULT_SCHEMA.fieldIndex(DETAIL_NAMES)] = names.toArray(new String[0]);
    row[RESULT_SCHEMA.fieldIndex(DETAIL_VALUES)] = values.toArray(new Double[0]);
    return RowFactory.create(row);
  }

  static TripleEffects toTriple(Row row, List<String> order) {
    List<String> names = row.getList(RESULT_SCHEMA.fieldIndex(DETAIL_NAMES));
    List<Double> v = row.getList(RESULT_SCHEMA.fieldIndex(DETAIL_VALUES));
    List<TripleEffects.Contrast> contrasts = new ArrayList<>();
    List<TripleEffects.Missing> missing = new ArrayList<>();
    int k = 0;
    for (String name : names) {
      String[] parts = name.split(SEPARATOR, -1);
      List<String> received = parts[1].isEmpty() ? List.of() : List.of(parts[1].split("\\+"));
      if (parts.length == 3) {
        missing.add(new TripleEffects.Missing(parts[0], received, parts[2]));
      } else {
        contrasts.add(new TripleEffects.Contrast(parts[0], received, v.get(k), v.get(k + 1),
            v.get(k + 2), v.get(k + 3), v.get(k + 4)));
        k += CONTRAST_VALUES;
      }
    }
    return new TripleEffects(new Combination(row.getString(0), order), order, contrasts,
        missing);
  }

  /**
   * A TIMING row: names {@code point:M} (two arms of five numbers), {@code difference:M} and
   * {@code restricted_mean:H} (four numbers each), then {@code trimmed:N}, and
   * {@code censoring:0} (three numbers) when the censoring check ran.
   */
  static Row timingRow(Timing t) {
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (Timing.Point p : t.points()) {
      names.add(POINT + SEPARATOR + p.month());
      for (Timing.Arm arm : List.of(p.treated(), p.comparison())) {
        values.addAll(List.of(arm.started(), arm.low(), arm.high(), (double) arm.atRisk(),
            (double) arm.starts(), (double) arm.atRiskPeople(), (double) arm.startsPeople()));
      }
    }
    List<Timing.Difference> differences = new ArrayList<>(t.differences());
    differences.add(t.restrictedMean());
    for (int k = 0; k < differences.size(); k++) {
      Timing.Difference d = differences.get(k);
      names.add((k < t.differences().size() ? DIFFERENCE : RESTRICTED_MEAN) + SEPARATOR
          + d.month());
      values.addAll(List.of(d.estimate(), d.standardError(), d.low(), d.high()));
    }
    names.add(TRIMMED + SEPARATOR + t.trimmed());
    if (t.censoring() != null) {
      names.add(CENSORING + SEPARATOR + 0);
      values.addAll(List.of(t.censoring().chiSquare(), t.censoring().pValue(),
          t.censoring().observedToExpected()));
    }
    return detailRow(t.combination().element(), t.combination().interventions(), TIMING, names,
        values);
  }

  static Timing toTiming(Row row, List<String> codes) {
    List<String> names = row.getList(RESULT_SCHEMA.fieldIndex(DETAIL_NAMES));
    List<Double> v = row.getList(RESULT_SCHEMA.fieldIndex(DETAIL_VALUES));
    List<Timing.Point> points = new ArrayList<>();
    List<Timing.Difference> differences = new ArrayList<>();
    Timing.Difference restricted = null;
    Timing.Censoring censoring = null;
    int trimmed = 0;
    int horizon = 0;
    int k = 0;
    for (String name : names) {
      String[] parts = name.split(SEPARATOR, -1);
      int month = Integer.parseInt(parts[1]);
      switch (parts[0]) {
        case POINT -> {
          Timing.Arm[] arms = new Timing.Arm[2];
          for (int a = 0; a < 2; a++) {
            arms[a] = new Timing.Arm(v.get(k), v.get(k + 1), v.get(k + 2),
                v.get(k + 3).longValue(), v.get(k + 4).longValue(), v.get(k + 5).longValue(),
                v.get(k + 6).longValue());
            k += ARM_VALUES;
          }
          points.add(new Timing.Point(month, arms[0], arms[1]));
        }
        case DIFFERENCE, RESTRICTED_MEAN -> {
          Timing.Difference d = new Timing.Difference(month, v.get(k), v.get(k + 1),
              v.get(k + 2), v.get(k + 3));
          k += DIFFERENCE_VALUES;
          if (parts[0].equals(DIFFERENCE)) {
            differences.add(d);
          } else {
            restricted = d;
            horizon = month;
          }
        }
        case TRIMMED -> trimmed = month;
        case CENSORING -> {
          censoring = new Timing.Censoring(v.get(k), v.get(k + 1), v.get(k + 2));
          k += 3;
        }
        default -> throw new IllegalStateException("unknown timing field " + name);
      }
    }
    return new Timing(new Combination(row.getString(0), codes), points, differences,
        restricted, horizon, trimmed, censoring);
  }

  private static final String POINT = "point";
  private static final String DIFFERENCE = "difference";
  private static final String RESTRICTED_MEAN = "restricted_mean";
  private static final String TRIMMED = "trimmed";
  private static final String CENSORING = "censoring";

  static EffectModification toModification(Row row, List<String> codes) {
    List<String> names = row.getList(RESULT_SCHEMA.fieldIndex(DETAIL_NAMES));
    List<Double> v = row.getList(RESULT_SCHEMA.fieldIndex(DETAIL_VALUES));
    List<EffectModification.Slope> slopes = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    int k = OMNIBUS_VALUES;
    for (String name : names) {
      if (name.startsWith(DROPPED)) {
        dropped.add(name.substring(DROPPED.length()));
        continue;
      }
      slopes.add(new EffectModification.Slope(name, v.get(k), v.get(k + 1), v.get(k + 2),
          v.get(k + 3), v.get(k + 4)));
      k += SLOPE_VALUES;
    }
    return new EffectModification(new Combination(row.getString(0), codes),
        v.get(0).longValue(), slopes, dropped, v.get(1), v.get(2).intValue(),
        v.get(3).intValue(), v.get(4));
  }

  static Row modificationRow(EffectModification m) {
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>(List.of((double) m.units(), m.statistic(),
        (double) m.degreesOfFreedom(), (double) m.residualDegreesOfFreedom(), m.pValue()));
    for (EffectModification.Slope s : m.slopes()) {
      names.add(s.modifier());
      values.addAll(List.of(s.estimate(), s.standardError(), s.ciLow(), s.ciHigh(),
          s.pValue()));
    }
    m.dropped().forEach(d -> names.add(DROPPED + d));
    return detailRow(m.combination().element(), m.combination().interventions(), MODIFICATION,
        names, values);
  }

  private static EvidenceRecord toRecord(Row row, List<String> codes) {
    double[] v = new double[NUMBERS.size()];
    for (int k = 0; k < v.length; k++) {
      v[k] = row.isNullAt(6 + k) ? Double.NaN : row.getDouble(6 + k);
    }
    return new EvidenceRecord(row.getString(0), codes, row.getString(3), row.getString(4),
        v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], (long) v[11],
        (long) v[12], v[13], v[14], v[15], v[16], v[17], v[18], v[19], v[20], v[21], v[22],
        v[23], v[24], v[25], v[26], v[27], v[28], v[29], v[30], (long) v[31]);
  }

  private static Object[] values(EvidenceRecord r) {
    return java.util.Arrays.copyOf(estimateValues(r), RESULT_SCHEMA.size());
  }

  private static Object[] estimateValues(EvidenceRecord r) {
    return new Object[] {r.element(), r.interventions().toArray(new String[0]), ESTIMATED,
        r.estimator(), r.estimand(), null, r.estimate(), r.standardError(), r.ciLow(), r.ciHigh(),
        r.pValue(), r.qValue(), r.naiveEstimate(), r.naiveCiLow(), r.naiveCiHigh(),
        r.rateTreated(), r.rateComparison(), (double) r.nTreated(), (double) r.nComparison(),
        r.effectiveTreated(), r.effectiveComparison(), r.maxAbsSmdBefore(), r.maxAbsSmdAfter(),
        r.shareTrimmed(), r.propensityTreatedMedian(), r.propensityComparisonMedian(),
        r.placeboEstimate(), r.placeboCiLow(), r.placeboCiHigh(), r.negativeControlEstimate(),
        r.negativeControlCiLow(), r.negativeControlCiHigh(), r.eValue(), r.eValueCi(),
        r.synergy(), r.synergyCiLow(), r.synergyCiHigh(), (double) r.smallestNaiveCell()};
  }

  /**
   * Shards per subgroup: enough tasks to keep every core busy while the largest subgroup is
   * fitted, at most four copies of the rows.
   */
  private static int shards(SparkSession spark) {
    return Math.max(2, Math.min(MAX_SHARDS, spark.sparkContext().defaultParallelism()));
  }

  /**
   * For each task 0..n-1 a value whose Spark hash partition (Murmur3, seed 42, as
   * {@code repartition(n, column)} computes it) is that task: so every task gets a partition of
   * its own, where hashing the task number itself would put several in one.
   */
  static int[] partitionValues(int n) {
    int[] values = new int[n];
    boolean[] taken = new boolean[n];
    int found = 0;
    for (int v = 0; found < n; v++) {
      int partition = Math.floorMod(Murmur3_x86_32.hashInt(v, 42), n);
      if (!taken[partition]) {
        taken[partition] = true;
        values[partition] = v;
        found++;
      }
    }
    return values;
  }

  /**
   * Runs in an executor: one (subgroup, shard) per partition, or nothing. With
   * {@code counters} (else null), adds one to the subgroup's counter per settled combination.
   */
  static Iterator<Row> fitTask(Iterator<Row> rows, List<CatalogEntry> catalog,
      SubgroupEstimation.Settings settings, int shards, Map<String, LongAccumulator> counters) {
    if (!rows.hasNext()) {
      if (counters != null) {
        // A subgroup without episodes: its combinations are settled too, with nothing to fit.
        // The partition is the task number (partitionValues), so it names subgroup and shard.
        int task = TaskContext.getPartitionId();
        counters.get(settings.subgroups().get(task / shards)).add(SubgroupEstimation.combinations(
            catalog, settings, task % shards, shards));
      }
      return java.util.Collections.emptyIterator();
    }
    List<Row> buffered = new ArrayList<>();
    rows.forEachRemaining(buffered::add);
    Row first = buffered.get(0);
    int shardField = first.fieldIndex(SHARD);
    String subgroup = first.getString(0);
    SubgroupEstimation.Progress progress = SubgroupEstimation.Progress.NONE;
    if (counters != null) {
      LongAccumulator counter = counters.get(subgroup);
      progress = combination -> counter.add(1);
    }
    return fitSubgroup(subgroup, first.getInt(shardField), shards, buffered, catalog,
        settings, progress);
  }

  /** Fits one shard of one subgroup, returns aggregate rows. */
  static Iterator<Row> fitSubgroup(String subgroup, int shard, int shards, List<Row> buffered,
      List<CatalogEntry> catalog, SubgroupEstimation.Settings settings,
      SubgroupEstimation.Progress progress) {
    // Row order inside a group is not deterministic in Spark; the fit must not depend on it.
    buffered.sort(Comparator.comparing(row -> row.getString(1)));
    List<SubgroupEstimation.Unit> units = new ArrayList<>(buffered.size());
    int scoreStart = 9;
    for (Row row : buffered) {
      Integer[] scores = new Integer[Element.values().length];
      for (int e = 0; e < scores.length; e++) {
        scores[e] = row.isNullAt(scoreStart + e) ? null : row.getInt(scoreStart + e);
      }
      double[] covariates = CovariateEncoder.encode(row.getInt(4), row.getString(5),
          row.getString(6), row.getString(7), row.getInt(8), scores);
      int negativeControl = scoreStart + scores.length;
      int time = negativeControl + 2;
      units.add(new SubgroupEstimation.Unit(new HashSet<>(row.getList(2)),
          row.isNullAt(3) ? Double.NaN : row.getInt(3),
          row.isNullAt(negativeControl) ? Double.NaN : row.getInt(negativeControl),
          covariates, row.getString(negativeControl + 1), new TimeToDurableWork(
              row.getInt(time), row.getInt(time + 1) == 1, row.getInt(time + 2))));
    }
    SubgroupEstimation.Result result = SubgroupEstimation.estimate(subgroup, units, catalog,
        settings, shard, shards, progress);
    List<Row> out = new ArrayList<>();
    for (EvidenceRecord r : result.records()) {
      out.add(RowFactory.create(values(r)));
    }
    for (SubgroupEstimation.Skipped s : result.skipped()) {
      Object[] row = new Object[RESULT_SCHEMA.size()];
      row[0] = s.combination().element();
      row[1] = s.combination().interventions().toArray(new String[0]);
      row[2] = s.reason().name();
      row[5] = s.detail();
      out.add(RowFactory.create(row));
    }
    for (EffectModification m : result.modifications()) {
      out.add(modificationRow(m));
    }
    for (TripleEffects t : result.triples()) {
      out.add(tripleRow(t));
    }
    for (Timing t : result.timings()) {
      out.add(timingRow(t));
    }
    return out.iterator();
  }
}
