package nl.samenspel.pipelines.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.samenspel.pipelines.Pipeline;
import nl.samenspel.pipelines.spark.Sessions;
import nl.samenspel.pipelines.ingest.IngestStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code samenspel run}: the whole pipeline on a folder of extracts. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run ingest, journeys, estimate and publish on a folder of extracts.")
final class RunCommand implements Callable<Integer> {

  @Option(names = "--input", required = true,
      description = "Folder with clients, assessments, interventions and outcomes (.csv or .parquet).")
  Path input;

  @Option(names = "--out", required = true, description = "Output folder (published/ and work/).")
  Path out;

  @Mixin
  RunOptions options = new RunOptions();

  @Override
  public Integer call() {
    return execute(options.settings(input, out), options.master);
  }

  /** Runs the pipeline in a fresh session and prints where the report is. */
  static int execute(Pipeline.Settings settings, String master) {
    // Fail on a missing file or a wrong header before spending seconds on starting Spark.
    IngestStage.preflight(settings.inputDir());
    try (Sessions.Handle session = Sessions.open(master, 8)) {
      Pipeline.Outcome outcome = Pipeline.run(session.spark(), settings, System.out::println);
      System.out.println("evidence: " + outcome.published().resolve("evidence.json"));
      System.out.println("report:   " + outcome.published().resolve("index.html"));
      return 0;
    }
  }
}
