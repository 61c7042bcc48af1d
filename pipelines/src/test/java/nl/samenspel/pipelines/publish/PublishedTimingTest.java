package nl.samenspel.pipelines.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.Timing;
import org.junit.jupiter.api.Test;

/** What of the curves may be published: months with enough clients at risk and started. */
class PublishedTimingTest {

  private static Timing.Arm arm(double share, long atRisk, long starts) {
    return new Timing.Arm(share, share - 0.05, share + 0.05, atRisk, starts);
  }

  private static Timing timing(Timing.Point... points) {
    List<Timing.Difference> differences = List.of(
        new Timing.Difference(6, 0.01, 0.02, -0.03, 0.05),
        new Timing.Difference(12, 0.05, 0.02, 0.01, 0.09),
        new Timing.Difference(18, 0.06, 0.02, 0.02, 0.10));
    return new Timing(new Combination("ALL", List.of("KM_A")), List.of(points), differences,
        new Timing.Difference(24, -1.2, 0.4, -2.0, -0.4), 24, 0);
  }

  @Test
  void aMonthIsShownOnlyWithEnoughClientsAtRiskAndStartedInBothGroups() {
    Timing t = timing(
        new Timing.Point(6, arm(0.05, 123, 9), arm(0.04, 800, 40)),
        new Timing.Point(12, arm(0.12, 96, 21), arm(0.10, 640, 90)),
        new Timing.Point(18, arm(0.20, 61, 30), arm(0.15, 9, 120)),
        new Timing.Point(24, arm(0.25, 12, 33), arm(0.18, 10, 130)));
    PublishedTiming p = PublishedTiming.of(t, DisclosureRules.DEFAULT);

    assertThat(p.points()).extracting(PublishedTiming.Point::shown)
        .as("9 started by month 6; 9 at risk at month 18").containsExactly(false, true, false,
            true);
    assertThat(p.points().get(0).treated()).isEqualTo(PublishedTiming.Arm.WITHHELD);
    assertThat(p.points().get(0).comparison().atRisk()).as("the other group too").isNull();
    assertThat(p.points().get(1).treated().atRisk()).as("96 rounds to 95").isEqualTo(95L);
    assertThat(p.points().get(1).comparison().atRisk()).isEqualTo(640L);
    assertThat(p.points().get(3).treated().atRisk()).as("12 rounds to 10").isEqualTo(10L);
    assertThat(p.differences()).extracting(Timing.Difference::month)
        .containsExactly(6, 12, 18);
    assertThat(p.differences()).extracting(d -> Double.isNaN(d.estimate()))
        .as("withheld with its month").containsExactly(true, false, true);
    assertThat(p.points().get(1).treated().started()).as("shares to 0.001").isEqualTo(0.12);
    assertThat(p.restrictedMean().estimate()).isEqualTo(-1.2);
    assertThat(p.anyShown()).isTrue();
  }

  @Test
  void theThresholdCountsDifferentClientsAsWellAsEpisodes() {
    // 12 episodes at risk but of 7 clients; 30 starts of 25 clients.
    Timing t = timing(
        new Timing.Point(6, new Timing.Arm(0.123456, 0.1, 0.15, 12, 30, 7, 25),
            arm(0.04, 800, 40)),
        new Timing.Point(12, new Timing.Arm(0.2, 0.15, 0.25, 40, 30, 33, 9),
            arm(0.10, 640, 90)),
        new Timing.Point(18, arm(0.20, 61, 30), arm(0.15, 200, 120)),
        new Timing.Point(24, arm(0.25, 12, 33), arm(0.18, 10, 130)));
    PublishedTiming p = PublishedTiming.of(t, DisclosureRules.DEFAULT);
    assertThat(p.points()).extracting(PublishedTiming.Point::shown)
        .as("7 clients at risk; 9 clients started").containsExactly(false, false, true, true);
  }

  @Test
  void nothingIsShownWhenNoMonthMayBe() {
    Timing t = timing(
        new Timing.Point(6, arm(0.02, 35, 1), arm(0.03, 300, 12)),
        new Timing.Point(12, arm(0.06, 30, 3), arm(0.08, 250, 30)),
        new Timing.Point(18, arm(0.10, 25, 5), arm(0.12, 210, 45)),
        new Timing.Point(24, arm(0.12, 20, 6), arm(0.15, 170, 55)));
    PublishedTiming p = PublishedTiming.of(t, DisclosureRules.DEFAULT);
    assertThat(p.anyShown()).isFalse();
    assertThat(p.differences()).allMatch(d -> Double.isNaN(d.estimate()));
    assertThat(p.restrictedMean()).as("no month shown, no summary of the curves").isNull();
  }
}
