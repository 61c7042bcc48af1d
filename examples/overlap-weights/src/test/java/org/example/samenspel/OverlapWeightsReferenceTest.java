package org.example.samenspel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.samenspel.estimate.Contrast;
import nl.samenspel.estimate.Diagnostics;
import nl.samenspel.estimate.EffectEstimate;
import nl.samenspel.estimate.Estimand;
import nl.samenspel.estimate.EstimationInput;
import nl.samenspel.estimate.EstimatorSettings;
import nl.samenspel.estimate.PropensityModel;
import nl.samenspel.estimate.Trimming;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Agreement with an independent implementation in R 4.2 (glm, sandwich 3.0-2, numDeriv) on a
 * fixed data set of 500 units ({@code reference/overlap_reference.R}, its output in
 * {@code overlap_reference.out}, the data in {@code overlap_reference_data.csv} and R's values in
 * {@code overlap_expected.csv}): the estimate, the sandwich standard error and interval, the
 * weighted means, the balance before weighting, the effective sample sizes and the propensity
 * percentiles, for a 0/1 outcome without and with unit weights and for a continuous outcome.
 * Everything agrees to 1e-10 (measured: 1e-14 or less, 3e-13 for the effective sample sizes of
 * about 200); the largest differences are printed. Regenerate with
 * {@code cd examples/overlap-weights/src/test/resources/reference && Rscript overlap_reference.R
 * > overlap_reference.out 2>&1}.
 */
class OverlapWeightsReferenceTest {

  private static final double TOLERANCE = 1e-10;
  private static final Map<String, Double> LARGEST = new TreeMap<>();
  private static final List<double[]> DATA = rows("/reference/overlap_reference_data.csv");
  private static final Map<String, Double> EXPECTED = expected();

  @AfterAll
  static void printLargestDifferences() {
    System.out.println("OverlapWeightsReferenceTest, largest |Java - R|: " + LARGEST);
  }

  @Test
  void binaryOutcomeAgreesWithR() {
    agrees("binary", input(2, false));
  }

  @Test
  void binaryOutcomeWithUnitWeightsAgreesWithR() {
    agrees("binary_weighted", input(2, true));
  }

  @Test
  void continuousOutcomeAgreesWithR() {
    agrees("continuous", input(3, false));
  }

  private static void agrees(String kase, EstimationInput input) {
    EffectEstimate result = new OverlapWeightsProvider()
        .create(new EstimatorSettings(Estimand.ATE, 5, 1, Trimming.DEFAULT, 0.95, 200,
            PropensityModel.Learner.LOGISTIC))
        .estimate(input, Contrast.BINARY);
    close(kase, "estimate", result.estimate());
    close(kase, "estimate_wls", result.estimate());
    close(kase, "standard_error", result.standardError());
    close(kase, "ci_low", result.ciLow());
    close(kase, "ci_high", result.ciHigh());
    close(kase, "mean_treated", result.meanTreated());
    close(kase, "mean_comparison", result.meanComparison());
    Diagnostics d = result.diagnostics();
    close(kase, "effective_treated", d.effectiveTreated());
    close(kase, "effective_comparison", d.effectiveComparison());
    String[] percentiles = {"p05", "p50", "p95"};
    for (int k = 0; k < 3; k++) {
      close(kase, "propensity_treated_" + percentiles[k], d.propensityTreated()[k]);
      close(kase, "propensity_comparison_" + percentiles[k], d.propensityComparison()[k]);
    }
    assertThat(d.balance()).hasSize(3);
    for (Diagnostics.Balance balance : d.balance()) {
      close(kase, "smd_before_" + balance.covariate(), balance.smdBefore());
      assertThat(balance.smdAfter()).as("overlap weights balance %s exactly",
          balance.covariate()).isCloseTo(0, within(1e-12));
    }
    assertThat(d.trimmed()).isZero();
  }

  private static void close(String kase, String quantity, double actual) {
    Double expected = EXPECTED.get(kase + "|" + quantity);
    assertThat(expected).as("R value of %s for %s", quantity, kase).isNotNull();
    LARGEST.merge(quantity.replaceAll("_(x\\d|p\\d\\d)$", ""), Math.abs(actual - expected),
        Math::max);
    assertThat(actual).as("%s: %s", kase, quantity).isCloseTo(expected, within(TOLERANCE));
  }

  /** Columns: unit, z, y_binary, y_continuous, x1, x2, x3, w. */
  private static EstimationInput input(int outcomeColumn, boolean weighted) {
    int n = DATA.size();
    int[] arms = new int[n];
    double[] y = new double[n];
    double[][] x = new double[n][];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      double[] row = DATA.get(i);
      arms[i] = (int) row[1];
      y[i] = row[outcomeColumn];
      x[i] = new double[] {row[4], row[5], row[6]};
      w[i] = row[7];
    }
    EstimationInput input = EstimationInput.binary(arms, y, x, List.of("x1", "x2", "x3"));
    return weighted ? input.withWeights(w) : input;
  }

  private static Map<String, Double> expected() {
    Map<String, Double> values = new HashMap<>();
    for (String[] row : lines("/reference/overlap_expected.csv")) {
      values.put(row[0] + "|" + row[1], Double.parseDouble(row[2]));
    }
    return values;
  }

  private static List<double[]> rows(String resource) {
    List<double[]> rows = new ArrayList<>();
    for (String[] fields : lines(resource)) {
      double[] row = new double[fields.length];
      for (int k = 0; k < fields.length; k++) {
        row[k] = Double.parseDouble(fields[k]);
      }
      rows.add(row);
    }
    return rows;
  }

  /** The CSV's lines after the header, split at commas, quotes removed. */
  private static List<String[]> lines(String resource) {
    var stream = OverlapWeightsReferenceTest.class.getResourceAsStream(resource);
    if (stream == null) {
      throw new IllegalStateException("missing test resource " + resource);
    }
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      List<String[]> lines = new ArrayList<>();
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          lines.add(line.replace("\"", "").split(","));
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
