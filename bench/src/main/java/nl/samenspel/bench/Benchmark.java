package nl.samenspel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import nl.samenspel.estimate.PropensityModel;
import nl.samenspel.pipelines.cli.Main;
import nl.samenspel.pipelines.run.Releases;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark: for each size, a synthetic municipality from the project's generator, the
 * whole pipeline in a child JVM with a bounded heap (as an analyst runs it), then on the same
 * files DuckDB doing ingest and journeys in SQL (same episodes required), and at the largest
 * size R's glm fitting the same AIPW for one combination as Samenspel (same estimate
 * required). Writes {@code results.json} in the work folder and the report (a Markdown table,
 * the ratios against the targets, the commands) with an SVG chart of time against size.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark Samenspel against DuckDB and R on synthetic municipalities.")
public final class Benchmark implements Callable<Integer> {

  @Option(names = "--sizes", split = ",", defaultValue = "2000,30000,40000,160000,500000",
      description = "Clients per municipality (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(names = "--work", defaultValue = "target/bench",
      description = "Folder for the generated data and the runs (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--report", defaultValue = "docs/benchmarks.md",
      description = "The Markdown report to write; the chart goes next to it as .svg "
          + "(default: ${DEFAULT-VALUE}).")
  Path report;

  @Option(names = "--heap", defaultValue = "8g",
      description = "Heap of the pipeline's JVM (default: ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--code", defaultValue = "KM_SELF_EFFICACY_COACHING",
      description = "Intervention of the AIPW fit compared with R (default: ${DEFAULT-VALUE}).")
  String code;

  @Option(names = "--reference-date", defaultValue = "2026-11-28",
      description = "Reference date of the runs, so that reruns give the same data "
          + "(default: ${DEFAULT-VALUE}).")
  LocalDate referenceDate;

  @Option(names = "--key-file", defaultValue = "data-samples/demo-pseudonymization.key",
      description = "Pseudonymization key of the runs (default: the public demo key).")
  Path keyFile;

  @Option(names = "--catalog", defaultValue = "data-samples/catalog/interventions.csv",
      description = "Intervention catalog of the DuckDB peer (default: ${DEFAULT-VALUE}).")
  Path catalog;

  @Option(names = "--r-script", defaultValue = "bench/aipw.R",
      description = "The R side of the AIPW comparison (default: ${DEFAULT-VALUE}).")
  Path rScript;

  @Option(names = "--pipeline-progress", defaultValue = "auto",
      description = "The runs' --progress (auto|plain|none), to measure what progress reports "
          + "cost (default: ${DEFAULT-VALUE}; the output is a pipe, so auto means plain).")
  String pipelineProgress;

  @Option(names = "--from-results",
      description = "Only write the report again from a results.json of an earlier run.")
  Path fromResults;

  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) {
    System.exit(new CommandLine(new Benchmark())
        .setExecutionExceptionHandler((e, commandLine, parsed) -> {
          System.err.println("bench: " + e.getClass().getSimpleName() + ": "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
          return 1;
        })
        .execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (fromResults != null) {
      JsonNode all = JSON.readTree(fromResults.toFile());
      List<String> measured = new ArrayList<>();
      all.path("sizes").forEach(size -> measured.add(size.path("clients").asText()));
      Report.write(all, report, all.path("machine").path("pipeline_heap").asText(heap),
          "bench/run --sizes " + String.join(",", measured));
      System.out.println("bench    report:  " + report);
      return 0;
    }
    Files.createDirectories(work);
    ArrayNode results = JSON.createArrayNode();
    List<Integer> ordered = sizes.stream().sorted().toList();
    Path largestEpisodes = null;
    for (int size : ordered) {
      ObjectNode result = results.addObject();
      result.put("clients", size);
      Path input = work.resolve("m" + size);
      Path out = work.resolve("o" + size);
      if (!Files.exists(input.resolve("outcomes.csv"))) {
        long started = System.nanoTime();
        int code = Main.execute("generate", "--clients", Integer.toString(size), "--seed",
            Long.toString(seed), "--out", input.toString());
        if (code != 0) {
          throw new IllegalStateException("generating " + size + " clients failed (" + code + ")");
        }
        result.put("generate_seconds", (System.nanoTime() - started) / 1e9);
      }
      result.set("input", inputFacts(input));
      Releases.deleteTree(out);
      result.set("samenspel", runPipeline(input, out));
      Path episodes = out.resolve("work").resolve("journeys").resolve("episodes");
      result.set("duckdb", duckDb(input, work.resolve("duck" + size), episodes));
      largestEpisodes = episodes;
      writeResults(results);
    }
    ObjectNode r = JSON.createObjectNode();
    r.put("clients", ordered.get(ordered.size() - 1));
    r.setAll(aipwAgainstR(largestEpisodes, work.resolve("aipw.csv")));
    ObjectNode all = JSON.createObjectNode();
    all.set("sizes", results);
    all.set("aipw", r);
    all.set("machine", machine());
    Files.writeString(work.resolve("results.json"), JSON.writerWithDefaultPrettyPrinter()
        .writeValueAsString(all));
    Report.write(all, report, heap, command());
    System.out.println("bench    results: " + work.resolve("results.json"));
    System.out.println("bench    report:  " + report);
    return 0;
  }

  private void writeResults(ArrayNode results) throws IOException {
    Files.writeString(work.resolve("results-partial.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results));
  }

  /** Rows and bytes of each extract. */
  private static ObjectNode inputFacts(Path input) throws IOException {
    ObjectNode facts = JSON.createObjectNode();
    long bytes = 0;
    for (String table : List.of("clients", "assessments", "interventions", "outcomes")) {
      Path file = input.resolve(table + ".csv");
      long lines;
      try (Stream<String> stream = Files.lines(file, StandardCharsets.UTF_8)) {
        lines = stream.count() - 1;
      }
      facts.put(table + "_rows", lines);
      bytes += Files.size(file);
    }
    facts.put("bytes", bytes);
    return facts;
  }

  /**
   * The pipeline as an analyst runs it: {@code samenspel run} in a JVM of its own with the
   * given heap; wall time of the whole process, and per stage what the run manifest recorded.
   */
  private ObjectNode runPipeline(Path input, Path out) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--add-opens") || argument.startsWith("-Djdk.reflect")
          || argument.startsWith("-Dio.netty")) {
        command.add(argument);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        "nl.samenspel.pipelines.cli.Main", "run", "--input", input.toString(), "--out",
        out.toString(), "--key-file", keyFile.toString(), "--reference-date",
        referenceDate.toString(), "--progress", pipelineProgress));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    long started = System.nanoTime();
    Process process = builder.start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
        if (!line.contains(" WARN ")) {
          System.out.println("  " + line);
        }
      }
    }
    int exit = process.waitFor();
    double seconds = (System.nanoTime() - started) / 1e9;
    Files.write(out.resolveSibling(out.getFileName() + ".log"), lines);
    if (exit != 0) {
      throw new IllegalStateException("the pipeline on " + input + " exited with " + exit
          + "; see " + out.getFileName() + ".log");
    }
    JsonNode manifest;
    try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
      Path run = runs.sorted().reduce((a, b) -> b).orElseThrow();
      manifest = JSON.readTree(run.resolve("manifest.json").toFile());
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("process_seconds", seconds);
    result.put("progress", pipelineProgress);
    result.set("stages", manifest.path("stage_metrics"));
    long rowsRead = 0;
    for (JsonNode table : manifest.path("inputs")) {
      rowsRead += table.path("rows_read").asLong();
    }
    result.put("rows_read", rowsRead);
    result.put("episodes", manifest.path("episodes").asLong());
    result.put("combinations_estimated", manifest.path("combinations_estimated").asLong());
    result.put("combinations_not_estimated",
        manifest.path("combinations_not_estimated").asLong());
    return result;
  }

  /** DuckDB's ingest and journeys on the same files, and whether its episodes are Samenspel's. */
  private ObjectNode duckDb(Path input, Path duckWork, Path samenspelEpisodes)
      throws IOException {
    Releases.deleteTree(duckWork);
    Files.createDirectories(duckWork);
    DuckDbPeer.Result duck = DuckDbPeer.run(input, duckWork,
        DuckDbPeer.Settings.defaults(referenceDate, catalog));
    DuckDbPeer.Comparison same = DuckDbPeer.compare(duck.episodesFile(), samenspelEpisodes);
    ObjectNode result = JSON.createObjectNode();
    result.put("ingest_seconds", duck.ingestSeconds());
    result.put("journeys_seconds", duck.journeysSeconds());
    result.put("episodes", duck.episodes());
    result.put("episodes_identical", same.identical());
    result.put("comparison", same.toString());
    System.out.printf("  duckdb   ingest %.1f s, journeys %.1f s, %,d episodes, identical to "
        + "Samenspel's: %s%n", duck.ingestSeconds(), duck.journeysSeconds(), duck.episodes(),
        same.identical());
    return result;
  }

  /** One AIPW fit, Samenspel (Java) against R's glm, same table, folds and specification. */
  private ObjectNode aipwAgainstR(Path episodes, Path csv) throws IOException {
    RPeer.Table table = RPeer.prepare(episodes, code, seed);
    RPeer.writeCsv(table, csv);
    // The same specification as glm: maximum likelihood (no ridge), converged tightly.
    RPeer.JavaFit java = RPeer.fitJava(table, new PropensityModel.Options(0, 1e-10, 100));
    RPeer.RFit r = RPeer.fitR(rScript, csv);
    double difference = Math.abs(java.estimate().estimate() - r.estimate());
    ObjectNode result = JSON.createObjectNode();
    result.put("code", code);
    result.put("rows", table.size());
    result.put("java_estimate", java.estimate().estimate());
    result.put("java_standard_error", java.estimate().standardError());
    result.put("java_seconds", java.fastestSeconds());
    result.put("java_first_seconds", java.firstSeconds());
    result.put("r_estimate", r.estimate());
    result.put("r_standard_error", r.standardError());
    result.put("r_seconds", r.seconds());
    result.put("r_version", r.rVersion());
    result.put("difference", difference);
    result.put("se_difference", Math.abs(java.estimate().standardError() - r.standardError()));
    result.put("same_counts", java.estimate().nTreated() == r.nTreated()
        && java.estimate().nComparison() == r.nComparison());
    System.out.printf("  aipw     %s on %,d episodes: Samenspel %.10f in %.2f s (first run "
        + "%.2f s), R %.10f in %.2f s (difference %.2e)%n", code, table.size(),
        java.estimate().estimate(), java.fastestSeconds(), java.firstSeconds(), r.estimate(),
        r.seconds(), difference);
    Files.deleteIfExists(csv);
    return result;
  }

  private ObjectNode machine() {
    ObjectNode machine = JSON.createObjectNode();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    machine.put("pipeline_heap", heap);
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          machine.put("memory_gib", Math.round(Long.parseLong(line.replaceAll("[^0-9]", ""))
              / 1024.0 / 1024.0));
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          machine.put("cpu", line.substring(line.indexOf(':') + 1).trim());
          break;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      machine.put("memory_gib", -1);
    }
    return machine;
  }

  private String command() {
    List<String> sorted = sizes.stream().sorted().map(String::valueOf).toList();
    return "bench/run --sizes " + String.join(",", sorted);
  }
}
