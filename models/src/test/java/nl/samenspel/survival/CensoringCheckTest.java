package nl.samenspel.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CensoringCheckTest {

  /** Two identical copies of the same clients, one labelled recent: nothing to find. */
  @Test
  void identicalGroupsGiveAZeroStatistic() {
    int[] months = {1, 2, 2, 3, 5, 7, 7, 9, 12, 24};
    int[] events = {1, 0, 1, 1, 0, 1, 0, 1, 0, 0};
    double[] weights = {1.2, 0.5, 2.0, 1.0, 3.0, 0.7, 1.1, 1.6, 0.9, 2.2};
    int n = months.length;
    int[] allMonths = new int[2 * n];
    int[] allEvents = new int[2 * n];
    int[] group = new int[2 * n];
    double[] allWeights = new double[2 * n];
    for (int i = 0; i < 2 * n; i++) {
      allMonths[i] = months[i % n];
      allEvents[i] = events[i % n];
      allWeights[i] = weights[i % n];
      group[i] = i < n ? 0 : 1;
    }
    CensoringCheck.Result result = CensoringCheck.scoreTest(allMonths, allEvents, group,
        new int[2 * n], allWeights, 24);
    assertThat(result.chiSquare()).isCloseTo(0, within(1e-20));
    assertThat(result.pValue()).isCloseTo(1, within(1e-9));
    assertThat(result.observedToExpected()).isCloseTo(1, within(1e-12));
    assertThat(result.recentUnits()).isEqualTo(n);
  }

  @Test
  void recentClientsWithAHigherChanceAreFound() {
    SplittableRandom random = new SplittableRandom(5);
    int n = 4000;
    int[] months = new int[n];
    int[] events = new int[n];
    int[] followUp = new int[n];
    int[] arm = new int[n];
    for (int i = 0; i < n; i++) {
      arm[i] = random.nextInt(2);
      followUp[i] = random.nextDouble() < 0.3 ? random.nextInt(0, 12) : 24;
      double hazard = (followUp[i] < 12 ? 0.06 : 0.03) * (arm[i] == 1 ? 1.5 : 1);
      int start = 1;
      while (start <= 60 && random.nextDouble() >= hazard) {
        start++;
      }
      events[i] = start <= followUp[i] ? 1 : 0;
      months[i] = events[i] == 1 ? start : followUp[i];
    }
    double[] ones = new double[n];
    Arrays.fill(ones, 1);
    CensoringCheck.Result result = CensoringCheck.recentAgainstEarlier(months, events, followUp,
        arm, ones, 12, 24);
    assertThat(result.pValue()).isLessThan(1e-6);
    assertThat(result.observedToExpected()).isBetween(1.4, 2.4);
  }

  @Test
  void aggregatedCountsGiveTheSameTest() {
    int[] months = {1, 2, 2, 3, 5, 7, 0, 9, 12, 24, 3, 4};
    int[] events = {1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1};
    int[] group = {0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1, 0};
    int[] arm = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0};
    double[] weights = {1.2, 0.5, 2.0, 1.0, 3.0, 0.7, 1.1, 1.6, 0.9, 2.2, 1.3, 0.8};
    CensoringCheck.Result units = CensoringCheck.scoreTest(months, events, group, arm, weights,
        24);
    MonthlyCounts.Builder[][] tables = new MonthlyCounts.Builder[2][2];
    for (int a = 0; a < 2; a++) {
      for (int g = 0; g < 2; g++) {
        tables[a][g] = MonthlyCounts.builder(24);
      }
    }
    for (int i = 0; i < months.length; i++) {
      tables[arm[i]][group[i]].add(months[i], events[i], weights[i]);
    }
    CensoringCheck.Result sums = CensoringCheck.scoreTest(
        new MonthlyCounts[] {tables[0][0].build(), tables[1][0].build()},
        new MonthlyCounts[] {tables[0][1].build(), tables[1][1].build()});
    assertThat(sums.chiSquare()).isCloseTo(units.chiSquare(), within(1e-14));
    assertThat(sums.observed()).isCloseTo(units.observed(), within(1e-14));
    assertThat(sums.expected()).isCloseTo(units.expected(), within(1e-14));
  }

  @Test
  void invalidInputIsRejected() {
    int[] one = {1};
    assertThatThrownBy(() -> CensoringCheck.scoreTest(one, one, new int[] {2}, new int[] {0},
        new double[] {1}, 24)).hasMessageContaining("0 or 1");
    assertThatThrownBy(() -> CensoringCheck.scoreTest(one, one, one, new int[] {-1},
        new double[] {1}, 24)).hasMessageContaining("strata");
    assertThatThrownBy(() -> CensoringCheck.recentAgainstEarlier(one, one, one, new int[] {0},
        new double[] {1}, 25, 24)).hasMessageContaining("follow-up below");
    assertThatThrownBy(() -> CensoringCheck.scoreTest(one, one, one, new int[] {0, 0},
        new double[] {1}, 24)).hasMessageContaining("differ in length");
  }
}
