package nl.samenspel.pipelines.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nl.samenspel.pipelines.Checkpoints;
import nl.samenspel.pipelines.ChildRun;
import nl.samenspel.pipelines.cli.Main;
import nl.samenspel.pipelines.run.OutputLock;
import nl.samenspel.pipelines.run.Releases;
import nl.samenspel.pipelines.run.RunManifest;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run killed with SIGKILL, in a real child JVM, at every checkpoint from mid-ingest to just
 * before the {@code published} link is swapped, leaves the previous publish byte for byte as it
 * was; the next run succeeds, cleans up what the killed runs left in {@code releases/}, and
 * publishes exactly the same bytes as the first run (same input and configuration).
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KillSafetyTest {

  private static final int CLIENTS = 300;
  private static final long SEED = 11;
  /**
   * Longest wait for a child to reach a checkpoint or to finish a run: a guard against a hang,
   * not a performance limit (a run takes under a minute on an idle machine, several on a busy
   * one).
   */
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  private Path input;
  private Path out;
  /** Fixed for every child, so that a run crossing midnight (UTC) can't change the input. */
  private final String referenceDate = LocalDate.now(ZoneOffset.UTC).toString();
  /** SHA-256 of every file of the first publish, by path relative to the release folder. */
  private Map<String, String> baseline;
  private String baselineRun;
  private final long started = System.nanoTime();
  private final Map<String, String> timings = new LinkedHashMap<>();

  @BeforeAll
  void generateAndPublishOnce() throws Exception {
    input = dir.resolve("in");
    out = dir.resolve("out");
    assertThat(Main.execute(new PrintWriter(new StringWriter()), "generate", "--clients",
        Integer.toString(CLIENTS), "--seed", Long.toString(SEED), "--out", input.toString()))
        .isZero();

    ChildRun.Started first = start("baseline", null);
    awaitSuccess(first);
    timings.put("baseline run", String.format("%.1f s", first.seconds()));
    Path published = out.resolve(Releases.PUBLISHED);
    assertThat(Files.isSymbolicLink(published)).as("published is a link" + first.tails()).isTrue();
    baseline = checksums(published);
    assertThat(baseline).as(first.tails()).containsKeys("evidence.json", "evidence.csv",
        "evidence.parquet", "index.html", "report.pdf", "evidence.schema.json");
    baselineRun = Files.readSymbolicLink(published).getFileName().toString();
    assertThat(status(baselineRun)).isEqualTo("published");
  }

  @AfterAll
  void report() {
    timings.put("total", String.format("%.1f s", (System.nanoTime() - started) / 1e9));
    System.out.println("KillSafetyTest timings: " + timings);
  }

  @Order(1)
  @ParameterizedTest(name = "killed at {0}")
  // Five stages, from mid-ingest to the moment between the release rename and the link swap.
  // (Checkpoints.QUALITY and PUBLISH_AUDITED also exist; they passed when run, and are left out
  // to keep the suite's time down.)
  @ValueSource(strings = {Checkpoints.INGEST, Checkpoints.JOURNEYS, Checkpoints.ESTIMATE,
      Checkpoints.PUBLISH_STAGING, Checkpoints.PUBLISH_SWAPPED})
  void killAtCheckpointLeavesThePreviousPublishIntact(String checkpoint) throws Exception {
    Set<String> runsBefore = runs();
    ChildRun.Started child = start("kill-" + checkpoint, checkpoint);
    double reached = child.awaitLine("hold " + checkpoint, TIMEOUT);
    timings.put(checkpoint, String.format("%.1f s", reached));
    System.out.printf("KillSafetyTest: child reached %s after %.1f s%n", checkpoint, reached);
    assertThat(child.kill()).as("killed by SIGKILL (128 + 9)" + child.tails()).isEqualTo(137);
    String context = " (killed at " + checkpoint + ")" + child.tails();

    Path published = out.resolve(Releases.PUBLISHED);
    assertThat(Files.isSymbolicLink(published)).as("published is still a link" + context)
        .isTrue();
    assertThat(Files.isDirectory(published)).as("published still resolves" + context).isTrue();
    assertThat(Files.readSymbolicLink(published).getFileName().toString())
        .as("published still points at the first release" + context).isEqualTo(baselineRun);
    assertSameBytes(checksums(published), "the previous publish, byte for byte" + context);

    Set<String> killedRuns = new TreeSet<>(runs());
    killedRuns.removeAll(runsBefore);
    assertThat(killedRuns).as("one new run folder" + context).hasSize(1);
    String killed = killedRuns.iterator().next();
    assertThat(status(killed)).as("the killed run never finished" + context)
        .isEqualTo("running");

    // The kill happened where the checkpoint says it is.
    Path releases = out.resolve(Releases.RELEASES);
    Path staging = releases.resolve(killed + ".staging");
    switch (checkpoint) {
      case Checkpoints.PUBLISH_STAGING -> assertThat(staging).as(context)
          .isDirectoryContaining(p -> p.getFileName().toString().equals("evidence.json"))
          .isDirectoryNotContaining(p -> p.getFileName().toString().equals("report.pdf"));
      case Checkpoints.PUBLISH_AUDITED -> assertThat(staging).as(context)
          .isDirectoryContaining(p -> p.getFileName().toString().equals("report.pdf"));
      case Checkpoints.PUBLISH_SWAPPED -> assertThat(releases.resolve(killed)).as(context)
          .isDirectory();
      default -> assertThat(staging).as(context).doesNotExist();
    }
  }

  @Order(2)
  @Test
  void nextRunSucceedsCleansUpAndPublishesTheSameBytes() throws Exception {
    ChildRun.Started next = start("after-kills", null);
    awaitSuccess(next);
    timings.put("run after kills", String.format("%.1f s", next.seconds()));
    String context = next.tails();
    Path published = out.resolve(Releases.PUBLISHED);
    assertThat(Files.isSymbolicLink(published)).as("published is a link" + context).isTrue();
    String run = Files.readSymbolicLink(published).getFileName().toString();
    List<String> releases;
    try (Stream<Path> entries = Files.list(out.resolve(Releases.RELEASES))) {
      releases = entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<String> hidden;
    try (Stream<Path> entries = Files.list(out)) {
      // The output folder's lock file stays (only a held lock means a run is going).
      hidden = entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))
          .filter(n -> !n.equals(OutputLock.FILE)).toList();
    }
    Map<String, String> now = checksums(published);
    SoftAssertions.assertSoftly(softly -> {
      softly.assertThat(run).as("a new release" + context).isNotEqualTo(baselineRun);
      softly.assertThat(status(run)).as("status of the new run" + context)
          .isEqualTo("published");
      softly.assertThat(releases).as("only the current release is left" + context)
          .containsExactly(run);
      softly.assertThat(hidden).as("no temporary link left" + context).isEmpty();
      softly.assertThat(now).as("same input and configuration, same bytes; files that differ: "
          + differing(now) + context).isEqualTo(baseline);
    });
  }

  // ------------------------------------------------------------------------------------------

  private Set<String> runs() throws IOException {
    try (Stream<Path> folders = Files.list(out.resolve(RunManifest.RUNS))) {
      return folders.map(p -> p.getFileName().toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private String status(String runId) {
    try {
      JsonNode manifest = JSON.readTree(out.resolve(RunManifest.RUNS).resolve(runId)
          .resolve(RunManifest.FILE).toFile());
      return manifest.path("status").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void assertSameBytes(Map<String, String> now, String description) {
    assertThat(now).as(description + "; files that differ: " + differing(now))
        .isEqualTo(baseline);
  }

  /** Files missing, added or changed against the baseline. */
  private Set<String> differing(Map<String, String> now) {
    Set<String> names = new TreeSet<>(baseline.keySet());
    names.addAll(now.keySet());
    names.removeIf(name -> Objects.equals(baseline.get(name), now.get(name)));
    return names;
  }

  /** SHA-256 of every regular file under the folder a link points to, by relative path. */
  static Map<String, String> checksums(Path link) throws IOException {
    Path root = link.toRealPath();
    Map<String, String> sums = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .toList()) {
        sums.put(root.relativize(file).toString(), sha256(Files.readAllBytes(file)));
      }
    }
    return sums;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One {@code samenspel run} in a child JVM, held at {@code holdAt} when it is not null. */
  private ChildRun.Started start(String name, String holdAt) throws IOException {
    return ChildRun.start(dir.resolve("logs").resolve(name),
        holdAt == null ? Map.of() : Map.of("SAMENSPEL_HOLD_AT", holdAt),
        "run", "--input", input.toString(), "--out", out.toString(), "--reference-date",
        referenceDate, "--master", "local[2]");
  }

  /** Waits for the child's end and checks that it exited with 0. */
  private static void awaitSuccess(ChildRun.Started child) throws Exception {
    ChildRun.Result result = child.await((int) TIMEOUT.toMinutes());
    assertThat(result.exitCode()).as("exit code" + child.tails()).isZero();
  }
}
