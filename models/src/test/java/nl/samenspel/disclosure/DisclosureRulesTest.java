package nl.samenspel.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DisclosureRulesTest {

  private final DisclosureRules rules = DisclosureRules.DEFAULT;

  @Test
  void defaultsArePinned() {
    assertThat(rules.threshold()).isEqualTo(10);
    assertThat(rules.roundingBase()).isEqualTo(5);
  }

  @Test
  void countsFromOneToNineAreSmallZeroAndTenAreNot() {
    assertThat(rules.isSmall(0)).isFalse();
    assertThat(rules.isSmall(1)).isTrue();
    assertThat(rules.isSmall(9)).isTrue();
    assertThat(rules.isSmall(10)).isFalse();
  }

  @Test
  void roundingIsHalfUpToTheBaseAndNeverGoesBelowTheThreshold() {
    assertThat(rules.round(10)).isEqualTo(10);
    assertThat(rules.round(12)).isEqualTo(10);
    assertThat(rules.round(13)).isEqualTo(15);
    assertThat(rules.round(1234)).isEqualTo(1235);
    assertThat(rules.round(0)).isZero();
    for (long count = 10; count < 200; count++) {
      long published = rules.round(count);
      assertThat(published).isGreaterThanOrEqualTo(10);
      assertThat(count).isBetween(rules.lowestBehind(published), rules.highestBehind(published));
    }
  }

  @Test
  void aPublishedCountIsNeverReadAsBelowTheThreshold() {
    assertThat(rules.lowestBehind(10)).as("8 or 9 would have been suppressed").isEqualTo(10);
    assertThat(rules.highestBehind(10)).isEqualTo(12);
  }

  @Test
  void theIntervalBehindARoundedCountMatchesTheBase() {
    DisclosureRules tens = new DisclosureRules(20, 10);
    assertThat(tens.lowestBehind(40)).isEqualTo(35);
    assertThat(tens.highestBehind(40)).isEqualTo(44);
    DisclosureRules exact = new DisclosureRules(10, 1);
    assertThat(exact.lowestBehind(40)).isEqualTo(40);
    assertThat(exact.highestBehind(40)).isEqualTo(40);
  }

  @Test
  void theThresholdCanGoUpButNotBelowTen() {
    assertThat(new DisclosureRules(25, 5).isSmall(20)).isTrue();
    assertThatThrownBy(() -> new DisclosureRules(5, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 10");
    assertThatThrownBy(() -> new DisclosureRules(10, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rounding base");
    assertThatThrownBy(() -> new DisclosureRules(12, 5))
        .as("12 would round down to 10, below the threshold")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("divide");
  }
}
