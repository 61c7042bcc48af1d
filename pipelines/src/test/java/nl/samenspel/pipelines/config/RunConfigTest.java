package nl.samenspel.pipelines.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.samenspel.pipelines.SamenspelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration keys and their defaults are documented, and pinned here. */
class RunConfigTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Every key and its default. Changing one is a decision: change the docs with it. */
  private static final Map<String, String> PINNED = pinned();

  private static Map<String, String> pinned() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("input", "null");
    keys.put("out", "null");
    keys.put("driver_dir", "null");
    keys.put("catalog", "null");
    keys.put("reference_date", "null");
    keys.put("period", "null");
    keys.put("values", "{}");
    keys.put("pseudonymization.key_file", "null");
    keys.put("pseudonymization.key_env", "\"SAMENSPEL_PSEUDONYMIZATION_KEY\"");
    keys.put("journeys.window_days", "90");
    keys.put("journeys.horizon_months", "12");
    keys.put("journeys.min_months", "6");
    keys.put("estimation.min_arm_size", "30");
    keys.put("estimation.pairs", "\"cross-discipline\"");
    keys.put("estimation.folds", "5");
    keys.put("estimation.trim", "0.05");
    keys.put("estimation.trim_pairs", "0.01");
    keys.put("estimation.trim_rule", "\"fixed\"");
    keys.put("estimation.refuters", "\"all\"");
    keys.put("estimation.effect_modification", "\"whole-population\"");
    keys.put("estimation.triples", "\"one-per-discipline\"");
    keys.put("estimation.max_triples", "10");
    keys.put("estimation.profiles", "\"pairs\"");
    keys.put("estimation.max_profile_pairs", "10");
    keys.put("estimation.estimator", "\"aipw\"");
    keys.put("estimation.plugins", "null");
    keys.put("estimation.seed", "20261128");
    keys.put("estimation.covariates", "[\"age\",\"sex\",\"household_type\",\"education_level\","
        + "\"benefit_duration\",\"element_scores\"]");
    keys.put("publication.language", "\"nl\"");
    keys.put("publication.disclosure_threshold", "10");
    keys.put("publication.rounding_base", "5");
    keys.put("publication.compare_with", "null");
    keys.put("quality.max_quarantine_share", "0.01");
    keys.put("quality.max_quarantine_share_by_reason", "{}");
    keys.put("drift.max_row_change", "0.5");
    keys.put("drift.max_null_rate_change", "0.1");
    keys.put("drift.max_code_share_change", "0.1");
    keys.put("spark.shuffle_partitions", "null");
    keys.put("spark.estimate_tasks", "null");
    return keys;
  }

  @Test
  void defaultsArePinned() {
    Map<String, String> actual = new LinkedHashMap<>();
    RunConfig.flatten(RunConfig.defaults().tree()).forEach((k, v) -> actual.put(k, v.toString()));
    assertThat(actual).containsExactlyEntriesOf(PINNED);
  }

  @Test
  void docsShowTheDefaultsFileVerbatim() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
    String defaults;
    try (var in = RunConfig.class.getClassLoader()
        .getResourceAsStream(RunConfig.DEFAULTS_RESOURCE)) {
      defaults = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(doc).contains("```yaml\n" + defaults + "```");
  }

  @Test
  void fileOverridesDefaultsAndFlagsOverrideTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("samenspel.yaml");
    Files.writeString(file, "input: extracts\njourneys:\n  window_days: 60\n"
        + "quality:\n  max_quarantine_share_by_reason: {duplicate_row: 0.05}\n"
        + "values:\n  household_type: {alleenstaande: SINGLE}\n  employed: {werkend: true}\n");
    RunConfig config = RunConfig.load(file);
    assertThat(config.integer("journeys.window_days")).isEqualTo(60);
    assertThat(config.integer("journeys.horizon_months")).isEqualTo(12);
    assertThat(config.path("input")).isEqualTo(dir.resolve("extracts").toAbsolutePath());
    assertThat(config.numbers("quality.max_quarantine_share_by_reason"))
        .containsEntry("duplicate_row", 0.05);
    assertThat(config.textMaps(RunConfig.VALUES)).isEqualTo(Map.of(
        "household_type", Map.of("alleenstaande", "SINGLE"), "employed", Map.of("werkend", "true")));
    assertThat(config.tree().path("values").path("household_type").path("alleenstaande")
        .asText()).as("the map is in the effective configuration").isEqualTo("SINGLE");
    RunConfig flagged = config.with("journeys.window_days", 30);
    assertThat(flagged.integer("journeys.window_days")).isEqualTo(30);
    assertThat(flagged.hash()).isNotEqualTo(config.hash()).hasSize(64);
    assertThat(RunConfig.load(file).hash()).as("same file, same hash").isEqualTo(config.hash());
  }

  @Test
  void unknownKeysAndWrongKindsAreRefusedByName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, "drift:\n  max_rows_change: 0.2\n");
    assertThatThrownBy(() -> RunConfig.load(file)).isInstanceOf(SamenspelException.class)
        .hasMessage("c.yaml: unknown key 'drift.max_rows_change' (the keys and their defaults "
            + "are in docs/configuration.md)");
    Files.writeString(file, "estimation:\n  folds: 2.5\n");
    assertThatThrownBy(() -> RunConfig.load(file))
        .hasMessageContaining("'estimation.folds' must be a whole number");
    Files.writeString(file, "journeys: 5\n");
    assertThatThrownBy(() -> RunConfig.load(file))
        .hasMessageContaining("'journeys' must hold keys");
    Files.writeString(file, "values: {sex: vrouw}\n");
    assertThatThrownBy(() -> RunConfig.load(file).textMaps(RunConfig.VALUES))
        .hasMessageContaining("'values.sex' must be a map");
    Files.writeString(file, "");
    JsonNode empty = RunConfig.load(file).tree();
    assertThat(empty).isEqualTo(RunConfig.defaults().tree());
  }
}
