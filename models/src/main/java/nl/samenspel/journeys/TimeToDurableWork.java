package nl.samenspel.journeys;

/**
 * When durable work started after an assessment, or how long it is known not to have started:
 * the time-to-event outcome behind the survival curves (issue 14), next to the yes/no outcome of
 * {@link DurableParticipation}, which stays as it is.
 *
 * <p>Month offsets and masks are those of {@link DurableParticipation}: bit {@code k} is offset
 * {@code k}, the k-th calendar month after the assessment month; one mask says which months were
 * observed in the outcomes extract, the other which were in work. Durable work <em>starts</em>
 * at offset {@code s} when offsets {@code s .. s + m - 1} are all observed and in work, with
 * {@code m} the definition's minimum number of consecutive months. The event time is the first
 * such {@code s}.
 *
 * <p><b>Follow-up, and why it ignores the work months.</b> Let {@code L} be the number of months
 * observed without a gap from offset 1 (the first missing offset is {@code L + 1}). A start at
 * {@code s} can be judged, together with every earlier start, exactly when
 * {@code s + m - 1 <= L}. The follow-up of the episode is therefore
 * {@code F = min(max(L - m + 1, 0), maxFollowUpMonths)}: the last start offset whose whole run
 * of {@code m} months is observed with no gap before it. It depends on the observed mask only,
 * never on the work months, so censoring is decided by the data delivery and not by the outcome
 * (the condition under which the Kaplan-Meier estimator is unbiased). Then:
 *
 * <ul>
 *   <li>if durable work starts at some {@code s <= F}: an event at month {@code s};
 *   <li>otherwise the episode is censored at month {@code F}: no start at offsets 1..F.
 * </ul>
 *
 * <p>A missing month is unknown, never "no work". A gap in the middle ends the follow-up at the
 * gap, even when a run after the gap is observed, because a start in or just before the missing
 * month cannot be ruled out; using runs after a gap only when they happen to be in work would
 * make the censoring depend on the outcome. For the same reason the follow-up is not extended by
 * months that are known to be out of work. An episode without any outcome month is censored at
 * month 0 and contributes nothing to the curves.
 *
 * <p>Relation to the yes/no outcome with horizon {@code H} (when {@code maxFollowUpMonths >= H}):
 * an event at a month {@code <= H} is always {@link DurableOutcome#DURABLE}; an event after
 * {@code H} or a follow-up of at least {@code H} months without an event is always
 * {@link DurableOutcome#NOT_DURABLE}. Only a follow-up shorter than {@code H} can differ: the
 * yes/no outcome is then {@link DurableOutcome#UNDETERMINED}, or {@code DURABLE} when a run
 * after a gap qualifies, which the time-to-event outcome censors at the gap.
 *
 * @param month the start month of durable work ({@code started}) or the month at which the
 *     episode is censored (= {@code followUpMonths}); 0..maxFollowUpMonths
 * @param started whether durable work was seen to start at {@code month}
 * @param followUpMonths the episode's follow-up {@code F}: the last start month that could be
 *     judged, from the observed mask alone (also defined when durable work started; the
 *     censoring check groups episodes by it)
 */
public record TimeToDurableWork(int month, boolean started, int followUpMonths)
    implements java.io.Serializable {

  /** Follow-up of the survival curves when none is configured: 24 months. */
  public static final int DEFAULT_MAX_FOLLOW_UP_MONTHS = 24;

  public TimeToDurableWork {
    if (followUpMonths < 0 || month < 0 || month > followUpMonths) {
      throw new IllegalArgumentException("need 0 <= month <= follow-up, got month " + month
          + " and follow-up " + followUpMonths);
    }
    if (started && month < 1) {
      throw new IllegalArgumentException("durable work can't start before offset 1");
    }
    if (!started && month != followUpMonths) {
      throw new IllegalArgumentException("a censored episode is censored at its follow-up "
          + followUpMonths + ", got " + month);
    }
  }

  /** 1 when durable work started, 0 when censored (the {@code durable_event} column). */
  public int eventIndicator() {
    return started ? 1 : 0;
  }

  /** {@link #measure(long, long, DurableDefinition, int)} with 24 months of follow-up. */
  public static TimeToDurableWork measure(long observedMask, long inWorkMask,
      DurableDefinition definition) {
    return measure(observedMask, inWorkMask, definition, DEFAULT_MAX_FOLLOW_UP_MONTHS);
  }

  /**
   * The time to durable work of one episode. Pure and thread-safe.
   *
   * @param observedMask bit k set when offset k is present in the outcomes extract
   * @param inWorkMask bit k set when offset k was in work (only observed bits count)
   * @param definition the minimum run length (its horizon is not used: the curves follow up to
   *     {@code maxFollowUpMonths})
   * @param maxFollowUpMonths last start month the curves look at
   */
  public static TimeToDurableWork measure(long observedMask, long inWorkMask,
      DurableDefinition definition, int maxFollowUpMonths) {
    int run = definition.minimumConsecutiveMonths();
    checkFollowUp(maxFollowUpMonths, run);
    // Observed months without a gap from offset 1 (bit 0, the assessment month, is ignored).
    int observedFromStart = Long.numberOfTrailingZeros(~(observedMask >>> 1));
    int followUp = Math.min(Math.max(observedFromStart - run + 1, 0), maxFollowUpMonths);
    long work = inWorkMask & observedMask;
    long spell = ((1L << run) - 1) << 1;
    for (int start = 1; start <= followUp; start++, spell <<= 1) {
      if ((work & spell) == spell) {
        return new TimeToDurableWork(start, true, followUp);
      }
    }
    return new TimeToDurableWork(followUp, false, followUp);
  }

  /** Rejects a follow-up that does not fit the 62 month offsets of the masks. */
  public static void checkFollowUp(int maxFollowUpMonths, int minimumConsecutiveMonths) {
    if (maxFollowUpMonths < 1
        || maxFollowUpMonths + minimumConsecutiveMonths - 1
            > DurableDefinition.MAX_FOLLOW_UP_MONTHS) {
      throw new IllegalArgumentException("maximum follow-up must be 1.."
          + (DurableDefinition.MAX_FOLLOW_UP_MONTHS - minimumConsecutiveMonths + 1)
          + " months for runs of " + minimumConsecutiveMonths + " months, got "
          + maxFollowUpMonths);
    }
  }
}
