package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CostPerParticipantTest {

  @Test
  void aClearEffectGivesTheRatioAndFiellersInterval() {
    // 1,200 euros per client, 4 points more durable work (1 to 8): 30,000 euros per extra one,
    // between 15,000 (1,200 / 0.08) and 120,000 (1,200 / 0.01).
    CostPerParticipant.Result r = CostPerParticipant.of(1_200, 0.04, 0.01, 0.08);
    assertThat(r.status()).isEqualTo(CostPerParticipant.Status.DETERMINED);
    assertThat(r.estimate()).isCloseTo(30_000, within(1e-9));
    assertThat(r.low()).isCloseTo(15_000, within(1e-9));
    assertThat(r.high()).isCloseTo(120_000, within(1e-9));
    assertThat(r.band()).isEqualTo(CostPerParticipant.Band.MODERATE);
  }

  @Test
  void fiellersSetIsTheRatiosWhoseTestDoesNotReject() {
    // Fieller: R is in the set when |c - R d| <= z |R| se; with a fixed cost this is exactly the
    // interval above. Checked on a grid of ratios around it.
    double cost = 800;
    double d = 0.05;
    double se = 0.015;
    double z = 1.959963984540054;
    CostPerParticipant.Result r = CostPerParticipant.of(cost, d, d - z * se, d + z * se);
    SplittableRandom random = new SplittableRandom(3);
    for (int k = 0; k < 2_000; k++) {
      double ratio = 5_000 + random.nextDouble() * 60_000;
      boolean accepted = Math.abs(cost - ratio * d) <= z * ratio * se;
      boolean inside = r.low() <= ratio && ratio <= r.high();
      assertThat(inside).as("ratio %s", ratio).isEqualTo(accepted);
    }
  }

  @Test
  void anUnclearOrNegativeEffectGivesNoNumber() {
    CostPerParticipant.Result unclear = CostPerParticipant.of(300, 0.01, -0.02, 0.04);
    assertThat(unclear.status()).isEqualTo(CostPerParticipant.Status.EFFECT_UNCLEAR);
    assertThat(unclear.estimate()).isNaN();
    assertThat(unclear.band()).isEqualTo(CostPerParticipant.Band.LOW);
    CostPerParticipant.Result fewer = CostPerParticipant.of(6_000, -0.05, -0.09, -0.01);
    assertThat(fewer.status()).isEqualTo(CostPerParticipant.Status.FEWER_PARTICIPANTS);
    assertThat(fewer.high()).isNaN();
    assertThat(fewer.band()).isEqualTo(CostPerParticipant.Band.VERY_HIGH);
  }

  @Test
  void bandsAndBadInput() {
    assertThat(CostPerParticipant.Band.of(0)).isEqualTo(CostPerParticipant.Band.VERY_LOW);
    assertThat(CostPerParticipant.Band.of(249.99)).isEqualTo(CostPerParticipant.Band.VERY_LOW);
    assertThat(CostPerParticipant.Band.of(250)).isEqualTo(CostPerParticipant.Band.LOW);
    assertThat(CostPerParticipant.Band.of(2_500)).isEqualTo(CostPerParticipant.Band.HIGH);
    assertThat(CostPerParticipant.Band.of(5_000)).isEqualTo(CostPerParticipant.Band.VERY_HIGH);
    assertThatThrownBy(() -> CostPerParticipant.Band.of(-1))
        .hasMessageContaining("0 or more euros");
    assertThatThrownBy(() -> CostPerParticipant.of(100, 0.1, 0.2, 0.3))
        .hasMessageContaining("does not hold the effect");
  }
}
