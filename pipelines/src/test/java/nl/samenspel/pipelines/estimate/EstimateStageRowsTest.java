package nl.samenspel.pipelines.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.EffectModification;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;

/** A projection on the client profile survives its trip from the executor to the driver. */
class EstimateStageRowsTest {

  @Test
  void aModificationRowReadsBackAsTheSameProjection() {
    EffectModification m = new EffectModification(
        new Combination("ALL", List.of("KM_B", "IC_A")), 1234,
        List.of(new EffectModification.Slope("score_attitude", -0.021, 0.006, -0.033, -0.009,
            0.0004), new EffectModification.Slope("age", 0.001, 0.0005, 0.0, 0.002, 0.049)),
        List.of("score_context"), 3.5, 8, 1224, 0.0006);
    Row row = EstimateStage.modificationRow(m);
    assertThat(row.size()).isEqualTo(EstimateStage.RESULT_SCHEMA.size());
    assertThat(row.getString(2)).isEqualTo(EstimateStage.MODIFICATION);
    // As collectAsList hands it back: arrays as Scala sequences, with the schema.
    Object[] values = new Object[row.size()];
    for (int i = 0; i < values.length; i++) {
      Object v = row.get(i);
      values[i] = v instanceof Object[] array
          ? scala.jdk.javaapi.CollectionConverters.asScala(List.of(array)).toSeq() : v;
    }
    EffectModification back = EstimateStage.toModification(
        new GenericRowWithSchema(values, EstimateStage.RESULT_SCHEMA),
        List.of("IC_A", "KM_B"));
    assertThat(back).isEqualTo(m);
  }
}
