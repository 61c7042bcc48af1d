package nl.samenspel.journeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DurableParticipationTest {

  private static final DurableDefinition DEFAULT = DurableDefinition.DEFAULT;

  /** Months offsets from..to (inclusive) as a mask. */
  private static long months(int from, int to) {
    long mask = 0;
    for (int m = from; m <= to; m++) {
      mask |= DurableParticipation.bit(m);
    }
    return mask;
  }

  private static final long ALL_OBSERVED = months(1, 17);

  @Test
  void sixConsecutiveMonthsStartingInTheHorizonAreDurable() {
    assertThat(DurableParticipation.classify(ALL_OBSERVED, months(3, 8), DEFAULT))
        .isEqualTo(DurableOutcome.DURABLE);
  }

  @Test
  void fiveMonthsOfWorkAreNotDurable() {
    assertThat(DurableParticipation.classify(ALL_OBSERVED, months(3, 7), DEFAULT))
        .isEqualTo(DurableOutcome.NOT_DURABLE);
  }

  @Test
  void twoSpellsOfFiveMonthsWithAGapAreNotDurable() {
    long work = months(1, 5) | months(7, 11);
    assertThat(DurableParticipation.classify(ALL_OBSERVED, work, DEFAULT))
        .isEqualTo(DurableOutcome.NOT_DURABLE);
  }

  @Test
  void spellStartingInTheLastHorizonMonthCountsAndOneMonthLaterDoesNot() {
    assertThat(DurableParticipation.classify(ALL_OBSERVED, months(12, 17), DEFAULT))
        .as("start at offset 12, the last month of the horizon")
        .isEqualTo(DurableOutcome.DURABLE);
    long observedLonger = months(1, 18);
    assertThat(DurableParticipation.classify(observedLonger, months(13, 18), DEFAULT))
        .as("start at offset 13, after the horizon")
        .isEqualTo(DurableOutcome.NOT_DURABLE);
  }

  @Test
  void workInTheAssessmentMonthItselfIsOutsideTheFollowUp() {
    // Bit 0 (the assessment month) is ignored: offsets 1..5 alone are only five months.
    long work = 1L | months(1, 5);
    assertThat(DurableParticipation.classify(ALL_OBSERVED | 1L, work, DEFAULT))
        .isEqualTo(DurableOutcome.NOT_DURABLE);
  }

  @Test
  void aMissingMonthInsideTheSpellMakesTheOutcomeUndetermined() {
    long observed = ALL_OBSERVED & ~DurableParticipation.bit(5);
    long work = months(3, 8);
    assertThat(DurableParticipation.classify(observed, work, DEFAULT))
        .as("work in 3..8 but month 5 missing: not known to be durable, not known not to be")
        .isEqualTo(DurableOutcome.UNDETERMINED);
  }

  @Test
  void aMissingMonthOutsideADurableSpellDoesNotMatter() {
    long observed = ALL_OBSERVED & ~DurableParticipation.bit(15);
    assertThat(DurableParticipation.classify(observed, months(2, 7), DEFAULT))
        .isEqualTo(DurableOutcome.DURABLE);
  }

  @Test
  void followUpShorterThanNeededIsUndetermined() {
    assertThat(DurableParticipation.classify(months(1, 16), 0L, DEFAULT))
        .isEqualTo(DurableOutcome.UNDETERMINED);
    assertThat(DurableParticipation.classify(0L, 0L, DEFAULT))
        .as("no outcome months at all")
        .isEqualTo(DurableOutcome.UNDETERMINED);
  }

  @Test
  void workMonthsThatWereNotObservedAreIgnored() {
    assertThat(DurableParticipation.classify(months(1, 17) & ~months(4, 4), months(1, 8),
        DEFAULT)).isEqualTo(DurableOutcome.UNDETERMINED);
  }

  @Test
  void definitionIsConfigurable() {
    DurableDefinition shortHorizon = new DurableDefinition(3, 2, Set.of("NONE"));
    assertThat(shortHorizon.followUpMonths()).isEqualTo(4);
    assertThat(DurableParticipation.classify(months(1, 4), months(3, 4), shortHorizon))
        .isEqualTo(DurableOutcome.DURABLE);
    assertThat(DurableParticipation.classify(months(1, 4), months(4, 4), shortHorizon))
        .isEqualTo(DurableOutcome.NOT_DURABLE);
    assertThat(shortHorizon.isInWork(true, "PARTIAL")).isFalse();
    assertThat(DEFAULT.isInWork(true, "PARTIAL")).isTrue();
    assertThat(DEFAULT.isInWork(false, "NONE")).isFalse();
    assertThat(DEFAULT.isInWork(true, "FULL")).isFalse();
  }

  @Test
  void invalidDefinitionsAreRejected() {
    assertThatThrownBy(() -> new DurableDefinition(0, 6, Set.of("NONE")))
        .hasMessageContaining("horizon");
    assertThatThrownBy(() -> new DurableDefinition(12, 0, Set.of("NONE")))
        .hasMessageContaining("minimum duration");
    assertThatThrownBy(() -> new DurableDefinition(40, 30, Set.of("NONE")))
        .hasMessageContaining("at most");
    assertThatThrownBy(() -> DurableParticipation.bit(0)).hasMessageContaining("offset");
  }

  @Test
  void indicatorMapsOutcomes() {
    assertThat(DurableOutcome.DURABLE.asIndicator()).isEqualTo(1);
    assertThat(DurableOutcome.NOT_DURABLE.asIndicator()).isEqualTo(0);
    assertThat(DurableOutcome.UNDETERMINED.asIndicator()).isNull();
  }
}
