package nl.samenspel.pipelines.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.EffectModification;
import nl.samenspel.evidence.Timing;
import nl.samenspel.evidence.TripleEffects;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;

/**
 * A projection on the client profile and the contrasts inside a triple survive their trip from
 * the executor to the driver.
 */
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
    EffectModification back = EstimateStage.toModification(collected(row),
        List.of("IC_A", "KM_B"));
    assertThat(back).isEqualTo(m);
  }

  @Test
  void aTripleRowReadsBackAsTheSameContrasts() {
    List<String> order = List.of("KM_B", "IC_A", "AM_C");
    TripleEffects t = new TripleEffects(new Combination("SELF_EFFICACY", order), order,
        List.of(new TripleEffects.Contrast(TripleEffects.VERSUS_NONE, List.of("IC_A"), -0.05,
                0.02, -0.09, -0.01, 0.012),
            new TripleEffects.Contrast(TripleEffects.VERSUS_NONE, order, 0.12, 0.03, 0.06,
                0.18, 0.0001),
            new TripleEffects.Contrast(TripleEffects.INTERACTION, List.of(), 0.08, 0.04, 0.0,
                0.16, 0.046)),
        List.of(new TripleEffects.Missing(TripleEffects.VERSUS_NONE, List.of("KM_B", "AM_C"),
            "TOO_FEW_EPISODES")));
    Row row = EstimateStage.tripleRow(t);
    assertThat(row.getString(2)).isEqualTo(EstimateStage.TRIPLE);
    // The codes travel in discipline order, which the sorted combination forgets.
    assertThat(EstimateStage.toTriple(collected(row), order)).isEqualTo(t);
  }

  @Test
  void aTimingRowReadsBackAsTheSameCurves() {
    Timing t = new Timing(new Combination("CONTEXT", List.of("IC_A", "KM_B")),
        List.of(new Timing.Point(6, new Timing.Arm(0.08, 0.05, 0.12, 140, 12),
                new Timing.Arm(0.05, 0.04, 0.06, 900, 47)),
            new Timing.Point(24, new Timing.Arm(0.31, 0.24, 0.39, 41, 44),
                new Timing.Arm(Double.NaN, Double.NaN, Double.NaN, 3, 250))),
        List.of(new Timing.Difference(6, 0.03, 0.02, -0.01, 0.07)),
        new Timing.Difference(24, -1.4, 0.5, -2.4, -0.4), 24, 7,
        new Timing.Censoring(4.2, 0.04, 1.31));
    Row row = EstimateStage.timingRow(t);
    assertThat(row.getString(2)).isEqualTo(EstimateStage.TIMING);
    assertThat(EstimateStage.toTiming(collected(row), List.of("IC_A", "KM_B"))).isEqualTo(t);
  }

  /** As collectAsList hands a row back: arrays as Scala sequences, with the schema. */
  private static Row collected(Row row) {
    Object[] values = new Object[row.size()];
    for (int i = 0; i < values.length; i++) {
      Object v = row.get(i);
      values[i] = v instanceof Object[] array
          ? scala.jdk.javaapi.CollectionConverters.asScala(List.of(array)).toSeq() : v;
    }
    return new GenericRowWithSchema(values, EstimateStage.RESULT_SCHEMA);
  }
}
