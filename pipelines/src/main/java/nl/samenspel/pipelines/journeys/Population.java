package nl.samenspel.pipelines.journeys;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.samenspel.contract.Contract;
import nl.samenspel.domain.Element;
import nl.samenspel.domain.Subgroup;
import nl.samenspel.evidence.PopulationCount;
import nl.samenspel.evidence.PublicationScope;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The population behind the evidence: episodes per subgroup (all clients and each element
 * barrier) by outcome status, and the distinct clients behind each count, in one Spark job;
 * only one aggregate row per subgroup reaches the driver.
 */
public final class Population {

  private Population() {}

  /**
   * The subgroups an episode belongs to ({@link Subgroup#names}): {@code ALL}, every element
   * scored as a barrier and, with profiles, every pair of them.
   */
  public static Column subgroups(Subgroup.Profiles profiles) {
    List<Column> subgroups = new ArrayList<>();
    for (String name : Subgroup.names(profiles)) {
      Column in = null;
      for (Element element : Subgroup.elements(name)) {
        Column barrier = col(element.scoreColumn()).leq(Element.BARRIER_MAX_SCORE);
        in = in == null ? barrier : in.and(barrier);
      }
      subgroups.add(in == null ? lit(name) : when(in, lit(name)));
    }
    return array_compact(array(subgroups.toArray(Column[]::new)));
  }

  /** Counts per subgroup, ALL first, then the elements in model order; empty subgroups count 0. */
  public static List<PopulationCount> of(Dataset<Row> episodes) {
    return of(episodes, Subgroup.Profiles.NONE);
  }

  /**
   * Counts per subgroup in the order of {@link Subgroup#names}; empty subgroups count 0.
   */
  public static List<PopulationCount> of(Dataset<Row> episodes, Subgroup.Profiles profiles) {
    Map<String, Row> bySubgroup = new LinkedHashMap<>();
    // Bounded: one row per subgroup (at most 29).
    Column durable = col(JourneysStage.DURABLE);
    Column client = col(Contract.CLIENT_ID);
    for (Row row : episodes.select(explode(subgroups(profiles)).as("subgroup"), durable, client)
        .groupBy("subgroup")
        .agg(count(lit(1)), sum(when(durable.isNull(), 1).otherwise(0)),
            sum(when(durable.equalTo(1), 1).otherwise(0)), count_distinct(client),
            count_distinct(when(durable.isNotNull(), client)),
            count_distinct(when(durable.equalTo(1), client)),
            count_distinct(when(durable.equalTo(0), client)),
            count_distinct(when(durable.isNull(), client)))
        .collectAsList()) {
      bySubgroup.put(row.getString(0), row);
    }
    List<PopulationCount> counts = new ArrayList<>();
    for (String subgroup : Subgroup.names(profiles)) {
      Row row = bySubgroup.get(subgroup);
      counts.add(row == null ? new PopulationCount(subgroup, 0, 0, 0)
          : new PopulationCount(subgroup, row.getLong(1), row.getLong(2), row.getLong(3),
              new PopulationCount.People(row.getLong(4), row.getLong(5), row.getLong(6),
                  row.getLong(7), row.getLong(8))));
    }
    return counts;
  }

  /**
   * Whose episodes these are and when: the municipality codes with at least {@code threshold}
   * distinct clients, and, when no reporting period was asked for, the span of assessment
   * years with at least {@code threshold} episodes. Two small jobs; one row per municipality
   * and per year reaches the driver.
   *
   * @param period the reporting period's label, or null for a run over everything
   */
  public static PublicationScope scope(Dataset<Row> episodes, int threshold, String period) {
    List<String> municipalities = new ArrayList<>();
    // Bounded: one row per municipality code (342 in the Netherlands).
    for (Row row : episodes.groupBy(col(Contract.MUNICIPALITY))
        .agg(count_distinct(col(Contract.CLIENT_ID))).collectAsList()) {
      if (!row.isNullAt(0) && row.getLong(1) >= threshold) {
        municipalities.add(row.getString(0));
      }
    }
    if (period != null) {
      return new PublicationScope(municipalities, period);
    }
    // Bounded: one row per assessment year.
    List<Integer> years = new ArrayList<>();
    for (Row row : episodes.groupBy(year(col(Contract.ASSESSMENT_DATE))).count()
        .collectAsList()) {
      if (!row.isNullAt(0) && row.getLong(1) >= threshold) {
        years.add(row.getInt(0));
      }
    }
    years.sort(null);
    String span = years.isEmpty() ? "unknown" : years.get(0).equals(years.get(years.size() - 1))
        ? years.get(0).toString() : years.get(0) + "-" + years.get(years.size() - 1);
    return new PublicationScope(municipalities, span);
  }
}
