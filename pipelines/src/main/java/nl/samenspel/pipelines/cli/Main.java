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
        EstimateCommand.class, ReleasesCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Where commands print (stdout, or what a test captures). */
  private final PrintWriter out;
  /** Whether {@link #out} is a terminal, where progress is redrawn in place. */
  private final boolean terminal;

  private Main(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    // On Java 17 System.console() is null unless both stdin and stdout are a terminal: cron,
    // a pipe or a redirected file get plain progress lines.
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
        System.console() != null, args));
  }

  /** Runs the CLI and returns its exit code (used by tests, which must not call exit). */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.err, true), args);
  }

  /** Runs the CLI with error messages going to {@code err}. */
  public static int execute(PrintWriter err, String... args) {
    return execute(new PrintWriter(System.out, true), err, false, args);
  }

  /** Runs the CLI with output to {@code out} (not a terminal) and error messages to {@code err}. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return execute(out, err, false, args);
  }

  private static int execute(PrintWriter out, PrintWriter err, boolean terminal,
      String... args) {
    CommandLine commandLine = new CommandLine(new Main(out, terminal));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler((exception, arguments) -> {
      PrintWriter errors = exception.getCommandLine().getErr();
      // A mistyped flag also makes its required option "missing"; name the typo, not the latter.
      String message = exception.getCommandLine().getUnmatchedArguments().stream()
          .filter(arg -> arg.startsWith("-")).findFirst()
          .map(arg -> "Unknown option: '" + arg + "'")
          .orElse(exception.getMessage().lines().findFirst().orElse(""));
      CommandLine failed = exception.getCommandLine();
      String help = failed.getParent() == null ? "samenspel --help"
          : "samenspel " + failed.getCommandName() + " --help";
      errors.println("samenspel: " + message + " (try: " + help + ")");
      return SamenspelException.EXIT_USAGE;
    });
    commandLine.setExecutionExceptionHandler((exception, cl, parseResult) -> {
      PrintWriter errors = cl.getErr();
      SamenspelException known = find(exception);
      if (known != null) {
        errors.println("samenspel: " + known.getMessage());
        return known.exitCode();
      }
      errors.println("samenspel: " + message(exception)
          + " (set SAMENSPEL_DEBUG=1 for details; please report it)");
      if ("1".equals(System.getenv("SAMENSPEL_DEBUG"))) {
        exception.printStackTrace(errors);
      }
      return SamenspelException.EXIT_INTERNAL;
    });
    return commandLine.execute(args);
  }

  PrintWriter out() {
    return out;
  }

  boolean terminal() {
    return terminal;
  }

  /** The exit code a failure ends the CLI with (README, "Exit codes"). */
  static int exitCode(Throwable exception) {
    SamenspelException known = find(exception);
    return known == null ? SamenspelException.EXIT_INTERNAL : known.exitCode();
  }

  /** The one-line message of a failure, as stderr shows it after {@code samenspel: }. */
  static String message(Throwable exception) {
    SamenspelException known = find(exception);
    return known != null ? known.getMessage() : "internal error: "
        + exception.getClass().getSimpleName() + ": "
        + String.valueOf(exception.getMessage()).lines().findFirst().orElse("");
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
