package nl.samenspel.pipelines.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import nl.samenspel.pipelines.Pipeline;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.ingest.IngestStage;
import nl.samenspel.pipelines.run.Run;
import nl.samenspel.pipelines.run.RunEvents;
import nl.samenspel.pipelines.spark.Parallelism;
import nl.samenspel.pipelines.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code samenspel run}: the whole pipeline on a folder of extracts. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run ingest, the quality gates, journeys, estimate and publish on a folder of "
        + "extracts.")
final class RunCommand implements Callable<Integer> {

  @Option(names = "--input",
      description = "Folder with clients, assessments, interventions and outcomes (.csv or .parquet), a path or a URI (hdfs://, s3a://, ...); or 'input' in --config.")
  String input;

  @Option(names = "--out", description = "Output folder (published/, releases/, work/, runs/), a path or a URI (hdfs://, s3a://, ...); or 'out' in --config.")
  String out;

  @Mixin
  RunOptions options = new RunOptions();

  @ParentCommand
  Main main;

  @Override
  public Integer call() {
    try (RunEvents events = options.events(main)) {
      return reported(events, () -> execute(options.settings(options.configuration(input, out)),
          options, "run", events));
    }
  }

  /**
   * Runs the pipeline in a fresh session, holding the output folder from before Spark starts
   * until it has stopped. The last event says where the report is.
   */
  static int execute(Pipeline.Settings settings, RunOptions options, String command,
      RunEvents events) {
    // The key was read when the settings were made; now fail on a missing file or a wrong
    // header before spending seconds on starting Spark.
    IngestStage.preflight(settings.locations().input(), settings.catalog(),
        settings.operations().values());
    try (Run run = Run.start(settings.outDir(), settings.locations().out(), command, events);
        Sessions.Handle session = Sessions.open(options.master,
            Parallelism.LOCAL_SHUFFLE_PARTITIONS, options.ui())) {
      announceUi(session, options.ui(), events);
      Pipeline.run(session.spark(), settings, run);
      return 0;
    }
  }

  /** Prints where Spark's UI is, when it was asked for. */
  static void announceUi(Sessions.Handle session, Sessions.Ui ui, RunEvents events) {
    if (ui != Sessions.Ui.ON) {
      return;
    }
    Sessions.uiAddress(session.spark()).ifPresentOrElse(
        url -> events.note("spark", "spark    UI at " + url + " while the run lasts",
            Map.of("spark_ui", url)),
        () -> events.warning("spark", "spark    no UI: this Spark session was started "
            + "without one", Map.of()));
  }

  /**
   * Runs a command's body; a failure before the run sent its last event (a usage error, a
   * missing extract, an output folder in use) still ends the JSON events with the exit code.
   * As text, such a failure is only the one line on stderr.
   */
  static int reported(RunEvents events, Callable<Integer> body) {
    try {
      return body.call();
    } catch (RuntimeException e) {
      if (!events.hasFinished() && events.options().format() == RunEvents.Format.JSON) {
        int code = Main.exitCode(e);
        String message = Main.message(e);
        events.runFinished(code == SamenspelException.EXIT_BUSY ? "busy" : "failed", code,
            "stopped  " + message, Map.of("error", message));
      }
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
