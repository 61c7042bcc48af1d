package nl.samenspel.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jshell.EvalException;

/**
 * A cell that did not run to its end: it does not compile, is incomplete, declares something
 * that refers to a name nobody declared, or threw. The kernel reports it as the cell's error,
 * which makes {@code jupyter nbconvert --execute} fail.
 */
public final class CellError extends RuntimeException {

  /** At most this many stack frames per exception; Spark's traces run to hundreds. */
  private static final int FRAMES = 25;

  private final List<String> report;

  /**
   * {@code frames} replace the kernel's own stack: Jupyter's execute reply carries this
   * exception's stack, and nbconvert prints it when a notebook fails in CI.
   */
  private CellError(String message, List<String> report, StackTraceElement[] frames) {
    super(message);
    this.report = List.copyOf(report);
    setStackTrace(frames);
  }

  /** The lines Jupyter shows as the cell's error: the summary first. */
  public List<String> report() {
    return report;
  }

  static CellError compilation(List<String> report) {
    return new CellError(String.join("\n", report), report, new StackTraceElement[0]);
  }

  static CellError incomplete(int line) {
    String summary = "The cell ends in the middle of a statement or declaration (from line " + line
        + "): a missing ';', ')' or '}'?";
    return new CellError(summary, List.of(summary), new StackTraceElement[0]);
  }

  static CellError unresolved(String declaration, List<String> missing) {
    String summary = declaration + " refers to " + String.join(", ", missing)
        + ", which is not declared";
    return new CellError(summary, List.of(summary), new StackTraceElement[0]);
  }

  /** An exception thrown by the cell's code; JShell hands it over as an {@link EvalException}. */
  static CellError thrown(Throwable exception) {
    List<String> report = new ArrayList<>();
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      report.add((cause == exception ? "" : "Caused by: ") + className(cause)
          + (message == null ? "" : ": " + message));
      StackTraceElement[] frames = cause.getStackTrace();
      for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
        report.add("\tat " + frames[i]);
      }
      if (frames.length > FRAMES) {
        report.add("\t... " + (frames.length - FRAMES) + " more");
      }
    }
    // The message names the exception and its causes (CI logs show it with the top frames).
    String message = report.stream().filter(line -> !line.startsWith("\t"))
        .collect(Collectors.joining("\n"));
    return new CellError(message, report, exception.getStackTrace());
  }

  private static String className(Throwable exception) {
    return exception instanceof EvalException thrown
        ? thrown.getExceptionClassName()
        : exception.getClass().getName();
  }
}
