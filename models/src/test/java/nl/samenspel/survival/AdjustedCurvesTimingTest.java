package nl.samenspel.survival;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import nl.samenspel.estimate.Estimand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One pair of curves on 400,000 episodes (about the whole Dutch bijstand population): the
 * comparison from unit-level arrays, and from per-month aggregates as the Spark side would pass
 * them, with the censoring check. Prints wall-clock and this thread's CPU time (other builds
 * share the two cores); the bound is loose on purpose.
 */
@Tag("benchmark")
class AdjustedCurvesTimingTest {

  private static final int EPISODES = 400_000;

  @Test
  void onePairOfCurvesOnFourHundredThousandEpisodes() {
    DurableWorkSimulation.Episodes episodes = DurableWorkSimulation.generate(EPISODES, 0,
        new SplittableRandom(400_000L));
    double[][] x = episodes.covariatesWithAssessmentMonth();
    double[] propensity = new double[EPISODES];
    for (int i = 0; i < EPISODES; i++) {
      propensity[i] = DurableWorkSimulation.expit(-0.9 + 0.8 * x[i][0] - 0.5 * x[i][1]
          + 2.0 * x[i][2] * 12 / 47);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long bestWall = Long.MAX_VALUE;
    long bestCpu = Long.MAX_VALUE;
    long bestAggregate = Long.MAX_VALUE;
    long bestCheck = Long.MAX_VALUE;
    AdjustedCurves.Comparison comparison = null;
    for (int run = 0; run < 5; run++) {
      long wall = System.nanoTime();
      long cpu = threads.getCurrentThreadCpuTime();
      comparison = AdjustedCurves.compare(episodes.months(), episodes.events(),
          episodes.treatment(), propensity, AdjustedCurves.Options.DEFAULT);
      bestWall = Math.min(bestWall, System.nanoTime() - wall);
      bestCpu = Math.min(bestCpu, threads.getCurrentThreadCpuTime() - cpu);

      long aggregate = System.nanoTime();
      AdjustedCurves.compare(comparison.treated().counts(), comparison.comparison().counts(), 0,
          AdjustedCurves.Options.DEFAULT);
      bestAggregate = Math.min(bestAggregate, System.nanoTime() - aggregate);

      long check = System.nanoTime();
      CensoringCheck.recentAgainstEarlier(episodes.months(), episodes.events(),
          episodes.followUp(), episodes.treatment(),
          AdjustedCurves.weights(episodes.treatment(), propensity, Estimand.ATE), 12, 24);
      bestCheck = Math.min(bestCheck, System.nanoTime() - check);
    }
    System.out.printf("AdjustedCurvesTimingTest: one pair of curves on %,d episodes: %.1f ms"
        + " wall-clock, %.1f ms CPU (best of 5); from per-month aggregates %.3f ms; censoring"
        + " check %.1f ms%n", EPISODES, bestWall / 1e6, bestCpu / 1e6, bestAggregate / 1e6,
        bestCheck / 1e6);
    assertThat(comparison.treated().counts().units() + comparison.comparison().counts().units()
        + comparison.trimmed()).isEqualTo(EPISODES);
    assertThat(bestWall / 1e9).as("seconds for one pair of curves").isLessThan(5);
  }
}
