package nl.samenspel.pipelines.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.samenspel.pipelines.SparkTestSession;
import nl.samenspel.pipelines.cli.Main;
import nl.samenspel.pipelines.run.RunManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an analyst and a scheduler see while a run works: the whole CLI in-process on a small
 * generated municipality, its console captured (not a terminal, as under cron or Airflow), with
 * a progress interval of one second so that a short estimate stage still shows several lines.
 */
@Tag("slow")
class ProgressEventsTest {

  private static final int CLIENTS = 1_500;
  /**
   * 18 interventions, 105 cross-discipline pairs and 200 triples (one intervention of each
   * discipline: 8 x 5 x 5) in each of 29 subgroups (ALL, 7 elements, 21 profiles).
   */
  private static final long COMBINATIONS = 9_367;
  private static final Pattern ESTIMATE = Pattern.compile(
      "^estimate ([\\d,]+) of ([\\d,]+) combinations \\(\\d+%\\), .* elapsed.*; \\d+ of 29 groups "
          + "done(, under way: [A-Z_+]+ [\\d,]+/323.*)?$");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  record Console(int exitCode, String out, String err) {}

  @BeforeAll
  static void generate() {
    SparkTestSession.get();
    assertThat(Main.execute(new PrintWriter(new StringWriter()), "generate", "--clients",
        Integer.toString(CLIENTS), "--seed", "7", "--out", dir.resolve("in").toString()))
        .isZero();
  }

  private static Console run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Console(code, out.toString(), err.toString());
  }

  private static long number(String text) {
    return Long.parseLong(text.replace(",", ""));
  }

  @Test
  void plainProgressLinesShowCombinationsSettledOutOfTheTotal() throws IOException {
    Path out = dir.resolve("text");
    Console console = run("run", "--input", dir.resolve("in").toString(), "--out",
        out.toString(), "--progress", "plain", "--progress-interval", "1");
    assertThat(console.exitCode()).as(console.err()).isZero();
    List<String> lines = console.out().lines().toList();
    assertThat(console.out()).doesNotContain("\r");

    List<long[]> estimate = new ArrayList<>();
    for (String line : lines) {
      Matcher matcher = ESTIMATE.matcher(line);
      if (matcher.matches()) {
        estimate.add(new long[] {number(matcher.group(1)), number(matcher.group(2))});
      }
    }
    assertThat(estimate).as(console.out()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(estimate).allSatisfy(p -> assertThat(p[1]).isEqualTo(COMBINATIONS));
    for (int i = 1; i < estimate.size(); i++) {
      assertThat(estimate.get(i)[0]).as("never counts back").isGreaterThanOrEqualTo(
          estimate.get(i - 1)[0]);
    }
    assertThat(estimate.stream().map(p -> p[0]).distinct().count()).as("the count moves: "
        + console.out()).isGreaterThanOrEqualTo(2);
    assertThat(estimate.get(estimate.size() - 1)[0]).isLessThanOrEqualTo(COMBINATIONS);

    // Ingest shows rows read per extract, journeys and publish at least their time.
    assertThat(lines).anyMatch(l -> l.startsWith("ingest   rows read: clients.csv "));
    assertThat(lines).contains("estimate started: 9,367 combinations in 29 subgroups")
        .anyMatch(l -> l.startsWith("estimate done in "))
        .anyMatch(l -> l.startsWith("evidence: "));
    // The run log has the same lines with time stamps, progress included.
    Path log;
    try (Stream<Path> runs = Files.list(out.resolve(RunManifest.RUNS))) {
      log = runs.findFirst().orElseThrow().resolve(RunManifest.LOG);
    }
    assertThat(Files.readString(log)).contains(" estimate started: 9,367 combinations")
        .containsPattern(" estimate [\\d,]+ of 9,367 combinations");
    // The manifest says what showing progress cost each stage: more than nothing (it was
    // shown), a small part of the stage.
    JsonNode estimateMetrics = new ObjectMapper().readTree(log.resolveSibling(RunManifest.FILE)
        .toFile()).get("stage_metrics").get("estimate");
    assertThat(estimateMetrics.get("progress_seconds").asDouble()).isPositive()
        .isLessThan(0.1 * estimateMetrics.get("seconds").asDouble());
  }

  @Test
  void jsonEventsParseFollowTheStagesAndEndWithTheExitCode() throws IOException {
    Path out = dir.resolve("json");
    Console console = run("run", "--input", dir.resolve("in").toString(), "--out",
        out.toString(), "--log-format", "json", "--progress-interval", "1");
    assertThat(console.exitCode()).as(console.err()).isZero();
    List<JsonNode> events = new ArrayList<>();
    for (String line : console.out().lines().toList()) {
      events.add(JSON.readTree(line)); // every line is one JSON object
    }
    assertThat(events).isNotEmpty();
    JsonNode first = events.get(0);
    JsonNode last = events.get(events.size() - 1);
    assertThat(first.get("event").asText()).isEqualTo("run_started");
    String runId = first.get("run_id").asText();
    assertThat(out.resolve(RunManifest.RUNS).resolve(runId)).isDirectory();
    assertThat(events).allSatisfy(e -> {
      assertThat(e.get("run_id").asText()).isEqualTo(runId);
      assertThat(e.get("time").asText()).endsWith("Z");
      assertThat(e.hasNonNull("message")).isTrue();
    });
    assertThat(last.get("event").asText()).isEqualTo("run_finished");
    assertThat(last.get("exit_code").asInt()).isZero();
    assertThat(last.get("status").asText()).isEqualTo("published");
    assertThat(Path.of(last.get("evidence").asText())).exists();

    List<String> stages = events.stream().filter(e -> e.get("event").asText()
        .equals("stage_finished")).map(e -> e.get("stage").asText()).toList();
    assertThat(stages).containsExactly("ingest", "journeys", "estimate", "publish");
    assertThat(events).filteredOn(e -> e.get("event").asText().equals("counts"))
        .anySatisfy(e -> assertThat(e.path("episodes").asLong()).isEqualTo(CLIENTS))
        .anySatisfy(e -> assertThat(e.path("rows_read").asLong()).isEqualTo(CLIENTS));
    List<JsonNode> estimate = events.stream().filter(e -> e.get("event").asText()
        .equals("progress") && e.get("stage").asText().equals("estimate")).toList();
    assertThat(estimate).isNotEmpty().allSatisfy(e -> {
      assertThat(e.get("total").asLong()).isEqualTo(COMBINATIONS);
      assertThat(e.get("parts")).hasSize(29);
    });
    for (int i = 1; i < estimate.size(); i++) {
      assertThat(estimate.get(i).get("done").asLong())
          .isGreaterThanOrEqualTo(estimate.get(i - 1).get("done").asLong());
    }
  }
}
