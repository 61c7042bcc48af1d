package nl.samenspel.pipelines.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.samenspel.pipelines.Pipeline;
import nl.samenspel.pipelines.ingest.IngestStage;
import nl.samenspel.pipelines.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code samenspel check}: ingest and the quality gates only. Accounts for every row, writes the
 * quarantine and a run manifest, exits as a run would, and publishes nothing; for analysts who
 * want to look at a new export before they run.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check a folder of extracts: row accounting, quarantine and the quality gates; "
        + "publishes nothing.")
final class CheckCommand implements Callable<Integer> {

  @Option(names = "--input", description = "Folder with the extracts; or 'input' in --config.")
  Path input;

  @Option(names = "--out", description = "Output folder (work/quarantine/, runs/); or 'out' in --config.")
  Path out;

  @Mixin
  RunOptions options = new RunOptions();

  @Override
  public Integer call() {
    Pipeline.Settings settings = options.settings(options.configuration(input, out));
    IngestStage.preflight(settings.inputDir(), settings.catalog(),
        settings.operations().values());
    try (Sessions.Handle session = Sessions.open(options.master, 8)) {
      Pipeline.check(session.spark(), settings, System.out::println);
      System.out.println("quarantine: " + settings.outDir().resolve("work")
          .resolve(IngestStage.QUARANTINE));
      return 0;
    }
  }
}
