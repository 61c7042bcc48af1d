package nl.samenspel.pipelines.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.samenspel.pipelines.Pipeline;
import nl.samenspel.pipelines.ingest.IngestStage;
import nl.samenspel.pipelines.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code samenspel run}: the whole pipeline on a folder of extracts. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run ingest, the quality gates, journeys, estimate and publish on a folder of "
        + "extracts.")
final class RunCommand implements Callable<Integer> {

  @Option(names = "--input",
      description = "Folder with clients, assessments, interventions and outcomes (.csv or .parquet); or 'input' in --config.")
  Path input;

  @Option(names = "--out", description = "Output folder (published/, work/, runs/); or 'out' in --config.")
  Path out;

  @Mixin
  RunOptions options = new RunOptions();

  @Override
  public Integer call() {
    return execute(options.settings(options.configuration(input, out)), options.master);
  }

  /** Runs the pipeline in a fresh session and prints where the report is. */
  static int execute(Pipeline.Settings settings, String master) {
    // The key was read when the settings were made; now fail on a missing file or a wrong
    // header before spending seconds on starting Spark.
    IngestStage.preflight(settings.inputDir(), settings.catalog(),
        settings.operations().values());
    try (Sessions.Handle session = Sessions.open(master, 8)) {
      Pipeline.Outcome outcome = Pipeline.run(session.spark(), settings, System.out::println);
      System.out.println("evidence: " + outcome.published().resolve("evidence.json"));
      System.out.println("report:   " + outcome.published().resolve("index.html"));
      System.out.println("manifest: " + settings.outDir().resolve("runs")
          .resolve(outcome.runId()).resolve("manifest.json"));
      return 0;
    }
  }
}
