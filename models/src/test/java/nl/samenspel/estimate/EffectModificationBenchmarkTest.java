package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Discipline;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Timing figures, not asserted ones: what issue 13 adds to the estimate stage. (1) One best
 * linear projection on 400,000 scores and 10 modifiers (a national subgroup). (2) One triple on
 * 50,000 units with the pipeline's 23 covariates, fitted whole and with the first two factors
 * shared, next to what the stage already does for the same three interventions (three singles
 * with refuters and three pairs, {@link SubgroupEstimation}). (3) The scores and projection of
 * one comparison on those 50,000 units. Prints the first pass (cold JIT) and the best of three,
 * wall-clock and the thread's CPU time (the figure that holds when other builds share the
 * machine).
 */
@Tag("benchmark")
class EffectModificationBenchmarkTest {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void projectionOf400000ScoresOnTenModifiers() {
    SplittableRandom random = new SplittableRandom(13);
    int n = 400_000;
    int k = 10;
    double[] score = new double[n];
    double[][] z = new double[n][k];
    List<String> names = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      names.add("z" + j);
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 7; j++) {
        z[i][j] = 1 + random.nextInt(5);
      }
      z[i][7] = 18 + random.nextInt(48);
      z[i][8] = random.nextInt(120);
      z[i][9] = random.nextInt(2);
      score[i] = 0.1 - 0.02 * (z[i][1] - 3) + gaussian(random) * (0.5 + 0.1 * z[i][2]);
    }
    BestLinearProjection projection = new BestLinearProjection();
    double[][] times = time(() -> projection.fit(score, z, names), result -> assertThat(
        result.coefficient("z1").estimate()).isCloseTo(-0.02, org.assertj.core.api.Assertions
        .within(0.01)));
    System.out.printf("EffectModificationBenchmarkTest: projection of %,d scores on %d"
        + " modifiers: first %.3f s (CPU %.3f s), best of three %.3f s (CPU %.3f s)%n", n, k,
        times[0][0], times[0][1], times[1][0], times[1][1]);
  }

  @Test
  void tripleOn50000UnitsNextToItsSinglesAndPairs() {
    int n = 50_000;
    List<SubgroupEstimation.Unit> units = units(n, new SplittableRandom(50));
    List<CatalogEntry> catalog = List.of(entry("KM_A", Discipline.KM),
        entry("IC_B", Discipline.IC), entry("AM_C", Discipline.AM));
    // Singles and pairs as before triples: the triple is timed on its own below.
    SubgroupEstimation.Settings settings = SubgroupEstimation.Settings.DEFAULT.withTriples(
        SubgroupEstimation.TripleScope.NONE, 0);
    double[][] existing = time(() -> SubgroupEstimation.estimate("ALL", units, catalog,
        settings), result -> assertThat(result.records()).hasSize(6));
    SubgroupEstimation.Settings singlesOnly = new SubgroupEstimation.Settings(
        settings.minimumArmSize(), SubgroupEstimation.PairScope.NONE,
        settings.minimumPairArmSize(), settings.aipw(), settings.pairTrimming(),
        settings.refuters());
    double[][] singles = time(() -> SubgroupEstimation.estimate("ALL", units, catalog,
        singlesOnly), result -> assertThat(result.records()).hasSize(3));

    double[][] x = units.stream().map(SubgroupEstimation.Unit::covariates)
        .toArray(double[][]::new);
    double[] y = units.stream().mapToDouble(SubgroupEstimation.Unit::outcome).toArray();
    int[] arms = new int[n];
    for (int i = 0; i < n; i++) {
      Set<String> received = units.get(i).interventions();
      arms[i] = (received.contains("KM_A") ? 1 : 0) + (received.contains("IC_B") ? 2 : 0)
          + (received.contains("AM_C") ? 4 : 0);
    }
    int[] fold = AugmentedIpw.randomFolds(n, 5, 7);
    TripleAipw triple = new TripleAipw();
    double[][] whole = time(() -> triple.estimate(
        new EstimationInput(arms, y, x, CovariateEncoder.NAMES, 8, false), fold, null),
        result -> assertThat(result.estimated()).isTrue());
    EstimationInput shared = new EstimationInput(arms, y, x, CovariateEncoder.NAMES, 8, false);
    TripleAipw.FirstTwo firstTwo = triple.firstTwo(shared, fold);
    double[][] third = time(() -> triple.estimate(shared, fold, null, firstTwo),
        result -> assertThat(result.estimated()).isTrue());

    int[] single = new int[n];
    for (int i = 0; i < n; i++) {
      single[i] = arms[i] & 1;
    }
    EstimationInput binary = new EstimationInput(single, y, x, CovariateEncoder.NAMES, 2, false);
    AugmentedIpw aipw = new AugmentedIpw();
    AugmentedIpw.Nuisance nuisance = aipw.fitNuisance(binary, new int[] {0, 1});
    double[][] modifiers = BestLinearProjection.select(x, CovariateEncoder.NAMES,
        BestLinearProjection.PROFILE);
    double[][] projection = time(() -> new BestLinearProjection().fit(
        aipw.scores(binary, Contrast.BINARY, nuisance), modifiers, BestLinearProjection.PROFILE),
        result -> assertThat(result.coefficients()).hasSize(10));
    double[][] estimate = time(() -> aipw.estimate(binary, Contrast.BINARY,
        aipw.fitNuisance(binary, new int[] {0, 1})), result -> assertThat(result.nTreated())
        .isPositive());

    System.out.printf("EffectModificationBenchmarkTest: %,d units, 23 covariates, best of three"
        + " (CPU): 3 singles with refuters + 3 pairs %.2f s (%.2f), of which the 3 singles"
        + " %.2f s (%.2f); one triple %.2f s (%.2f);"
        + " one triple with the first two factors shared %.2f s (%.2f); scores + projection on"
        + " the profile of one single %.3f s (%.3f), its AIPW fit %.3f s (%.3f)%n", n,
        existing[1][0], existing[1][1], singles[1][0], singles[1][1], whole[1][0], whole[1][1],
        third[1][0], third[1][1], projection[1][0], projection[1][1], estimate[1][0], estimate[1][1]);
  }

  /** First pass and best of three: {wall seconds, CPU seconds} each. */
  private static <T> double[][] time(Supplier<T> work, java.util.function.Consumer<T> check) {
    double[] wall = new double[3];
    double[] cpu = new double[3];
    for (int pass = 0; pass < 3; pass++) {
      long start = System.nanoTime();
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      T result = work.get();
      cpu[pass] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      wall[pass] = (System.nanoTime() - start) / 1e9;
      check.accept(result);
    }
    return new double[][] {{wall[0], cpu[0]},
        {Math.min(wall[1], wall[2]), Math.min(cpu[1], cpu[2])}};
  }

  private static CatalogEntry entry(String code, Discipline discipline) {
    return new CatalogEntry(code, discipline, code, code, Set.of());
  }

  /** Units with encoded covariates; the three interventions confounded by two scores. */
  private static List<SubgroupEstimation.Unit> units(int n, SplittableRandom random) {
    String[] sexes = {"M", "F", "X"};
    String[] households = {"SINGLE", "SINGLE_PARENT", "COUPLE", "COUPLE_WITH_CHILDREN"};
    String[] education = {"LOW", "MIDDLE", "HIGH"};
    List<SubgroupEstimation.Unit> units = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Integer[] scores = new Integer[7];
      for (int j = 0; j < 7; j++) {
        scores[j] = random.nextDouble() < 0.1 ? null : 1 + random.nextInt(5);
      }
      int age = 18 + random.nextInt(48);
      int months = random.nextInt(120);
      double[] x = CovariateEncoder.encode(age, sexes[random.nextInt(3)],
          households[random.nextInt(4)], education[random.nextInt(3)], months, scores);
      double selfEfficacy = scores[1] == null ? 3 : scores[1];
      double context = scores[5] == null ? 3 : scores[5];
      int a = bernoulli(random, -0.3 - 0.3 * (selfEfficacy - 3) + 0.01 * (age - 40));
      int b = bernoulli(random, -0.6 + 0.2 * (context - 3) + 0.5 * a);
      int c = bernoulli(random, -0.5 + 0.3 * (selfEfficacy - 3) + 0.4 * a + 0.3 * b);
      Set<String> received = new HashSet<>();
      if (a == 1) {
        received.add("KM_A");
      }
      if (b == 1) {
        received.add("IC_B");
      }
      if (c == 1) {
        received.add("AM_C");
      }
      double p = 0.2 + 0.04 * (selfEfficacy - 3) + 0.03 * a + 0.02 * b + 0.04 * c
          + 0.03 * a * b * c;
      double outcome = random.nextDouble() < p ? 1 : 0;
      double negative = random.nextDouble() < 0.2 ? 1 : 0;
      units.add(new SubgroupEstimation.Unit(received, outcome, negative, x, "c" + i));
    }
    return units;
  }

  private static int bernoulli(SplittableRandom random, double logit) {
    return random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
