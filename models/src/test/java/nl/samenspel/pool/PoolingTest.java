package nl.samenspel.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import nl.samenspel.evidence.Combination;
import org.junit.jupiter.api.Test;

/** Pooling by combination: who contributes, who is named as missing, and the q-values. */
class PoolingTest {

  private static final Combination A = new Combination("ALL", List.of("KM_A"));
  private static final Combination B = new Combination("SKILLS", List.of("KM_B"));
  private static final Combination C = new Combination("ALL", List.of("AM_C"));

  private static Contribution c(String m, double estimate, double se) {
    return new Contribution(m, "2023", estimate, se, estimate - 1.96 * se, estimate + 1.96 * se,
        100L, 400L, 0.25, 0.2, "LOW", List.of(), Contribution.Checks.NONE);
  }

  @Test
  void poolsWhatTwoOrMoreEstimatedAndNamesTheMissing() {
    Pooling.Source one = new Pooling.Source("GM9001", Map.of(A, c("GM9001", 0.05, 0.02),
        B, c("GM9001", 0.02, 0.03), C, c("GM9001", 0.01, 0.02)), Map.of());
    Pooling.Source two = new Pooling.Source("GM9002", Map.of(A, c("GM9002", 0.08, 0.03)),
        Map.of(B, "TOO_FEW_EPISODES"));
    Pooling.Source three = new Pooling.Source("GM9003", Map.of(A, c("GM9003", 0.06, 0.025),
        B, c("GM9003", 0.00, 0.03)), Map.of());
    Pooling.Result result = new Pooling(RandomEffects.Options.DEFAULT)
        .pool(List.of(three, one, two), null);

    assertThat(result.findings()).extracting(PooledFinding::combination).containsExactly(A, B);
    PooledFinding a = result.findings().get(0);
    assertThat(a.contributions()).extracting(Contribution::municipality)
        .containsExactly("GM9001", "GM9002", "GM9003");
    assertThat(a.weights().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1, within(1e-12));
    PooledEstimate direct = new RandomEffects(RandomEffects.Options.DEFAULT).pool(List.of(
        new Study("GM9001", 0.05, 0.02), new Study("GM9002", 0.08, 0.03),
        new Study("GM9003", 0.06, 0.025)));
    assertThat(a.estimate()).isEqualTo(direct.estimate());
    assertThat(a.fewMunicipalities()).isTrue();
    PooledFinding b = result.findings().get(1);
    assertThat(b.notEstimated()).containsExactly(Map.entry("GM9002", "TOO_FEW_EPISODES"));
    assertThat(b.absent()).isEmpty();
    assertThat(result.notPooled()).singleElement().satisfies(n -> {
      assertThat(n.combination()).isEqualTo(C);
      assertThat(n.reason()).isEqualTo(NotPooled.Reason.ONE_MUNICIPALITY);
      assertThat(n.absent()).containsExactly("GM9002", "GM9003");
    });
    // Benjamini-Hochberg over the two pooled p-values.
    double pa = a.pooled().pValue();
    double pb = b.pooled().pValue();
    // m = 2: the larger p-value keeps its value, the smaller is doubled (and never exceeds
    // the larger one's q).
    double larger = Math.max(pa, pb);
    double smaller = Math.min(2 * Math.min(pa, pb), larger);
    assertThat(pa <= pb ? a.qValue() : b.qValue()).isCloseTo(smaller, within(1e-12));
    assertThat(pa <= pb ? b.qValue() : a.qValue()).isCloseTo(larger, within(1e-12));
  }

  @Test
  void identicalEstimatesAreNotPooled() {
    Pooling.Result result = new Pooling(RandomEffects.Options.DEFAULT).pool(List.of(
        new Pooling.Source("GM9001", Map.of(A, c("GM9001", 0.05, 0.02)), Map.of()),
        new Pooling.Source("GM9002", Map.of(A, c("GM9002", 0.05, 0.03)), Map.of())), null);
    assertThat(result.findings()).isEmpty();
    assertThat(result.notPooled()).singleElement().extracting(NotPooled::reason)
        .isEqualTo(NotPooled.Reason.IDENTICAL_ESTIMATES);
  }

  @Test
  void aMunicipalityIsComparedWithoutItself() {
    List<Contribution> pool = List.of(c("GM9001", 0.05, 0.02), c("GM9002", 0.08, 0.03),
        c("GM9003", 0.06, 0.025), c("GM9004", 0.07, 0.02));
    RandomEffects re = new RandomEffects(RandomEffects.Options.DEFAULT);
    Comparison inside = Comparison.of(new Study("GM9001", 0.05, 0.02), pool, re);
    assertThat(inside.k()).isEqualTo(3);
    assertThat(inside.leftOut()).isTrue();
    assertThat(inside.pooled().estimate()).isEqualTo(re.pool(List.of(
        new Study("GM9002", 0.08, 0.03), new Study("GM9003", 0.06, 0.025),
        new Study("GM9004", 0.07, 0.02))).estimate());
    assertThat(inside.inLine()).isTrue();
    Comparison far = Comparison.of(new Study("GM0855", -0.30, 0.02), pool, re);
    assertThat(far.k()).isEqualTo(4);
    assertThat(far.leftOut()).isFalse();
    assertThat(far.inLine()).isFalse();
    assertThat(far.rangeLow()).isLessThan(far.pooled().predictionLow());
    assertThat(Comparison.of(new Study("GM9001", 0.05, 0.02), pool.subList(0, 2), re))
        .isNull();
  }
}
