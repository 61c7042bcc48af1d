package nl.samenspel.journeys;

/**
 * The negative-control outcome: whether the client worked in the months just before the
 * assessment. It is measured before any intervention of the episode, so an intervention cannot
 * have changed it; an adjusted "effect" on it that is clearly not zero points to confounding the
 * adjustment missed. Bit {@code k} of the masks is the month {@code k} months before the
 * assessment month (k = 1..months).
 */
public final class PriorWork {

  /** Months before the assessment that the negative control looks at. */
  public static final int MONTHS = 6;

  private PriorWork() {}

  /** 1 when some observed month was in work, 0 when all were observed and none was, else null. */
  public static Integer indicator(long observedMask, long workMask) {
    long window = ((1L << MONTHS) - 1) << 1;
    if ((workMask & observedMask & window) != 0) {
      return 1;
    }
    return (observedMask & window) == window ? 0 : null;
  }
}
