package nl.samenspel.pipelines.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.run.RunEvents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code samenspel demo}: the whole pipeline on the shipped synthetic municipality. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the pipeline on the shipped sample (data-samples/municipality).")
final class DemoCommand implements Callable<Integer> {

  /** Set by the ./samenspel launcher to the repository root. */
  static final String HOME_PROPERTY = "samenspel.home";
  /** The demo's key file in data-samples/; public and only for the synthetic sample. */
  static final String DEMO_KEY = "demo-pseudonymization.key";
  private static final String DEFAULT_KEY_ENV = "SAMENSPEL_PSEUDONYMIZATION_KEY";

  @Option(names = "--out", description = "Output folder (default: out/demo in the repository).")
  Path out;

  @Mixin
  RunOptions options = new RunOptions();

  @ParentCommand
  Main main;

  @Override
  public Integer call() {
    try (RunEvents events = options.events(main)) {
      return RunCommand.reported(events, () -> demo(events));
    }
  }

  private int demo(RunEvents events) {
    Path home = Path.of(System.getProperty(HOME_PROPERTY, "."));
    Path input = home.resolve("data-samples").resolve("municipality");
    if (!Files.isDirectory(input)) {
      throw SamenspelException.input("Shipped sample not found at " + input
          + "; run the demo from the repository with ./samenspel demo");
    }
    Path target = out != null ? out : home.resolve("out").resolve("demo");
    if (options.keyFile == null && options.keyEnv == null && options.config == null
        && System.getenv(DEFAULT_KEY_ENV) == null) {
      // Synthetic data only: the demo brings its own key. Real runs must bring theirs.
      options.keyFile = home.resolve("data-samples").resolve(DEMO_KEY);
      events.note("demo", "demo     pseudonymization key: data-samples/" + DEMO_KEY
          + " (for the synthetic sample only)", java.util.Map.of("key_file", "data-samples/"
              + DEMO_KEY));
    }
    return RunCommand.execute(options.settings(options.configuration(input, target)), options,
        "demo", events);
  }
}
