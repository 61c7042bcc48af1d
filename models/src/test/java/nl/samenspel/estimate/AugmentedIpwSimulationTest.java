package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Repeated sampling from a confounded process with a known effect: x1 raises both the chance of
 * treatment and the chance of the outcome. The outcome probability is additive (base(X) + 0.10
 * if treated), so the logistic outcome model is misspecified while the logistic propensity model
 * is right: AIPW must still be unbiased (double robustness) and its intervals must cover 0.10 at
 * close to the nominal 95%. The naive difference must fail the same check.
 */
@Tag("statistical")
class AugmentedIpwSimulationTest {

  private static final double EFFECT = 0.10;
  private static final int REPLICATIONS = 200;
  private static final int UNITS = 2000;

  @Test
  void aipwCoversTheTruthAndNaiveDoesNot() {
    SplittableRandom root = new SplittableRandom(7);
    int covered = 0;
    int naiveCovered = 0;
    double bias = 0;
    double naiveBias = 0;
    for (int r = 0; r < REPLICATIONS; r++) {
      EstimationInput input = replicate(root.split());
      EffectEstimate aipw = new AugmentedIpw(AugmentedIpw.Options.DEFAULT.withSeed(r))
          .estimate(input, Contrast.BINARY);
      EffectEstimate naive = new NaiveDifference().estimate(input, Contrast.BINARY);
      covered += aipw.covers(EFFECT) ? 1 : 0;
      naiveCovered += naive.covers(EFFECT) ? 1 : 0;
      bias += aipw.estimate() - EFFECT;
      naiveBias += naive.estimate() - EFFECT;
    }
    double coverage = (double) covered / REPLICATIONS;
    double naiveCoverage = (double) naiveCovered / REPLICATIONS;
    bias /= REPLICATIONS;
    naiveBias /= REPLICATIONS;
    String report = String.format("AIPW coverage %.3f bias %+.4f; naive coverage %.3f bias %+.4f",
        coverage, bias, naiveCoverage, naiveBias);
    System.out.println("AugmentedIpwSimulationTest: " + report);

    assertThat(coverage).as(report).isBetween(0.92, 0.98);
    assertThat(Math.abs(bias)).as(report).isLessThan(0.01);
    boolean naivePasses = naiveCoverage >= 0.92 && naiveCoverage <= 0.98
        && Math.abs(naiveBias) < 0.01;
    assertThat(naivePasses).as("the naive difference must fail: " + report).isFalse();
  }

  private static EstimationInput replicate(SplittableRandom random) {
    int[] t = new int[UNITS];
    double[] y = new double[UNITS];
    double[][] x = new double[UNITS][3];
    for (int i = 0; i < UNITS; i++) {
      double x1 = gaussian(random);
      double x2 = random.nextDouble() < 0.5 ? 1 : 0;
      double x3 = random.nextDouble();
      x[i] = new double[] {x1, x2, x3};
      double e = 1 / (1 + Math.exp(-(-0.3 + 1.0 * x1 - 0.5 * x2 + 0.5 * x3)));
      t[i] = random.nextDouble() < e ? 1 : 0;
      double base = Math.max(0.02, Math.min(0.85, 0.3 + 0.12 * x1 + 0.05 * x2 - 0.1 * x3));
      y[i] = random.nextDouble() < base + EFFECT * t[i] ? 1 : 0;
    }
    return EstimationInput.binary(t, y, x, List.of("x1", "x2", "x3"));
  }

  private static double gaussian(SplittableRandom random) {
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
