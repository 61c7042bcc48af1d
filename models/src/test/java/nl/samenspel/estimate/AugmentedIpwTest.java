package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AugmentedIpwTest {

  private static final PropensityModel.Options EXACT = new PropensityModel.Options(0, 1e-10, 2000);

  private static AugmentedIpw.Options exact(Estimand estimand) {
    return new AugmentedIpw.Options(estimand, 1, 1, Trimming.NONE, 0.95, EXACT,
        PropensityStrategy.JOINT);
  }

  /**
   * One binary covariate makes both models saturated: propensities are the stratum shares
   * (0.4, 0.7) and outcome predictions the stratum-arm means, so AIPW equals standardisation.
   * By hand: ATE = 0.5 (3/4 - 2/6) + 0.5 (5/7 - 1/3) = 0.398810; ATT weights the strata by the
   * treated (4 and 7): 0.393939. Standard errors from the influence function, computed by hand
   * from the pseudo-outcomes: 0.216336 (ATE) and 0.230056 (ATT).
   */
  @Test
  void saturatedModelsGiveStandardisation() {
    EstimationInput input = saturatedTable();
    EffectEstimate ate = new AugmentedIpw(exact(Estimand.ATE)).estimate(input, Contrast.BINARY);
    assertThat(ate.estimate()).isCloseTo(0.39880952380952384, within(1e-6));
    assertThat(ate.standardError()).isCloseTo(0.21633562210819127, within(1e-6));
    assertThat(ate.meanTreated()).isCloseTo(0.5 * 0.75 + 0.5 * 5.0 / 7, within(1e-6));

    EffectEstimate att = new AugmentedIpw(exact(Estimand.ATT)).estimate(input, Contrast.BINARY);
    assertThat(att.estimate()).isCloseTo(0.39393939393939414, within(1e-6));
    assertThat(att.standardError()).isCloseTo(0.2300564142822365, within(1e-6));
    assertThat(att.estimand()).isEqualTo(Estimand.ATT);
  }

  @Test
  void gComputationWithSaturatedModelIsStandardisationToo() {
    EffectEstimate gcomp = new GComputation(new GComputation.Options(Estimand.ATE, 50, 3, 0.95,
        EXACT)).estimate(saturatedTable(), Contrast.BINARY);
    assertThat(gcomp.estimate()).isCloseTo(0.39880952380952384, within(1e-6));
    assertThat(gcomp.standardError()).isBetween(0.1, 0.35);
  }

  /**
   * Independent reference: R 4.2's glm on the same 500 rows
   * (src/test/resources/reference/aipw_reference.R, which also made the data): logistic
   * propensity on x1, x2, x3 and logistic outcome models per arm, no cross-fitting.
   * R printed aipw 0.1693713990, aipw_se 0.0474640975, ipw 0.1671112558.
   */
  @Test
  void agreesWithRGlmOnTheSameData() throws IOException {
    EstimationInput input = referenceTable();
    EffectEstimate aipw = new AugmentedIpw(exact(Estimand.ATE)).estimate(input, Contrast.BINARY);
    assertThat(aipw.estimate()).isCloseTo(0.1693713990, within(1e-6));
    assertThat(aipw.standardError()).isCloseTo(0.0474640975, within(1e-6));

    EffectEstimate ipw = new InverseProbabilityWeighting(new InverseProbabilityWeighting.Options(
        Estimand.ATE, Trimming.NONE, EXACT, PropensityStrategy.JOINT, 0.95, 1e-6))
        .estimate(input, Contrast.BINARY);
    assertThat(ipw.estimate()).isCloseTo(0.1671112558, within(1e-6));
  }

  @Test
  void crossFittingIsDeterministicForASeedAndReportsDiagnostics() throws IOException {
    EstimationInput input = referenceTable();
    AugmentedIpw aipw = new AugmentedIpw(AugmentedIpw.Options.DEFAULT);
    EffectEstimate first = aipw.estimate(input, Contrast.BINARY);
    EffectEstimate second = aipw.estimate(input, Contrast.BINARY);
    assertThat(first.estimate()).isEqualTo(second.estimate());
    assertThat(first.estimate()).as("close to the full-sample fit").isCloseTo(0.169, within(0.03));
    Diagnostics d = first.diagnostics();
    assertThat(d.balance()).extracting(Diagnostics.Balance::covariate)
        .containsExactly("x1", "x2", "x3");
    assertThat(d.maxAbsSmdBefore()).as("x1 drives treatment").isGreaterThan(0.3);
    assertThat(d.maxAbsSmdAfter()).isLessThan(d.maxAbsSmdBefore());
    assertThat(d.shareTrimmed()).isBetween(0.0, 0.2);
    assertThat(d.propensityTreated()).hasSize(3);
    assertThat(first.nTreated() + first.nComparison() + d.trimmed()).isEqualTo(500);
  }

  @Test
  void randomForestNuisanceModelsAreAnOption() throws IOException {
    EstimationInput input = referenceTable();
    AugmentedIpw.Options options = AugmentedIpw.Options.DEFAULT.withModels(
        PropensityModel.Options.DEFAULT.withLearner(PropensityModel.Learner.FOREST));
    EffectEstimate forest = new AugmentedIpw(options).estimate(input, Contrast.BINARY);
    EffectEstimate again = new AugmentedIpw(options).estimate(input, Contrast.BINARY);
    assertThat(forest.estimate()).as("seeded forests are reproducible")
        .isEqualTo(again.estimate());
    assertThat(forest.estimate()).as("close to the logistic answer 0.169")
        .isCloseTo(0.169, within(0.06));
    assertThat(forest.ciLow()).isLessThan(forest.estimate());
  }

  @Test
  void continuousOutcomeUsesLinearModels() {
    // y = 2 + 3 t + x exactly: every estimator that adjusts for x must give 3.
    int n = 60;
    int[] t = new int[n];
    double[] y = new double[n];
    double[][] x = new double[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = i % 10;
      t[i] = (i % 3 == 0 || i % 10 > 6) ? 1 : 0;
      y[i] = 2 + 3 * t[i] + x[i][0];
    }
    EstimationInput input = EstimationInput.binary(t, y, x, List.of("x"));
    EffectEstimate aipw = new AugmentedIpw(exact(Estimand.ATE)).estimate(input, Contrast.BINARY);
    assertThat(aipw.estimate()).isCloseTo(3, within(1e-6));
    EffectEstimate gcomp = new GComputation(new GComputation.Options(Estimand.ATT, 30, 1, 0.95,
        EXACT)).estimate(input, Contrast.BINARY);
    assertThat(gcomp.estimate()).isCloseTo(3, within(1e-6));
  }

  @Test
  void noOverlapIsRejected() {
    // Treatment determined by x: after trimming one arm is empty.
    int n = 40;
    int[] t = new int[n];
    double[] y = new double[n];
    double[][] x = new double[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = i;
      t[i] = i < 20 ? 0 : 1;
      y[i] = i % 2;
    }
    EstimationInput input = EstimationInput.binary(t, y, x, List.of("x"));
    AugmentedIpw aipw = new AugmentedIpw(AugmentedIpw.Options.DEFAULT.withSeed(2));
    assertThatThrownBy(() -> aipw.estimate(input, Contrast.BINARY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static EstimationInput saturatedTable() {
    int[] t = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0};
    double[] y = {1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0};
    double[][] x = new double[20][1];
    for (int i = 10; i < 20; i++) {
      x[i][0] = 1;
    }
    return EstimationInput.binary(t, y, x, List.of("x"));
  }

  static EstimationInput referenceTable() throws IOException {
    List<int[]> treatments = new ArrayList<>();
    List<Double> outcomes = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        AugmentedIpwTest.class.getResourceAsStream("/reference/aipw_reference.csv"),
        StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String[] f = line.split(",");
        treatments.add(new int[] {Integer.parseInt(f[0])});
        outcomes.add(Double.parseDouble(f[1]));
        rows.add(new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3]),
            Double.parseDouble(f[4])});
      }
    }
    return EstimationInput.binary(treatments.stream().mapToInt(a -> a[0]).toArray(),
        outcomes.stream().mapToDouble(Double::doubleValue).toArray(),
        rows.toArray(double[][]::new), List.of("x1", "x2", "x3"));
  }
}
