package nl.samenspel.journeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeToDurableWorkTest {

  private static final DurableDefinition DEFAULT = DurableDefinition.DEFAULT;

  /** Month offsets from..to (inclusive) as a mask. */
  private static long months(int from, int to) {
    long mask = 0;
    for (int m = from; m <= to; m++) {
      mask |= DurableParticipation.bit(m);
    }
    return mask;
  }

  private static TimeToDurableWork measure(long observed, long work) {
    return TimeToDurableWork.measure(observed, work, DEFAULT);
  }

  @Test
  void anEarlyStartIsAnEventInItsMonth() {
    TimeToDurableWork time = measure(months(1, 40), months(1, 6));
    assertThat(time).isEqualTo(new TimeToDurableWork(1, true, 24));
    assertThat(time.eventIndicator()).isEqualTo(1);
  }

  @Test
  void aLateStartIsAnEventInItsMonthAfterShorterSpells() {
    long work = months(2, 4) | months(8, 12) | months(20, 27);
    assertThat(measure(months(1, 40), work))
        .as("spells of 3 and 5 months do not count; the run from 20 does")
        .isEqualTo(new TimeToDurableWork(20, true, 24));
  }

  @Test
  void aStartInTheLastMonthOfFollowUpNeedsItsWholeRunObserved() {
    // 29 months observed: follow-up 29 - 6 + 1 = 24, and a run at 24 ends at 29.
    assertThat(measure(months(1, 29), months(24, 29)))
        .isEqualTo(new TimeToDurableWork(24, true, 24));
    // One month less observed: the run at 24 can't be judged yet.
    assertThat(measure(months(1, 28), months(24, 28)))
        .isEqualTo(new TimeToDurableWork(23, false, 23));
  }

  @Test
  void noStartInFullFollowUpIsCensoredAtTheMaximum() {
    assertThat(measure(months(1, 40), months(30, 40)))
        .as("a start at 30 lies beyond 24 months of follow-up")
        .isEqualTo(new TimeToDurableWork(24, false, 24));
    assertThat(measure(months(1, 40), 0L).eventIndicator()).isZero();
  }

  @Test
  void endOfTheExtractCensorsAtTheLastStartThatCanBeJudged() {
    // Observed 1..14: starts 1..9 can be judged (9 + 5 = 14).
    assertThat(measure(months(1, 14), months(1, 4)))
        .isEqualTo(new TimeToDurableWork(9, false, 9));
    // Work in 10..14 might become a durable run: still only censored at 9.
    assertThat(measure(months(1, 14), months(10, 14)))
        .as("the follow-up does not depend on the work months")
        .isEqualTo(new TimeToDurableWork(9, false, 9));
    // Months known to be out of work do not lengthen the follow-up either.
    assertThat(measure(months(1, 14), 0L)).isEqualTo(new TimeToDurableWork(9, false, 9));
  }

  @Test
  void aGapInTheMiddleEndsTheFollowUpAtTheGap() {
    long observed = months(1, 40) & ~DurableParticipation.bit(10);
    // Months 1..9 observed without a gap: starts 1..4 can be judged.
    assertThat(measure(observed, months(2, 7)))
        .as("a run wholly before the gap is an event")
        .isEqualTo(new TimeToDurableWork(2, true, 4));
    assertThat(measure(observed, months(12, 20)))
        .as("a run after the gap is not used: a start at 5..10 can't be ruled out")
        .isEqualTo(new TimeToDurableWork(4, false, 4));
    assertThat(measure(observed, months(6, 20)))
        .as("a run through the gap is unknown")
        .isEqualTo(new TimeToDurableWork(4, false, 4));
  }

  @Test
  void noMonthsAtAllAreCensoredAtZero() {
    assertThat(measure(0L, 0L)).isEqualTo(new TimeToDurableWork(0, false, 0));
    assertThat(measure(months(2, 30), months(2, 30)))
        .as("offset 1 missing: nothing can be judged")
        .isEqualTo(new TimeToDurableWork(0, false, 0));
    assertThat(measure(months(1, 5), months(1, 5)))
        .as("five months observed are too few for a run of six")
        .isEqualTo(new TimeToDurableWork(0, false, 0));
  }

  @Test
  void theAssessmentMonthAndUnobservedWorkMonthsAreIgnored() {
    assertThat(measure(months(1, 40) | 1L, 1L | months(1, 5)))
        .isEqualTo(new TimeToDurableWork(24, false, 24));
    long observed = months(1, 3) | months(5, 40);
    assertThat(measure(observed, months(1, 10)))
        .as("offset 4 in the work mask but not observed")
        .isEqualTo(new TimeToDurableWork(0, false, 0));
  }

  @Test
  void followUpAndRunLengthAreConfigurable() {
    DurableDefinition shortRuns = new DurableDefinition(3, 2, Set.of("NONE"));
    assertThat(TimeToDurableWork.measure(months(1, 10), months(5, 6), shortRuns, 6))
        .isEqualTo(new TimeToDurableWork(5, true, 6));
    assertThat(TimeToDurableWork.measure(months(1, 10), months(8, 9), shortRuns, 6))
        .isEqualTo(new TimeToDurableWork(6, false, 6));
    assertThat(TimeToDurableWork.measure(months(1, 62), months(57, 62), DEFAULT, 57))
        .as("the longest follow-up the masks allow for runs of six")
        .isEqualTo(new TimeToDurableWork(57, true, 57));
    assertThatThrownBy(() -> TimeToDurableWork.measure(0L, 0L, DEFAULT, 58))
        .hasMessageContaining("maximum follow-up");
    assertThatThrownBy(() -> TimeToDurableWork.measure(0L, 0L, DEFAULT, 0))
        .hasMessageContaining("maximum follow-up");
  }

  @Test
  void inconsistentValuesAreRejected() {
    assertThatThrownBy(() -> new TimeToDurableWork(5, false, 9)).hasMessageContaining("censored");
    assertThatThrownBy(() -> new TimeToDurableWork(10, true, 9)).hasMessageContaining("month");
    assertThatThrownBy(() -> new TimeToDurableWork(0, true, 9)).hasMessageContaining("offset 1");
  }

  /**
   * On random masks with gaps and short extracts: whenever the time-to-event outcome can judge
   * the horizon, it agrees with the yes/no outcome, which is unchanged; it only differs where
   * the yes/no outcome is undetermined or found a run after a gap.
   */
  @Test
  void agreesWithTheYesNoOutcomeWheneverTheFollowUpReachesTheHorizon() {
    SplittableRandom random = new SplittableRandom(14);
    int compared = 0;
    int shorter = 0;
    for (int k = 0; k < 20_000; k++) {
      int last = random.nextInt(0, 40);
      long observed = months(1, Math.max(1, last)) & (last == 0 ? 0L : -1L);
      if (random.nextInt(4) == 0) {
        observed &= ~DurableParticipation.bit(random.nextInt(1, 40));
      }
      long work = 0;
      int month = 1;
      while (month <= 40) {
        int spell = random.nextInt(0, 9);
        if (random.nextBoolean()) {
          work |= months(month, Math.min(40, month + spell - 1)) & (spell == 0 ? 0L : -1L);
        }
        month += Math.max(spell, 1);
      }
      DurableOutcome yesNo = DurableParticipation.classify(observed, work, DEFAULT);
      TimeToDurableWork time = measure(observed, work);
      int horizon = DEFAULT.horizonMonths();
      if (time.started() && time.month() <= horizon) {
        assertThat(yesNo).isEqualTo(DurableOutcome.DURABLE);
        compared++;
      } else if (time.started() || time.followUpMonths() >= horizon) {
        assertThat(yesNo).isEqualTo(DurableOutcome.NOT_DURABLE);
        compared++;
      } else {
        assertThat(yesNo).isNotEqualTo(DurableOutcome.NOT_DURABLE);
        shorter++;
      }
    }
    assertThat(compared).isGreaterThan(5_000);
    assertThat(shorter).isGreaterThan(5_000);
  }
}
