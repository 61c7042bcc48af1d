package nl.samenspel.pipelines.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.Table;
import nl.samenspel.journeys.DurableDefinition;
import nl.samenspel.pipelines.SparkTestSession;
import nl.samenspel.pipelines.ingest.ExtractSchemas;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Journey rules on hand-made tiny tables (docs/data-contract.md, "Episodes"). */
class JourneysStageTest {

  private static final List<Row> CLIENTS = new ArrayList<>();
  private static final List<Row> ASSESSMENTS = new ArrayList<>();
  private static final List<Row> INTERVENTIONS = new ArrayList<>();
  private static final List<Row> OUTCOMES = new ArrayList<>();

  @BeforeAll
  static void fixtures() {
    // C1: window edges. Assessment 2023-03-15; day 0 and day 90 count, day 91, the day
    // before and a cancelled one don't. Work in offsets 3..8 (six months): durable.
    client("C1", 1980, "2020-01-10");
    assessment("A1", "C1", "2023-03-15", 2, 1, 3, 4, 5, null, 2);
    intervention("I1", "C1", "KM_SELF_EFFICACY_COACHING", "KM", "2023-03-15", "COMPLETED");
    intervention("I2", "C1", "IC_SANCTION_ANNOUNCEMENT", "IC", "2023-06-13", "ACTIVE");
    intervention("I3", "C1", "AM_VACANCY_MATCHING", "AM", "2023-06-14", "COMPLETED");
    intervention("I4", "C1", "KM_APPLICATION_TRAINING", "KM", "2023-03-14", "COMPLETED");
    intervention("I5", "C1", "IC_SPECIAL_ASSISTANCE", "IC", "2023-04-01", "CANCELLED");
    months("C1", "2023-04", "2024-08", "2023-06", "2023-11");

    // C2: no interventions; five months of work: not durable.
    client("C2", 1990, "2023-05-01");
    assessment("A2", "C2", "2023-03-01", 3, 3, 3, 3, 3, 3, 3);
    months("C2", "2023-04", "2024-08", "2023-05", "2023-09");

    // C3: month 2023-07 (offset 4) missing, no qualifying spell: undetermined.
    client("C3", 1970, "2015-06-30");
    assessment("A3", "C3", "2023-03-01", 1, 1, 1, 1, 1, 1, 1);
    months("C3", "2023-04", "2024-08", "2023-05", "2023-06");
    OUTCOMES.removeIf(r -> r.getString(0).equals("C3") && r.getString(1).equals("2023-07"));

    // C4: two assessments; the intervention after the second belongs only to the second.
    client("C4", 1985, "2022-02-01");
    assessment("A4a", "C4", "2023-01-10", 2, 2, 2, 2, 2, 2, 2);
    assessment("A4b", "C4", "2023-07-10", 4, 4, 4, 4, 4, 4, 4);
    intervention("I6", "C4", "AM_BARRIER_REMOVAL", "AM", "2023-07-20", "COMPLETED");
    months("C4", "2023-02", "2024-12", "2023-09", "2024-02");

    // C5: a job of exactly five months starting in offset 12 and a later one: not durable;
    // follow-up shorter than 17 months would be undetermined, here it is complete.
    client("C5", 1975, "2021-01-01");
    assessment("A5", "C5", "2023-01-05", 5, 5, 5, 5, 5, 5, 5);
    months("C5", "2023-02", "2024-08", "2024-01", "2024-05");

    // C6 worked in 2023-03 (four months before the assessment): negative control 1.
    // C7 has the six months before the assessment on full benefit: negative control 0.
    client("C6", 1980, "2020-01-01");
    assessment("A6", "C6", "2023-07-10", 3, 3, 3, 3, 3, 3, 3);
    months("C6", "2023-01", "2024-12", "2023-03", "2023-03");
    client("C7", 1980, "2020-01-01");
    assessment("A7", "C7", "2023-07-10", 3, 3, 3, 3, 3, 3, 3);
    months("C7", "2023-01", "2024-12", "2026-01", "2026-01");
  }

  private static void client(String id, int birthYear, String benefitStart) {
    CLIENTS.add(RowFactory.create(id, "GM0855", birthYear, "F", "SINGLE", "LOW",
        Date.valueOf(benefitStart)));
  }

  private static void assessment(String id, String client, String date, Integer... scores) {
    List<Object> values = new ArrayList<>(List.of(id, client, Date.valueOf(date), "KM"));
    values.addAll(java.util.Arrays.asList(scores));
    ASSESSMENTS.add(RowFactory.create(values.toArray()));
  }

  private static void intervention(String id, String client, String code, String discipline,
      String start, String status) {
    INTERVENTIONS.add(RowFactory.create(id, client, discipline, code, Date.valueOf(start), null,
        status));
  }

  /**
   * One outcome row per month from..to, in the typed column order (month index after month); in
   * work (employed, no benefit) in workFrom..workTo.
   */
  private static void months(String client, String from, String to, String workFrom,
      String workTo) {
    for (YearMonth m = YearMonth.parse(from); !m.isAfter(YearMonth.parse(to));
        m = m.plusMonths(1)) {
      boolean work = !m.isBefore(YearMonth.parse(workFrom)) && !m.isAfter(YearMonth.parse(workTo));
      OUTCOMES.add(RowFactory.create(client, m.toString(), m.getYear() * 12 + m.getMonthValue() - 1,
          work ? "NONE" : "FULL", work, work ? 6 : 2));
    }
  }

  private static Dataset<Row> table(Table table, List<Row> rows) {
    return SparkTestSession.get().createDataFrame(rows, ExtractSchemas.typed(table));
  }

  private static final Map<JourneysStage.Settings, Map<String, Row>> CACHE = new HashMap<>();

  /** Episodes per settings, computed once per settings for the whole class. */
  private static Map<String, Row> episodes(JourneysStage.Settings settings) {
    return CACHE.computeIfAbsent(settings, JourneysStageTest::compute);
  }

  private static Map<String, Row> compute(JourneysStage.Settings settings) {
    // Test-only collect of a five-row result.
    List<Row> rows = new JourneysStage(settings).run(table(Contract.CLIENTS, CLIENTS),
            table(Contract.ASSESSMENTS, ASSESSMENTS),
            table(Contract.INTERVENTIONS, INTERVENTIONS),
            table(Contract.OUTCOMES, OUTCOMES))
        .collectAsList();
    Map<String, Row> byId = new HashMap<>();
    rows.forEach(r -> byId.put(r.getAs(JourneysStage.EPISODE_ID), r));
    return byId;
  }

  @Test
  void oneEpisodePerAssessment() {
    assertThat(episodes(JourneysStage.Settings.DEFAULT)).containsOnlyKeys("A1", "A2", "A3",
        "A4a", "A4b", "A5", "A6", "A7");
  }

  @Test
  void windowIncludesDayZeroAndDayNinetyButNotDayNinetyOneEarlierOrCancelled() {
    Row a1 = episodes(JourneysStage.Settings.DEFAULT).get("A1");
    assertThat(a1.<String>getList(a1.fieldIndex(JourneysStage.INTERVENTIONS)))
        .containsExactly("IC_SANCTION_ANNOUNCEMENT", "KM_SELF_EFFICACY_COACHING");
  }

  @Test
  void windowIsConfigurable() {
    Row a1 = episodes(new JourneysStage.Settings(30, DurableDefinition.DEFAULT)).get("A1");
    assertThat(a1.<String>getList(a1.fieldIndex(JourneysStage.INTERVENTIONS)))
        .containsExactly("KM_SELF_EFFICACY_COACHING");
  }

  @Test
  void assessmentWithoutInterventionsHasAnEmptyList() {
    Row a2 = episodes(JourneysStage.Settings.DEFAULT).get("A2");
    assertThat(a2.<String>getList(a2.fieldIndex(JourneysStage.INTERVENTIONS))).isEmpty();
  }

  @Test
  void interventionBelongsToTheAssessmentItFollows() {
    Map<String, Row> episodes = episodes(JourneysStage.Settings.DEFAULT);
    Row first = episodes.get("A4a");
    Row second = episodes.get("A4b");
    assertThat(first.<String>getList(first.fieldIndex(JourneysStage.INTERVENTIONS))).isEmpty();
    assertThat(second.<String>getList(second.fieldIndex(JourneysStage.INTERVENTIONS)))
        .containsExactly("AM_BARRIER_REMOVAL");
  }

  @Test
  void sixMonthsOfWorkAreDurableAndFiveAreNot() {
    Map<String, Row> episodes = episodes(JourneysStage.Settings.DEFAULT);
    assertThat(status(episodes.get("A1"))).isEqualTo("DURABLE");
    assertThat(durable(episodes.get("A1"))).isEqualTo(1);
    assertThat(status(episodes.get("A2"))).isEqualTo("NOT_DURABLE");
    assertThat(durable(episodes.get("A2"))).isEqualTo(0);
    assertThat(status(episodes.get("A5"))).isEqualTo("NOT_DURABLE");
    assertThat(status(episodes.get("A4a"))).as("work from offset 8 for six months")
        .isEqualTo("DURABLE");
    assertThat(status(episodes.get("A4b"))).as("work from offset 2 for six months")
        .isEqualTo("DURABLE");
  }

  @Test
  void missingMonthMakesTheOutcomeUndetermined() {
    Row a3 = episodes(JourneysStage.Settings.DEFAULT).get("A3");
    assertThat(status(a3)).isEqualTo("UNDETERMINED");
    assertThat(a3.isNullAt(a3.fieldIndex(JourneysStage.DURABLE))).isTrue();
  }

  @Test
  void timeToDurableWorkStartsAtTheRunAndIsCensoredWhereTheObservedMonthsEnd() {
    Map<String, Row> episodes = episodes(JourneysStage.Settings.DEFAULT);
    // A1: work from offset 3 for six months; months observed up to offset 17, so starts up to
    // month 12 can be judged.
    assertThat(time(episodes.get("A1"))).containsExactly(3, 1, 12);
    // A2: five months of work never make a run: censored at 12.
    assertThat(time(episodes.get("A2"))).containsExactly(12, 0, 12);
    // A3: offset 4 missing: no start can be judged, censored at month 0 (never "no work").
    assertThat(time(episodes.get("A3"))).containsExactly(0, 0, 0);
    // A4a: observed to offset 23, beyond the 17 months the yes/no outcome needs: the curves
    // follow starts up to month 18; work from offset 8.
    assertThat(time(episodes.get("A4a"))).containsExactly(8, 1, 18);
  }

  private static List<Integer> time(Row row) {
    return List.of(row.<Integer>getAs(JourneysStage.DURABLE_MONTH),
        row.<Integer>getAs(JourneysStage.DURABLE_EVENT),
        row.<Integer>getAs(JourneysStage.FOLLOW_UP_MONTHS));
  }

  @Test
  void durableDefinitionIsConfigurable() {
    // Five consecutive months now suffice for C2.
    Row a2 = episodes(new JourneysStage.Settings(90,
        new DurableDefinition(12, 5, DurableDefinition.DEFAULT.workBenefitStatuses()))).get("A2");
    assertThat(status(a2)).isEqualTo("DURABLE");
  }

  @Test
  void covariatesAtTheAssessment() {
    Row a1 = episodes(JourneysStage.Settings.DEFAULT).get("A1");
    assertThat(a1.<Integer>getAs(JourneysStage.AGE)).isEqualTo(2023 - 1980);
    assertThat(a1.<Integer>getAs(JourneysStage.BENEFIT_MONTHS)).as("2020-01-10 to 2023-03-15")
        .isEqualTo(38);
    assertThat(a1.isNullAt(a1.fieldIndex("score_context"))).isTrue();
    Row a2 = episodes(JourneysStage.Settings.DEFAULT).get("A2");
    assertThat(a2.<Integer>getAs(JourneysStage.BENEFIT_MONTHS))
        .as("benefit starting after the assessment counts as 0").isEqualTo(0);
    Row a3 = episodes(JourneysStage.Settings.DEFAULT).get("A3");
    assertThat(a3.<Integer>getAs(JourneysStage.BENEFIT_MONTHS))
        .as("2015-06-30 to 2023-03-01: the day of month is not yet reached").isEqualTo(92);
  }

  @Test
  void negativeControlIsWorkInTheSixMonthsBeforeTheAssessment() {
    Map<String, Row> episodes = episodes(JourneysStage.Settings.DEFAULT);
    assertThat(episodes.get("A6").<Integer>getAs(JourneysStage.NEGATIVE_CONTROL)).isEqualTo(1);
    assertThat(episodes.get("A7").<Integer>getAs(JourneysStage.NEGATIVE_CONTROL)).isEqualTo(0);
    Row a1 = episodes.get("A1");
    assertThat(a1.isNullAt(a1.fieldIndex(JourneysStage.NEGATIVE_CONTROL)))
        .as("no outcome months before the assessment: unknown").isTrue();
  }

  private static String status(Row row) {
    return row.getAs(JourneysStage.DURABLE_STATUS);
  }

  private static Integer durable(Row row) {
    return row.getAs(JourneysStage.DURABLE);
  }
}
