package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class InverseProbabilityWeightingTest {

  /**
   * Given propensities, computed by hand (Hájek weights 1/e for treated, 1/(1-e) otherwise):
   * treated (y, e) = (1, .5), (0, .25), (1, .8): weights 2, 4, 1.25, mean 3.25/7.25 = 0.448276;
   * comparison (y, e) = (0, .5), (1, .25), (0, .8): weights 2, 4/3, 5, mean (4/3)/(25/3) = 0.16.
   * Sandwich variance: sum (w (y - mean))^2 / (sum w)^2 per arm, added.
   */
  @Test
  void hajekContrastWithGivenPropensities() {
    int[] treatment = {1, 1, 1, 0, 0, 0};
    double[] outcome = {1, 0, 1, 0, 1, 0};
    double[] e = {0.5, 0.25, 0.8, 0.5, 0.25, 0.8};
    double[][] probabilities = new double[6][2];
    for (int i = 0; i < 6; i++) {
      probabilities[i][1] = e[i];
      probabilities[i][0] = 1 - e[i];
    }
    EstimationInput input = EstimationInput.binary(treatment, outcome, new double[6][0],
        List.of());
    EffectEstimate result = new InverseProbabilityWeighting()
        .estimateWithPropensities(input, Contrast.BINARY, probabilities);

    assertThat(result.meanTreated()).isCloseTo(0.4482758620689655, within(1e-12));
    assertThat(result.meanComparison()).isCloseTo(0.16, within(1e-12));
    assertThat(result.estimate()).isCloseTo(0.2882758620689655, within(1e-12));
    assertThat(result.standardError()).isCloseTo(0.34948088564039176, within(1e-12));
    assertThat(result.diagnostics().effectiveTreated()).isCloseTo(2.43768115942029, within(1e-9));
    assertThat(result.diagnostics().effectiveComparison())
        .isCloseTo(2.2563176895306856, within(1e-9));
    assertThat(result.estimator()).isEqualTo("ipw");
  }

  /**
   * Independent check: with one binary covariate the logistic model is saturated, so the fitted
   * propensities are the stratum shares (0.4 and 0.7) and IPW must equal direct standardisation:
   * 0.5 * (3/4 - 2/6) + 0.5 * (5/7 - 1/3) = 0.3988095238.
   */
  @Test
  void withSaturatedPropensityModelIpwEqualsStandardisation() {
    int n = 20;
    int[] treatment = new int[n];
    double[] outcome = new double[n];
    double[][] x = new double[n][1];
    // Stratum x = 0: 4 treated (3 successes), 6 comparison (2 successes).
    fill(treatment, outcome, x, 0, 0, new int[] {1, 1, 1, 1, 0, 0, 0, 0, 0, 0},
        new double[] {1, 1, 1, 0, 1, 1, 0, 0, 0, 0});
    // Stratum x = 1: 7 treated (5 successes), 3 comparison (1 success).
    fill(treatment, outcome, x, 10, 1, new int[] {1, 1, 1, 1, 1, 1, 1, 0, 0, 0},
        new double[] {1, 1, 1, 1, 1, 0, 0, 1, 0, 0});
    InverseProbabilityWeighting ipw = new InverseProbabilityWeighting(
        new InverseProbabilityWeighting.Options(Estimand.ATE, Trimming.NONE,
            new PropensityModel.Options(0, 1e-10, 1000), PropensityStrategy.JOINT, 0.95, 1e-6));
    EffectEstimate result = ipw.estimate(
        EstimationInput.binary(treatment, outcome, x, List.of("x")), Contrast.BINARY);

    assertThat(result.estimate()).isCloseTo(0.3988095238095239, within(1e-6));
    assertThat(result.meanTreated()).isCloseTo(0.5 * 0.75 + 0.5 * 5.0 / 7, within(1e-6));

    double[] fitted = PropensityModel.fitBinary(x, treatment,
        new PropensityModel.Options(0, 1e-10, 1000)).probabilities(x);
    assertThat(fitted[0]).isCloseTo(0.4, within(1e-6));
    assertThat(fitted[19]).isCloseTo(0.7, within(1e-6));
  }

  private static void fill(int[] treatment, double[] outcome, double[][] x, int offset,
      double stratum, int[] t, double[] y) {
    for (int i = 0; i < t.length; i++) {
      treatment[offset + i] = t[i];
      outcome[offset + i] = y[i];
      x[offset + i][0] = stratum;
    }
  }
}
