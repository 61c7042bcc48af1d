package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The triple against an independent implementation in base R
 * ({@code src/test/resources/reference/triple/triple_reference.R}, output in
 * {@code triple_reference.out}): glm for the three factorised propensity models and the eight
 * per-arm outcome models on the same five folds (exported from Java into
 * {@code triple_folds.csv}), the pseudo-outcomes, trimming, means and influence-function
 * covariance written out from the formulas. The data ({@code triple_data.csv}, 2,000 units, the
 * interventions confounded by x1) and the expected values ({@code triple_expected.csv}, %.17g)
 * come from that script; regenerate with {@code Rscript triple_reference.R >
 * triple_reference.out 2>&1} in that folder. Maximum likelihood (lambda 0) on both sides.
 */
class TripleAipwTest {

  private static final double TOLERANCE = 1e-6;

  private static final long FOLD_SEED = 20_261_212L;

  private static final PropensityModel.Options EXACT =
      new PropensityModel.Options(0, 1e-10, 2000);

  private static final TripleAipw.Options REFERENCE = TripleAipw.Options.DEFAULT
      .withModels(EXACT);

  @Test
  void agreesWithBaseRGlmOnTheSameFolds() throws IOException {
    Table table = table();
    assertThat(table.fold).as("the folds R used are the pipeline's fold rule")
        .containsExactly(AugmentedIpw.randomFolds(table.input.size(), 5, FOLD_SEED));
    TripleAipw.Result result = new TripleAipw(REFERENCE).estimate(table.input, table.fold,
        null);
    assertThat(result.notEstimated()).isEmpty();
    agrees(result, expected("/reference/triple/triple_expected.csv"), "ATE");
    assertThat(result.effect(TripleAipw.Quantity.ALL_VERSUS_NONE).orElseThrow().estimate())
        .as("R printed 0.3677749563").isCloseTo(0.3677749563, within(TOLERANCE));
  }

  /**
   * The means standardised to the units that received all three (ATT, what the pipeline
   * publishes for a triple): nobody trimmed, every arm estimated, the same as R.
   */
  @Test
  void theAttAgreesWithBaseRGlmOnTheSameFolds() throws IOException {
    Table table = table();
    TripleAipw.Result result = new TripleAipw(REFERENCE.withEstimand(Estimand.ATT))
        .estimate(table.input, table.fold, null);
    assertThat(result.notEstimated()).isEmpty();
    assertThat(result.trimmed()).isZero();
    agrees(result, expected("/reference/triple/triple_expected_att.csv"), "ATT");
    assertThat(result.effect(TripleAipw.Quantity.ALL_VERSUS_NONE).orElseThrow().estimate())
        .as("R printed 0.4306900693").isCloseTo(0.4306900693, within(TOLERANCE));
    // The "all three" arm's mean is its mean outcome.
    double sum = 0;
    int count = 0;
    for (int i = 0; i < table.input.size(); i++) {
      if (table.input.arm(i) == TripleAipw.Arm.ALL.code()) {
        sum += table.input.outcome(i);
        count++;
      }
    }
    assertThat(result.mean(TripleAipw.Arm.ALL).orElseThrow().mean())
        .isCloseTo(sum / count, within(1e-12));
  }

  private static void agrees(TripleAipw.Result result, Map<String, Double> expected,
      String label) {
    Map<String, Double> actual = flatten(result);
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    Map<String, Double> largest = new TreeMap<>();
    for (Map.Entry<String, Double> entry : expected.entrySet()) {
      double value = actual.get(entry.getKey());
      String key = entry.getKey();
      String quantity = key.startsWith("covariance") ? "covariance"
          : key.startsWith("arm") ? "arm " + key.substring(5)
          : key.contains(".") ? "effect " + key.substring(key.indexOf('.') + 1) : key;
      largest.merge(quantity, Math.abs(value - entry.getValue()), Math::max);
    }
    System.out.println("TripleAipwTest " + label + ": " + expected.size()
        + " quantities against R; largest absolute difference per quantity " + largest);
    for (Map.Entry<String, Double> entry : expected.entrySet()) {
      // Effective sizes count units (about 150 to 400 here): 1e-6 relative.
      double tolerance = entry.getKey().endsWith("effectiveSize")
          ? TOLERANCE * entry.getValue() : TOLERANCE;
      assertThat(actual.get(entry.getKey())).as(entry.getKey())
          .isCloseTo(entry.getValue(), within(tolerance));
    }
  }

  @Test
  void sharedFirstTwoFactorsGiveTheSameResult() throws IOException {
    Table table = table();
    TripleAipw triple = new TripleAipw(REFERENCE);
    TripleAipw.Result direct = triple.estimate(table.input, table.fold, null);
    // The factors of the first two interventions from the pair's own four-arm input.
    int[] pairArms = new int[table.input.size()];
    for (int i = 0; i < pairArms.length; i++) {
      pairArms[i] = table.input.arm(i) & 3;
    }
    EstimationInput pair = table.input.withArms(pairArms, table.input.outcomesView(), 4);
    TripleAipw.FirstTwo shared = triple.firstTwo(pair, table.fold);
    TripleAipw.Result reused = triple.estimate(table.input, table.fold, null, shared);
    assertThat(reused.effects()).isEqualTo(direct.effects());
    assertThat(reused.covariance()).isDeepEqualTo(direct.covariance());
    assertThatThrownBy(() -> triple.estimate(table.input, new int[table.input.size()], null,
        shared)).hasMessageContaining("other folds");
  }

  @Test
  void armProbabilitiesSumToOne() throws IOException {
    Table table = table();
    double[][] pi = new TripleAipw(REFERENCE).propensity(table.input, table.fold);
    for (double[] row : pi) {
      assertThat(java.util.Arrays.stream(row).sum()).isCloseTo(1, within(1e-14));
    }
  }

  @Test
  void tooSmallAllThreeArmMeansNothingIsEstimated() throws IOException {
    Table table = table();
    // 387 units received all three: a minimum of 400 leaves the triple out before any model.
    TripleAipw.Result result = new TripleAipw(REFERENCE.withMinimumArmSize(400))
        .estimate(table.input, table.fold, null);
    assertThat(result.estimated()).isFalse();
    assertThat(result.arms()).isEmpty();
    assertThat(result.notEstimated()).hasSize(TripleAipw.Quantity.values().length)
        .allSatisfy(missing -> {
          assertThat(missing.reason()).isEqualTo(TripleAipw.Reason.TOO_FEW_EPISODES);
          assertThat(missing.detail())
              .isEqualTo("ALL: 387 episodes of 387 clients, minimum 400");
        });
    assertThat(new TripleAipw(REFERENCE.withMinimumArmSize(400))
        .largeEnough(table.input, null)).isFalse();
  }

  @Test
  void aSmallInnerArmLeavesOutOnlyWhatNeedsIt() throws IOException {
    Table table = table();
    // 152 units received the first only, 151 the first and third: with a minimum of 160 both
    // are too small; all three and "none" (387, 432) are not, nor the second and third (217).
    TripleAipw.Result result = new TripleAipw(REFERENCE.withMinimumArmSize(160))
        .estimate(table.input, table.fold, null);
    assertThat(result.effects()).extracting(TripleAipw.Effect::quantity).containsExactly(
        TripleAipw.Quantity.ALL_VERSUS_NONE, TripleAipw.Quantity.FIRST_SECOND_VERSUS_NONE,
        TripleAipw.Quantity.SECOND_THIRD_VERSUS_NONE, TripleAipw.Quantity.SECOND_VERSUS_NONE,
        TripleAipw.Quantity.THIRD_VERSUS_NONE);
    assertThat(result.notEstimated()).extracting(TripleAipw.NotEstimated::quantity)
        .containsExactly(TripleAipw.Quantity.FIRST_THIRD_VERSUS_NONE,
            TripleAipw.Quantity.THREE_WAY_INTERACTION, TripleAipw.Quantity.FIRST_VERSUS_NONE);
    assertThat(result.notEstimated().get(1).detail()).startsWith("FIRST: 152 episodes");
    assertThat(result.mean(TripleAipw.Arm.FIRST)).isEmpty();
    assertThat(result.covariance()[TripleAipw.Arm.FIRST.code()][0]).isNaN();
    // The arms that are estimated do not depend on the ones that are not.
    TripleAipw.Result full = new TripleAipw(REFERENCE).estimate(table.input, table.fold, null);
    assertThat(result.effect(TripleAipw.Quantity.ALL_VERSUS_NONE))
        .isEqualTo(full.effect(TripleAipw.Quantity.ALL_VERSUS_NONE));
  }

  @Test
  void aGroupNeedsEnoughDifferentClients() throws IOException {
    Table table = table();
    // Every client of the "all three" arm has three episodes: 387 episodes of 129 clients.
    int[] client = new int[table.input.size()];
    int next = 0;
    int inAll = 0;
    for (int i = 0; i < client.length; i++) {
      if (table.input.arm(i) == TripleAipw.Arm.ALL.code()) {
        client[i] = 100_000 + inAll++ / 3;
      } else {
        client[i] = next++;
      }
    }
    TripleAipw.Result result = new TripleAipw(REFERENCE.withMinimumArmSize(130))
        .estimate(table.input, table.fold, client);
    assertThat(result.estimated()).isFalse();
    assertThat(result.notEstimated().get(0).detail())
        .isEqualTo("ALL: 387 episodes of 129 clients, minimum 130");
  }

  @Test
  void optionsAreValidatedWhenBuilt() {
    assertThatThrownBy(() -> TripleAipw.Options.DEFAULT.withMinimumArmSize(9))
        .hasMessageContaining("disclosure floor");
    assertThatThrownBy(() -> new TripleAipw.Options(30, Trimming.NONE, 1.5, EXACT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TripleAipw.Options.DEFAULT.withModels(
        EXACT.withLearner(PropensityModel.Learner.FOREST)))
        .hasMessageContaining("logistic");
    assertThat(TripleAipw.Options.DEFAULT.trimming())
        .isEqualTo(SubgroupEstimation.Settings.PAIR_TRIMMING);
    EstimationInput pair = EstimationInput.binary(new int[] {0, 1}, new double[] {0, 1},
        new double[][] {{0}, {1}}, List.of("x"));
    assertThatThrownBy(() -> new TripleAipw().estimate(pair, new int[2], null))
        .hasMessageContaining("eight arms");
  }

  @Test
  void contrastWeightsAreTheDocumentedOnes() {
    assertThat(TripleAipw.Quantity.THREE_WAY_INTERACTION.weights())
        .containsExactly(-1, 1, 1, -1, 1, -1, -1, 1);
    assertThat(TripleAipw.Arm.of(1, 1, 0)).isEqualTo(TripleAipw.Arm.FIRST_SECOND);
    assertThat(TripleAipw.Arm.of(0, 1, 1).code()).isEqualTo(6);
  }

  private static Map<String, Double> flatten(TripleAipw.Result result) {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("trimmed", (double) result.trimmed());
    double[][] covariance = result.covariance();
    for (TripleAipw.ArmMean arm : result.arms()) {
      int code = arm.arm().code();
      values.put("arm" + code + ".mean", arm.mean());
      values.put("arm" + code + ".standardError", arm.standardError());
      values.put("arm" + code + ".units", (double) arm.units());
      values.put("arm" + code + ".effectiveSize", arm.effectiveSize());
      for (int other = 0; other < 8; other++) {
        values.put("covariance." + code + "." + other, covariance[code][other]);
      }
    }
    for (TripleAipw.Effect effect : result.effects()) {
      String name = effect.quantity().name();
      values.put(name + ".estimate", effect.estimate());
      values.put(name + ".standardError", effect.standardError());
      values.put(name + ".ciLow", effect.ciLow());
      values.put(name + ".ciHigh", effect.ciHigh());
      values.put(name + ".pValue", effect.pValue());
    }
    return values;
  }

  /** The reference data as an eight-arm input, with its folds. */
  record Table(EstimationInput input, int[] fold) {}

  static Table table() throws IOException {
    List<String[]> lines = read("/reference/triple/triple_data.csv");
    int n = lines.size();
    int[] fold = new int[n];
    int[] arms = new int[n];
    double[] y = new double[n];
    double[][] x = new double[n][3];
    for (int i = 0; i < n; i++) {
      String[] f = lines.get(i);
      fold[i] = Integer.parseInt(f[0]);
      arms[i] = Integer.parseInt(f[1]) + 2 * Integer.parseInt(f[2]) + 4 * Integer.parseInt(f[3]);
      y[i] = Double.parseDouble(f[4]);
      for (int j = 0; j < 3; j++) {
        x[i][j] = Double.parseDouble(f[5 + j]);
      }
    }
    return new Table(new EstimationInput(arms, y, x, List.of("x1", "x2", "x3"), 8), fold);
  }

  private static Map<String, Double> expected(String resource) throws IOException {
    Map<String, Double> values = new LinkedHashMap<>();
    for (String[] f : read(resource)) {
      values.put(f[0], Double.parseDouble(f[1]));
    }
    return values;
  }

  private static List<String[]> read(String resource) throws IOException {
    List<String[]> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        TripleAipwTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line.replace("\"", "").split(",", -1));
      }
    }
    return lines;
  }
}
