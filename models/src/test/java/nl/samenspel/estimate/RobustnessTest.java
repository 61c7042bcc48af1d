package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RobustnessTest {

  /** VanderWeele and Ding (2017): RR = 2 gives 2 + sqrt(2) = 3.414; RR = 0.5 the same. */
  @Test
  void eValueOfARiskRatio() {
    assertThat(EValue.ofRiskRatio(2)).isCloseTo(3.414213562, within(1e-9));
    assertThat(EValue.ofRiskRatio(0.5)).isCloseTo(3.414213562, within(1e-9));
    assertThat(EValue.ofRiskRatio(1)).isEqualTo(1);
  }

  @Test
  void eValueOfARiskDifferenceUsesTheComparisonRate() {
    // Rate 0.10 -> 0.20: RR 2. Interval 0.05..0.15: bound closest to null gives RR 1.5,
    // E = 1.5 + sqrt(1.5 * 0.5) = 2.366.
    EValue e = EValue.ofRiskDifference(0.10, 0.05, 0.15, 0.10);
    assertThat(e.estimate()).isCloseTo(3.414213562, within(1e-9));
    assertThat(e.interval()).isCloseTo(2.366025404, within(1e-9));
    assertThat(EValue.ofRiskDifference(0.10, -0.01, 0.21, 0.10).interval()).isEqualTo(1);
  }

  /** Worked by hand: sorted p 0.005, 0.01, 0.03, 0.04 -> q 0.02, 0.02, 0.04, 0.04. */
  @Test
  void benjaminiHochbergQValues() {
    double[] q = MultipleComparisons.benjaminiHochberg(new double[] {0.01, 0.04, 0.03, 0.005});
    assertThat(q).containsExactly(new double[] {0.02, 0.04, 0.04, 0.02}, within(1e-12));
  }

  /**
   * Two more comparisons without a p-value count as made, as if their p were 1: the same four
   * p-values among six -> 0.005*6/1 = 0.03, 0.01*6/2 = 0.03, 0.03*6/3 = 0.06, 0.04*6/4 = 0.06,
   * and the same as adding two p-values of 1.
   */
  @Test
  void benjaminiHochbergCountsComparisonsWithoutAPValue() {
    double[] q = MultipleComparisons.benjaminiHochberg(new double[] {0.01, 0.04, 0.03, 0.005},
        6);
    assertThat(q).containsExactly(new double[] {0.03, 0.06, 0.06, 0.03}, within(1e-12));
    double[] padded = MultipleComparisons.benjaminiHochberg(
        new double[] {0.01, 0.04, 0.03, 0.005, 1, 1});
    assertThat(java.util.Arrays.copyOf(padded, 4)).containsExactly(q, within(1e-12));
  }

  @Test
  void estimatorsAreFoundThroughTheServiceLoader() {
    assertThat(Estimators.names()).containsExactly("aipw", "gcomp", "ipw", "naive");
    assertThat(Estimators.create("aipw", EstimatorSettings.DEFAULT)).isInstanceOf(
        AugmentedIpw.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> Estimators.create("magic", EstimatorSettings.DEFAULT))
        .hasMessageContaining("known: aipw, gcomp, ipw, naive");
  }

  @Test
  void pValueFromTheNormalApproximation() {
    EffectEstimate e = EffectEstimate.of("x", Estimand.ATE, 1.959963984540054, 1, 0.95, 10, 10,
        0, 0, null);
    assertThat(e.pValue()).isCloseTo(0.05, within(1e-9));
  }

  @Test
  void bootstrapWrapsAnyEstimatorWithAPercentileInterval() throws Exception {
    EstimationInput input = AugmentedIpwTest.referenceTable();
    NaiveDifference naive = new NaiveDifference();
    EffectEstimate plain = naive.estimate(input, Contrast.BINARY);
    EffectEstimate booted = new Bootstrap(naive, 400, 11).estimate(input, Contrast.BINARY);
    assertThat(booted.estimate()).isEqualTo(plain.estimate());
    assertThat(booted.standardError()).as("close to the analytic SE")
        .isCloseTo(plain.standardError(), within(0.01));
    assertThat(booted.ciLow()).isLessThan(booted.estimate());
    assertThat(booted.ciHigh()).isGreaterThan(booted.estimate());
    EffectEstimate again = new Bootstrap(naive, 400, 11).estimate(input, Contrast.BINARY);
    assertThat(again.ciLow()).as("seeded").isEqualTo(booted.ciLow());
  }
}
