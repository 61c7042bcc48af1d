package nl.samenspel.pipelines.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console and the run log of a run: in place on a terminal, plain lines or JSON
 * otherwise, and the run log in text whatever the console shows. Waits for the progress ticker
 * with a latch (bounded), never with a sleep.
 */
class RunEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StageMeter.Measure MEASURE = new StageMeter.Measure(2.5, 1, 1 << 20, -1);

  /** A progress supplier that counts how often it was asked and lets a test wait for that. */
  private static final class Asked {
    final AtomicLong done = new AtomicLong();
    final CountDownLatch latch;

    Asked(int times) {
      latch = new CountDownLatch(times);
    }

    StageProgress get() {
      latch.countDown();
      return new StageProgress("combinations", done.addAndGet(10), 100,
          List.of(new StageProgress.Part("ALL", done.get(), 100)), 0, 1, -1);
    }

    void await() throws InterruptedException {
      assertThat(latch.await(30, TimeUnit.SECONDS)).as("asked for progress").isTrue();
    }
  }

  @Test
  void onATerminalProgressIsRedrawnInPlaceAndClearedBeforeTheNextLine(@TempDir Path dir)
      throws Exception {
    StringWriter out = new StringWriter();
    Asked asked = new Asked(4); // the first redraw comes after a second
    try (RunEvents events = RunEvents.console(RunEvents.Options.DEFAULT, new PrintWriter(out),
        true)) {
      events.attach("r1", dir.resolve("run.log"));
      events.stageStarted("estimate", "started: 100 combinations", Map.of(), asked::get);
      asked.await();
      events.stageFinished("estimate", MEASURE);
    }
    String console = out.toString();
    assertThat(console).startsWith("estimate started: 100 combinations\n")
        .contains("\restimate ").contains("/100 combinations")
        .contains("\r\033[K" + "estimate done in 2.5 s\n");
    assertThat(Files.readString(dir.resolve("run.log"))).doesNotContain("\r")
        .contains("estimate started", "estimate done in 2.5 s");
  }

  @Test
  void withoutATerminalProgressIsPlainLinesAtMostOncePerInterval(@TempDir Path dir)
      throws Exception {
    List<String> lines = new ArrayList<>();
    StringWriter out = new StringWriter();
    Asked asked = new Asked(6); // about three seconds of half-second ticks
    RunEvents.Options options = new RunEvents.Options(RunEvents.Format.TEXT,
        RunEvents.ProgressMode.AUTO, Duration.ofSeconds(1));
    try (RunEvents events = RunEvents.console(options, new PrintWriter(out), false)) {
      events.attach("r1", dir.resolve("run.log"));
      events.stageStarted("estimate", "started", Map.of(), asked::get);
      asked.await();
      events.stageFinished("estimate", MEASURE);
    }
    out.toString().lines().forEach(lines::add);
    assertThat(out.toString()).doesNotContain("\r");
    List<String> progress = lines.stream().filter(l -> l.contains(" of 100 combinations"))
        .toList();
    assertThat(progress).as(out.toString()).isNotEmpty()
        .hasSizeLessThanOrEqualTo(4); // 6 asks, a line at most every second
    assertThat(Files.readString(dir.resolve("run.log"))).contains(" of 100 combinations");
  }

  @Test
  void jsonLinesEndWithTheExitCode(@TempDir Path dir) throws Exception {
    StringWriter out = new StringWriter();
    RunEvents.Options options = new RunEvents.Options(RunEvents.Format.JSON,
        RunEvents.ProgressMode.NONE, RunEvents.Options.DEFAULT_INTERVAL);
    try (RunEvents events = RunEvents.console(options, new PrintWriter(out), true)) {
      events.attach("r1", dir.resolve("run.log"));
      events.runStarted("run      r1", Map.of("command", "run"));
      events.stageStarted("ingest", "started", Map.of("extracts", 4), null);
      events.warning("quality", "quality  2 changes accepted", Map.of());
      events.stageFinished("ingest", MEASURE);
      events.runFinished("blocked", 5, "stopped  Drift gate: ...", Map.of("error",
          "Drift gate: ..."));
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().lines().toList()) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).extracting(n -> n.get("event").asText()).containsExactly("run_started",
        "stage_started", "warning", "stage_finished", "run_finished");
    JsonNode last = lines.get(lines.size() - 1);
    assertThat(last.get("exit_code").asInt()).isEqualTo(5);
    assertThat(last.get("status").asText()).isEqualTo("blocked");
    assertThat(lines.get(3).get("seconds").asDouble()).isEqualTo(2.5);
    // The run log stays text.
    assertThat(Files.readString(dir.resolve("run.log"))).contains(" run      r1\n")
        .contains(" stopped  Drift gate").doesNotContain("{\"");
  }

  @Test
  void noneShowsNoProgress() throws IOException, InterruptedException {
    RunEvents.Options options = new RunEvents.Options(RunEvents.Format.TEXT,
        RunEvents.ProgressMode.NONE, Duration.ofSeconds(1));
    try (RunEvents events = RunEvents.console(options, new PrintWriter(new StringWriter()),
        true)) {
      assertThat(events.showsProgress()).isFalse();
    }
  }

  @Test
  void optionsAreCheckedWhenMade() {
    assertThatThrownBy(() -> new RunEvents.Options(RunEvents.Format.TEXT,
        RunEvents.ProgressMode.PLAIN, Duration.ZERO)).hasMessageContaining("1 to 3600");
    assertThat(RunEvents.ProgressMode.parse("Plain")).contains(RunEvents.ProgressMode.PLAIN);
    assertThat(RunEvents.ProgressMode.parse("sometimes")).isEmpty();
    assertThat(RunEvents.Format.parse("json")).contains(RunEvents.Format.JSON);
  }
}
