package org.example.samenspel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import nl.samenspel.estimate.Contrast;
import nl.samenspel.estimate.EffectEstimate;
import nl.samenspel.estimate.Estimand;
import nl.samenspel.estimate.EstimationInput;
import nl.samenspel.estimate.EstimatorSettings;
import nl.samenspel.estimate.PropensityModel;
import nl.samenspel.estimate.Trimming;
import nl.samenspel.estimate.contract.SimulatedStudy;
import org.junit.jupiter.api.Test;

/** What overlap weights promise beyond the estimator contract. */
class OverlapWeightsTest {

  private static final OverlapWeightsProvider PROVIDER = new OverlapWeightsProvider();

  private static EstimatorSettings settings(Estimand estimand, Trimming trimming,
      PropensityModel.Learner learner) {
    return new EstimatorSettings(estimand, 5, 1, trimming, 0.95, 200, learner);
  }

  private static final EstimatorSettings ATE = settings(Estimand.ATE, Trimming.DEFAULT,
      PropensityModel.Learner.LOGISTIC);

  private static SimulatedStudy.Sample sample() {
    return SimulatedStudy.CONFOUNDED.sample(800, new SplittableRandom(5));
  }

  /** The logistic score equations make the weighted covariate means of the arms equal. */
  @Test
  void weightedCovariateMeansAreBalancedExactly() {
    EffectEstimate result = PROVIDER.create(ATE).estimate(sample().input(), Contrast.BINARY);
    assertThat(result.diagnostics().maxAbsSmdBefore()).isGreaterThan(0.3);
    assertThat(result.diagnostics().maxAbsSmdAfter()).isCloseTo(0, within(1e-12));
    assertThat(result.diagnostics().trimmed()).isZero();
  }

  /**
   * Columns that are linear combinations of others (a copy, and indicators that add up to one
   * in a subgroup) are left out of the propensity model as R's glm leaves aliased coefficients
   * out: the estimate and its standard error are those of the model without them. Before,
   * the fit stopped with "collinear" (110 times in a demo run, 71 combinations lost).
   */
  @Test
  void aliasedCovariatesAreLeftOutAsInGlm() {
    SimulatedStudy.Sample sample = sample();
    EstimationInput input = sample.input();
    int n = input.size();
    int p = input.covariateNames().size();
    double[][] plainIndicator = new double[n][];
    double[][] wider = new double[n][];
    int[] arms = new int[n];
    double[] outcomes = new double[n];
    for (int i = 0; i < n; i++) {
      double[] x = input.covariates(i);
      double indicator = x[0] > 0 ? 1 : 0;
      plainIndicator[i] = java.util.Arrays.copyOf(x, p + 1);
      plainIndicator[i][p] = indicator;
      wider[i] = java.util.Arrays.copyOf(x, p + 3);
      wider[i][p] = 2 * x[0];
      wider[i][p + 1] = indicator;
      wider[i][p + 2] = 1 - indicator;
      arms[i] = input.arm(i);
      outcomes[i] = input.outcome(i);
    }
    List<String> plainNames = new java.util.ArrayList<>(input.covariateNames());
    plainNames.add("indicator");
    List<String> names = new java.util.ArrayList<>(input.covariateNames());
    names.addAll(List.of("twice_first", "indicator", "one_minus_indicator"));
    EffectEstimate plain = PROVIDER.create(ATE).estimate(new EstimationInput(arms, outcomes,
        plainIndicator, plainNames, 2), Contrast.BINARY);
    EffectEstimate aliased = PROVIDER.create(ATE).estimate(new EstimationInput(arms, outcomes,
        wider, names, 2), Contrast.BINARY);
    assertThat(aliased.estimate()).isCloseTo(plain.estimate(), within(1e-10));
    assertThat(aliased.standardError()).isCloseTo(plain.standardError(), within(1e-10));
  }

  /**
   * Quasi-separation: an indicator that only three comparison units have drives their
   * propensity to 0, where the maximum-likelihood fit does not exist. The fit settles as R's
   * glm does, those units weigh about 0, and the estimate is that of the other units without
   * the indicator (before, the fit stopped with "collinear").
   */
  @Test
  void unitsSeparatedByARareIndicatorWeighAboutNothing() {
    EstimationInput input = sample().input();
    int n = input.size();
    int p = input.covariateNames().size();
    double[][] x = new double[n][];
    int[] arms = new int[n];
    double[] outcomes = new double[n];
    List<Integer> others = new java.util.ArrayList<>();
    int flagged = 0;
    for (int i = 0; i < n; i++) {
      x[i] = java.util.Arrays.copyOf(input.covariates(i), p + 1);
      arms[i] = input.arm(i);
      outcomes[i] = input.outcome(i);
      if (arms[i] == 0 && flagged < 3) {
        x[i][p] = 1;
        flagged++;
      } else {
        others.add(i);
      }
    }
    List<String> names = new java.util.ArrayList<>(input.covariateNames());
    names.add("rare");
    EffectEstimate separated = PROVIDER.create(ATE).estimate(new EstimationInput(arms,
        outcomes, x, names, 2), Contrast.BINARY);
    EffectEstimate without = PROVIDER.create(ATE).estimate(new EstimationInput(
        others.stream().mapToInt(i -> arms[i]).toArray(),
        others.stream().mapToDouble(i -> outcomes[i]).toArray(),
        others.stream().map(input::covariates).toArray(double[][]::new),
        input.covariateNames(), 2), Contrast.BINARY);
    assertThat(separated.estimate()).isCloseTo(without.estimate(), within(1e-6));
    assertThat(separated.standardError()).isCloseTo(without.standardError(), within(1e-4));
  }

  /**
   * The ATT is refused when an estimate is asked for (the pipeline makes an estimator for every
   * estimand it may need up front); the forest learner when the estimator is made.
   */
  @Test
  void theAttAndTheForestAreRefused() {
    var att = PROVIDER.create(settings(Estimand.ATT, Trimming.DEFAULT,
        PropensityModel.Learner.LOGISTIC));
    assertThatThrownBy(() -> att.estimate(sample().input(), Contrast.BINARY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap population");
    assertThatThrownBy(() -> PROVIDER.create(settings(Estimand.ATE, Trimming.DEFAULT,
        PropensityModel.Learner.FOREST)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logistic");
  }

  /** Overlap weights need no trimming; the setting changes nothing. */
  @Test
  void trimmingIsIgnored() {
    EstimationInput input = sample().input();
    EffectEstimate trimmed = PROVIDER.create(ATE).estimate(input, Contrast.BINARY);
    EffectEstimate untrimmed = PROVIDER.create(settings(Estimand.ATE, Trimming.NONE,
        PropensityModel.Learner.LOGISTIC)).estimate(input, Contrast.BINARY);
    assertThat(trimmed.estimate()).isEqualTo(untrimmed.estimate());
    assertThat(trimmed.standardError()).isEqualTo(untrimmed.standardError());
  }

  /** With more arms, only the two compared arms enter, propensity model included. */
  @Test
  void aContrastOfTwoArmsOfThreeUsesOnlyThoseArms() {
    SimulatedStudy.Sample sample = sample();
    EstimationInput binary = sample.input();
    int n = binary.size();
    int[] arms = new int[n + 100];
    double[] y = new double[n + 100];
    double[][] x = new double[n + 100][];
    for (int i = 0; i < n; i++) {
      arms[i] = binary.arm(i) == 1 ? 2 : 0;
      y[i] = binary.outcome(i);
      x[i] = sample.covariates()[i];
    }
    SplittableRandom random = new SplittableRandom(9);
    for (int i = n; i < n + 100; i++) {
      arms[i] = 1;
      y[i] = random.nextDouble() < 0.5 ? 1 : 0;
      x[i] = new double[] {random.nextDouble() * 4 - 2, random.nextDouble() < 0.4 ? 1 : 0};
    }
    EstimationInput three = new EstimationInput(arms, y, x, List.of("x1", "x2"), 3);
    EffectEstimate expected = PROVIDER.create(ATE).estimate(binary, Contrast.BINARY);
    EffectEstimate actual = PROVIDER.create(ATE).estimate(three, new Contrast(2, 0));
    assertThat(actual.estimate()).isCloseTo(expected.estimate(), within(1e-12));
    assertThat(actual.standardError()).isCloseTo(expected.standardError(), within(1e-12));
    assertThat(actual.nTreated() + actual.nComparison()).isEqualTo(n);
  }
}
