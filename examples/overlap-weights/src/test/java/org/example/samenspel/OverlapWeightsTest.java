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
