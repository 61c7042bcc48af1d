package nl.samenspel.pipelines;

/**
 * A failure the user can act on: its message is one line that names the file, column or flag
 * and what to do. The CLI prints the message (never a stack trace) and exits with
 * {@link #exitCode()}.
 */
public class SamenspelException extends RuntimeException {

  /** Documented exit codes (README, "Exit codes"). */
  public static final int EXIT_INTERNAL = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_INPUT = 3;
  /** The disclosure audit refused the publish; nothing was published. */
  public static final int EXIT_DISCLOSURE = 4;
  /**
   * A data-quality gate stopped the run: too many rows quarantined, or a large change against
   * the previous published run (drift) without {@code --accept-drift}; nothing was published.
   */
  public static final int EXIT_QUALITY = 5;
  /** The period was already published from other input; pass {@code --replace-period}. */
  public static final int EXIT_PERIOD_PUBLISHED = 6;
  /**
   * Another run holds the output folder (its lock, {@code OUT/.samenspel.lock}); this one did
   * not start and wrote nothing there.
   */
  public static final int EXIT_BUSY = 7;

  private final int exitCode;

  public SamenspelException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public SamenspelException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Bad input data: a missing file, a wrong column, invalid rows. */
  public static SamenspelException input(String message) {
    return new SamenspelException(EXIT_INPUT, message);
  }

  /** A bad option value or configuration. */
  public static SamenspelException usage(String message) {
    return new SamenspelException(EXIT_USAGE, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
