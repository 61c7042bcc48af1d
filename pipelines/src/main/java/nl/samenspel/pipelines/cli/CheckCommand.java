package nl.samenspel.pipelines.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.samenspel.pipelines.Pipeline;
import nl.samenspel.pipelines.ingest.IngestStage;
import nl.samenspel.pipelines.run.Run;
import nl.samenspel.pipelines.run.RunEvents;
import nl.samenspel.pipelines.spark.Parallelism;
import nl.samenspel.pipelines.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code samenspel check}: ingest and the quality gates only. Accounts for every row, writes the
 * quarantine and a run manifest, exits as a run would, and publishes nothing; for analysts who
 * want to look at a new export before they run. Holds the output folder as a run does.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check a folder of extracts: row accounting, quarantine and the quality gates; "
        + "publishes nothing.")
final class CheckCommand implements Callable<Integer> {

  @Option(names = "--input", description = "Folder with the extracts; or 'input' in --config.")
  String input;

  @Option(names = "--out", description = "Output folder (work/quarantine/, runs/); or 'out' in --config.")
  String out;

  @Mixin
  RunOptions options = new RunOptions();

  @ParentCommand
  Main main;

  @Override
  public Integer call() {
    try (RunEvents events = options.events(main)) {
      return RunCommand.reported(events, () -> {
        Pipeline.Settings settings = options.settings(options.configuration(input, out));
        IngestStage.preflight(settings.locations().input(), settings.catalog(),
            settings.operations().values());
        try (Run run = Run.start(settings.outDir(), settings.locations().out(), "check",
            events);
            Sessions.Handle session = Sessions.open(options.master,
                Parallelism.LOCAL_SHUFFLE_PARTITIONS, options.ui())) {
          RunCommand.announceUi(session, options.ui(), events);
          Pipeline.check(session.spark(), settings, run);
          return 0;
        }
      });
    }
  }
}
