package nl.samenspel.pipelines.pool;

import static nl.samenspel.pipelines.pool.PublishedEvidence.definitions;
import static nl.samenspel.pipelines.pool.PublishedEvidence.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.evidence.Combination;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.SparkTestSession;
import nl.samenspel.pipelines.cli.Main;
import nl.samenspel.pipelines.publish.SchemaCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samenspel pool} through the CLI on evidence.json files made the way runs make them:
 * a pooled publish in every format that passes its schema and its audit, and every kind of bad
 * input refused with one line, a non-zero exit and nothing published.
 */
class PoolCommandTest {

  private static final String SE = "SELF_EFFICACY";
  private static final String COACHING = "KM_SELF_EFFICACY_COACHING";
  private static final String TRAINING = "KM_APPLICATION_TRAINING";

  @BeforeAll
  static void spark() {
    SparkTestSession.get();
  }

  /** Five municipalities with a common coaching effect around +8 pp and a null training one. */
  private static List<Path> municipalities(Path root) throws Exception {
    double[] coaching = {0.09, 0.06, 0.11, 0.07, 0.08};
    double[] training = {0.01, -0.02, 0.00, 0.02, -0.01};
    List<Path> dirs = new ArrayList<>();
    for (int m = 0; m < coaching.length; m++) {
      String code = "GM900" + (m + 1);
      Map<Combination, SubgroupEstimation.SkipReason> skipped = m == 4
          ? Map.of(new Combination("ALL", List.of(TRAINING)),
              SubgroupEstimation.SkipReason.NO_OVERLAP) : Map.of();
      List<PublishedEvidence.Finding> findings = new ArrayList<>(List.of(
          single(SE, COACHING, coaching[m], 0.04 + 0.01 * m, 200 + 50 * m, 800)));
      if (m < 4) {
        findings.add(single("ALL", TRAINING, training[m], 0.03, 300, 1200));
      }
      Path dir = root.resolve(code);
      PublishedEvidence.write(dir, PublishedEvidence.json(code, definitions(90), findings,
          skipped));
      dirs.add(dir);
    }
    return dirs;
  }

  private static int pool(StringWriter err, String... args) {
    return Main.execute(new PrintWriter(err, true), args);
  }

  @Test
  void poolsIntoEveryFormatAndPassesSchemaAndAudit(@TempDir Path tmp) throws Exception {
    List<Path> dirs = municipalities(tmp.resolve("in"));
    Path out = tmp.resolve("pooled");
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of("pool", "--out", out.toString(), "--evidence"));
    dirs.forEach(d -> args.add(d.toString()));
    int code = pool(err, args.toArray(String[]::new));

    assertThat(code).as(err.toString()).isZero();
    Path published = out.resolve("published");
    assertThat(Files.list(published).map(p -> p.getFileName().toString()).sorted().toList())
        .containsExactly("index.html", "pooled.csv", "pooled.json", "pooled.parquet",
            "pooled.schema.json", "report.pdf");
    String json = Files.readString(published.resolve("pooled.json"), StandardCharsets.UTF_8);
    assertThat(SchemaCheck.validate(SchemaCheck.POOLED, json)).isEmpty();
    JsonNode root = new ObjectMapper().readTree(json);
    assertThat(root.path("pool").path("publications").asInt()).isEqualTo(5);
    JsonNode coaching = find(root, SE, COACHING);
    assertThat(coaching.path("k").asInt()).isEqualTo(5);
    assertThat(coaching.path("estimate").asDouble()).isBetween(0.06, 0.11);
    assertThat(coaching.path("ci_low").asDouble()).isPositive();
    assertThat(coaching.path("n_treated").asLong()).isEqualTo(200 + 250 + 300 + 350 + 400);
    assertThat(coaching.path("few_municipalities").asBoolean()).isFalse();
    JsonNode training = find(root, "ALL", TRAINING);
    assertThat(training.path("k").asInt()).isEqualTo(4);
    assertThat(training.path("few_municipalities").asBoolean()).isTrue();
    assertThat(training.path("not_estimated").get(0).path("municipality").asText())
        .isEqualTo("GM9005");
    assertThat(training.path("not_estimated").get(0).path("reason").asText())
        .isEqualTo("NO_OVERLAP");
    String html = Files.readString(published.resolve("index.html"), StandardCharsets.UTF_8);
    assertThat(html).contains("GM9003").contains("<polygon");
    assertThat(Files.readString(published.resolve("pooled.csv"))).contains(COACHING);
    assertThat(Files.list(out.resolve("runs")).count()).isEqualTo(1);
  }

  @Test
  void aMunicipalityIsComparedWithThePoolOfTheOthers(@TempDir Path tmp) throws Exception {
    List<Path> dirs = municipalities(tmp.resolve("in"));
    Path out = tmp.resolve("pooled");
    List<String> args = new ArrayList<>(List.of("pool", "--out", out.toString(), "--evidence"));
    dirs.forEach(d -> args.add(d.toString()));
    StringWriter err = new StringWriter();
    assertThat(pool(err, args.toArray(String[]::new))).as(err.toString()).isZero();
    PooledFile pooled = PooledFile.read(out.resolve("published/pooled.json"));
    pooled.requireSameDefinitions(definitions(90));
    Combination coaching = new Combination(SE, List.of(COACHING));
    Combination training = new Combination("ALL", List.of(TRAINING));
    // GM9001 is one of the five: it is left out, so it is compared with the other four.
    var comparisons = pooled.compare("GM9001", Map.of(coaching, new double[] {0.09, 0.02},
        training, new double[] {0.30, 0.02}));
    assertThat(comparisons.get(coaching).k()).isEqualTo(4);
    assertThat(comparisons.get(coaching).leftOut()).isTrue();
    assertThat(comparisons.get(coaching).inLine()).isTrue();
    // +30 pp where the others found about 0 with little spread: it differs.
    assertThat(comparisons.get(training).k()).isEqualTo(3);
    assertThat(comparisons.get(training).inLine()).isFalse();
    // A municipality that did not contribute is compared with all five.
    assertThat(pooled.compare("GM0855", Map.of(coaching, new double[] {0.09, 0.02}))
        .get(coaching).k()).isEqualTo(5);
    assertThatThrownBy(() -> pooled.requireSameDefinitions(definitions(60)))
        .hasMessageContaining("definitions.window_days is 90 there and 60 in this run");
  }

  @Test
  void thePooledSchemaNamesEveryReasonThePooledRuleCanGive() throws Exception {
    JsonNode schema = new ObjectMapper().readTree(SchemaCheck.text(SchemaCheck.POOLED));
    List<String> named = new ArrayList<>();
    schema.at("/properties/combinations/items/properties/certainty_reasons/items/enum")
        .forEach(r -> named.add(r.asText()));
    // Every reason but those only a municipality's own rule gives (its groups and balance).
    List<String> pooled = java.util.Arrays.stream(nl.samenspel.grading.Reason.values())
        .map(Enum::name).filter(r -> !List.of("SMALL_GROUPS", "IMBALANCE", "SEVERE_IMBALANCE",
            "NARROW_POPULATION").contains(r)).toList();
    assertThat(named).containsExactlyInAnyOrderElementsOf(pooled);
  }

  private static JsonNode find(JsonNode root, String element, String code) {
    for (JsonNode c : root.path("combinations")) {
      if (c.path("element").asText().equals(element)
          && c.path("interventions").get(0).asText().equals(code)) {
        return c;
      }
    }
    throw new AssertionError("no pooled " + element + " " + code);
  }

  @Test
  void refusesBadInputWithOneLineAndPublishesNothing(@TempDir Path tmp) throws Exception {
    List<Path> dirs = municipalities(tmp.resolve("in"));
    Path notEvidence = tmp.resolve("other.json");
    Files.writeString(notEvidence, "{\"hello\": 1}");
    Path notJson = tmp.resolve("broken").resolve("evidence.json");
    Files.createDirectories(notJson.getParent());
    Files.writeString(notJson, "{not json");
    Path failsSchema = tmp.resolve("schema").resolve("evidence.json");
    Files.createDirectories(failsSchema.getParent());
    Files.writeString(failsSchema, Files.readString(PublishedEvidence.write(tmp.resolve("x"),
        PublishedEvidence.json("GM9100", definitions(90), List.of(single(SE, COACHING, 0.05,
            0.03, 100, 400)), Map.of()))).replace("\"estimate\" : 0.05,", "\"estimate\" : \"five\","));
    Path otherWindow = PublishedEvidence.write(tmp.resolve("window"), PublishedEvidence.json(
        "GM9200", definitions(60), List.of(single(SE, COACHING, 0.05, 0.03, 100, 400)),
        Map.of()));
    Path twice = PublishedEvidence.write(tmp.resolve("twice"), PublishedEvidence.json("GM9001",
        definitions(90), List.of(single(SE, COACHING, 0.05, 0.03, 100, 400)), Map.of()));

    String first = dirs.get(0).toString();
    assertRefused(tmp, SamenspelException.EXIT_INPUT, "is not a Samenspel evidence.json",
        first, notEvidence.toString());
    assertRefused(tmp, SamenspelException.EXIT_INPUT, "not JSON", first, notJson.toString());
    assertRefused(tmp, SamenspelException.EXIT_INPUT, "fails evidence.schema.json at "
        + "/combinations/0/estimate", first, failsSchema.toString());
    assertRefused(tmp, SamenspelException.EXIT_INPUT, "differ in definitions.window_days "
        + "(90 vs 60)", first, otherWindow.toString());
    assertRefused(tmp, SamenspelException.EXIT_INPUT, "Municipality GM9001 appears in both",
        first, twice.toString());
    assertRefused(tmp, SamenspelException.EXIT_INPUT, "not found", first,
        tmp.resolve("missing").toString());
  }

  private static void assertRefused(Path tmp, int exit, String message, String... evidence)
      throws Exception {
    Path out = tmp.resolve("out-" + Math.abs(message.hashCode()));
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of("pool", "--out", out.toString(), "--evidence"));
    args.addAll(List.of(evidence));
    int code = pool(err, args.toArray(String[]::new));
    assertThat(code).as(message).isEqualTo(exit);
    assertThat(err.toString().strip().lines().count()).as(err.toString()).isEqualTo(1);
    assertThat(err.toString()).startsWith("samenspel: ").contains(message)
        .doesNotContain("Exception");
    assertThat(out.resolve("published")).doesNotExist();
  }

  @Test
  void theAuditCatchesATotalThatAddsInASuppressedCount(@TempDir Path tmp) throws Exception {
    List<Path> dirs = municipalities(tmp.resolve("in"));
    Path out = tmp.resolve("pooled");
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of("pool", "--out", out.toString(), "--evidence"));
    dirs.forEach(d -> args.add(d.toString()));
    assertThat(pool(err, args.toArray(String[]::new))).as(err.toString()).isZero();
    // A municipality that suppressed its treated count, while the pooled total still adds it
    // in: subtracting the other municipalities' counts would give it back.
    Path source = dirs.get(2).resolve("releases/20261130T000000Z-0001/evidence.json");
    String text = Files.readString(source);
    Files.writeString(source, text.replaceFirst("\"n_treated\" : 300,", "\"n_treated\" : null,"));
    List<Path> sources = new ArrayList<>();
    dirs.forEach(d -> sources.add(d.resolve("releases/20261130T000000Z-0001/evidence.json")));
    var violations = nl.samenspel.pipelines.publish.PooledAudit.check(
        out.resolve("published").toRealPath(), sources,
        nl.samenspel.disclosure.DisclosureRules.DEFAULT, SparkTestSession.get());
    assertThat(violations).extracting(v -> v.kind().name()).contains("RECOVERABLE");
    assertThat(violations.toString()).contains("GM9003");
  }
}
