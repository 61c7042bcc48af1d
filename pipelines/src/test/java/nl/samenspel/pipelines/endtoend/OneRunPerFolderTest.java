package nl.samenspel.pipelines.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nl.samenspel.pipelines.ChildRun;
import nl.samenspel.pipelines.Checkpoints;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.SparkTestSession;
import nl.samenspel.pipelines.cli.Main;
import nl.samenspel.pipelines.run.OutputLock;
import nl.samenspel.pipelines.run.Releases;
import nl.samenspel.pipelines.run.RunManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run per output folder, across processes: a run held at a checkpoint in a child JVM keeps
 * a second run (this JVM) out of its folder, then finishes and publishes; a run killed with
 * SIGKILL leaves a lock file but no lock, so the next run goes ahead.
 */
@Tag("slow")
class OneRunPerFolderTest {

  private static final int CLIENTS = 1_000;
  /** A guard against a hang, not a performance limit. */
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;
  static Path input;

  record Console(int exitCode, String out, String err) {}

  @BeforeAll
  static void generate() {
    SparkTestSession.get();
    input = dir.resolve("in");
    assertThat(Main.execute(new PrintWriter(new StringWriter()), "generate", "--clients",
        Integer.toString(CLIENTS), "--seed", "3", "--out", input.toString())).isZero();
  }

  private static Console here(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Console(code, out.toString(), err.toString());
  }

  private static List<String> runs(Path out) throws IOException {
    try (Stream<Path> folders = Files.list(out.resolve(RunManifest.RUNS))) {
      return folders.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aSecondRunOnTheSameFolderStopsAtOnceWhileTheFirstFinishesAndPublishes()
      throws Exception {
    Path out = dir.resolve("shared");
    Path release = dir.resolve("release-first");
    ChildRun.Started first = ChildRun.start(dir.resolve("logs-first"), Map.of(
            "SAMENSPEL_HOLD_AT", Checkpoints.JOURNEYS,
            "SAMENSPEL_HOLD_RELEASE", release.toString()),
        "run", "--input", input.toString(), "--out", out.toString(), "--master", "local[2]",
        "--progress", "none");
    first.awaitLine("hold " + Checkpoints.JOURNEYS, TIMEOUT);
    List<String> runsBefore = runs(out);
    assertThat(runsBefore).hasSize(1);
    String firstRun = runsBefore.get(0);
    JsonNode holder = JSON.readTree(out.resolve(OutputLock.FILE).toFile());
    assertThat(holder.get("run_id").asText()).isEqualTo(firstRun);
    assertThat(holder.get("pid").asLong()).isEqualTo(first.pid());

    long started = System.nanoTime();
    Console second = here("run", "--input", input.toString(), "--out", out.toString());
    Console check = here("check", "--input", input.toString(), "--out", out.toString(),
        "--log-format", "json");
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(second.exitCode()).as(second.err()).isEqualTo(SamenspelException.EXIT_BUSY);
    assertThat(second.err().lines().toList()).as("one line").hasSize(1);
    assertThat(second.err()).startsWith("samenspel: Output folder ")
        .contains("is in use by run " + firstRun, "started " + holder.get("started").asText(),
            "--out")
        .doesNotContain("Exception");
    assertThat(second.out()).isEmpty();
    assertThat(check.exitCode()).isEqualTo(SamenspelException.EXIT_BUSY);
    JsonNode busy = JSON.readTree(check.out().strip());
    assertThat(busy.get("event").asText()).isEqualTo("run_finished");
    assertThat(busy.get("status").asText()).isEqualTo("busy");
    assertThat(busy.get("exit_code").asInt()).isEqualTo(SamenspelException.EXIT_BUSY);
    assertThat(seconds).as("both stop at once, before Spark or any extract").isLessThan(30);
    assertThat(runs(out)).as("nothing of theirs in the folder").isEqualTo(runsBefore);

    Files.createFile(release);
    ChildRun.Result result = first.await((int) TIMEOUT.toMinutes());
    assertThat(result.exitCode()).as(result.err()).isZero();
    Path published = out.resolve(Releases.PUBLISHED);
    assertThat(Files.isSymbolicLink(published)).isTrue();
    assertThat(Files.readSymbolicLink(published).getFileName().toString()).isEqualTo(firstRun);
    JsonNode manifest = JSON.readTree(out.resolve(RunManifest.RUNS).resolve(firstRun)
        .resolve(RunManifest.FILE).toFile());
    assertThat(manifest.get("status").asText()).isEqualTo("published");
  }

  @Test
  void aRunKilledWithSigkillLeavesNoLockThatStopsTheNextRun() throws Exception {
    Path out = dir.resolve("killed");
    ChildRun.Started killed = ChildRun.start(dir.resolve("logs-killed"), Map.of(
            "SAMENSPEL_HOLD_AT", Checkpoints.INGEST),
        "run", "--input", input.toString(), "--out", out.toString(), "--master", "local[2]",
        "--progress", "none");
    killed.awaitLine("hold " + Checkpoints.INGEST, TIMEOUT);
    assertThat(here("check", "--input", input.toString(), "--out", out.toString()).exitCode())
        .as("held while it lives").isEqualTo(SamenspelException.EXIT_BUSY);
    assertThat(killed.kill()).as("SIGKILL (128 + 9)").isEqualTo(137);
    assertThat(out.resolve(OutputLock.FILE)).as("the file stays; the lock died").exists();

    // check takes the lock exactly as run does, and is the quicker of the two.
    Console next = here("check", "--input", input.toString(), "--out", out.toString());
    assertThat(next.exitCode()).as(next.err()).isZero();
    assertThat(runs(out)).hasSize(2);
  }
}
