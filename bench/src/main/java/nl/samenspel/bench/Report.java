package nl.samenspel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the benchmark's figures into the Markdown report, between two markers, so that the
 * text around them (the reading of the figures) survives a new run; and the chart of time
 * against size as an SVG next to it. Every figure and every "met / not met" is computed from
 * the results of the run.
 */
final class Report {

  static final String BEGIN = "<!-- bench:begin (written by bench/run; edit outside) -->";
  static final String END = "<!-- bench:end -->";
  private static final List<String> STAGES = List.of("ingest", "journeys", "estimate",
      "publish");

  /** Targets of issues 6 and 16. */
  static final double END_TO_END_SECONDS = 600;
  /** Ingest + journeys against DuckDB: at most this many times as long at 500,000 clients. */
  static final double DUCKDB_RATIO_LARGE = 2.5;
  /** ... and at 40,000 clients. */
  static final double DUCKDB_RATIO_40K = 6;
  /** The ingest stage at the shipped sample's size (2,000 clients), seconds. */
  static final double DEMO_INGEST_SECONDS = 8;
  /** 30,000 clients end to end, seconds. */
  static final double SMALL_END_TO_END_SECONDS = 40;
  static final double R_RATIO = 2;
  static final double AGREEMENT = 1e-6;
  static final double DOUBLING = 2.2;

  private Report() {}

  static void write(JsonNode all, Path report, String heap, String command) throws IOException {
    Path chart = report.resolveSibling(report.getFileName().toString()
        .replaceFirst("\\.md$", "") + ".svg");
    String figures = figures(all, heap, command, chart.getFileName().toString());
    String text;
    if (Files.exists(report)) {
      String old = Files.readString(report);
      int begin = old.indexOf(BEGIN);
      int end = old.indexOf(END);
      text = begin >= 0 && end > begin
          ? old.substring(0, begin) + figures + old.substring(end + END.length())
          : old + "\n" + figures + "\n";
    } else {
      text = "# Benchmarks\n\n" + figures + "\n";
    }
    if (report.getParent() != null) {
      Files.createDirectories(report.getParent());
    }
    Files.writeString(report, text);
    Files.writeString(chart, Chart.svg(all.path("sizes")));
  }

  private static String figures(JsonNode all, String heap, String command, String chart) {
    JsonNode sizes = all.path("sizes");
    JsonNode machine = all.path("machine");
    StringBuilder md = new StringBuilder(BEGIN).append("\n\n");
    md.append(String.format(Locale.ROOT, "Measured on %s cores (%s), %s GiB memory, Java %s; "
        + "the pipeline in its own JVM with `-Xmx%s`, `local[*]`.%n%n",
        machine.path("cores").asText(), machine.path("cpu").asText("?"),
        machine.path("memory_gib").asText(), machine.path("java").asText(), heap));
    md.append("Reproduce: `").append(command).append("`. Per size it runs what an analyst "
        + "would: `./samenspel generate --clients N --seed 7 --out mN`, then `SAMENSPEL_HEAP="
        + heap + " ./samenspel run --input mN --out oN --key-file "
        + "data-samples/demo-pseudonymization.key --reference-date 2026-11-28` (a JVM of its "
        + "own), then DuckDB (`DuckDbPeer`, two threads) on the same four CSV files, and at the "
        + "largest size `Rscript bench/aipw.R` on the episode table of one intervention "
        + "(`RPeer`).\n\n");

    md.append("### Samenspel, per stage\n\n");
    md.append("| clients | outcome rows | episodes | ingest s | journeys s | estimate s | "
        + "publish s | end to end s | Spark jobs (i/j/e/p) | heap pools' peaks MB | peak RSS MB | "
        + "ingest rows/s | combinations fitted |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
    for (JsonNode size : sizes) {
      JsonNode s = size.path("samenspel");
      JsonNode stages = s.path("stages");
      long peakHeap = 0;
      long peakRss = 0;
      List<String> jobs = new ArrayList<>();
      for (String stage : STAGES) {
        peakHeap = Math.max(peakHeap, stages.path(stage).path("peak_heap_mb").asLong());
        peakRss = Math.max(peakRss, stages.path(stage).path("peak_resident_mb").asLong());
        jobs.add(stages.path(stage).path("spark_jobs").asText());
      }
      md.append(String.format(Locale.ROOT,
          "| %,d | %,d | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %,d | %,d | %,.0f | %,d |%n",
          size.path("clients").asLong(), size.path("input").path("outcomes_rows").asLong(),
          s.path("episodes").asLong(), seconds(stages, "ingest"), seconds(stages, "journeys"),
          seconds(stages, "estimate"), seconds(stages, "publish"),
          s.path("process_seconds").asDouble(), String.join("/", jobs), peakHeap, peakRss,
          s.path("rows_read").asDouble() / seconds(stages, "ingest"),
          s.path("combinations_estimated").asLong()
              + s.path("combinations_not_estimated").asLong()));
    }
    md.append("\nEnd to end is the whole `samenspel run` process, JVM and Spark start "
        + "included; \"combinations fitted\" counts every combination considered (estimated "
        + "or reported as not estimable). The heap column is the largest, over the stages, of "
        + "the heap pools' peak use added up: an upper bound, since the pools peak at different "
        + "moments (the heap itself is capped by `-Xmx" + heap + "`). Peak RSS is the whole "
        + "process, off-heap memory and the native BLAS included.\n\n");

    md.append("### Ingest and journeys against DuckDB (same files)\n\n");
    md.append("| clients | DuckDB ingest s | DuckDB journeys s | Samenspel ingest + journeys s "
        + "| ratio Samenspel / DuckDB | same episodes |\n|---:|---:|---:|---:|---:|---|\n");
    for (JsonNode size : sizes) {
      JsonNode d = size.path("duckdb");
      JsonNode stages = size.path("samenspel").path("stages");
      double duck = d.path("ingest_seconds").asDouble() + d.path("journeys_seconds").asDouble();
      double ours = seconds(stages, "ingest") + seconds(stages, "journeys");
      md.append(String.format(Locale.ROOT, "| %,d | %.1f | %.1f | %.1f | %.2f | %s |%n",
          size.path("clients").asLong(), d.path("ingest_seconds").asDouble(),
          d.path("journeys_seconds").asDouble(), ours, ours / duck,
          d.path("episodes_identical").asBoolean() ? "yes" : "**no**: "
              + d.path("comparison").asText()));
    }

    md.append("\n### Scaling\n\n| from | to | data × | time × | time × per doubling |\n"
        + "|---:|---:|---:|---:|---:|\n");
    double worstDoubling = 0;
    int compared = 0;
    // Each size against the largest smaller one at most half its size: a step of less than a
    // doubling (30,000 to 40,000) would magnify run-to-run noise in the per-doubling factor.
    for (int k = 1; k < sizes.size(); k++) {
      JsonNode b = sizes.get(k);
      JsonNode a = null;
      for (int j = k - 1; j >= 0 && a == null; j--) {
        if (2 * sizes.get(j).path("clients").asLong() <= b.path("clients").asLong()) {
          a = sizes.get(j);
        }
      }
      if (a == null) {
        continue;
      }
      double data = b.path("clients").asDouble() / a.path("clients").asDouble();
      double time = b.path("samenspel").path("process_seconds").asDouble()
          / a.path("samenspel").path("process_seconds").asDouble();
      double perDoubling = Math.pow(time, 1 / (Math.log(data) / Math.log(2)));
      worstDoubling = Math.max(worstDoubling, perDoubling);
      compared++;
      md.append(String.format(Locale.ROOT, "| %,d | %,d | %.2f | %.2f | %.2f |%n",
          a.path("clients").asLong(), b.path("clients").asLong(), data, time, perDoubling));
    }

    JsonNode aipw = all.path("aipw");
    double ratioR = aipw.path("r_seconds").asDouble() / aipw.path("java_seconds").asDouble();
    md.append(String.format(Locale.ROOT, "%n### One AIPW fit against R%n%n%s on the episodes of "
        + "the %,d-client run (%,d episodes with a known outcome), 5 cross-fitting folds, "
        + "logistic propensity and outcome models, the same folds and covariates, maximum "
        + "likelihood on both sides (Samenspel's ridge set to 0, as `glm`):%n%n"
        + "| | estimate | standard error | seconds |%n|---|---:|---:|---:|%n"
        + "| Samenspel (Java, Newton on a shared design) | %.10f | %.10f | %.2f |%n"
        + "| R %s (`glm`) | %.10f | %.10f | %.2f |%n%n"
        + "Difference in the estimate %.2e, in the standard error %.2e; R takes %.1f × as "
        + "long as Samenspel's fastest of three runs in one JVM (the pipeline's situation: "
        + "thousands of fits in one JVM). Counting the first run in a fresh JVM instead "
        + "(%.2f s, JIT compilation and loading the native BLAS included), R takes %.1f × as "
        + "long.%n",
        aipw.path("code").asText(), aipw.path("clients").asLong(),
        aipw.path("rows").asLong(), aipw.path("java_estimate").asDouble(),
        aipw.path("java_standard_error").asDouble(), aipw.path("java_seconds").asDouble(),
        aipw.path("r_version").asText(), aipw.path("r_estimate").asDouble(),
        aipw.path("r_standard_error").asDouble(), aipw.path("r_seconds").asDouble(),
        aipw.path("difference").asDouble(), aipw.path("se_difference").asDouble(), ratioR,
        aipw.path("java_first_seconds").asDouble(),
        aipw.path("r_seconds").asDouble() / aipw.path("java_first_seconds").asDouble()));

    JsonNode largest = sizes.get(sizes.size() - 1);
    double endToEnd = largest.path("samenspel").path("process_seconds").asDouble();
    boolean allIdentical = true;
    for (JsonNode size : sizes) {
      allIdentical &= size.path("duckdb").path("episodes_identical").asBoolean();
    }
    md.append("\n### Targets\n\n| target | measured | met |\n|---|---|---|\n");
    md.append(String.format(Locale.ROOT, "| %,d clients end to end ≤ 10 min, 2 cores, heap "
        + "≤ 8 GB | %.0f s (%.1f min) at %,d clients, heap %s | %s |%n",
        500_000, endToEnd, endToEnd / 60, largest.path("clients").asLong(), heap,
        largest.path("clients").asLong() >= 500_000 ? yes(endToEnd <= END_TO_END_SECONDS)
            : "not measured at this size"));
    JsonNode small = size(sizes, 30_000);
    md.append(String.format(Locale.ROOT, "| 30,000 clients end to end < %.0f s | %s | %s |%n",
        SMALL_END_TO_END_SECONDS, small == null ? "not in this run" : String.format(Locale.ROOT,
            "%.1f s", small.path("samenspel").path("process_seconds").asDouble()),
        small == null ? "not measured" : yes(small.path("samenspel").path("process_seconds")
            .asDouble() < SMALL_END_TO_END_SECONDS)));
    JsonNode demo = size(sizes, 2_000);
    md.append(String.format(Locale.ROOT, "| ingest of 2,000 clients (the shipped sample's size) "
        + "< %.0f s | %s | %s |%n", DEMO_INGEST_SECONDS, demo == null ? "not in this run"
            : String.format(Locale.ROOT, "%.1f s", seconds(demo.path("samenspel")
                .path("stages"), "ingest")),
        demo == null ? "not measured" : yes(seconds(demo.path("samenspel").path("stages"),
            "ingest") < DEMO_INGEST_SECONDS)));
    for (double[] target : new double[][] {{500_000, DUCKDB_RATIO_LARGE},
        {40_000, DUCKDB_RATIO_40K}}) {
      JsonNode size = size(sizes, (long) target[0]);
      double limit = target[1];
      double ratio = size == null ? Double.NaN : duckDbRatio(size);
      md.append(String.format(Locale.ROOT, "| ingest + journeys ≤ %.1f × DuckDB at %,d clients "
          + "| %s | %s |%n", limit, (long) target[0], size == null ? "not in this run"
              : String.format(Locale.ROOT, "%.2f × (episodes identical at every size: %s)",
                  ratio, allIdentical ? "yes" : "no"),
          size == null ? "not measured" : yes(ratio <= limit && allIdentical)));
    }
    md.append(String.format(Locale.ROOT, "| one AIPW fit ≥ %.0f × faster than R, estimates "
        + "within %.0e | %.1f ×, difference %.1e | %s |%n", R_RATIO, AGREEMENT, ratioR,
        aipw.path("difference").asDouble(), yes(ratioR >= R_RATIO
            && aipw.path("difference").asDouble() <= AGREEMENT)));
    md.append(compared == 0 ? "| doubling the data ≤ 2.2 × the time | no two sizes a "
        + "doubling apart | "
        + "not measured |\n" : String.format(Locale.ROOT, "| doubling the data ≤ %.1f × the "
        + "time | worst %.2f × per doubling | %s |%n", DOUBLING, worstDoubling,
        yes(worstDoubling <= DOUBLING)));
    md.append("\n![Time against size](").append(chart).append(")\n\n").append(END);
    return md.toString();
  }

  /** The results of one size, or null when the run did not include it. */
  private static JsonNode size(JsonNode sizes, long clients) {
    for (JsonNode size : sizes) {
      if (size.path("clients").asLong() == clients) {
        return size;
      }
    }
    return null;
  }

  /** Samenspel's ingest + journeys over DuckDB's, on the same files. */
  static double duckDbRatio(JsonNode size) {
    JsonNode d = size.path("duckdb");
    JsonNode stages = size.path("samenspel").path("stages");
    return (seconds(stages, "ingest") + seconds(stages, "journeys"))
        / (d.path("ingest_seconds").asDouble() + d.path("journeys_seconds").asDouble());
  }

  private static String yes(boolean met) {
    return met ? "yes" : "**no**";
  }

  static double seconds(JsonNode stages, String stage) {
    return stages.path(stage).path("seconds").asDouble();
  }
}
