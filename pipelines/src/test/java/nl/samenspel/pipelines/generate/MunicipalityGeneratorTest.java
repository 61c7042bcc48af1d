package nl.samenspel.pipelines.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.Table;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Element;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.cli.Main;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MunicipalityGeneratorTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static MunicipalityGenerator.Summary generate(int clients, long seed, Path out)
      throws IOException {
    return new MunicipalityGenerator(Scenario.defaultScenario(), CatalogReader.bundled())
        .generate(new MunicipalityGenerator.Options(clients, seed, "GM0855"), out);
  }

  private static MunicipalitiesGenerator.Summary generateSeveral(int k, int min, int max,
      double tau, long seed, Path out) throws IOException {
    return new MunicipalitiesGenerator(Scenario.municipalitiesScenario(),
        CatalogReader.bundled())
        .generate(new MunicipalitiesGenerator.Options(k, min, max, tau, seed), out);
  }

  @Test
  void sameSeedGivesIdenticalFilesAndAnotherSeedDoesNot(@TempDir Path dir) throws IOException {
    generate(300, 1, dir.resolve("a"));
    generate(300, 1, dir.resolve("b"));
    generate(300, 2, dir.resolve("c"));
    for (Table table : Contract.EXTRACTS) {
      String name = table.name() + ".csv";
      assertThat(Files.readAllBytes(dir.resolve("a").resolve(name)))
          .as(name).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(name)));
    }
    assertThat(Files.readAllBytes(dir.resolve("a").resolve("truth.json")))
        .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve("truth.json")));
    assertThat(Files.readAllBytes(dir.resolve("a").resolve("outcomes.csv")))
        .isNotEqualTo(Files.readAllBytes(dir.resolve("c").resolve("outcomes.csv")));
  }

  /** The shipped sample is what its documented command writes (data-samples/README.md). */
  @Test
  void theShippedSampleIsWhatItsDocumentedCommandWrites(@TempDir Path dir) throws IOException {
    generate(2000, 20261128, dir);
    Path sample = Path.of("..", "data-samples", "municipality");
    for (String name : List.of("clients.csv", "assessments.csv", "interventions.csv",
        "outcomes.csv", "truth.json")) {
      assertThat(Files.readAllBytes(dir.resolve(name))).as(name)
          .isEqualTo(Files.readAllBytes(sample.resolve(name)));
    }
  }

  @Test
  void writesTheContractHeaders(@TempDir Path dir) throws IOException {
    generate(50, 3, dir);
    for (Table table : Contract.EXTRACTS) {
      String header = Files.readAllLines(dir.resolve(table.name() + ".csv")).get(0);
      assertThat(header).isEqualTo(String.join(",", table.columnNames()));
    }
  }

  /**
   * Realism: CBS reports about 12% of the bijstand population leaving for work per year and
   * about 82% of those still working after 6 months. The generator must land near that.
   */
  @Test
  void exitRatesAreRealistic(@TempDir Path dir) throws IOException {
    MunicipalityGenerator.Summary summary = generate(5000, 11, dir);
    assertThat(summary.exitToWorkWithinYear()).isBetween(0.10, 0.18);
    assertThat(summary.durableWithinYear() / summary.exitToWorkWithinYear())
        .as("share of exits that last six months").isBetween(0.7, 0.9);
  }

  @Test
  void truthHoldsThePlantedCombinationsInEvidenceKeys(@TempDir Path dir) throws IOException {
    generate(3000, 12, dir);
    JsonNode truth = MAPPER.readTree(dir.resolve("truth.json").toFile());
    assertThat(truth.isArray()).isTrue();
    assertThat(truth).hasSize(9);
    List<String> kinds = new ArrayList<>();
    List<String> elements = new ArrayList<>();
    for (JsonNode record : truth) {
      assertThat(record.has("element")).isTrue();
      assertThat(record.get("interventions").isArray()).isTrue();
      assertThat(record.get("effect").isNumber()).isTrue();
      kinds.add(record.get("kind").asText());
      elements.add(record.get("element").asText());
    }
    assertThat(kinds).containsExactlyInAnyOrder("sooner", "benefit", "benefit", "benefit",
        "harm", "synergy", "modification", "triple", "triple");
    assertThat(elements).as("the triple of the method's example in its own profile")
        .contains("SELF_EFFICACY+CONTEXT");
    for (JsonNode record : truth) {
      double effect = record.get("effect").asDouble();
      switch (record.get("kind").asText()) {
        case "sooner" -> {
          // Brought forward, not made more likely: no effect on the twelve-month share, and
          // (durable for about 12%, 2.25 months sooner each) about a quarter month sooner.
          assertThat(effect).as(record.toString()).isZero();
          assertThat(record.get("restricted_mean_difference").asDouble()).as(record.toString())
              .isBetween(-0.4, -0.15);
        }
        case "benefit" -> {
          assertThat(effect).as(record.toString()).isGreaterThan(0.03);
          assertThat(record.get("restricted_mean_difference").asDouble())
              .as("more durable work, sooner on average: %s", record).isLessThan(-0.5);
        }
        case "harm" -> assertThat(effect).as(record.toString()).isLessThan(-0.02);
        case "synergy" -> {
          assertThat(record.get("interventions")).hasSize(2);
          assertThat(record.get("synergy").asDouble()).as("both beat the sum of the parts")
              .isGreaterThan(0.01);
        }
        case "modification" -> {
          assertThat(effect).as(record.toString()).isGreaterThan(0.02);
          // Planted -0.03 per attitude point; clipping at a chance of 0 (a high attitude, a
          // low baseline) flattens it a little.
          assertThat(record.get("slopes").get("score_attitude").asDouble()).as(record.toString())
              .isBetween(-0.035, -0.02);
          assertThat(Math.abs(record.get("slopes").get("score_skills").asDouble()))
              .as(record.toString()).isLessThan(0.005);
        }
        case "triple" -> {
          // Averaged over the few clients who received all three (ATT); every planted shift
          // in the all-three arm is upward, so no such client's effect is negative.
          assertThat(record.get("interventions")).hasSize(3);
          assertThat(record.get("n_treated").asLong()).as(record.toString()).isPositive()
              .isLessThan(record.get("n_episodes").asLong() / 20);
          assertThat(effect).as(record.toString()).isGreaterThanOrEqualTo(0);
          assertThat(record.get("effect_all_clients").asDouble()).as(record.toString())
              .isGreaterThan(0.03);
          assertThat(record.get("three_way_interaction").isNumber()).isTrue();
          assertThat(record.get("pairs_versus_none")).hasSize(3);
        }
        default -> throw new AssertionError(record.toString());
      }
    }
  }

  @Test
  void scenarioNamingAnUnknownCodeIsRejected() {
    Scenario base = Scenario.defaultScenario();
    Scenario broken = new Scenario(base.description(), base.study(), base.baseline(),
        base.defaultAssignment(), List.of(new Scenario.Assignment("KM_UNKNOWN", 0, 0, 0, 0, 0)),
        base.effects(), base.truth(), base.exits());
    assertThatThrownBy(() -> new MunicipalityGenerator(broken, CatalogReader.bundled()))
        .hasMessageContaining("KM_UNKNOWN");
  }

  // ---- several municipalities --------------------------------------------------------------

  @Test
  void defaultsArePinned() {
    assertThat(MunicipalitiesGenerator.DEFAULT_MIN_CLIENTS).isEqualTo(300);
    assertThat(MunicipalitiesGenerator.DEFAULT_MAX_CLIENTS).isEqualTo(30_000);
    assertThat(Scenario.municipalitiesScenario().tau()).isEqualTo(0.02);
    assertThat(Scenario.defaultScenario().tau()).as("no heterogeneity block").isZero();
  }

  @Test
  void sizesAreSpreadEvenlyOnALogScale() {
    List<Integer> sizes = MunicipalitiesGenerator.sizes(12, 300, 30_000);
    assertThat(sizes).hasSize(12).startsWith(300).endsWith(30_000).isSorted();
    double step = Math.log(30_000 / 300.0) / 11;
    for (int i = 1; i < sizes.size(); i++) {
      assertThat(Math.log((double) sizes.get(i) / sizes.get(i - 1)))
          .as("log step %d", i).isCloseTo(step, within(0.01));
    }
    assertThat(MunicipalitiesGenerator.sizes(3, 500, 500)).containsExactly(500, 500, 500);
  }

  @Test
  void severalMunicipalitiesGetDistinctSyntheticCodesAndTheRequestedSizes(@TempDir Path dir)
      throws IOException {
    MunicipalitiesGenerator.Summary summary = generateSeveral(6, 40, 640, 0.02, 5, dir);
    List<Integer> grid = MunicipalitiesGenerator.sizes(6, 40, 640);
    assertThat(grid).containsExactly(40, 70, 121, 211, 368, 640);
    JsonNode truth = MAPPER.readTree(dir.resolve("truth.json").toFile());
    List<String> codes = new ArrayList<>();
    List<Integer> dealt = new ArrayList<>();
    Set<String> clientIds = new HashSet<>();
    Set<String> interventionIds = new HashSet<>();
    long interventions = 0;
    for (JsonNode municipality : truth.get("municipalities")) {
      String code = municipality.get("code").asText();
      codes.add(code);
      Path folder = dir.resolve(code);
      for (Table table : Contract.EXTRACTS) {
        assertThat(folder.resolve(table.name() + ".csv")).isRegularFile();
      }
      List<CSVRecord> clients = read(folder.resolve("clients.csv"));
      dealt.add(clients.size());
      assertThat(municipality.get("clients").asInt()).isEqualTo(clients.size());
      for (CSVRecord client : clients) {
        assertThat(client.get(Contract.MUNICIPALITY)).isEqualTo(code);
        clientIds.add(client.get(Contract.CLIENT_ID));
      }
      for (CSVRecord intervention : read(folder.resolve("interventions.csv"))) {
        interventionIds.add(intervention.get(Contract.INTERVENTION_ID));
        interventions++;
      }
      JsonNode own = MAPPER.readTree(folder.resolve("truth.json").toFile());
      assertThat(own.isArray()).as("one municipality's truth.json keeps its format").isTrue();
      assertThat(own).hasSize(truth.get("national").size());
      for (int t = 0; t < own.size(); t++) {
        assertThat(own.get(t).get("effect")).isEqualTo(municipality.get("truth").get(t)
            .get("effect"));
        assertThat(own.get(t).get("clients").asInt()).isEqualTo(clients.size());
      }
    }
    assertThat(codes).containsExactly("GM9001", "GM9002", "GM9003", "GM9004", "GM9005",
        "GM9006");
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("GM9001", "GM9002", "GM9003",
        "GM9004", "GM9005", "GM9006", "truth.json");
    assertThat(dealt).as("every size of the grid once").containsExactlyInAnyOrderElementsOf(grid)
        .as("in a shuffled order").isNotEqualTo(grid);
    assertThat(clientIds).as("client ids unique across municipalities").hasSize(1450);
    assertThat(interventionIds).hasSize((int) interventions);
    assertThat(summary.clients()).isEqualTo(1450);
    assertThat(truth.get("municipality_count").asInt()).isEqualTo(6);
    assertThat(truth.get("seed").asLong()).isEqualTo(5);
    assertThat(truth.get("tau").asDouble()).isEqualTo(0.02);
    assertThat(MAPPER.convertValue(truth.get("sizes"), int[].class))
        .containsExactly(40, 70, 121, 211, 368, 640);
    assertThat(truth.get("planted_effects")).hasSameSizeAs(
        Scenario.municipalitiesScenario().effects());
    assertThat(truth.get("municipalities").get(0).get("shifts"))
        .hasSameSizeAs(truth.get("planted_effects"));
  }

  /**
   * With tau 0 every municipality's effects are the national ones up to sampling in its own
   * sample: the national effect is exactly the episode-weighted mean of theirs.
   */
  @Test
  void withoutHeterogeneityTheNationalEffectIsTheWeightedMeanOfTheMunicipalities(
      @TempDir Path dir) throws IOException {
    generateSeveral(5, 200, 2000, 0, 8, dir);
    JsonNode truth = MAPPER.readTree(dir.resolve("truth.json").toFile());
    for (JsonNode municipality : truth.get("municipalities")) {
      for (JsonNode shift : municipality.get("shifts")) {
        assertThat(shift.asDouble()).isZero();
      }
    }
    JsonNode national = truth.get("national");
    for (int t = 0; t < national.size(); t++) {
      double sum = 0;
      long n = 0;
      for (JsonNode municipality : truth.get("municipalities")) {
        JsonNode record = municipality.get("truth").get(t);
        sum += record.get("effect").asDouble() * record.get("n_episodes").asLong();
        n += record.get("n_episodes").asLong();
      }
      assertThat(national.get(t).get("n_episodes").asLong()).isEqualTo(n);
      assertThat(national.get(t).get("effect").asDouble()).as(national.get(t).toString())
          .isCloseTo(sum / n, within(1e-12));
    }
  }

  /**
   * With tau 0.05 and K = 40 the shifts have SD near tau and mean near 0, and the
   * municipalities' effects scatter around the national effect with their mean within three
   * standard errors of it. A municipality's clients and interventions don't depend on tau, so
   * generating the same municipalities with tau 0 isolates what the shifts do: for the three
   * benefits (planted effects 0 to 2, truth records 0 to 2 of the scenario, no bound binding for
   * most clients) the change in a municipality's effect follows its own shift, with SD near tau.
   */
  @Test
  void heterogeneityShiftsTheMunicipalitiesEffectsByTau(@TempDir Path dir) throws IOException {
    double tau = 0.05;
    int k = 40;
    generateSeveral(k, 200, 800, tau, 21, dir.resolve("tau"));
    generateSeveral(k, 200, 800, 0, 21, dir.resolve("zero"));
    JsonNode truth = MAPPER.readTree(dir.resolve("tau").resolve("truth.json").toFile());
    JsonNode zero = MAPPER.readTree(dir.resolve("zero").resolve("truth.json").toFile());

    List<Double> shifts = new ArrayList<>();
    for (JsonNode municipality : truth.get("municipalities")) {
      municipality.get("shifts").forEach(shift -> shifts.add(shift.asDouble()));
    }
    assertThat(shifts).hasSize(k * Scenario.municipalitiesScenario().effects().size());
    assertThat(mean(shifts)).as("mean shift").isCloseTo(0, within(3 * tau / Math.sqrt(
        shifts.size())));
    assertThat(sd(shifts)).as("SD of the shifts").isBetween(0.85 * tau, 1.15 * tau);

    JsonNode national = truth.get("national");
    assertThat(national).as("the national effects don't depend on tau")
        .isEqualTo(zero.get("national"));
    for (int t = 0; t < national.size(); t++) {
      List<Double> effects = effects(truth, t);
      double standardError = sd(effects) / Math.sqrt(k);
      assertThat(mean(effects)).as("mean over municipalities of %s", national.get(t))
          .isCloseTo(national.get(t).get("effect").asDouble(), within(3 * standardError));
    }

    for (String file : List.of("clients.csv", "assessments.csv", "interventions.csv")) {
      assertThat(Files.readAllBytes(dir.resolve("tau").resolve("GM9001").resolve(file)))
          .as(file).isEqualTo(Files.readAllBytes(dir.resolve("zero").resolve("GM9001")
              .resolve(file)));
    }
    for (int e = 0; e < 3; e++) {
      List<Double> shifted = effects(truth, e);
      List<Double> unshifted = effects(zero, e);
      List<Double> change = new ArrayList<>();
      List<Double> own = new ArrayList<>();
      for (int m = 0; m < k; m++) {
        change.add(shifted.get(m) - unshifted.get(m));
        own.add(truth.get("municipalities").get(m).get("shifts").get(e).asDouble());
      }
      assertThat(sd(change)).as("SD of the change in %s", national.get(e))
          .isBetween(0.8 * tau, 1.5 * tau);
      assertThat(correlation(change, own)).as("change follows the own shift, %s",
          national.get(e)).isGreaterThan(0.7);
    }
  }

  @Test
  void severalMunicipalitiesAreDeterministic(@TempDir Path dir) throws IOException {
    generateSeveral(3, 50, 200, 0.02, 4, dir.resolve("a"));
    generateSeveral(3, 50, 200, 0.02, 4, dir.resolve("b"));
    generateSeveral(3, 50, 200, 0.02, 5, dir.resolve("c"));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir.resolve("a"))) {
      files = walk.filter(Files::isRegularFile).map(dir.resolve("a")::relativize).sorted()
          .toList();
    }
    assertThat(files).hasSize(1 + 3 * 5);
    for (Path file : files) {
      assertThat(Files.readAllBytes(dir.resolve("b").resolve(file))).as(file.toString())
          .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(file)));
    }
    assertThat(Files.readAllBytes(dir.resolve("c").resolve("truth.json")))
        .isNotEqualTo(Files.readAllBytes(dir.resolve("a").resolve("truth.json")));
  }

  /**
   * The scenario of several municipalities plants the default effects, reports at least ten
   * combinations the pipeline estimates (single interventions in ALL or an element subgroup,
   * cross-discipline pairs in ALL), some of them with no planted effect, and gives each at
   * least 30 episodes per arm in a municipality of 1,500 clients (counted from the extracts as
   * the journeys stage would: received = started 0 to 90 days after the assessment, not
   * cancelled). The default's triple is left out: its all-three arm is far smaller.
   */
  @Test
  void theScenarioOfSeveralMunicipalitiesHasTenEstimableCombinations(@TempDir Path dir)
      throws IOException {
    Scenario several = Scenario.municipalitiesScenario();
    assertThat(several.effects()).isEqualTo(Scenario.defaultScenario().effects());
    assertThat(several.truth()).hasSizeGreaterThanOrEqualTo(10)
        .startsWith(Scenario.defaultScenario().truth().stream()
            .filter(spec -> !spec.kind().equals(Scenario.TruthSpec.TRIPLE))
            // Timing is planted in one municipality's scenario only: pooling reads effects.
            .filter(spec -> !spec.kind().equals("sooner"))
            .toArray(Scenario.TruthSpec[]::new))
        .noneMatch(spec -> spec.kind().equals(Scenario.TruthSpec.TRIPLE));
    assertThat(several.truth()).filteredOn(spec -> spec.kind().equals("null")).hasSizeGreaterThan(2);
    Map<String, CatalogEntry> catalog = new HashMap<>();
    CatalogReader.bundled().forEach(entry -> catalog.put(entry.code(), entry));
    for (Scenario.TruthSpec spec : several.truth()) {
      if (spec.interventions().size() == 2) {
        assertThat(spec.element()).as("pairs are estimated in ALL").isEqualTo(Element.ALL);
        assertThat(catalog.get(spec.interventions().get(0)).discipline()).as("cross-discipline")
            .isNotEqualTo(catalog.get(spec.interventions().get(1)).discipline());
      }
    }

    MunicipalitiesGenerator.Summary summary = generateSeveral(2, 1500, 1500, several.tau(), 3,
        dir);
    for (MunicipalitiesGenerator.Municipality municipality : summary.municipalities()) {
      Map<String, Arms> arms = arms(dir.resolve(municipality.code()), several.truth());
      for (Scenario.TruthSpec spec : several.truth()) {
        Arms counted = arms.get(key(spec));
        assertThat(counted.treated()).as("%s %s treated", municipality.code(), key(spec))
            .isGreaterThanOrEqualTo(30);
        assertThat(counted.comparison()).as("%s %s comparison", municipality.code(), key(spec))
            .isGreaterThanOrEqualTo(30);
      }
      for (MunicipalityGenerator.TruthRecord record : municipality.summary().truth()) {
        if (record.kind().equals("null")) {
          assertThat(record.effect()).as("%s: no planted effect", record).isZero();
        }
      }
    }
  }

  @Test
  void clientsWithMunicipalitiesIsAUsageError(@TempDir Path dir) {
    assertUsageError(List.of("--clients", "--municipalities"), "generate", "--clients", "100",
        "--municipalities", "3", "--seed", "1", "--out", dir.toString());
    assertUsageError(List.of("--clients", "--municipalities"), "generate", "--seed", "1",
        "--out", dir.toString());
    assertUsageError(List.of("--tau"), "generate", "--clients", "100", "--tau", "0.1",
        "--seed", "1", "--out", dir.toString());
    assertUsageError(List.of("--max-clients"), "generate", "--municipalities", "3",
        "--min-clients", "500", "--max-clients", "400", "--seed", "1", "--out", dir.toString());
    assertUsageError(List.of("--municipalities"), "generate", "--municipalities", "1",
        "--seed", "1", "--out", dir.toString());
    assertThat(dir.toFile().list()).as("nothing written").isEmpty();
  }

  @Test
  void aFolderWithALeftOverMunicipalityIsRefused(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("GM9004"));
    assertUsageError(List.of("GM9004", "--out"), "generate", "--municipalities", "3",
        "--min-clients", "20", "--max-clients", "40", "--seed", "1", "--out", dir.toString());
  }

  @Test
  void theCommandLineWritesSeveralMunicipalities(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    assertThat(Main.execute(new PrintWriter(err, true), "generate", "--municipalities", "2",
        "--min-clients", "20", "--max-clients", "40", "--tau", "0", "--seed", "1", "--out",
        dir.toString())).as(err.toString()).isZero();
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("GM9001", "GM9002",
        "truth.json");
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static void assertUsageError(List<String> named, String... args) {
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(err, true), args);
    assertThat(code).as(err.toString()).isEqualTo(SamenspelException.EXIT_USAGE);
    assertThat(err.toString().lines().toList()).as("one line").hasSize(1);
    assertThat(err.toString()).startsWith("samenspel: ").contains(named);
  }

  private static List<Double> effects(JsonNode truth, int record) {
    List<Double> effects = new ArrayList<>();
    for (JsonNode municipality : truth.get("municipalities")) {
      effects.add(municipality.get("truth").get(record).get("effect").asDouble());
    }
    return effects;
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  private static double sd(List<Double> values) {
    double mean = mean(values);
    double sum = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
    return Math.sqrt(sum / (values.size() - 1));
  }

  private static double correlation(List<Double> x, List<Double> y) {
    double mx = mean(x);
    double my = mean(y);
    double sxy = 0;
    for (int i = 0; i < x.size(); i++) {
      sxy += (x.get(i) - mx) * (y.get(i) - my);
    }
    return sxy / (x.size() - 1) / (sd(x) * sd(y));
  }

  private static List<CSVRecord> read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
          .parse(reader).getRecords();
    }
  }

  /** Episodes in the treated and comparison arm of a combination (pairs: both and neither). */
  private record Arms(long treated, long comparison) {}

  private static String key(Scenario.TruthSpec spec) {
    return spec.element() + "|" + String.join("+", spec.interventions());
  }

  private static Map<String, Arms> arms(Path folder, List<Scenario.TruthSpec> specs)
      throws IOException {
    Map<String, LocalDate> assessed = new HashMap<>();
    Map<String, Set<String>> barriers = new HashMap<>();
    for (CSVRecord row : read(folder.resolve("assessments.csv"))) {
      String client = row.get(Contract.CLIENT_ID);
      assessed.put(client, LocalDate.parse(row.get(Contract.ASSESSMENT_DATE)));
      Set<String> elements = new HashSet<>();
      for (Element element : Element.values()) {
        String score = row.get(element.scoreColumn());
        if (!score.isEmpty() && Element.isBarrier(Integer.parseInt(score))) {
          elements.add(element.name());
        }
      }
      barriers.put(client, elements);
    }
    Map<String, Set<String>> received = new HashMap<>();
    for (CSVRecord row : read(folder.resolve("interventions.csv"))) {
      String client = row.get(Contract.CLIENT_ID);
      long days = ChronoUnit.DAYS.between(assessed.get(client),
          LocalDate.parse(row.get(Contract.START_DATE)));
      if (days >= 0 && days <= 90 && !Contract.STATUS_CANCELLED.equals(
          row.get(Contract.STATUS))) {
        received.computeIfAbsent(client, c -> new HashSet<>())
            .add(row.get(Contract.INTERVENTION_CODE));
      }
    }
    Map<String, Arms> arms = new HashMap<>();
    for (Scenario.TruthSpec spec : specs) {
      long treated = 0;
      long comparison = 0;
      for (String client : assessed.keySet()) {
        if (!spec.element().equals(Element.ALL) && !barriers.get(client).contains(
            spec.element())) {
          continue;
        }
        Set<String> codes = received.getOrDefault(client, Set.of());
        long count = spec.interventions().stream().filter(codes::contains).count();
        if (count == spec.interventions().size()) {
          treated++;
        } else if (count == 0) {
          comparison++;
        }
      }
      arms.put(key(spec), new Arms(treated, comparison));
    }
    return arms;
  }
}
