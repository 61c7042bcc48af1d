package nl.samenspel.pipelines.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.pipelines.Pipeline;
import nl.samenspel.pipelines.SparkTestSession;
import nl.samenspel.pipelines.TestKeys;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.generate.MunicipalityGenerator;
import nl.samenspel.pipelines.generate.Scenario;
import nl.samenspel.pipelines.journeys.JourneysStage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end against planted truth: generate a municipality of 50,000 clients (a seed the
 * shipped sample does not use), run every stage, and compare evidence.json with truth.json.
 * Statistical, so tagged; the seed is fixed, so the outcome is the same on every run. The
 * numbers behind the assertions and the run time are kept in target/planted-truth.txt.
 */
@Tag("statistical")
class PlantedTruthTest {

  private static final int CLIENTS = 50_000;
  private static final long SEED = 4242;

  @TempDir
  static Path dir;

  private static List<Comparison> comparisons;
  private static Path published;

  /** One planted combination next to its estimates. */
  record Comparison(String key, String kind, double truth, double estimate, double ciLow,
      double ciHigh, double naive, double placeboLow, double placeboHigh) {
    boolean covered() {
      return ciLow <= truth && truth <= ciHigh;
    }
  }

  /** The pipeline's progress lines, with the time of each stage, kept in the artefact. */
  private static final List<String> STAGES = new ArrayList<>();

  @BeforeAll
  static void generateAndRun() throws IOException {
    Path input = dir.resolve("municipality");
    new MunicipalityGenerator(Scenario.defaultScenario(), CatalogReader.bundled())
        .generate(new MunicipalityGenerator.Options(CLIENTS, SEED, "GM0855"), input);
    long started = System.nanoTime();
    Pipeline.Outcome outcome = Pipeline.run(SparkTestSession.get(), new Pipeline.Settings(input,
        dir.resolve("out"), CatalogReader.bundled(), JourneysStage.Settings.DEFAULT,
        SubgroupEstimation.Settings.DEFAULT, Pipeline.Publication.DEFAULT,
        TestKeys.operations()), STAGES::add);
    double seconds = (System.nanoTime() - started) / 1e9;
    published = outcome.published();

    ObjectMapper mapper = new ObjectMapper();
    Map<String, JsonNode> evidence = new HashMap<>();
    for (JsonNode record : mapper.readTree(published.resolve("evidence.json").toFile())
        .get("combinations")) {
      evidence.put(key(record), record);
    }
    comparisons = new ArrayList<>();
    for (JsonNode truth : mapper.readTree(input.resolve("truth.json").toFile())) {
      JsonNode estimate = evidence.get(key(truth));
      assertThat(estimate).as("planted combination %s was estimated", key(truth)).isNotNull();
      comparisons.add(new Comparison(key(truth), truth.get("kind").asText(),
          truth.get("effect").asDouble(), estimate.get("estimate").asDouble(),
          estimate.get("ci_low").asDouble(), estimate.get("ci_high").asDouble(),
          estimate.get("naive_estimate").asDouble(),
          estimate.get("placebo_ci_low").asDouble(Double.NaN),
          estimate.get("placebo_ci_high").asDouble(Double.NaN)));
    }
    // Kept as a test artefact: the numbers behind the assertions below.
    StringBuilder table = new StringBuilder(String.format(
        "%-60s %-8s %8s %8s %18s %8s%n", "combination", "kind", "truth", "aipw", "95% CI", "naive"));
    for (Comparison c : comparisons) {
      table.append(String.format(java.util.Locale.ROOT, "%-60s %-8s %+8.4f %+8.4f [%+.4f,%+.4f] %+8.4f%n",
          c.key(), c.kind(), c.truth(), c.estimate(), c.ciLow(), c.ciHigh(), c.naive()));
    }
    table.append(String.format(java.util.Locale.ROOT,
        "pipeline on %d clients: %.0f s, %d combinations estimated, %d not estimated%n",
        CLIENTS, seconds, outcome.estimate().records().size(),
        outcome.estimate().skipped().size()));
    STAGES.forEach(line -> table.append(line).append('\n'));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "planted-truth.txt"), table.toString());
  }

  private static String key(JsonNode record) {
    List<String> codes = new ArrayList<>();
    record.get("interventions").forEach(code -> codes.add(code.asText()));
    return record.get("element").asText() + "|" + String.join("+", codes);
  }

  @Test
  void adjustedIntervalsCoverThePlantedTruth() {
    long covered = comparisons.stream().filter(Comparison::covered).count();
    assertThat(covered).as("covered: %s", comparisons)
        .isGreaterThanOrEqualTo((long) Math.ceil(0.9 * comparisons.size()));
  }

  @Test
  void placeboIntervalsCoverZero() {
    List<Comparison> singles = comparisons.stream().filter(c -> !c.key().contains("+")).toList();
    assertThat(singles).isNotEmpty();
    for (Comparison c : singles) {
      assertThat(c.placeboLow() <= 0 && 0 <= c.placeboHigh()).as("%s", c).isTrue();
    }
  }

  @Test
  void adjustedEstimatesAreCloseToTheTruth() {
    double meanAbsoluteError = comparisons.stream()
        .mapToDouble(c -> Math.abs(c.estimate() - c.truth())).average().orElseThrow();
    assertThat(meanAbsoluteError).as("%s", comparisons).isLessThanOrEqualTo(0.03);
  }

  @Test
  void naiveEstimateIsClearlyWorseOnTheConfoundedCombination() {
    Comparison confounded = comparisons.stream()
        .max((a, b) -> Double.compare(Math.abs(a.naive() - a.truth()),
            Math.abs(b.naive() - b.truth())))
        .orElseThrow();
    double naiveError = Math.abs(confounded.naive() - confounded.truth());
    double adjustedError = Math.abs(confounded.estimate() - confounded.truth());
    assertThat(naiveError).as("confounding moves the naive difference by 5 pp or more: %s",
        confounded).isGreaterThanOrEqualTo(0.05);
    assertThat(adjustedError).as("%s", confounded).isLessThan(naiveError - 0.02);
    assertThat(confounded.covered()).as("%s", confounded).isTrue();
  }

  @Test
  void harmAndBenefitsPointTheRightWay() {
    for (Comparison c : comparisons) {
      if (c.kind().equals("harm")) {
        assertThat(c.ciHigh()).as("%s", c).isLessThan(0);
      } else {
        assertThat(c.ciLow()).as("%s", c).isGreaterThan(0);
      }
    }
  }

  @Test
  void publishedFilesHoldNoClientId() throws IOException {
    Pattern clientId = Pattern.compile("P\\d{7}");
    try (Stream<Path> files = Files.walk(published)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        // Byte for byte (ISO-8859-1 maps every byte to one char): the PDF and Parquet are binary.
        assertThat(clientId.matcher(Files.readString(file, StandardCharsets.ISO_8859_1)).find())
            .as("%s", file).isFalse();
      }
    }
  }
}
