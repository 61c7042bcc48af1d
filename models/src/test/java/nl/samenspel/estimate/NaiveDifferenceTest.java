package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NaiveDifferenceTest {

  /**
   * Treated outcomes 1,1,0,1 (rate 3/4), comparison 0,1,0,0,0 (rate 1/5). By hand: difference
   * 0.55; variance 0.75*0.25/4 + 0.2*0.8/5 = 0.078875; SE = sqrt(0.078875) = 0.2808469334. The
   * interval is Newcombe's hybrid score interval, from the two Wilson intervals:
   * -0.068137 to 0.811930 (the Wald interval would be -0.00045 to 1.10045, past 1).
   */
  @Test
  void differenceOfRatesWithNewcombeInterval() {
    int[] treatment = {1, 1, 1, 1, 0, 0, 0, 0, 0};
    double[] outcome = {1, 1, 0, 1, 0, 1, 0, 0, 0};
    double[][] covariates = new double[9][0];
    EffectEstimate result = new NaiveDifference().estimate(
        EstimationInput.binary(treatment, outcome, covariates, List.of()), Contrast.BINARY);

    assertThat(result.estimate()).isCloseTo(0.55, within(1e-12));
    assertThat(result.standardError()).isCloseTo(0.28084693339967237, within(1e-12));
    assertThat(result.ciLow()).isCloseTo(-0.06813720497036524, within(1e-9));
    assertThat(result.ciHigh()).isCloseTo(0.811929590799748, within(1e-9));
    assertThat(result.nTreated()).isEqualTo(4);
    assertThat(result.nComparison()).isEqualTo(5);
    assertThat(result.meanTreated()).isCloseTo(0.75, within(1e-12));
    assertThat(result.meanComparison()).isCloseTo(0.2, within(1e-12));
    assertThat(result.covers(0.0)).isTrue();
    assertThat(result.covers(0.9)).isFalse();
  }

  /**
   * Published worked example: Newcombe (1998), "Interval estimation for the difference between
   * independent proportions", Statistics in Medicine 17:873-890, example (a): 56/70 against
   * 48/80, method 10 gives 0.0524 to 0.3339.
   */
  @Test
  void newcombePublishedExample() {
    double[] interval = NaiveDifference.newcombe(56, 70, 48, 80, 0.95);
    assertThat(interval[0]).isCloseTo(0.0524, within(5e-5));
    assertThat(interval[1]).isCloseTo(0.3339, within(5e-5));
  }

  @Test
  void continuousOutcomeUsesTheWaldInterval() {
    // Treated 2, 4 (mean 3, variance 1); comparison 1, 1, 4 (mean 2, variance 2).
    EstimationInput input = EstimationInput.binary(new int[] {1, 1, 0, 0, 0},
        new double[] {2, 4, 1, 1, 4}, new double[5][0], List.of());
    EffectEstimate result = new NaiveDifference().estimate(input, Contrast.BINARY);
    double se = Math.sqrt(1.0 / 2 + 2.0 / 3);
    assertThat(result.estimate()).isCloseTo(1, within(1e-12));
    assertThat(result.standardError()).isCloseTo(se, within(1e-12));
    assertThat(result.ciLow()).isCloseTo(1 - 1.959963984540054 * se, within(1e-9));
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
