package nl.samenspel.pipelines.journeys;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.bit_or;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nl.samenspel.contract.Contract;
import nl.samenspel.domain.Element;
import nl.samenspel.journeys.DurableDefinition;
import nl.samenspel.journeys.DurableParticipation;
import nl.samenspel.journeys.PriorWork;
import nl.samenspel.journeys.TimeToDurableWork;
import nl.samenspel.pipelines.ingest.ExtractSchemas;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Journeys: one episode per assessment, with the client's characteristics at the assessment,
 * the element profile, the interventions started within the window after the assessment, and
 * the durable-participation outcome, and the negative-control outcome (work in the six months
 * before the assessment; see {@link PriorWork}).
 *
 * <p>Rules (docs/data-contract.md, "Episodes"): an intervention counts for an episode when it
 * starts on or after the assessment date and at most {@code windowDays} days after it, and its
 * status is not CANCELLED. The outcome is decided by
 * {@link DurableParticipation#classify(long, long, DurableDefinition)} from the outcome months
 * 1..horizon+minimum-1 after the assessment month; Spark packs those months into bit masks and
 * the pure function decides. The time to durable work ({@link TimeToDurableWork}) is measured from
 * the same masks, which reach far enough for the curves (24 months of starts).
 */
public final class JourneysStage {

  /** Columns of the episodes table, besides the element scores. */
  public static final String EPISODE_ID = "assessment_id";
  public static final String AGE = "age";
  public static final String BENEFIT_MONTHS = "benefit_months";
  public static final String INTERVENTIONS = "interventions";
  public static final String OBSERVED_MASK = "observed_mask";
  public static final String WORK_MASK = "work_mask";
  public static final String DURABLE_STATUS = "durable_status";
  public static final String DURABLE = "durable";
  /**
   * Time to durable work ({@link TimeToDurableWork}): the month durable work started, or the
   * month the episode is censored at.
   */
  public static final String DURABLE_MONTH = "durable_month";
  /** 1 when durable work was seen to start in {@link #DURABLE_MONTH}, 0 when censored. */
  public static final String DURABLE_EVENT = "durable_event";
  /** The last start month that can be judged from the observed months alone. */
  public static final String FOLLOW_UP_MONTHS = "follow_up_months";
  /** Worked in the 6 months before the assessment (1/0, null when months are missing). */
  public static final String NEGATIVE_CONTROL = "worked_before";
  static final String PRIOR_OBSERVED_MASK = "prior_observed_mask";
  private static final String TIME = "_time";
  static final String PRIOR_WORK_MASK = "prior_work_mask";

  /**
   * @param windowDays interventions starting 0..windowDays days after the assessment count
   * @param durable the durable-participation definition
   */
  public record Settings(int windowDays, DurableDefinition durable) {
    public static final Settings DEFAULT = new Settings(90, DurableDefinition.DEFAULT);

    public Settings {
      if (windowDays < 0) {
        throw new IllegalArgumentException("window must be at least 0 days, got " + windowDays);
      }
    }
  }

  private final Settings settings;

  public JourneysStage(Settings settings) {
    this.settings = settings;
  }

  public Dataset<Row> run(Dataset<Row> clients, Dataset<Row> assessments,
      Dataset<Row> interventions, Dataset<Row> outcomes) {
    Dataset<Row> a = assessments.alias("a");
    Dataset<Row> c = clients.alias("c");

    Dataset<Row> received = a.join(interventions.alias("i"),
            col("a." + Contract.CLIENT_ID).equalTo(col("i." + Contract.CLIENT_ID))
                .and(col("i." + Contract.START_DATE).geq(col("a." + Contract.ASSESSMENT_DATE)))
                .and(col("i." + Contract.START_DATE).leq(
                    date_add(col("a." + Contract.ASSESSMENT_DATE), settings.windowDays())))
                .and(col("i." + Contract.STATUS).notEqual(Contract.STATUS_CANCELLED)))
        .groupBy(col("a." + Contract.ASSESSMENT_ID).as(EPISODE_ID))
        .agg(array_sort(collect_set(col("i." + Contract.INTERVENTION_CODE))).as(INTERVENTIONS));

    DurableDefinition durable = settings.durable();
    Column assessmentMonth = year(col("a." + Contract.ASSESSMENT_DATE)).multiply(12)
        .plus(month(col("a." + Contract.ASSESSMENT_DATE))).minus(1);
    Column offset = col("o." + Contract.MONTH + ExtractSchemas.MONTH_INDEX_SUFFIX)
        .minus(assessmentMonth);
    Column inWork = col("o." + Contract.EMPLOYED)
        .and(col("o." + Contract.BENEFIT_STATUS).isin(durable.workBenefitStatuses().toArray()));
    // The months the yes/no outcome needs, and those the curves of time to durable work need
    // (starts up to 24 months after the assessment, each followed by its run of months).
    int curveMonths = TimeToDurableWork.DEFAULT_MAX_FOLLOW_UP_MONTHS
        + durable.minimumConsecutiveMonths() - 1;
    Column after = offset.between(1, Math.max(durable.followUpMonths(), curveMonths));
    Column before = offset.between(-PriorWork.MONTHS, -1);
    Column bit = org.apache.spark.sql.functions.call_function("shiftleft", lit(1L), offset);
    Column priorBit = org.apache.spark.sql.functions.call_function("shiftleft", lit(1L),
        offset.multiply(-1));
    // One pass over the outcomes: follow-up months and the months before the assessment.
    Dataset<Row> masks = a.join(outcomes.alias("o"),
            col("a." + Contract.CLIENT_ID).equalTo(col("o." + Contract.CLIENT_ID)))
        .where(after.or(before))
        .groupBy(col("a." + Contract.ASSESSMENT_ID).as(EPISODE_ID))
        .agg(bit_or(when(after, bit).otherwise(lit(0L))).as(OBSERVED_MASK),
            bit_or(when(after.and(inWork), bit).otherwise(lit(0L))).as(WORK_MASK),
            bit_or(when(before, priorBit).otherwise(lit(0L))).as(PRIOR_OBSERVED_MASK),
            bit_or(when(before.and(inWork), priorBit).otherwise(lit(0L))).as(PRIOR_WORK_MASK));

    UserDefinedFunction classify = udf(
        (UDF2<Long, Long, String>) (observed, work) -> DurableParticipation.classify(
            observed, work, durable).name(), DataTypes.StringType);

    List<Column> columns = new ArrayList<>(List.of(
        col("a." + Contract.ASSESSMENT_ID).as(EPISODE_ID),
        col("a." + Contract.CLIENT_ID).as(Contract.CLIENT_ID),
        col("c." + Contract.MUNICIPALITY).as(Contract.MUNICIPALITY),
        col("a." + Contract.ASSESSMENT_DATE).as(Contract.ASSESSMENT_DATE),
        year(col("a." + Contract.ASSESSMENT_DATE)).minus(col("c." + Contract.BIRTH_YEAR)).as(AGE),
        col("c." + Contract.SEX).as(Contract.SEX),
        col("c." + Contract.HOUSEHOLD_TYPE).as(Contract.HOUSEHOLD_TYPE),
        col("c." + Contract.EDUCATION_LEVEL).as(Contract.EDUCATION_LEVEL),
        benefitMonths().as(BENEFIT_MONTHS)));
    for (Element element : Element.values()) {
      columns.add(col("a." + element.scoreColumn()).as(element.scoreColumn()));
    }
    columns.add(coalesce(col("r." + INTERVENTIONS),
        org.apache.spark.sql.functions.array().cast(
            DataTypes.createArrayType(DataTypes.StringType))).as(INTERVENTIONS));
    columns.add(coalesce(col("m." + OBSERVED_MASK), lit(0L)).as(OBSERVED_MASK));
    columns.add(coalesce(col("m." + WORK_MASK), lit(0L)).as(WORK_MASK));
    columns.add(coalesce(col("m." + PRIOR_OBSERVED_MASK), lit(0L)).as(PRIOR_OBSERVED_MASK));
    columns.add(coalesce(col("m." + PRIOR_WORK_MASK), lit(0L)).as(PRIOR_WORK_MASK));

    Dataset<Row> episodes = a.join(c, col("a." + Contract.CLIENT_ID)
            .equalTo(col("c." + Contract.CLIENT_ID)))
        .join(received.alias("r"), col("a." + Contract.ASSESSMENT_ID)
            .equalTo(col("r." + EPISODE_ID)), "left")
        .join(masks.alias("m"), col("a." + Contract.ASSESSMENT_ID)
            .equalTo(col("m." + EPISODE_ID)), "left")
        .select(columns.toArray(Column[]::new));
    Column status = classify.apply(col(OBSERVED_MASK), col(WORK_MASK));
    UserDefinedFunction priorWork = udf(
        (UDF2<Long, Long, Integer>) PriorWork::indicator, DataTypes.IntegerType);
    UserDefinedFunction time = udf(
        (UDF2<Long, Long, Row>) (observed, work) -> {
          TimeToDurableWork t = TimeToDurableWork.measure(observed, work, durable);
          return RowFactory.create(t.month(), t.eventIndicator(), t.followUpMonths());
        }, new StructType()
            .add(DURABLE_MONTH, DataTypes.IntegerType, false)
            .add(DURABLE_EVENT, DataTypes.IntegerType, false)
            .add(FOLLOW_UP_MONTHS, DataTypes.IntegerType, false));
    return episodes.withColumn(DURABLE_STATUS, status)
        .withColumn(DURABLE, when(col(DURABLE_STATUS).equalTo("DURABLE"), lit(1))
            .when(col(DURABLE_STATUS).equalTo("NOT_DURABLE"), lit(0))
            .otherwise(lit(null).cast(DataTypes.IntegerType)))
        .withColumn(NEGATIVE_CONTROL, priorWork.apply(col(PRIOR_OBSERVED_MASK),
            col(PRIOR_WORK_MASK)))
        .withColumn(TIME, time.apply(col(OBSERVED_MASK), col(WORK_MASK)))
        .withColumn(DURABLE_MONTH, col(TIME + "." + DURABLE_MONTH))
        .withColumn(DURABLE_EVENT, col(TIME + "." + DURABLE_EVENT))
        .withColumn(FOLLOW_UP_MONTHS, col(TIME + "." + FOLLOW_UP_MONTHS))
        .drop(TIME);
  }

  /** Whole months on benefit at the assessment; 0 when the benefit starts later. */
  private static Column benefitMonths() {
    Column assessed = col("a." + Contract.ASSESSMENT_DATE);
    Column started = col("c." + Contract.BENEFIT_START_DATE);
    Column months = year(assessed).multiply(12).plus(month(assessed))
        .minus(year(started).multiply(12).plus(month(started)))
        .minus(when(dayofmonth(assessed).lt(dayofmonth(started)), 1).otherwise(0));
    return greatest(months, lit(0));
  }

  /** Writes the episodes to {@code work/journeys/episodes} and reads them back. */
  public static Dataset<Row> persist(Dataset<Row> episodes, Path workDir) {
    return persist(episodes, nl.samenspel.pipelines.store.Location.local(workDir));
  }

  /** As {@link #persist(Dataset, Path)} in a work folder anywhere (shared with executors). */
  public static Dataset<Row> persist(Dataset<Row> episodes,
      nl.samenspel.pipelines.store.Location workDir) {
    String target = workDir.resolve("journeys").resolve("episodes").forSpark();
    episodes.orderBy(EPISODE_ID).write().mode(SaveMode.Overwrite).parquet(target);
    return episodes.sparkSession().read().parquet(target);
  }
}
