package nl.samenspel.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A timing figure, not an asserted one: pooling 342 municipalities (every Dutch municipality)
 * for 1,000 combinations in one thread, REML + Knapp-Hartung + prediction interval +
 * fixed effect each, as {@code samenspel pool} would on a national run; and the meta-regression
 * on size class and urbanity for 100 of those combinations. Prints the first pass (cold JIT)
 * and the best of three (of two for the meta-regression), wall-clock and the thread's CPU
 * time (the figure that holds when other builds share the machine).
 */
@Tag("benchmark")
class PoolingBenchmarkTest {

  private static final int MUNICIPALITIES = 342;
  private static final int COMBINATIONS = 1_000;
  private static final int REGRESSIONS = 100;

  @Test
  void pools342MunicipalitiesTimesAThousandCombinations() {
    SplittableRandom random = new SplittableRandom(342_000L);
    List<List<Study>> combinations = new ArrayList<>(COMBINATIONS);
    for (int c = 0; c < COMBINATIONS; c++) {
      double effect = random.nextDouble(-0.05, 0.1);
      double tau = random.nextDouble(0, 0.04);
      List<Study> studies = new ArrayList<>(MUNICIPALITIES);
      for (int i = 0; i < MUNICIPALITIES; i++) {
        double n = Math.exp(random.nextDouble(Math.log(300), Math.log(30_000)));
        double p = random.nextDouble(0.2, 0.5);
        double se = Math.sqrt(2 * p * (1 - p) / (n / 2));
        studies.add(new Study("m" + i, effect + tau * gaussian(random) + se * gaussian(random),
            se));
      }
      combinations.add(studies);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    RandomEffects randomEffects = new RandomEffects(RandomEffects.Options.DEFAULT);
    double[] seconds = new double[3];
    double[] cpu = new double[3];
    double checksum = 0;
    int iterations = 0;
    for (int pass = 0; pass < seconds.length; pass++) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      for (List<Study> studies : combinations) {
        PooledEstimate pooled = randomEffects.pool(studies);
        assertThat(pooled.converged()).isTrue();
        checksum += pooled.estimate();
        iterations += pooled.iterations();
      }
      seconds[pass] = (System.nanoTime() - start) / 1e9;
      cpu[pass] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    }
    System.out.printf("RandomEffects: %d studies x %d combinations in one thread: %.3f s first "
            + "pass, %.3f s best of %d (CPU %.3f s, %.3f s; %.1f REML iterations per "
            + "combination; checksum %.6f)%n", MUNICIPALITIES, COMBINATIONS, seconds[0],
        min(seconds), seconds.length, cpu[0], min(cpu),
        iterations / (double) (seconds.length * COMBINATIONS), checksum);

    List<String> labels = combinations.get(0).stream().map(Study::label).toList();
    Map<String, Map<String, String>> moderators = new HashMap<>();
    for (String label : labels) {
      moderators.put(label, Map.of(
          "size_class", List.of("small", "medium", "large").get(random.nextInt(3)),
          "urbanity", Integer.toString(random.nextInt(1, 6))));
    }
    ModeratorDesign design = Moderators.design(labels, List.of("size_class", "urbanity"),
        moderators);
    MetaRegression regression = new MetaRegression(RandomEffects.Options.DEFAULT);
    double[] regressionSeconds = new double[2];
    double[] regressionCpu = new double[2];
    for (int pass = 0; pass < regressionSeconds.length; pass++) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      for (int c = 0; c < REGRESSIONS; c++) {
        checksum += regression.fit(combinations.get(c), design).tau2();
      }
      regressionSeconds[pass] = (System.nanoTime() - start) / 1e9;
      regressionCpu[pass] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    }
    System.out.printf("MetaRegression (intercept, 2 size-class dummies, urbanity): %d studies "
            + "x %d combinations: %.3f s first pass, %.3f s second (CPU %.3f s, %.3f s)%n",
        MUNICIPALITIES, REGRESSIONS, regressionSeconds[0], regressionSeconds[1],
        regressionCpu[0], regressionCpu[1]);
    assertThat(checksum).isFinite();
  }

  private static double min(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    for (double value : values) {
      min = Math.min(min, value);
    }
    return min;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
