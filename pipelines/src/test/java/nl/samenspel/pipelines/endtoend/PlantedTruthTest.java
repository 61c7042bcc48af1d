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
  /** The truth records of the kinds that carry more than an effect, and their estimates. */
  private static final List<JsonNode[]> TRIPLES = new ArrayList<>();
  private static final List<JsonNode[]> MODIFICATIONS = new ArrayList<>();
  /** Every planted single or pair with its restricted mean truth, and its estimate. */
  private static final List<JsonNode[]> TIMINGS = new ArrayList<>();
  private static JsonNode document;

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
    document = mapper.readTree(published.resolve("evidence.json").toFile());
    for (JsonNode record : document.get("combinations")) {
      evidence.put(key(record), record);
    }
    comparisons = new ArrayList<>();
    for (JsonNode truth : mapper.readTree(input.resolve("truth.json").toFile())) {
      JsonNode estimate = evidence.get(key(truth));
      assertThat(estimate).as("planted combination %s was estimated", key(truth)).isNotNull();
      if (truth.get("kind").asText().equals("triple")) {
        TRIPLES.add(new JsonNode[] {truth, estimate});
      } else if (truth.get("kind").asText().equals("modification")) {
        MODIFICATIONS.add(new JsonNode[] {truth, estimate});
      }
      if (truth.has("restricted_mean_difference")) {
        TIMINGS.add(new JsonNode[] {truth, estimate});
      }
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
    for (JsonNode[] pair : TIMINGS) {
      JsonNode mean = pair[1].path("timing").path("restricted_mean_difference");
      JsonNode twelve = pair[1].path("timing").path("differences").path(1);
      table.append(String.format(java.util.Locale.ROOT,
          "%-60s restricted mean truth %+.3f months, estimate %s [%s, %s]; 12 months from the "
              + "curves %s [%s, %s] (truth %+.4f)%n", key(pair[0]),
          pair[0].get("restricted_mean_difference").asDouble(), mean.path("estimate"),
          mean.path("ci_low"), mean.path("ci_high"), twelve.path("estimate"),
          twelve.path("ci_low"), twelve.path("ci_high"), pair[0].get("effect").asDouble()));
    }
    STAGES.forEach(line -> table.append(line).append('\n'));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "planted-truth.txt"), table.toString());
  }

  private static String key(JsonNode record) {
    List<String> codes = new ArrayList<>();
    record.get("interventions").forEach(code -> codes.add(code.asText()));
    return record.get("element").asText() + "|" + String.join("+", codes);
  }

  /**
   * Nine planted records at 95% each: all nine covered happens only 63% of the time, so one
   * miss is allowed (at least 8 of 9: 93%).
   */
  @Test
  void adjustedIntervalsCoverThePlantedTruth() {
    long covered = comparisons.stream().filter(Comparison::covered).count();
    assertThat(covered).as("covered: %s", comparisons)
        .isGreaterThanOrEqualTo(comparisons.size() - 1L);
  }

  /**
   * The twelve-month difference read from the curves, which keep the recent clients whose
   * yes/no outcome is undetermined, covers the planted effect too (the same quantity: the share
   * that started durable work by month 12), at most one miss.
   */
  @Test
  void theCurvesTwelveMonthDifferencesCoverThePlantedEffects() {
    int covered = 0;
    for (JsonNode[] pair : TIMINGS) {
      JsonNode twelve = pair[1].get("timing").get("differences").get(1);
      double truth = pair[0].get("effect").asDouble();
      covered += twelve.get("ci_low").asDouble() <= truth
          && truth <= twelve.get("ci_high").asDouble() ? 1 : 0;
    }
    assertThat(covered).as("of %s", TIMINGS.size()).isGreaterThanOrEqualTo(TIMINGS.size() - 1);
  }

  /**
   * A placebo (shuffled treatment) interval excludes 0 by chance in 5% of singles: with six
   * planted singles, one such chance miss is allowed (all six cover 0 only 74% of the time).
   */
  @Test
  void placeboIntervalsCoverZero() {
    List<Comparison> singles = comparisons.stream().filter(c -> !c.key().contains("+")).toList();
    assertThat(singles).isNotEmpty();
    long missed = singles.stream()
        .filter(c -> !(c.placeboLow() <= 0 && 0 <= c.placeboHigh())).count();
    assertThat(missed).as("%s", singles).isLessThanOrEqualTo(1);
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

  /**
   * How soon: the planted intervention that brings durable work forward without making it more
   * likely shows as months sooner, covered, with a twelve-month difference covering 0; the
   * restricted mean differences of the other planted records are covered too (most of them),
   * although the fifth of the clients assessed most recently have an incomplete follow-up.
   */
  @Test
  void soonerDurableWorkShowsAsMonthsSooner() {
    JsonNode all = document.get("population").get(0);
    assertThat(all.get("undetermined").asLong()).as("recent clients with an undetermined outcome")
        .isGreaterThan(all.get("episodes").asLong() / 10);
    int covered = 0;
    boolean sooner = false;
    for (JsonNode[] pair : TIMINGS) {
      double truth = pair[0].get("restricted_mean_difference").asDouble();
      JsonNode timing = pair[1].get("timing");
      assertThat(timing.isObject()).as("%s has curves", key(pair[0])).isTrue();
      JsonNode mean = timing.get("restricted_mean_difference");
      boolean inside = mean.get("ci_low").asDouble() <= truth
          && truth <= mean.get("ci_high").asDouble();
      covered += inside ? 1 : 0;
      if (pair[0].get("kind").asText().equals("sooner")) {
        sooner = true;
        assertThat(truth).isNegative();
        assertThat(mean.get("ci_high").asDouble()).as("sooner: %s", mean).isNegative();
        assertThat(inside).as("sooner %s covers %s", mean, truth).isTrue();
        JsonNode twelve = timing.get("differences").get(1);
        assertThat(twelve.get("month").asInt()).isEqualTo(12);
        assertThat(twelve.get("ci_low").asDouble() <= 0 && 0 <= twelve.get("ci_high").asDouble())
            .as("not more often by twelve months: %s", twelve).isTrue();
      }
    }
    assertThat(sooner).as("a planted 'sooner' record").isTrue();
    assertThat(covered).as("restricted means covered, of %s", TIMINGS.size())
        .isGreaterThanOrEqualTo(TIMINGS.size() - 1);
  }

  /**
   * Costs: with the catalog's prices, the cost per extra durable participant of every planted
   * benefit is given and its interval holds the planted one (the price over the exact effect).
   */
  @Test
  void plantedCostsGiveThePlantedCostPerExtraParticipant() {
    int checked = 0;
    for (JsonNode combination : document.get("combinations")) {
      Comparison planted = comparisons.stream()
          .filter(c -> c.key().equals(key(combination)) && c.kind().equals("benefit"))
          .findFirst().orElse(null);
      if (planted == null) {
        continue;
      }
      assertThat(combination.get("cost_status").asText()).isEqualTo("DETERMINED");
      double truth = combination.get("cost_eur").asDouble() / planted.truth();
      assertThat(combination.get("cost_per_extra_durable_ci_low").asDouble())
          .as("%s: %s", planted.key(), truth).isLessThanOrEqualTo(truth);
      assertThat(combination.get("cost_per_extra_durable_ci_high").asDouble())
          .as("%s: %s", planted.key(), truth).isGreaterThanOrEqualTo(truth);
      checked++;
    }
    assertThat(checked).as("planted benefits with a price").isEqualTo(3);
  }

  @Test
  void harmAndBenefitsPointTheRightWay() {
    for (Comparison c : comparisons) {
      if (c.kind().equals("sooner")) {
        continue;
      }
      if (c.kind().equals("harm")) {
        assertThat(c.ciHigh()).as("%s", c).isLessThan(0);
      } else {
        assertThat(c.ciLow()).as("%s", c).isGreaterThan(0);
      }
    }
  }

  /**
   * The planted triple (announcement, self-efficacy coaching and barrier removal): all three
   * against none (in the comparisons above), its three-way interaction and the pairs inside it
   * against none are covered by their intervals.
   */
  @Test
  void theTripleAndItsThreeWayInteractionAreCovered() {
    assertThat(TRIPLES).as("a planted triple in the default scenario").isNotEmpty();
    for (JsonNode[] pair : TRIPLES) {
      JsonNode truth = pair[0];
      JsonNode triple = pair[1].get("triple");
      assertThat(triple.isObject()).as("%s has its contrasts", key(truth)).isTrue();
      double interaction = truth.get("three_way_interaction").asDouble();
      JsonNode estimated = triple.get("three_way_interaction");
      assertThat(estimated.get("ci_low").asDouble()).as("%s: interaction %s vs %s", key(truth),
          interaction, estimated).isLessThanOrEqualTo(interaction);
      assertThat(estimated.get("ci_high").asDouble()).as("%s: interaction %s vs %s",
          key(truth), interaction, estimated).isGreaterThanOrEqualTo(interaction);
      truth.get("pairs_versus_none").fields().forEachRemaining(planted -> {
        java.util.Set<String> codes = java.util.Set.of(planted.getKey().split("\\+"));
        JsonNode contrast = null;
        for (JsonNode c : triple.get("versus_none")) {
          java.util.Set<String> received = new java.util.HashSet<>();
          c.get("received").forEach(code -> received.add(code.asText()));
          if (received.equals(codes)) {
            contrast = c;
          }
        }
        assertThat(contrast).as("%s: pair %s estimated", key(truth), planted.getKey())
            .isNotNull();
        double value = planted.getValue().asDouble();
        assertThat(contrast.get("ci_low").asDouble() <= value
            && value <= contrast.get("ci_high").asDouble())
            .as("%s: pair %s, truth %s, estimate %s", key(truth), planted.getKey(), value,
                contrast).isTrue();
      });
    }
  }

  /**
   * The planted effect modification (vacancy matching helps more the weaker the attitude): the
   * projection's attitude slope is negative, like the truth's, and its interval covers it.
   */
  @Test
  void thePlantedSlopeIsRecoveredWithTheRightSign() {
    assertThat(MODIFICATIONS).as("a planted modification in the default scenario").isNotEmpty();
    for (JsonNode[] pair : MODIFICATIONS) {
      JsonNode truth = pair[0];
      JsonNode projection = pair[1].get("effect_modification");
      assertThat(projection.isObject()).as("%s was projected", key(truth)).isTrue();
      String modifier = "score_attitude";
      double slope = truth.get("slopes").get(modifier).asDouble();
      JsonNode estimated = null;
      for (JsonNode s : projection.get("slopes")) {
        if (s.get("modifier").asText().equals(modifier)) {
          estimated = s;
        }
      }
      assertThat(estimated).as("%s has a %s slope", key(truth), modifier).isNotNull();
      assertThat(slope).isNegative();
      assertThat(estimated.get("estimate").asDouble()).as("%s", estimated).isNegative();
      assertThat(estimated.get("ci_low").asDouble() <= slope
          && slope <= estimated.get("ci_high").asDouble())
          .as("truth %s, estimate %s", slope, estimated).isTrue();
    }
  }

  /**
   * The method's own example reads as a comparison in the report, for the clients it is about
   * (self-efficacy and context both barriers): the announcement alone, with self-efficacy
   * coaching, and with coaching and barrier removal, against none of the three; and the profile
   * view points to it.
   */
  @Test
  void theMethodsExampleIsAReadableComparisonInTheReport() throws IOException {
    String html = Files.readString(published.resolve("index.html"), StandardCharsets.UTF_8);
    String together = section(html, "together");
    String coaching = "Coaching op geloof in eigen kunnen (klantmanager)";
    String announcement = "Aankondiging maatregel (inkomensconsulent)";
    String triple = coaching + " + " + announcement
        + " + Praktische belemmeringen wegnemen met de werkgever (accountmanager)";
    int table = together.indexOf(triple + " – Geloof in eigen kunnen én context");
    assertThat(table).as(together).isNotNegative();
    String comparison = together.substring(table, together.indexOf("</table>", table));
    assertThat(comparison).contains("alleen " + announcement,
        coaching + " + " + announcement, "alle drie samen");
    assertThat(together.substring(table)).contains("Drievoudige wisselwerking");

    String profiles = section(html, "profiles");
    int row = profiles.indexOf("<th scope=\"row\">Geloof in eigen kunnen én context");
    assertThat(row).as(profiles).isNotNegative();
    assertThat(profiles.substring(row, profiles.indexOf("</tr>", row))).contains(triple + ": ");
    assertThat(profiles).contains("geen regel om op één persoon toe te passen");
  }

  private static String section(String html, String id) {
    int start = html.indexOf("<section id=\"" + id + "\">");
    assertThat(start).as(id).isNotNegative();
    return html.substring(start, html.indexOf("</section>", start));
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
