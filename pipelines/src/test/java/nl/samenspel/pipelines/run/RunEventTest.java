package nl.samenspel.pipelines.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How events read: the console line, the line redrawn in place, and the JSON object. */
class RunEventTest {

  private static final Instant TIME = Instant.parse("2026-11-28T20:32:29.123456Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static StageProgress estimate(long all, long attitude) {
    return new StageProgress("combinations", all + attitude, 246, List.of(
        new StageProgress.Part("ALL", all, 123),
        new StageProgress.Part("ATTITUDE", attitude, 123)), 3, 16, -1);
  }

  @Test
  void progressWithATotalSaysHowMuchIsDoneAndRoughlyHowLongIsLeft() throws Exception {
    RunEvent event = RunEvent.progress(TIME, "20261128T203229Z-fba4", "estimate",
        estimate(123, 0), 130);
    assertThat(event.text()).isEqualTo("estimate 123 of 246 combinations (50%), 2m10s "
        + "elapsed, about 2m10s left; ALL 123/123, ATTITUDE 0/123");

    JsonNode json = JSON.readTree(event.json());
    assertThat(json.get("time").asText()).isEqualTo("2026-11-28T20:32:29.123Z");
    assertThat(json.get("event").asText()).isEqualTo("progress");
    assertThat(json.get("run_id").asText()).isEqualTo("20261128T203229Z-fba4");
    assertThat(json.get("stage").asText()).isEqualTo("estimate");
    assertThat(json.get("message").asText()).isEqualTo(event.text());
    assertThat(json.get("done").asLong()).isEqualTo(123);
    assertThat(json.get("total").asLong()).isEqualTo(246);
    assertThat(json.get("percent").asLong()).isEqualTo(50);
    assertThat(json.get("unit").asText()).isEqualTo("combinations");
    assertThat(json.get("elapsed_seconds").asDouble()).isEqualTo(130.0);
    assertThat(json.get("remaining_seconds").asDouble()).isEqualTo(130.0);
    assertThat(json.get("parts").get(1).get("name").asText()).isEqualTo("ATTITUDE");
    assertThat(json.get("parts").get(1).get("total").asLong()).isEqualTo(123);
    assertThat(json.get("spark_tasks_done").asLong()).isEqualTo(3);
  }

  @Test
  void noGuessOfTheTimeLeftBeforeFivePercentIsDone() throws Exception {
    RunEvent event = RunEvent.progress(TIME, "r", "estimate", estimate(0, 0), 40);
    assertThat(event.text()).startsWith("estimate 0 of 246 combinations (0%), 40 s elapsed;");
    assertThat(JSON.readTree(event.json()).has("remaining_seconds")).isFalse();
    assertThat(RunEvent.progress(TIME, "r", "estimate", estimate(12, 0), 40).text())
        .doesNotContain("left");
    assertThat(RunEvent.progress(TIME, "r", "estimate", estimate(13, 0), 40).text())
        .contains(", about 11m57s left;");
  }

  @Test
  void theTimeLeftFollowsTheShareOfTheWorkWhereThePartsDifferInCost() {
    // ALL (done) has three times the episodes of ATTITUDE (not started): 3/4 of the work.
    StageProgress weighed = new StageProgress("combinations", 123, 246, estimate(123, 0)
        .parts(), 0, 0, 0.75);
    assertThat(RunEvent.progress(TIME, "r", "estimate", weighed, 120).text())
        .contains("123 of 246 combinations (50%), 2m00s elapsed, about 40 s left;");
  }

  @Test
  void withMoreThanEightPartsALineSaysHowManyAreDoneAndListsTheOnesUnderWay() throws Exception {
    List<StageProgress.Part> parts = new java.util.ArrayList<>();
    for (int k = 0; k < 29; k++) {
      parts.add(new StageProgress.Part("G" + k, k < 12 ? 323 : k == 12 ? 162 : 0, 323));
    }
    RunEvent event = RunEvent.progress(TIME, "r", "estimate", new StageProgress("combinations",
        12 * 323 + 162, 29 * 323, parts, 0, 0, -1), 10);
    assertThat(event.text()).isEqualTo("estimate 4,038 of 9,367 combinations (43%), 10 s "
        + "elapsed, about 13 s left; 12 of 29 groups done, under way: G12 162/323");
    assertThat(JSON.readTree(event.json()).get("parts")).hasSize(29);
  }

  @Test
  void rowsReadPerFileWithoutATotal() {
    RunEvent event = RunEvent.progress(TIME, "r", "ingest", new StageProgress("rows read",
        12_345, -1, List.of(new StageProgress.Part("clients.csv", 2_000, -1),
            new StageProgress.Part("outcomes.csv", 10_345, -1)), 0, 2, -1), 75);
    assertThat(event.text()).isEqualTo("ingest   rows read: clients.csv 2,000, outcomes.csv "
        + "10,345; 1m15s elapsed");
  }

  @Test
  void aStageThatCountsNothingShowsItsTimeAndSparkTasks() {
    assertThat(RunEvent.progress(TIME, "r", "journeys", StageProgress.tasks(3, 8), 12).text())
        .isEqualTo("journeys 12 s elapsed; Spark tasks 3 of 8");
    assertThat(RunEvent.progress(TIME, "r", "publish", StageProgress.tasks(0, 0), 3725).text())
        .isEqualTo("publish  1h02m elapsed");
  }

  @Test
  void theLineRedrawnInPlaceShowsOnlyTheSubgroupsAtWorkAndNeverWraps() {
    RunEvent event = RunEvent.progress(TIME, "r", "estimate", estimate(123, 40), 130);
    assertThat(event.compact(200)).isEqualTo("estimate 163/246 combinations (66%) 2m10s, ~1m06s "
        + "left | 1 of 2 done, ATTITUDE 40/123");
    assertThat(event.compact(40)).hasSize(40).endsWith("...");
  }

  @Test
  void otherEventsCarryTheirFactsAfterTheMessage() throws Exception {
    RunEvent finished = new RunEvent(TIME, "r", RunEvent.Kind.RUN_FINISHED, null,
        "evidence: /out/published/evidence.json\nmanifest: /out/runs/r/manifest.json",
        Map.of("status", "published", "exit_code", 0));
    String line = finished.json();
    assertThat(line).doesNotContain("\n").startsWith("{\"time\":");
    JsonNode json = JSON.readTree(line);
    assertThat(json.get("event").asText()).isEqualTo("run_finished");
    assertThat(json.get("exit_code").asInt()).isZero();
    assertThat(json.has("stage")).isFalse();
    assertThat(json.get("message").asText()).contains("\nmanifest: ");
  }

  @Test
  void durations() {
    assertThat(RunEvent.duration(0.4)).isEqualTo("0 s");
    assertThat(RunEvent.duration(59.4)).isEqualTo("59 s");
    assertThat(RunEvent.duration(61)).isEqualTo("1m01s");
    assertThat(RunEvent.duration(7260)).isEqualTo("2h01m");
  }
}
