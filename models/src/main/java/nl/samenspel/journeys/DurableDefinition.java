package nl.samenspel.journeys;

import java.util.Set;

/**
 * What counts as durable participation after an assessment. Default: paid work without full
 * benefit, starting within 12 months after the assessment month and lasting at least 6
 * consecutive months.
 *
 * <p>A month counts as "in work" when {@code employed} is true and the benefit status is one of
 * {@link #workBenefitStatuses()} (default PARTIAL and NONE: a job with at most a supplementary
 * benefit). Month offsets are counted from the assessment month: offset 1 is the first calendar
 * month after it.
 *
 * @param horizonMonths the qualifying spell must start at an offset in 1..horizonMonths
 * @param minimumConsecutiveMonths the spell must last this many consecutive months
 * @param workBenefitStatuses benefit statuses that, with employed = true, count as in work
 */
public record DurableDefinition(
    int horizonMonths, int minimumConsecutiveMonths, Set<String> workBenefitStatuses)
    implements java.io.Serializable {

  /** Offsets are packed into a 64-bit mask; the follow-up must fit in it. */
  public static final int MAX_FOLLOW_UP_MONTHS = 62;

  public static final DurableDefinition DEFAULT =
      new DurableDefinition(12, 6, Set.of("PARTIAL", "NONE"));

  public DurableDefinition {
    if (horizonMonths < 1) {
      throw new IllegalArgumentException("horizon must be at least 1 month, got " + horizonMonths);
    }
    if (minimumConsecutiveMonths < 1) {
      throw new IllegalArgumentException(
          "minimum duration must be at least 1 month, got " + minimumConsecutiveMonths);
    }
    if (horizonMonths + minimumConsecutiveMonths - 1 > MAX_FOLLOW_UP_MONTHS) {
      throw new IllegalArgumentException("horizon + minimum duration may span at most "
          + MAX_FOLLOW_UP_MONTHS + " months");
    }
    if (workBenefitStatuses == null || workBenefitStatuses.isEmpty()) {
      throw new IllegalArgumentException("at least one benefit status must count as in work");
    }
    workBenefitStatuses = Set.copyOf(workBenefitStatuses);
  }

  /** The last month offset that can matter: a spell starting at the horizon must end here. */
  public int followUpMonths() {
    return horizonMonths + minimumConsecutiveMonths - 1;
  }

  /** Whether one outcome month counts as in work under this definition. */
  public boolean isInWork(boolean employed, String benefitStatus) {
    return employed && workBenefitStatuses.contains(benefitStatus);
  }
}
