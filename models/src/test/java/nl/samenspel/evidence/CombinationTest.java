package nl.samenspel.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CombinationTest {

  @Test
  void interventionsAreSortedAndKeyed() {
    Combination pair = new Combination("SELF_EFFICACY", List.of("KM_X", "IC_Y"));
    assertThat(pair.interventions()).containsExactly("IC_Y", "KM_X");
    assertThat(pair.key()).isEqualTo("SELF_EFFICACY|IC_Y+KM_X");
    assertThat(pair.isPair()).isTrue();
    assertThat(new Combination("ALL", List.of("KM_X")).isPair()).isFalse();
    Combination triple = new Combination("ALL", List.of("KM_X", "IC_Y", "AM_Z"));
    assertThat(triple.key()).isEqualTo("ALL|AM_Z+IC_Y+KM_X");
    assertThat(triple.isTriple()).isTrue();
    assertThat(triple.isPair() || triple.isSingle()).isFalse();
  }

  @Test
  void rejectsInvalidCombinations() {
    assertThatThrownBy(() -> new Combination("ALL", List.of()))
        .hasMessageContaining("one to three");
    assertThatThrownBy(() -> new Combination("ALL", List.of("A", "B", "C", "D")))
        .hasMessageContaining("one to three");
    assertThatThrownBy(() -> new Combination("ALL", List.of("A", "A")))
        .hasMessageContaining("different interventions");
    assertThatThrownBy(() -> new Combination("ALL", List.of("A", "B", "A")))
        .hasMessageContaining("different interventions");
    assertThatThrownBy(() -> new Combination("NATIONALITY", List.of("A")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
