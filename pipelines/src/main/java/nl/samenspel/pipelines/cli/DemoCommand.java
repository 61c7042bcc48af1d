package nl.samenspel.pipelines.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.samenspel.pipelines.SamenspelException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code samenspel demo}: the whole pipeline on the shipped synthetic municipality. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the pipeline on the shipped sample (data-samples/municipality).")
final class DemoCommand implements Callable<Integer> {

  /** Set by the ./samenspel launcher to the repository root. */
  static final String HOME_PROPERTY = "samenspel.home";

  @Option(names = "--out", description = "Output folder (default: out/demo in the repository).")
  Path out;

  @Mixin
  RunOptions options = new RunOptions();

  @Override
  public Integer call() {
    Path home = Path.of(System.getProperty(HOME_PROPERTY, "."));
    Path input = home.resolve("data-samples").resolve("municipality");
    if (!Files.isDirectory(input)) {
      throw SamenspelException.input("Shipped sample not found at " + input
          + "; run the demo from the repository with ./samenspel demo");
    }
    Path target = out != null ? out : home.resolve("out").resolve("demo");
    return RunCommand.execute(options.settings(input, target), options.master);
  }
}
