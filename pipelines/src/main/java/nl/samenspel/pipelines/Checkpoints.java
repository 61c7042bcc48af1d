package nl.samenspel.pipelines;

import java.util.Locale;

/**
 * Named points in a run where a test can hold the process to kill it there (SIGKILL) and check
 * that the previous publish survives, or start a second run while this one holds its output
 * folder. Set {@code SAMENSPEL_HOLD_AT} to a checkpoint name: when the run reaches it, it prints
 * {@code hold NAME} on stdout and waits until it is killed or, when
 * {@code SAMENSPEL_HOLD_RELEASE} names a file, until that file exists (then it goes on).
 * Without the variable a checkpoint costs one environment lookup. Documented in
 * docs/operations.md; not meant for production use.
 */
public final class Checkpoints {

  public static final String INGEST = "ingest";
  public static final String QUALITY = "quality";
  public static final String JOURNEYS = "journeys";
  public static final String ESTIMATE = "estimate";
  public static final String PUBLISH_STAGING = "publish-staging";
  public static final String PUBLISH_AUDITED = "publish-audited";
  public static final String PUBLISH_SWAPPED = "publish-swapped";

  static final String VARIABLE = "SAMENSPEL_HOLD_AT";
  static final String RELEASE = "SAMENSPEL_HOLD_RELEASE";
  /** How often a held run looks for the release file. */
  private static final long RELEASE_POLL_MILLIS = 100;

  private Checkpoints() {}

  /** Holds here when {@code SAMENSPEL_HOLD_AT} names this checkpoint. */
  public static void reach(String name) {
    String hold = System.getenv(VARIABLE);
    if (hold == null || !hold.trim().toLowerCase(Locale.ROOT).equals(name)) {
      return;
    }
    System.out.println("hold " + name);
    System.out.flush();
    String release = System.getenv(RELEASE);
    java.nio.file.Path file = release == null ? null : java.nio.file.Path.of(release);
    // Held until killed, or until the release file appears.
    while (file == null || !java.nio.file.Files.exists(file)) {
      try {
        Thread.sleep(file == null ? 60_000 : RELEASE_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
