package nl.samenspel.pipelines.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import nl.samenspel.contract.Contract;
import nl.samenspel.domain.Element;
import nl.samenspel.evidence.PopulationCount;
import nl.samenspel.pipelines.SparkTestSession;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Population counts: episodes per subgroup and outcome, and the distinct clients behind them. */
class PopulationTest {

  private static Row episode(String client, Integer durable, int skillsScore) {
    List<Object> values = new ArrayList<>(List.of(client));
    values.add(durable);
    for (Element element : Element.values()) {
      values.add(element == Element.SKILLS ? skillsScore : 3);
    }
    return RowFactory.create(values.toArray());
  }

  @Test
  void countsEpisodesAndDistinctClientsPerSubgroup() {
    List<StructField> fields = new ArrayList<>(List.of(
        DataTypes.createStructField(Contract.CLIENT_ID, DataTypes.StringType, false),
        DataTypes.createStructField(JourneysStage.DURABLE, DataTypes.IntegerType, true)));
    for (Element element : Element.values()) {
      fields.add(DataTypes.createStructField(element.scoreColumn(), DataTypes.IntegerType, true));
    }
    // Client A has two assessments, both followed by durable work; B one without; C one whose
    // outcome is not known yet. Only A's second assessment marks skills as a barrier.
    List<Row> rows = List.of(episode("A", 1, 3), episode("A", 1, 1), episode("B", 0, 3),
        episode("C", null, 3));
    List<PopulationCount> counts = Population.of(SparkTestSession.get()
        .createDataFrame(rows, new StructType(fields.toArray(StructField[]::new))));

    PopulationCount all = counts.get(0);
    assertThat(all.element()).isEqualTo(Element.ALL);
    assertThat(List.of(all.episodes(), all.undetermined(), all.durable()))
        .containsExactly(4L, 1L, 2L);
    assertThat(all.people()).isEqualTo(new PopulationCount.People(3, 2, 1, 1, 1));
    PopulationCount skills = counts.stream().filter(c -> c.element().equals("SKILLS"))
        .findFirst().orElseThrow();
    assertThat(skills.episodes()).isEqualTo(1);
    assertThat(skills.people().durable()).isEqualTo(1);
    assertThat(counts).hasSize(1 + Element.values().length);
    assertThat(counts.stream().filter(c -> c.element().equals("CONTEXT")).findFirst()
        .orElseThrow().episodes()).as("an empty subgroup counts 0").isZero();
  }
}
