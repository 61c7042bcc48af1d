package nl.samenspel.journeys;

/**
 * Decides the durable-participation outcome of an episode from two bit masks over month
 * offsets after the assessment month (bit {@code k} is offset {@code k}, k = 1..62): which
 * months were observed in the outcomes extract, and which of those were in work.
 *
 * <p>Three-valued on purpose: a missing month is unknown, not "not in work". An episode is
 * {@link DurableOutcome#DURABLE} when some run of {@code minimumConsecutiveMonths} observed
 * in-work months starts at an offset in 1..horizon; {@link DurableOutcome#NOT_DURABLE} when no
 * such run exists and every offset 1..horizon+minimum-1 was observed; otherwise
 * {@link DurableOutcome#UNDETERMINED}. Pure and thread-safe.
 */
public final class DurableParticipation {

  private DurableParticipation() {}

  /** Bit for one month offset. */
  public static long bit(int offset) {
    if (offset < 1 || offset > DurableDefinition.MAX_FOLLOW_UP_MONTHS) {
      throw new IllegalArgumentException("month offset out of range: " + offset);
    }
    return 1L << offset;
  }

  public static DurableOutcome classify(long observedMask, long inWorkMask,
      DurableDefinition definition) {
    long work = inWorkMask & observedMask;
    int run = definition.minimumConsecutiveMonths();
    for (int start = 1; start <= definition.horizonMonths(); start++) {
      long spell = ((1L << run) - 1) << start;
      if ((work & spell) == spell) {
        return DurableOutcome.DURABLE;
      }
    }
    long followUp = ((1L << definition.followUpMonths()) - 1) << 1;
    return (observedMask & followUp) == followUp
        ? DurableOutcome.NOT_DURABLE
        : DurableOutcome.UNDETERMINED;
  }
}
