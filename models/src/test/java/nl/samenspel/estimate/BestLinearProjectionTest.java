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
 * The projection against an independent implementation: R 4.2's {@code lm} with
 * {@code sandwich::vcovHC(type = "HC3")}, {@code lmtest::coeftest}, {@code lmtest::coefci} and
 * {@code lmtest::waldtest(fit, . ~ 1, vcov = V, test = "F")}, run by
 * {@code src/test/resources/reference/blp/blp_reference.R} (printed output in
 * {@code blp_reference.out}), which also wrote the data ({@code blp_data.csv}) and the expected
 * values ({@code blp_expected.csv}, %.17g). Regenerate with {@code Rscript blp_reference.R >
 * blp_reference.out 2>&1} in that folder. Every quantity agrees to 1e-9.
 */
class BestLinearProjectionTest {

  private static final double TOLERANCE = 1e-9;

  /**
   * Ten units by hand: with centred modifiers the intercept is the mean score, 3.6 / 10 = 0.36;
   * z3 is 3 for everyone and is dropped; R printed z1 -0.10400184169129 (HC3 SE
   * 0.07496270029860), z2 0.03692591029429 (0.00890323730917), F = 29.047 on (2, 7) df.
   */
  @Test
  void handTableAgreesWithLmAndHc3() throws IOException {
    BestLinearProjection.Result result = new BestLinearProjection().fit(
        column(data("hand"), 0), modifiers(data("hand"), 3), List.of("z1", "z2", "z3"));
    assertThat(result.dropped()).containsExactly("z3");
    assertThat(result.n()).isEqualTo(10);
    assertThat(result.coefficient(BestLinearProjection.INTERCEPT).estimate())
        .isCloseTo(0.36, within(1e-15));
    assertThat(result.coefficient("z1").estimate()).isCloseTo(-0.10400184169129, within(1e-13));
    assertThat(result.coefficient("z2").standardError())
        .isCloseTo(0.00890323730917, within(1e-13));
    assertThat(result.omnibus().degreesOfFreedom()).isEqualTo(2);
    assertThat(result.omnibus().residualDegreesOfFreedom()).isEqualTo(7);
    assertThat(result.omnibus().statistic()).isCloseTo(29.047, within(5e-4));
  }

  /** Every quantity of every fit in blp_expected.csv, with the largest difference printed. */
  @Test
  void everyQuantityAgreesWithRToOneInABillion() throws IOException {
    Map<String, Double> largest = new TreeMap<>();
    int compared = 0;
    for (String[] key : List.of(new String[] {"hand", "MEAN"}, new String[] {"hand", "NONE"},
        new String[] {"profile", "MEAN"}, new String[] {"profile", "NONE"})) {
      String dataset = key[0];
      BestLinearProjection.Centring centring = BestLinearProjection.Centring.valueOf(key[1]);
      List<double[]> rows = data(dataset);
      int k = dataset.equals("hand") ? 3 : 4;
      List<String> names = new ArrayList<>();
      for (int j = 1; j <= k; j++) {
        names.add("z" + j);
      }
      BestLinearProjection.Result result = new BestLinearProjection(
          BestLinearProjection.Options.DEFAULT.withCentring(centring))
          .fit(column(rows, 0), modifiers(rows, k), names);
      Map<String, Double> expected = expected(dataset, key[1]);
      Map<String, Double> actual = flatten(result);
      assertThat(actual.keySet()).as(dataset + " " + centring)
          .containsExactlyInAnyOrderElementsOf(expected.keySet());
      for (Map.Entry<String, Double> entry : expected.entrySet()) {
        double value = actual.get(entry.getKey());
        double difference = Math.abs(value - entry.getValue());
        assertThat(value).as(dataset + " " + centring + " " + entry.getKey())
            .isCloseTo(entry.getValue(), within(TOLERANCE));
        String quantity = entry.getKey().substring(entry.getKey().indexOf('.') + 1);
        largest.merge(quantity, difference, Math::max);
        compared++;
      }
    }
    System.out.println("BestLinearProjectionTest: " + compared
        + " quantities against R; largest absolute difference per quantity " + largest);
    assertThat(compared).isEqualTo(116);
  }

  @Test
  void centringMovesOnlyTheIntercept() throws IOException {
    List<double[]> rows = data("profile");
    List<String> names = List.of("z1", "z2", "z3", "z4");
    BestLinearProjection.Result mean = new BestLinearProjection().fit(column(rows, 0),
        modifiers(rows, 4), names);
    BestLinearProjection.Result none = new BestLinearProjection(
        BestLinearProjection.Options.DEFAULT.withCentring(BestLinearProjection.Centring.NONE))
        .fit(column(rows, 0), modifiers(rows, 4), names);
    for (String name : names) {
      assertThat(none.coefficient(name).estimate())
          .isCloseTo(mean.coefficient(name).estimate(), within(1e-14));
      assertThat(none.coefficient(name).standardError())
          .isCloseTo(mean.coefficient(name).standardError(), within(1e-14));
    }
    assertThat(none.omnibus().statistic())
        .isCloseTo(mean.omnibus().statistic(), within(1e-12));
    double average = java.util.Arrays.stream(column(rows, 0)).average().orElseThrow();
    assertThat(mean.coefficient(BestLinearProjection.INTERCEPT).estimate())
        .as("centred: the intercept is the mean score").isCloseTo(average, within(1e-14));
  }

  @Test
  void rankDeficientModifiersAndTooFewUnitsAreRefusedWithTheReason() {
    double[] score = {0.1, 0.4, -0.2, 0.3, 0.0, 0.5};
    double[][] collinear = new double[6][];
    for (int i = 0; i < 6; i++) {
      collinear[i] = new double[] {i, 2 * i + 1, i % 2};
    }
    assertThatThrownBy(() -> new BestLinearProjection().fit(score, collinear,
        List.of("age", "age_twice", "sex_f")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("age_twice is a linear combination of [age]");

    double[][] wide = new double[3][];
    for (int i = 0; i < 3; i++) {
      wide[i] = new double[] {i, i * i};
    }
    assertThatThrownBy(() -> new BestLinearProjection().fit(new double[] {1, 2, 3}, wide,
        List.of("a", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n = 3 is not more than the 3 coefficients");

    double[][] constant = new double[6][];
    for (int i = 0; i < 6; i++) {
      constant[i] = new double[] {3, 1};
    }
    assertThatThrownBy(() -> new BestLinearProjection().fit(score, constant,
        List.of("attitude_score", "sex_f")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no modifier varies");

    double[][] lonely = new double[6][];
    for (int i = 0; i < 6; i++) {
      lonely[i] = new double[] {i, i == 5 ? 1 : 0};
    }
    assertThatThrownBy(() -> new BestLinearProjection().fit(score, lonely,
        List.of("age", "sex_x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leverage 1");

    double[][] missing = {{1}, {2}, {Double.NaN}, {4}, {5}, {6}};
    assertThatThrownBy(() -> new BestLinearProjection().fit(score, missing, List.of("age")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("modifier age of unit 2 is NaN");

    assertThatThrownBy(() -> new BestLinearProjection.Options(1.0,
        BestLinearProjection.Centring.MEAN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BestLinearProjection.Options(0.95, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void profileModifiersAreTheElementScoresAgeAndMonthsOnBenefit() {
    assertThat(BestLinearProjection.PROFILE).hasSize(9)
        .contains("age", "benefit_months").allMatch(CovariateEncoder.NAMES::contains);
    double[][] covariates = {CovariateEncoder.encode(41, "F", "SINGLE", "LOW", 18,
        new Integer[] {1, 2, 3, 4, 5, null, 2})};
    double[][] selected = BestLinearProjection.select(covariates, CovariateEncoder.NAMES,
        BestLinearProjection.PROFILE);
    assertThat(selected[0]).containsExactly(1, 2, 3, 4, 5, 3, 2, 41, 18);
  }

  /**
   * The scores come from the same fit as the estimate and leave it untouched: their mean is the
   * AIPW ATE, they are in increasing unit order, and the projection of them on a modifier with
   * centring has the ATE as its intercept.
   */
  @Test
  void scoresOfAnAipwFitAverageToItsEstimate() throws IOException {
    EstimationInput input = AugmentedIpwTest.referenceTable();
    AugmentedIpw aipw = new AugmentedIpw();
    int[] fold = AugmentedIpw.randomFolds(input.size(), 5, 3);
    EffectEstimate before = aipw.estimate(input, Contrast.BINARY, fold);
    DoublyRobustScores scores = aipw.scores(input, Contrast.BINARY, fold);
    EffectEstimate after = aipw.estimate(input, Contrast.BINARY, fold);
    assertThat(after).as("scores change nothing").usingRecursiveComparison().isEqualTo(before);
    assertThat(scores.size()).isEqualTo(before.nTreated() + before.nComparison());
    assertThat(scores.mean()).isCloseTo(before.estimate(), within(1e-14));
    int[] units = scores.units();
    for (int k = 1; k < units.length; k++) {
      assertThat(units[k]).isGreaterThan(units[k - 1]);
    }
    double[][] x = new double[input.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new double[] {i, input.outcome(i)};
    }
    double[][] aligned = scores.rowsOf(x);
    assertThat(aligned[7][0]).isEqualTo(units[7]);
    BestLinearProjection.Result projection = new BestLinearProjection().fit(scores,
        firstCovariate(input), List.of("x1"));
    assertThat(projection.coefficient(BestLinearProjection.INTERCEPT).estimate())
        .isCloseTo(before.estimate(), within(1e-12));
    assertThat(projection.n()).isEqualTo(scores.size());

    double[] weights = new double[input.size()];
    java.util.Arrays.fill(weights, 2);
    DoublyRobustScores weighted = aipw.scores(input.withWeights(weights), Contrast.BINARY, fold);
    assertThatThrownBy(() -> new BestLinearProjection().fit(weighted, firstCovariate(input),
        List.of("x1"))).hasMessageContaining("unit weights");
  }

  private static double[][] firstCovariate(EstimationInput input) {
    double[][] all = input.covariatesView();
    double[][] first = new double[all.length][];
    for (int i = 0; i < all.length; i++) {
      first[i] = new double[] {all[i][0]};
    }
    return first;
  }

  private static Map<String, Double> flatten(BestLinearProjection.Result result) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (BestLinearProjection.Coefficient c : result.coefficients()) {
      values.put(c.name() + ".estimate", c.estimate());
      values.put(c.name() + ".standardError", c.standardError());
      values.put(c.name() + ".statistic", c.statistic());
      values.put(c.name() + ".pValue", c.pValue());
      values.put(c.name() + ".ciLow", c.ciLow());
      values.put(c.name() + ".ciHigh", c.ciHigh());
    }
    values.put("omnibus.statistic", result.omnibus().statistic());
    values.put("omnibus.degreesOfFreedom", (double) result.omnibus().degreesOfFreedom());
    values.put("omnibus.residualDegreesOfFreedom",
        (double) result.omnibus().residualDegreesOfFreedom());
    values.put("omnibus.pValue", result.omnibus().pValue());
    values.put("n", (double) result.n());
    return values;
  }

  private static double[] column(List<double[]> rows, int j) {
    return rows.stream().mapToDouble(r -> r[j]).toArray();
  }

  private static double[][] modifiers(List<double[]> rows, int k) {
    return rows.stream().map(r -> java.util.Arrays.copyOfRange(r, 1, 1 + k))
        .toArray(double[][]::new);
  }

  /** Rows of one data set: score, z1..z4 (NaN where blank). */
  private static List<double[]> data(String dataset) throws IOException {
    List<double[]> rows = new ArrayList<>();
    for (String[] f : read("/reference/blp/blp_data.csv")) {
      if (!f[0].replace("\"", "").equals(dataset)) {
        continue;
      }
      double[] row = new double[5];
      for (int j = 0; j < 5; j++) {
        String cell = j + 2 < f.length ? f[j + 2] : "";
        row[j] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
      }
      rows.add(row);
    }
    return rows;
  }

  private static Map<String, Double> expected(String dataset, String centring)
      throws IOException {
    Map<String, Double> values = new LinkedHashMap<>();
    for (String[] f : read("/reference/blp/blp_expected.csv")) {
      if (f[0].equals(dataset) && f[1].equals(centring)) {
        values.put(f[2], Double.parseDouble(f[3]));
      }
    }
    return values;
  }

  private static List<String[]> read(String resource) throws IOException {
    List<String[]> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        BestLinearProjectionTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line.split(",", -1));
      }
    }
    return lines;
  }
}
