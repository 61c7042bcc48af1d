package nl.samenspel.pipelines.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.samenspel.domain.Subgroup;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.evidence.Combination;
import nl.samenspel.grading.Certainty;
import nl.samenspel.pipelines.Pipeline;
import nl.samenspel.pipelines.SparkTestSession;
import nl.samenspel.pipelines.TestKeys;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.generate.MunicipalitiesGenerator;
import nl.samenspel.pipelines.generate.Scenario;
import nl.samenspel.pipelines.journeys.JourneysStage;
import nl.samenspel.pipelines.pool.PoolStage;
import nl.samenspel.pipelines.publish.Language;
import nl.samenspel.pipelines.publish.PoolPublish;
import nl.samenspel.pipelines.publish.SchemaCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence across municipalities against planted truth, end to end: ten generated
 * municipalities of 400 to 4,000 clients with municipality-specific effects (τ = 2 pp around
 * the national ones), each run separately into its own output folder as a municipality would,
 * then pooled from their published evidence.json only. The pooled intervals must cover the
 * national planted effects; against the median-sized municipality's own evidence the pooled
 * intervals must be narrower and the grades never lower, and higher for some. Figures go to
 * {@code target/pooled-planted-truth.txt}.
 */
@Tag("slow")
class PooledPlantedTruthTest {

  private static final int MUNICIPALITIES = 10;
  private static final long SEED = 20261130L;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;
  private static JsonNode truth;
  private static JsonNode pooled;
  private static final Map<String, JsonNode> own = new HashMap<>();
  private static final Map<String, Integer> sizes = new HashMap<>();

  @BeforeAll
  static void generateRunAndPool() throws IOException {
    Path input = dir.resolve("in");
    Scenario scenario = Scenario.municipalitiesScenario();
    new MunicipalitiesGenerator(scenario, CatalogReader.bundled()).generate(
        new MunicipalitiesGenerator.Options(MUNICIPALITIES, 400, 4_000, scenario.tau(), SEED),
        input);
    truth = JSON.readTree(input.resolve("truth.json").toFile());
    List<Path> published = new ArrayList<>();
    for (JsonNode m : truth.path("municipalities")) {
      String code = m.path("code").asText();
      sizes.put(code, m.path("clients").asInt());
      Pipeline.Outcome outcome = Pipeline.run(SparkTestSession.get(), new Pipeline.Settings(
          input.resolve(code), dir.resolve("out").resolve(code), CatalogReader.bundled(),
          // The planted truths are in ALL and element subgroups: the 21 profiles would only add
          // time here (pooling keys a profile like any subgroup).
          JourneysStage.Settings.DEFAULT,
          SubgroupEstimation.Settings.DEFAULT.withProfiles(Subgroup.Profiles.NONE),
          Pipeline.Publication.DEFAULT, TestKeys.operations()), line -> { });
      published.add(outcome.published());
      own.put(code, JSON.readTree(outcome.published().resolve("evidence.json").toFile()));
    }
    PoolStage.Outcome outcome = PoolStage.run(SparkTestSession.get(), new PoolStage.Settings(
        published, null, dir.resolve("pooled"), Language.NL, CatalogReader.bundled()),
        line -> { });
    pooled = JSON.readTree(outcome.published().resolve(PoolPublish.POOLED_JSON).toFile());
  }

  private static JsonNode find(JsonNode combinations, Combination c) {
    for (JsonNode node : combinations) {
      List<String> codes = new ArrayList<>();
      node.path("interventions").forEach(code -> codes.add(code.asText()));
      if (node.path("element").asText().equals(c.element()) && codes.equals(c.interventions())) {
        return node;
      }
    }
    return null;
  }

  private static Combination combination(JsonNode node) {
    List<String> codes = new ArrayList<>();
    node.path("interventions").forEach(code -> codes.add(code.asText()));
    return new Combination(node.path("element").asText(), codes);
  }

  @Test
  void pooledIntervalsCoverTheNationalPlantedEffects() throws IOException {
    assertThat(pooled.path("pool").path("publications").asInt()).isEqualTo(MUNICIPALITIES);
    int planted = 0;
    int covered = 0;
    StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
        "%d municipalities (%s clients), tau %.3f, seed %d%n", MUNICIPALITIES,
        truth.path("sizes"), truth.path("tau").asDouble(), SEED));
    for (JsonNode t : truth.path("national")) {
      Combination c = combination(t);
      JsonNode p = find(pooled.path("combinations"), c);
      planted++;
      double effect = t.path("effect").asDouble();
      if (p == null) {
        report.append(String.format(Locale.ROOT, "%-60s truth %+6.2f pp  NOT POOLED%n", c.key(),
            100 * effect));
        continue;
      }
      boolean inside = p.path("ci_low").asDouble() <= effect
          && effect <= p.path("ci_high").asDouble();
      covered += inside ? 1 : 0;
      report.append(String.format(Locale.ROOT, "%-60s truth %+6.2f pp  pooled %+6.2f "
          + "[%+6.2f, %+6.2f] k=%d tau %.2f I2 %.0f%% %s %s%n", c.key(), 100 * effect,
          100 * p.path("estimate").asDouble(), 100 * p.path("ci_low").asDouble(),
          100 * p.path("ci_high").asDouble(), p.path("k").asInt(),
          100 * p.path("tau").asDouble(), 100 * p.path("i2").asDouble(),
          p.path("certainty").asText(), inside ? "covered" : "MISSED"));
    }
    report.append(String.format(Locale.ROOT, "covered %d of %d planted combinations%n", covered,
        planted));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "pooled-planted-truth.txt"), report.toString(),
        StandardCharsets.UTF_8);
    assertThat(planted).isGreaterThanOrEqualTo(10);
    assertThat((double) covered / planted).as(report.toString()).isGreaterThanOrEqualTo(0.9);
    assertThat(SchemaCheck.validate(SchemaCheck.POOLED, JSON.writeValueAsString(pooled)))
        .isEmpty();
  }

  @Test
  void pooledEvidenceIsGradedAboveTheMedianMunicipalitysOwn() throws IOException {
    String median = sizes.entrySet().stream().sorted(Map.Entry.comparingByValue())
        .toList().get(MUNICIPALITIES / 2 - 1).getKey();
    StringBuilder report = new StringBuilder("median-sized municipality " + median + " ("
        + sizes.get(median) + " clients): own grade -> pooled grade, planted non-null effects\n");
    int compared = 0;
    int higher = 0;
    int notLower = 0;
    int narrower = 0;
    int estimatedByMedian = 0;
    for (JsonNode t : truth.path("national")) {
      if (t.path("kind").asText().equals("null")) {
        continue; // A precise null is graded down for an interval including 0, by design.
      }
      Combination c = combination(t);
      JsonNode p = find(pooled.path("combinations"), c);
      JsonNode mine = find(own.get(median).path("combinations"), c);
      Certainty pooledGrade = p == null ? null : Certainty.valueOf(p.path("certainty").asText());
      Certainty ownGrade = mine == null ? null
          : Certainty.valueOf(mine.path("certainty").asText());
      compared++;
      boolean up = pooledGrade != null
          && (ownGrade == null || pooledGrade.compareTo(ownGrade) > 0);
      higher += up ? 1 : 0;
      // Where municipalities differ much (I2 above one half), the random-effects interval for
      // the national mean carries that spread and may be wider than one municipality's own.
      if (mine != null && p != null && p.path("i2").asDouble() <= 0.5) {
        estimatedByMedian++;
        narrower += p.path("ci_high").asDouble() - p.path("ci_low").asDouble()
            < mine.path("ci_high").asDouble() - mine.path("ci_low").asDouble() ? 1 : 0;
      }
      notLower += ownGrade == null || (pooledGrade != null && pooledGrade.compareTo(ownGrade) >= 0)
          ? 1 : 0;
      report.append(String.format(Locale.ROOT, "%-60s %-9s -> %-9s%s  own %s, pooled %s%n",
          c.key(), ownGrade == null ? "not est." : ownGrade, pooledGrade,
          up ? "" : "  (not higher)", mine == null ? "-" : mine.path("certainty_reasons"),
          p == null ? "-" : p.path("certainty_reasons")));
    }
    report.append(String.format(Locale.ROOT, "pooled grade higher for %d of %d, never lower: "
        + "%s; pooled interval narrower for %d of the %d the municipality estimated (I2 <= 50%%)%n",
        higher,
        compared, notLower == compared, narrower, estimatedByMedian));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "pooled-planted-truth-grades.txt"), report.toString(),
        StandardCharsets.UTF_8);
    // What pooling buys is precision: the pooled interval is narrower than the municipality's
    // own for every planted association it estimated (where municipalities do not differ much),
    // and the pooled grade is never lower.
    // Whether the grade is also higher depends on whether the narrower interval excludes 0 and
    // survives the multiple-comparison check across all pooled combinations: for a planted
    // association of 2-4 points over a dozen municipalities of ~2,000 clients it often does not,
    // and the grade says so (the count is in target/pooled-planted-truth.txt).
    assertThat(compared).isPositive();
    assertThat(narrower).as(report.toString()).isEqualTo(estimatedByMedian);
    assertThat(notLower).as(report.toString()).isEqualTo(compared);
    assertThat(higher).as(report.toString()).isPositive();
  }
}
