package nl.samenspel.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModeratorsTest {

  /** Four municipalities as the moderator CSV (municipality,size_class,urbanity) lists them. */
  private static final Map<String, Map<String, String>> CSV = Map.of(
      "Utrecht", Map.of("size_class", "large", "urbanity", "5"),
      "Ede", Map.of("size_class", "medium", "urbanity", " 3 "),
      "Urk", Map.of("size_class", "small", "urbanity", "2.5"),
      "Vaals", Map.of("size_class", "small", "urbanity", "1e0"));

  private static final List<String> STUDIES = List.of("Utrecht", "Ede", "Urk", "Vaals");

  @Test
  void numericColumnsAsTheyAreCategoricalAsDummiesAfterTheIntercept() {
    ModeratorDesign design = Moderators.design(STUDIES, List.of("size_class", "urbanity"), CSV);
    assertThat(design.columns()).as("levels sorted, large the reference")
        .containsExactly("intercept", "size_class=medium", "size_class=small", "urbanity");
    assertThat(design.studies()).isEqualTo(STUDIES);
    assertThat(design.values()).isDeepEqualTo(new double[][] {
        {1, 0, 0, 5},
        {1, 1, 0, 3},
        {1, 0, 1, 2.5},
        {1, 0, 1, 1}});
  }

  @Test
  void oneValueThatIsNotANumberMakesTheColumnCategorical() {
    Map<String, Map<String, String>> csv = Map.of(
        "Utrecht", Map.of("urbanity", "5"),
        "Ede", Map.of("urbanity", "NaN"),
        "Urk", Map.of("urbanity", "3"));
    ModeratorDesign design = Moderators.design(List.of("Utrecht", "Ede", "Urk"),
        List.of("urbanity"), csv);
    assertThat(design.columns()).containsExactly("intercept", "urbanity=5", "urbanity=NaN");
  }

  @Test
  void aMissingValueNamesTheStudyAndTheColumn() {
    Map<String, Map<String, String>> csv = Map.of(
        "Utrecht", Map.of("size_class", "large"),
        "Ede", Map.of("size_class", " "));
    assertThatThrownBy(() -> Moderators.design(List.of("Utrecht", "Ede"),
        List.of("size_class"), csv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Ede").hasMessageContaining("size_class");
    assertThatThrownBy(() -> Moderators.design(List.of("Utrecht", "Zwolle"),
        List.of("size_class"), csv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Zwolle").hasMessageContaining("size_class");
  }

  @Test
  void aCategoricalColumnWithOneLevelIsRefused() {
    Map<String, Map<String, String>> csv = Map.of(
        "Utrecht", Map.of("size_class", "large"),
        "Ede", Map.of("size_class", "large"));
    assertThatThrownBy(() -> Moderators.design(List.of("Utrecht", "Ede"),
        List.of("size_class"), csv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size_class").hasMessageContaining("one value (large)");
  }

  @Test
  void theDesignIsValidatedAndImmutable() {
    ModeratorDesign design = Moderators.design(STUDIES, List.of("urbanity"), CSV);
    design.values()[0][1] = 99;
    assertThat(design.value(0, 1)).isEqualTo(5);
    assertThatThrownBy(() -> new ModeratorDesign(List.of("a"), List.of("urbanity"),
        new double[][] {{1}})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("intercept");
    assertThatThrownBy(() -> new ModeratorDesign(List.of("a"), List.of("intercept", "x"),
        new double[][] {{1, Double.NaN}})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column x");
  }
}
