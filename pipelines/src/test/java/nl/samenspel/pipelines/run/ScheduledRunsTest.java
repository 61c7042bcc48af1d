package nl.samenspel.pipelines.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.SparkTestSession;
import nl.samenspel.pipelines.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs an analyst schedules: the drift gate against the previous published run, and reporting
 * periods that are replaced only when intended. Each case runs the whole CLI in-process on a
 * small synthetic municipality.
 */
@Tag("slow")
class ScheduledRunsTest {

  @TempDir
  static Path valid;

  @BeforeAll
  static void generate() throws IOException {
    SparkTestSession.get();
    assertThat(Main.execute(new PrintWriter(new StringWriter()), "generate", "--clients", "120",
        "--seed", "21", "--out", valid.toString())).isZero();
    Files.delete(valid.resolve("truth.json"));
  }

  record Result(int exitCode, String stderr) {}

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(err, true), args);
    return new Result(code, err.toString());
  }

  private static Path copy(Path target) throws IOException {
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(valid)) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    }
    return target;
  }

  static Map<String, String> sha256(Path folder) throws IOException {
    Map<String, String> sums = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder.toRealPath())) {
      for (Path file : files.toList()) {
        sums.put(file.getFileName().toString(), HexFormat.of().formatHex(
            digest(Files.readAllBytes(file))));
      }
    }
    return sums;
  }

  private static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode lastManifest(Path out) throws IOException {
    try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
      Path run = runs.sorted().reduce((a, b) -> b).orElseThrow();
      return new ObjectMapper().readTree(run.resolve("manifest.json").toFile());
    }
  }

  @Test
  void driftBlocksThePublishUntilAccepted(@TempDir Path dir) throws IOException {
    Path input = copy(dir.resolve("in"));
    Path out = dir.resolve("out");
    Result first = run("run", "--input", input.toString(), "--out", out.toString());
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    Map<String, String> published = sha256(out.resolve("published"));
    assertThat(lastManifest(out).get("drift").get("compared_with").isNull()).isTrue();

    // The next export lost its scores for most assessments (an export that changed).
    Path assessments = input.resolve("assessments.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(assessments));
    for (int i = 1; i < lines.size(); i++) {
      if (i % 3 != 0) {
        String[] fields = lines.get(i).split(",", -1);
        fields[9] = ""; // score_context
        lines.set(i, String.join(",", fields));
      }
    }
    Files.write(assessments, lines, StandardCharsets.UTF_8);
    Result blocked = run("run", "--input", input.toString(), "--out", out.toString());
    assertThat(blocked.exitCode()).as(blocked.stderr()).isEqualTo(SamenspelException.EXIT_QUALITY);
    assertThat(blocked.stderr().lines().toList()).hasSize(1);
    assertThat(blocked.stderr()).contains("Drift gate", "empty values in assessments.score_context",
        "--accept-drift");
    assertThat(sha256(out.resolve("published"))).as("previous publish untouched")
        .isEqualTo(published);
    JsonNode manifest = lastManifest(out);
    assertThat(manifest.get("status").asText()).isEqualTo("blocked");
    assertThat(manifest.get("drift").get("changes").size()).isPositive();

    Result accepted = run("run", "--input", input.toString(), "--out", out.toString(),
        "--accept-drift");
    assertThat(accepted.exitCode()).as(accepted.stderr()).isZero();
    assertThat(lastManifest(out).get("drift").get("accepted_by_flag").asBoolean()).isTrue();
    assertThat(sha256(out.resolve("published"))).isNotEqualTo(published);
  }

  @Test
  void aPeriodIsReplacedOnlyWhenIntended(@TempDir Path dir) throws IOException {
    Path input = copy(dir.resolve("in"));
    Path out = dir.resolve("out");
    String[] args = {"run", "--input", input.toString(), "--out", out.toString(), "--period",
        "2023"};
    Result first = run(args);
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    Path period = out.resolve("published").resolve("2023");
    assertThat(Files.isSymbolicLink(period)).isTrue();
    Map<String, String> published = sha256(period);
    assertThat(lastManifest(out).get("period").asText()).isEqualTo("2023");

    // Same input again: idempotent, byte-identical.
    Result again = run(args);
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    assertThat(sha256(period)).isEqualTo(published);

    // A different extract for a period already published: refused, publish untouched.
    Path outcomes = input.resolve("outcomes.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(outcomes));
    lines.remove(lines.size() - 1);
    Files.write(outcomes, lines, StandardCharsets.UTF_8);
    Result refused = run(args);
    assertThat(refused.exitCode()).as(refused.stderr())
        .isEqualTo(SamenspelException.EXIT_PERIOD_PUBLISHED);
    assertThat(refused.stderr()).contains("Period 2023 was already published",
        "--replace-period");
    assertThat(sha256(period)).isEqualTo(published);

    // Another period beside it, then the intended replacement.
    Result other = run("run", "--input", input.toString(), "--out", out.toString(), "--period",
        "2023-Q4");
    assertThat(other.exitCode()).as(other.stderr()).isZero();
    Result replaced = run("run", "--input", input.toString(), "--out", out.toString(),
        "--period", "2023", "--replace-period");
    assertThat(replaced.exitCode()).as(replaced.stderr()).isZero();
    assertThat(Files.exists(out.resolve("published").resolve("2023-Q4").resolve("index.html")))
        .as("the other period stays").isTrue();
    try (Stream<Path> releases = Files.list(out.resolve("releases").resolve("2023"))) {
      assertThat(releases.toList()).as("one release per period").hasSize(1);
    }
    // Mixing a publish of everything into a folder of periods is refused.
    Result mixed = run("run", "--input", input.toString(), "--out", out.toString());
    assertThat(mixed.exitCode()).isEqualTo(SamenspelException.EXIT_USAGE);
    assertThat(mixed.stderr()).contains("holds publishes per period");
  }
}
