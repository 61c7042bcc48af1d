package nl.samenspel.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Coverage of the pooled Knapp-Hartung interval and the prediction interval on simulated
 * combinations. Each of 1,000 replications draws k from 5 to 30 municipalities, each with
 * 300 to 30,000 clients (log-uniform), half of them receiving the intervention, a comparison
 * rate between 0.2 and 0.5 and a true effect drawn around the national effect 0.05 with
 * tau = 0.03; the estimate and its standard error come from binomial counts as the estimate
 * stage reports a risk difference (difference of proportions, sqrt(p1 q1 / n1 + p0 q0 / n0)).
 * The pooled interval should cover 0.05 in 0.92-0.98 of the replications, and the prediction
 * interval a new municipality's true effect in at least 0.90. Seeded, so the figures are the
 * same on every run.
 */
class RandomEffectsSimulationTest {

  private static final long SEED = 20261203L;
  private static final int REPLICATIONS = 1_000;
  private static final double NATIONAL_EFFECT = 0.05;
  private static final double TAU = 0.03;

  @Test
  void intervalsCoverThePlantedEffects() {
    SplittableRandom random = new SplittableRandom(SEED);
    RandomEffects randomEffects = new RandomEffects(RandomEffects.Options.DEFAULT);
    int pooledCovers = 0;
    int predictionCovers = 0;
    int fixedCovers = 0;
    double tau2Sum = 0;
    for (int r = 0; r < REPLICATIONS; r++) {
      int k = random.nextInt(5, 31);
      List<Study> studies = new ArrayList<>(k);
      for (int i = 0; i < k; i++) {
        int n = (int) Math.round(Math.exp(random.nextDouble(Math.log(300), Math.log(30_000))));
        double comparisonRate = random.nextDouble(0.2, 0.5);
        double effect = NATIONAL_EFFECT + TAU * gaussian(random);
        int treated = n / 2;
        int comparison = n - treated;
        double p1 = binomial(random, treated, comparisonRate + effect) / (double) treated;
        double p0 = binomial(random, comparison, comparisonRate) / (double) comparison;
        studies.add(new Study("m" + i, p1 - p0,
            Math.sqrt(p1 * (1 - p1) / treated + p0 * (1 - p0) / comparison)));
      }
      PooledEstimate pooled = randomEffects.pool(studies);
      assertThat(pooled.converged()).isTrue();
      double newMunicipality = NATIONAL_EFFECT + TAU * gaussian(random);
      pooledCovers += pooled.ciLow() <= NATIONAL_EFFECT && NATIONAL_EFFECT <= pooled.ciHigh()
          ? 1 : 0;
      predictionCovers += pooled.predictionLow() <= newMunicipality
          && newMunicipality <= pooled.predictionHigh() ? 1 : 0;
      fixedCovers += pooled.fixedCiLow() <= NATIONAL_EFFECT
          && NATIONAL_EFFECT <= pooled.fixedCiHigh() ? 1 : 0;
      tau2Sum += pooled.tau2();
    }
    double pooledCoverage = pooledCovers / (double) REPLICATIONS;
    double predictionCoverage = predictionCovers / (double) REPLICATIONS;
    System.out.printf("RandomEffects coverage over %d replications (k 5-30, tau %.2f): "
            + "Knapp-Hartung interval %.3f, prediction interval %.3f, fixed-effect interval "
            + "%.3f; mean tau^2 %.6f (planted %.6f)%n", REPLICATIONS, TAU, pooledCoverage,
        predictionCoverage, fixedCovers / (double) REPLICATIONS, tau2Sum / REPLICATIONS,
        TAU * TAU);
    assertThat(pooledCoverage).as("Knapp-Hartung coverage of the national effect")
        .isBetween(0.92, 0.98);
    assertThat(predictionCoverage).as("prediction interval coverage of a new municipality")
        .isGreaterThanOrEqualTo(0.90);
  }

  /** A binomial count as a sum of Bernoulli draws: exact, and fast enough at these sizes. */
  private static int binomial(SplittableRandom random, int n, double p) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() < p) {
        count++;
      }
    }
    return count;
  }

  /** A standard normal draw (Box-Muller), so that the figures depend on the seed only. */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
