package nl.samenspel.pipelines.cli;

import java.io.PrintWriter;
import nl.samenspel.pipelines.SamenspelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code samenspel} command line. Parses arguments and hands over to one subcommand; every
 * error a user can cause ends as one line on stderr and a documented exit code (README, "Exit
 * codes"), never a stack trace. Set {@code SAMENSPEL_DEBUG=1} to see the stack trace of an
 * internal error.
 */
@Command(name = "samenspel", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Evidence on element x intervention combinations and durable participation.",
    subcommands = {GenerateCommand.class, RunCommand.class, CheckCommand.class,
        DemoCommand.class, PoolCommand.class,
        EstimateCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code (used by tests, which must not call exit). */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.err, true), args);
  }

  /** Runs the CLI with error messages going to {@code err}. */
  public static int execute(PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler((exception, arguments) -> {
      PrintWriter out = exception.getCommandLine().getErr();
      // A mistyped flag also makes its required option "missing"; name the typo, not the latter.
      String message = exception.getCommandLine().getUnmatchedArguments().stream()
          .filter(arg -> arg.startsWith("-")).findFirst()
          .map(arg -> "Unknown option: '" + arg + "'")
          .orElse(exception.getMessage().lines().findFirst().orElse(""));
      CommandLine failed = exception.getCommandLine();
      String help = failed.getParent() == null ? "samenspel --help"
          : "samenspel " + failed.getCommandName() + " --help";
      out.println("samenspel: " + message + " (try: " + help + ")");
      return SamenspelException.EXIT_USAGE;
    });
    commandLine.setExecutionExceptionHandler((exception, cl, parseResult) -> {
      PrintWriter out = cl.getErr();
      SamenspelException known = find(exception);
      if (known != null) {
        out.println("samenspel: " + known.getMessage());
        return known.exitCode();
      }
      out.println("samenspel: internal error: " + exception.getClass().getSimpleName() + ": "
          + String.valueOf(exception.getMessage()).lines().findFirst().orElse("")
          + " (set SAMENSPEL_DEBUG=1 for details; please report it)");
      if ("1".equals(System.getenv("SAMENSPEL_DEBUG"))) {
        exception.printStackTrace(out);
      }
      return SamenspelException.EXIT_INTERNAL;
    });
    return commandLine.execute(args);
  }

  /** Spark wraps exceptions thrown in executors; find ours in the cause chain. */
  private static SamenspelException find(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof SamenspelException known) {
        return known;
      }
    }
    return null;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing command: use demo, run, check, pool, generate or estimate");
  }

  /** Version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"samenspel " + (version == null ? "development" : version)};
    }
  }
}
