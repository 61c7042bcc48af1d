package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Repeated sampling of three confounded interventions with planted effects: x1 raises the
 * chance of each intervention and of the outcome, the second follows the first, the third both
 * (the factorised propensity model is right). The outcome probability is additive: base(X) +
 * 0.05 first + 0.03 second + 0.04 third + 0.02 first x second + 0.01 second x third + 0.06 all
 * three, so all three against none is 0.21 and the three-way interaction 0.06; the per-arm
 * logistic outcome models are misspecified. Cross-fitted (five folds), default options. The 95%
 * intervals of both must cover the truth in 92-98% of 400 replications of 4,000 units, for the
 * trimmed population (ATE) and for the units that received all three (ATT, what the pipeline
 * publishes): the effects are the same for everyone, so both populations have the same truth.
 */
@Tag("slow")
class TripleAipwSimulationTest {

  private static final int REPLICATIONS = 400;
  private static final int UNITS = 4000;
  private static final double ALL_VERSUS_NONE = 0.21;
  private static final double INTERACTION = 0.06;

  @Test
  void intervalsCoverThePlantedAllThreeEffectAndInteraction() {
    SplittableRandom root = new SplittableRandom(20_261_213L);
    int coveredAll = 0;
    int coveredInteraction = 0;
    double biasAll = 0;
    double biasInteraction = 0;
    int trimmed = 0;
    int coveredAllTreated = 0;
    int coveredInteractionTreated = 0;
    double biasAllTreated = 0;
    TripleAipw treatedEstimator = new TripleAipw(TripleAipw.Options.DEFAULT.withEstimand(
        Estimand.ATT));
    long start = System.nanoTime();
    for (int r = 0; r < REPLICATIONS; r++) {
      SplittableRandom random = root.split();
      int[] arms = new int[UNITS];
      double[] y = new double[UNITS];
      double[][] x = new double[UNITS][];
      for (int i = 0; i < UNITS; i++) {
        double x1 = gaussian(random);
        double x2 = random.nextDouble() < 0.45 ? 1 : 0;
        double age = 18 + 47 * random.nextDouble();
        x[i] = new double[] {x1, x2, age};
        int a = bernoulli(random, -0.2 + 0.7 * x1 - 0.4 * x2 + 0.02 * (age - 40));
        int b = bernoulli(random, -0.4 + 0.5 * x1 + 0.3 * x2 + 0.6 * a);
        int c = bernoulli(random, -0.5 + 0.4 * x1 + 0.02 * (age - 40) + 0.4 * a + 0.3 * b
            + 0.4 * a * b);
        arms[i] = a + 2 * b + 4 * c;
        double base = Math.min(0.6, Math.max(0.05, 0.25 + 0.08 * x1 + 0.05 * x2
            - 0.003 * (age - 40)));
        double p = base + 0.05 * a + 0.03 * b + 0.04 * c + 0.02 * a * b + 0.01 * b * c
            + 0.06 * a * b * c;
        y[i] = random.nextDouble() < p ? 1 : 0;
      }
      EstimationInput input = new EstimationInput(arms, y, x, List.of("x1", "x2", "age"), 8);
      int[] fold = AugmentedIpw.randomFolds(UNITS, 5, r);
      TripleAipw ateEstimator = new TripleAipw();
      TripleAipw.FirstTwo firstTwo = ateEstimator.firstTwo(input, fold);
      TripleAipw.Result result = ateEstimator.estimate(input, fold, null, firstTwo);
      TripleAipw.Result treated = treatedEstimator.estimate(input, fold, null, firstTwo);
      TripleAipw.Effect allTreated = treated.effect(TripleAipw.Quantity.ALL_VERSUS_NONE)
          .orElseThrow();
      coveredAllTreated += allTreated.covers(ALL_VERSUS_NONE) ? 1 : 0;
      coveredInteractionTreated += treated.effect(TripleAipw.Quantity.THREE_WAY_INTERACTION)
          .orElseThrow().covers(INTERACTION) ? 1 : 0;
      biasAllTreated += (allTreated.estimate() - ALL_VERSUS_NONE) / REPLICATIONS;
      TripleAipw.Effect all = result.effect(TripleAipw.Quantity.ALL_VERSUS_NONE).orElseThrow();
      TripleAipw.Effect interaction = result.effect(TripleAipw.Quantity.THREE_WAY_INTERACTION)
          .orElseThrow();
      coveredAll += all.covers(ALL_VERSUS_NONE) ? 1 : 0;
      coveredInteraction += interaction.covers(INTERACTION) ? 1 : 0;
      biasAll += (all.estimate() - ALL_VERSUS_NONE) / REPLICATIONS;
      biasInteraction += (interaction.estimate() - INTERACTION) / REPLICATIONS;
      trimmed += result.trimmed();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double coverageAll = (double) coveredAll / REPLICATIONS;
    double coverageInteraction = (double) coveredInteraction / REPLICATIONS;
    String report = String.format("all three vs none: coverage %.3f, bias %+.4f; three-way"
        + " interaction: coverage %.3f, bias %+.4f; %.1f units trimmed on average;"
        + " %d replications in %.1f s", coverageAll, biasAll, coverageInteraction,
        biasInteraction, (double) trimmed / REPLICATIONS, REPLICATIONS, seconds);
    double coverageAllTreated = (double) coveredAllTreated / REPLICATIONS;
    double coverageInteractionTreated = (double) coveredInteractionTreated / REPLICATIONS;
    report += String.format("; ATT: all three vs none coverage %.3f, bias %+.4f, three-way"
        + " interaction coverage %.3f", coverageAllTreated, biasAllTreated,
        coverageInteractionTreated);
    System.out.println("TripleAipwSimulationTest: " + report);
    assertThat(coverageAllTreated).as(report).isBetween(0.92, 0.98);
    assertThat(coverageInteractionTreated).as(report).isBetween(0.92, 0.98);
    assertThat(Math.abs(biasAllTreated)).as(report).isLessThan(0.01);
    assertThat(coverageAll).as(report).isBetween(0.92, 0.98);
    assertThat(coverageInteraction).as(report).isBetween(0.92, 0.98);
    assertThat(Math.abs(biasAll)).as(report).isLessThan(0.01);
    assertThat(Math.abs(biasInteraction)).as(report).isLessThan(0.02);
  }

  private static int bernoulli(SplittableRandom random, double logit) {
    return random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; one of the pair is enough here.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
