package nl.samenspel.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThinQrTest {

  @Test
  void solvesLeastSquaresAndInvertsTheGram() {
    // y = 1 + 2 x exactly: the fit recovers it; (X'X)^-1 of [1 x] with x = 0..3 is
    // [[7, -3], [-3, 2]] / 10.
    double[][] x = {{1, 0}, {1, 1}, {1, 2}, {1, 3}};
    ThinQr qr = ThinQr.of(x);
    assertThat(qr.solve(new double[] {1, 3, 5, 7})).containsExactly(new double[] {1, 2},
        within(1e-14));
    double[][] inverse = qr.inverseGram();
    assertThat(inverse[0]).containsExactly(new double[] {0.7, -0.3}, within(1e-14));
    assertThat(inverse[1]).containsExactly(new double[] {-0.3, 0.2}, within(1e-14));
    assertThat(qr.logDeterminantGram()).isCloseTo(Math.log(20), within(1e-14));
    assertThat(qr.leverage(0) + qr.leverage(1) + qr.leverage(2) + qr.leverage(3))
        .as("leverages sum to p").isCloseTo(2, within(1e-14));
  }

  /** The O(k p^2) trace agrees with the pair sum on realistic weights (ratio 100). */
  @Test
  void fastTraceAgreesWithThePairs() {
    SplittableRandom random = new SplittableRandom(7);
    int k = 342;
    double[] w = new double[k];
    double[][] a = new double[k][];
    for (int i = 0; i < k; i++) {
      w[i] = 1 / random.nextDouble(1e-4, 1e-2);
      double root = Math.sqrt(w[i]);
      a[i] = new double[] {root, root * random.nextInt(2), root * random.nextInt(2),
          root * random.nextInt(1, 6)};
    }
    ThinQr qr = ThinQr.of(a);
    double pairs = qr.traceProjectionSquaredByPairs(w);
    assertThat(qr.traceProjectionSquared(w)).isCloseTo(pairs, within(1e-12 * pairs));
  }

  /**
   * Weights 1e6, 1 and 1 (standard errors 1,000 apart; intercept only): |Q'WQ|^2 - sum w^2
   * |q|^4 would subtract 1e12 from 1e12 to get about 4, so the pairs are summed instead. By
   * hand, with S = 1e6 + 2: P_11 = 2e6 / S, P_22 = P_33 = (1e6 + 1) / S, P_12 = P_13 = -1e6 /
   * S, P_23 = -1 / S. (The pairs use 1 - leverage, as metafor's P does, so at weights 1e12
   * apart they too keep only about 4 digits; RandomEffects' O(k) sums keep them all.)
   */
  @Test
  void aDominantStudyFallsBackToThePairs() {
    double[] w = {1e6, 1, 1};
    ThinQr qr = ThinQr.of(new double[][] {{1e3}, {1}, {1}});
    double s = 1e6 + 2;
    double expected = (4e12 + 2 * (1e6 + 1) * (1e6 + 1) + 4e12 + 2) / (s * s);
    assertThat(qr.traceProjectionSquaredByPairs(w)).isCloseTo(expected, within(1e-9));
    assertThat(qr.traceProjectionSquared(w)).isCloseTo(expected, within(1e-9));
  }
}
