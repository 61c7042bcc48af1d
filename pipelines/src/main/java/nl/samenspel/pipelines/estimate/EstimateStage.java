package nl.samenspel.pipelines.estimate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import nl.samenspel.contract.Contract;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Element;
import nl.samenspel.estimate.CovariateEncoder;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.pipelines.journeys.JourneysStage;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Estimate: fits every element subgroup x intervention and every cross-discipline pair. Each
 * episode is routed to the subgroups it belongs to (ALL, and every element that is a barrier
 * for the client); each subgroup is fitted inside an executor by the pure-Java
 * {@link SubgroupEstimation}. Only the per-combination aggregates come back to the driver, in
 * one Spark job for all combinations.
 */
public final class EstimateStage {

  private static final String SUBGROUP = "subgroup";

  /** Schema of the per-combination results that travel back to the driver. */
  static final StructType RESULT_SCHEMA = new StructType()
      .add("element", DataTypes.StringType, false)
      .add("interventions", DataTypes.createArrayType(DataTypes.StringType), false)
      .add("status", DataTypes.StringType, false)
      .add("estimator", DataTypes.StringType, true)
      .add("estimate", DataTypes.DoubleType, true)
      .add("standard_error", DataTypes.DoubleType, true)
      .add("ci_low", DataTypes.DoubleType, true)
      .add("ci_high", DataTypes.DoubleType, true)
      .add("naive_estimate", DataTypes.DoubleType, true)
      .add("naive_ci_low", DataTypes.DoubleType, true)
      .add("naive_ci_high", DataTypes.DoubleType, true)
      .add("rate_treated", DataTypes.DoubleType, true)
      .add("rate_comparison", DataTypes.DoubleType, true)
      .add("n_treated", DataTypes.LongType, true)
      .add("n_comparison", DataTypes.LongType, true)
      .add("effective_treated", DataTypes.DoubleType, true)
      .add("effective_comparison", DataTypes.DoubleType, true);

  static final String ESTIMATED = "ESTIMATED";

  /** Estimated records and the combinations left out, with the reason. */
  public record Result(List<EvidenceRecord> records, List<SubgroupEstimation.Skipped> skipped,
      long episodesUsed) {}

  private final List<CatalogEntry> catalog;
  private final SubgroupEstimation.Settings settings;

  public EstimateStage(List<CatalogEntry> catalog, SubgroupEstimation.Settings settings) {
    this.catalog = List.copyOf(catalog);
    this.settings = settings;
  }

  public Result run(Dataset<Row> episodes) {
    Dataset<Row> determined = episodes.where(col(JourneysStage.DURABLE).isNotNull());
    List<Column> subgroups = new ArrayList<>();
    subgroups.add(lit(Element.ALL));
    for (Element element : Element.values()) {
      subgroups.add(when(col(element.scoreColumn()).leq(Element.BARRIER_MAX_SCORE),
          lit(element.name())));
    }
    List<Column> columns = new ArrayList<>(List.of(
        explode(array_compact(array(subgroups.toArray(Column[]::new)))).as(SUBGROUP),
        col(JourneysStage.EPISODE_ID), col(JourneysStage.INTERVENTIONS),
        col(JourneysStage.DURABLE), col(JourneysStage.AGE), col(Contract.SEX),
        col(Contract.HOUSEHOLD_TYPE), col(Contract.EDUCATION_LEVEL),
        col(JourneysStage.BENEFIT_MONTHS)));
    for (Element element : Element.values()) {
      columns.add(col(element.scoreColumn()));
    }
    Dataset<Row> routed = determined.select(columns.toArray(Column[]::new));

    List<CatalogEntry> entries = catalog;
    SubgroupEstimation.Settings fitSettings = settings;
    // Bounded: one aggregate row per combination (subgroups x catalog codes and pairs).
    List<Row> results = routed
        .groupByKey((MapFunction<Row, String>) row -> row.getString(0), Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (subgroup, rows) ->
            fitSubgroup(subgroup, rows, entries, fitSettings), Encoders.row(RESULT_SCHEMA))
        .collectAsList();

    List<EvidenceRecord> records = new ArrayList<>();
    List<SubgroupEstimation.Skipped> skipped = new ArrayList<>();
    for (Row row : results) {
      List<String> codes = row.getList(1);
      if (ESTIMATED.equals(row.getString(2))) {
        records.add(new EvidenceRecord(row.getString(0), codes, row.getString(3),
            row.getDouble(4), row.getDouble(5), row.getDouble(6), row.getDouble(7),
            row.getDouble(8), row.getDouble(9), row.getDouble(10), row.getDouble(11),
            row.getDouble(12), row.getLong(13), row.getLong(14), row.getDouble(15),
            row.getDouble(16)));
      } else {
        skipped.add(new SubgroupEstimation.Skipped(new Combination(row.getString(0), codes),
            SubgroupEstimation.SkipReason.valueOf(row.getString(2))));
      }
    }
    records.sort(Comparator.comparing((EvidenceRecord r) -> r.combination().key()));
    skipped.sort(Comparator.comparing(s -> s.combination().key()));
    long used = determined.count();
    return new Result(List.copyOf(records), List.copyOf(skipped), used);
  }

  /** Runs in an executor: materialises one subgroup, fits it, returns aggregate rows. */
  static Iterator<Row> fitSubgroup(String subgroup, Iterator<Row> rows,
      List<CatalogEntry> catalog, SubgroupEstimation.Settings settings) {
    List<Row> buffered = new ArrayList<>();
    rows.forEachRemaining(buffered::add);
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
      units.add(new SubgroupEstimation.Unit(new HashSet<>(row.getList(2)), row.getInt(3),
          covariates));
    }
    SubgroupEstimation.Result result = SubgroupEstimation.estimate(subgroup, units, catalog,
        settings);
    List<Row> out = new ArrayList<>();
    for (EvidenceRecord r : result.records()) {
      out.add(RowFactory.create(r.element(), r.interventions().toArray(new String[0]),
          ESTIMATED, r.estimator(), r.estimate(), r.standardError(), r.ciLow(), r.ciHigh(),
          r.naiveEstimate(), r.naiveCiLow(), r.naiveCiHigh(), r.rateTreated(),
          r.rateComparison(), r.nTreated(), r.nComparison(), r.effectiveTreated(),
          r.effectiveComparison()));
    }
    for (SubgroupEstimation.Skipped s : result.skipped()) {
      out.add(RowFactory.create(s.combination().element(),
          s.combination().interventions().toArray(new String[0]), s.reason().name(), null,
          null, null, null, null, null, null, null, null, null, null, null, null, null));
    }
    return out.iterator();
  }
}
