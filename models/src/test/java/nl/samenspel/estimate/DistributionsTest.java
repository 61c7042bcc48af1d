package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The distributions against R 4.2 ({@code lgamma}, {@code qt}, {@code pt}, {@code pchisq},
 * {@code pf}, {@code qnorm}, {@code pnorm}, all upper tails, printed with {@code %.17g}; the
 * calls are listed at the end of {@code reference/pool/metafor_reference.R}). Agreement to
 * 1e-12 relative, 1e-15 absolute for values near 1.
 */
class DistributionsTest {

  private static final double RELATIVE = 1e-12;

  @Test
  void logGammaAgreesWithR() {
    double[] x = {0.5, 1, 1.5, 3.5, 10, 170.5, 1e-3};
    double[] r = {0.57236494292470008, 0, -0.12078223763524518, 1.2009736023470743,
        12.801827480081469, 704.00442773420468, 6.9071788853838534};
    for (int i = 0; i < x.length; i++) {
      assertClose("lgamma(" + x[i] + ")", Distributions.logGamma(x[i]), r[i]);
    }
  }

  @Test
  void studentQuantilesAgreeWithR() {
    int[] dfs = {1, 2, 3, 7, 29, 341};
    double[] p = {0.025, 0.005, 0.25, 1e-10};
    double[][] r = {
        {12.706204736174707, 63.656741162871583, 1, 3183098861.8379064},
        {4.3026527297494637, 9.9248432009182928, 0.81649658092772592, 70710.678108048145},
        {3.1824463052837091, 5.8409093097333562, 0.76489232840434518, 2225.7692846830946},
        {2.3646242515927844, 3.4994832973504937, 0.71114177808178658, 53.835579484673751},
        {2.0452296421327039, 2.7563859036706053, 0.68304386082161339, 9.5179655049378304},
        {1.9669451293272175, 2.5903236165566597, 0.67520989092553441, 6.5598648594839517}};
    for (int d = 0; d < dfs.length; d++) {
      for (int j = 0; j < p.length; j++) {
        assertClose("qt(" + p[j] + ", " + dfs[d] + ")",
            Distributions.studentUpperQuantile(p[j], dfs[d]), r[d][j]);
        if (p[j] > 1e-3) { // 1 - 1e-10 is not exact in binary
          assertClose("lower quantile", Distributions.studentUpperQuantile(1 - p[j], dfs[d]),
              -r[d][j]);
        }
      }
    }
  }

  @Test
  void studentTailsAgreeWithR() {
    int[] dfs = {1, 2, 3, 7, 29, 341};
    double[] t = {0.3, 2.1, 40, 1e-8};
    double[][] r = {
        {0.40722642092225769, 0.14146302812150899, 0.007956089912025812, 0.4999999968169011},
        {0.39624283042008879, 0.085274934594983726, 0.0003122073360923703,
            0.49999999646446613},
        {0.39188164601995951, 0.063282601274842268, 1.719034039457927e-05,
            0.49999999632447401},
        {0.38644502520106716, 0.036935598106461298, 7.951089992425214e-10, 0.4999999961500855},
        {0.3831585466644839, 0.022270979018145221, 3.1734386648646587e-27,
            0.49999999604481421},
        {0.38217997419305189, 0.018231555797103335, 4.0009733039474734e-131,
            0.49999999601350092}};
    for (int d = 0; d < dfs.length; d++) {
      for (int j = 0; j < t.length; j++) {
        assertClose("pt(" + t[j] + ", " + dfs[d] + ")",
            Distributions.studentUpperTail(t[j], dfs[d]), r[d][j]);
      }
    }
    assertThat(Distributions.studentTwoSided(Double.POSITIVE_INFINITY, 3)).isZero();
    assertThat(Distributions.studentTwoSided(0, 3)).isEqualTo(1);
  }

  @Test
  void chiSquareTailsAgreeWithR() {
    int[] dfs = {1, 2, 7, 29, 341};
    double[] x = {0.01, 3.7, 80, 400, 1e-9};
    double[][] r = {
        {0.92034432544594202, 0.054412467991601286, 3.7440973842028994e-19,
            5.5072482372124689e-89, 0.99997476867478396},
        {0.99501247919268221, 0.15723716631362761, 4.2483542552915889e-18,
            1.3838965267367376e-87, 0.99999999949999996},
        {0.99999999924305893, 0.81361010954264135, 1.3775018297426152e-14,
            2.3852710811123277e-82, 1},
        {1, 0.99999999601488632, 1.1584820846078948e-06, 7.4426152142622899e-67,
            0.99999999999999989},
        {1, 1, 1, 0.01516083304087905, 1}};
    for (int d = 0; d < dfs.length; d++) {
      for (int j = 0; j < x.length; j++) {
        assertClose("pchisq(" + x[j] + ", " + dfs[d] + ")",
            Distributions.chiSquareUpperTail(x[j], dfs[d]), r[d][j]);
      }
    }
    assertThat(Distributions.chiSquareUpperTail(0, 3)).isEqualTo(1);
  }

  @Test
  void fisherTailsAgreeWithR() {
    assertClose("pf(3.3, 2, 7)", Distributions.fisherUpperTail(3.3, 2, 7), 0.097826600232700386);
    assertClose("pf(0.2, 3, 29)", Distributions.fisherUpperTail(0.2, 3, 29),
        0.89552646250666634);
    assertClose("pf(250, 1, 341)", Distributions.fisherUpperTail(250, 1, 341),
        1.2569384720091367e-42);
    assertClose("pf(1.7, 6, 12)", Distributions.fisherUpperTail(1.7, 6, 12),
        0.20429101704750902);
  }

  @Test
  void normalAgreesWithR() {
    double[] p = {0.025, 0.005, 0.4, 1e-12};
    double[] q = {1.9599639845400538, 2.5758293035488999, 0.25334710313579978,
        7.0344838253011321};
    for (int j = 0; j < p.length; j++) {
      assertClose("qnorm(" + p[j] + ")", Distributions.normalUpperQuantile(p[j]), q[j]);
    }
    assertClose("pnorm(0.1)", Distributions.normalUpperTail(0.1), 0.46017216272297101);
    assertClose("pnorm(1.96)", Distributions.normalUpperTail(1.96), 0.024997895148220428);
    assertClose("pnorm(9)", Distributions.normalUpperTail(9), 1.1285884059538408e-19);
  }

  @Test
  void refusesImpossibleArguments() {
    assertThatThrownBy(() -> Distributions.studentUpperQuantile(0, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probability");
    assertThatThrownBy(() -> Distributions.studentUpperTail(1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("degrees of freedom");
  }

  private static void assertClose(String what, double actual, double expected) {
    double tolerance = Math.max(RELATIVE * Math.abs(expected), 1e-15);
    assertThat(actual).as(what).isCloseTo(expected,
        org.assertj.core.api.Assertions.within(tolerance));
  }
}
