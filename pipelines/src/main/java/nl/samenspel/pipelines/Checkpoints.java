package nl.samenspel.pipelines;

import java.util.Locale;

/**
 * Named points in a run where a test can hold the process to kill it there (SIGKILL) and check
 * that the previous publish survives. Set {@code SAMENSPEL_HOLD_AT} to a checkpoint name: when
 * the run reaches it, it prints {@code hold NAME} on stdout and waits until it is killed.
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

  private Checkpoints() {}

  /** Holds here when {@code SAMENSPEL_HOLD_AT} names this checkpoint. */
  public static void reach(String name) {
    String hold = System.getenv(VARIABLE);
    if (hold == null || !hold.trim().toLowerCase(Locale.ROOT).equals(name)) {
      return;
    }
    System.out.println("hold " + name);
    System.out.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
