package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NaiveDifferenceTest {

  /**
   * Treated outcomes 1,1,0,1 (rate 3/4), comparison 0,1,0,0,0 (rate 1/5). By hand: difference
   * 0.55; variance 0.75*0.25/4 + 0.2*0.8/5 = 0.078875; SE = sqrt(0.078875) = 0.2808469334;
   * 95% interval 0.55 -/+ 1.959964 * SE.
   */
  @Test
  void differenceOfRatesWithUnpooledWaldInterval() {
    int[] treatment = {1, 1, 1, 1, 0, 0, 0, 0, 0};
    double[] outcome = {1, 1, 0, 1, 0, 1, 0, 0, 0};
    double[][] covariates = new double[9][0];
    EffectEstimate result = new NaiveDifference().estimate(
        EstimationInput.binary(treatment, outcome, covariates, List.of()), Contrast.BINARY);

    assertThat(result.estimate()).isCloseTo(0.55, within(1e-12));
    assertThat(result.standardError()).isCloseTo(0.28084693339967237, within(1e-12));
    assertThat(result.ciLow()).isCloseTo(-0.0004498746318769564, within(1e-9));
    assertThat(result.ciHigh()).isCloseTo(1.100449874631877, within(1e-9));
    assertThat(result.nTreated()).isEqualTo(4);
    assertThat(result.nComparison()).isEqualTo(5);
    assertThat(result.meanTreated()).isCloseTo(0.75, within(1e-12));
    assertThat(result.meanComparison()).isCloseTo(0.2, within(1e-12));
    assertThat(result.covers(0.0)).as("lower bound is just below zero").isTrue();
    assertThat(result.covers(1.2)).isFalse();
  }

  @Test
  void armWithFewerThanTwoUnitsIsRejected() {
    EstimationInput input = EstimationInput.binary(new int[] {1, 0, 0}, new double[] {1, 0, 1},
        new double[3][0], List.of());
    assertThatThrownBy(() -> new NaiveDifference().estimate(input, Contrast.BINARY))
        .hasMessageContaining("arm 1 has 1 units");
  }

  @Test
  void inputValidatesItsShape() {
    assertThatThrownBy(() -> EstimationInput.binary(new int[] {1, 0}, new double[] {1},
        new double[2][0], List.of())).hasMessageContaining("differ in length");
    assertThatThrownBy(() -> EstimationInput.binary(new int[] {2, 0}, new double[] {1, 0},
        new double[2][0], List.of())).hasMessageContaining("outside 0..1");
    assertThatThrownBy(() -> EstimationInput.binary(new int[] {1, 0},
        new double[] {Double.NaN, 0}, new double[2][0], List.of()))
        .hasMessageContaining("missing");
  }
}
