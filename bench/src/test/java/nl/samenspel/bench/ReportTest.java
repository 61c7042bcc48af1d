package nl.samenspel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark report's targets from made-up results: each target is judged on its own size,
 * a size the run did not include is said to be missing, and the scaling compares only sizes a
 * doubling or more apart.
 */
class ReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /** One size's results: the stage seconds, the process time and DuckDB's seconds. */
  private static ObjectNode size(ArrayNode sizes, long clients, double ingest, double journeys,
      double process, double duckIngest, double duckJourneys) {
    ObjectNode size = sizes.addObject();
    size.put("clients", clients);
    size.putObject("input").put("outcomes_rows", clients * 40);
    ObjectNode samenspel = size.putObject("samenspel");
    samenspel.put("process_seconds", process).put("episodes", clients)
        .put("rows_read", clients * 42).put("combinations_estimated", 100)
        .put("combinations_not_estimated", 884);
    ObjectNode stages = samenspel.putObject("stages");
    stages.putObject("ingest").put("seconds", ingest).put("spark_jobs", 7);
    stages.putObject("journeys").put("seconds", journeys).put("spark_jobs", 15);
    stages.putObject("estimate").put("seconds", process - ingest - journeys - 10)
        .put("spark_jobs", 2);
    stages.putObject("publish").put("seconds", 5).put("spark_jobs", 8);
    size.putObject("duckdb").put("ingest_seconds", duckIngest)
        .put("journeys_seconds", duckJourneys).put("episodes_identical", true);
    return size;
  }

  private String write(ArrayNode sizes) throws IOException {
    ObjectNode all = JSON.createObjectNode();
    all.set("sizes", sizes);
    all.putObject("aipw").put("code", "KM_SELF_EFFICACY_COACHING").put("clients", 40_000)
        .put("rows", 40_000).put("java_estimate", 0.04).put("java_standard_error", 0.001)
        .put("java_seconds", 1.0).put("java_first_seconds", 2.0).put("r_version", "4.2.2")
        .put("r_estimate", 0.04).put("r_standard_error", 0.001).put("r_seconds", 5.0)
        .put("difference", 1e-11).put("se_difference", 1e-12);
    all.putObject("machine").put("cores", 2).put("memory_gib", 24).put("java", "17");
    Path report = dir.resolve("benchmarks.md");
    Report.write(all, report, "8g", "bench/run --sizes 2000,30000,40000");
    return Files.readString(report);
  }

  @Test
  void eachTargetIsJudgedOnItsOwnSizeAndMissingSizesAreSaidToBeMissing() throws IOException {
    ArrayNode sizes = JSON.createArrayNode();
    size(sizes, 2_000, 9.0, 3.0, 30.0, 0.5, 0.1);
    size(sizes, 30_000, 20.0, 5.0, 35.5, 2.0, 0.2);
    size(sizes, 40_000, 22.0, 6.0, 60.0, 5.0, 0.6);
    String md = write(sizes);

    assertThat(md).contains("| ingest of 2,000 clients (the shipped sample's size) < 8 s "
        + "| 9.0 s | **no** |");
    assertThat(md).contains("| 30,000 clients end to end < 40 s | 35.5 s | yes |");
    assertThat(md).contains("| ingest + journeys ≤ 6.0 × DuckDB at 40,000 clients | 5.00 × "
        + "(episodes identical at every size: yes) | yes |");
    assertThat(md).contains("| ingest + journeys ≤ 2.5 × DuckDB at 500,000 clients "
        + "| not in this run | not measured |");
    assertThat(md).contains("| 500,000 clients end to end ≤ 10 min, 2 cores, heap ≤ 8 GB "
        + "| 60 s (1.0 min) at 40,000 clients, heap 8g | not measured at this size |");
    // 30,000 and 40,000 are compared with 2,000, not with each other.
    assertThat(md).contains("| 2,000 | 30,000 |").contains("| 2,000 | 40,000 |")
        .doesNotContain("| 30,000 | 40,000 |");
  }

  @Test
  void episodesThatDifferAtAnySizeFailTheDuckDbTargets() throws IOException {
    ArrayNode sizes = JSON.createArrayNode();
    size(sizes, 10_000, 10.0, 2.0, 40.0, 1.0, 0.1);
    size(sizes, 40_000, 12.0, 3.0, 60.0, 5.0, 0.5);
    ((ObjectNode) sizes.get(0).path("duckdb")).put("episodes_identical", false)
        .put("comparison", "3 rows differ");
    String md = write(sizes);
    assertThat(md).contains("| ingest + journeys ≤ 6.0 × DuckDB at 40,000 clients | 2.73 × "
        + "(episodes identical at every size: no) | **no** |");
    assertThat(md).contains("| 30,000 clients end to end < 40 s | not in this run "
        + "| not measured |");
  }

  @Test
  void sizesLessThanADoublingApartGiveNoScalingVerdict() throws IOException {
    ArrayNode sizes = JSON.createArrayNode();
    size(sizes, 30_000, 20.0, 5.0, 35.0, 2.0, 0.2);
    size(sizes, 40_000, 22.0, 6.0, 60.0, 5.0, 0.6);
    assertThat(write(sizes)).contains("| doubling the data ≤ 2.2 × the time | no two sizes a "
        + "doubling apart | not measured |");
  }
}
