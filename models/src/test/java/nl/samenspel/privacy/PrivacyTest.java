package nl.samenspel.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import nl.samenspel.contract.SensitiveColumns;
import org.junit.jupiter.api.Test;

class PrivacyTest {

  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(
      StandardCharsets.US_ASCII);

  @Test
  void elfproefAcceptsValidNumbersAndRejectsTheRest() {
    // 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-1*3 = 66 = 6*11
    assertThat(Bsn.normalize("111222333")).isEqualTo("111222333");
    assertThat(Bsn.isValid("123456782")).isTrue();
    assertThat(Bsn.isValid("123456789")).isFalse();
    assertThat(Bsn.isValid("000000000")).as("all zeros sums to 0").isFalse();
    assertThat(Bsn.isValid("12345678")).as("8 digits read with a leading zero: 0+8+14+...")
        .isEqualTo(Bsn.isValid("012345678"));
    assertThat(Bsn.isValid("1234567")).isFalse();
    assertThat(Bsn.isValid("11122233a")).isFalse();
    assertThat(Bsn.isValid("111 222 333")).isFalse();
    assertThat(Bsn.isValid(null)).isFalse();
  }

  @Test
  void exactlyOneInElevenNineDigitNumbersPasses() {
    Random random = new Random(1);
    int valid = 0;
    int n = 110_000;
    for (int i = 0; i < n; i++) {
      if (Bsn.isValid(String.format("%09d", random.nextInt(1_000_000_000)))) {
        valid++;
      }
    }
    assertThat(valid / (double) n).isCloseTo(1 / 11.0, org.assertj.core.data.Offset.offset(0.003));
  }

  @Test
  void pseudonymIsKeyedHmacSha256() {
    Pseudonymizer pseudonymizer = new Pseudonymizer(KEY);
    // Independent: HMAC-SHA256(key, "bsn:111222333") computed with openssl:
    // printf 'bsn:111222333' | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef
    assertThat(pseudonymizer.pseudonym("bsn", "111222333"))
        .isEqualTo(OPENSSL_BSN).hasSize(64).doesNotContain("111222333");
    assertThat(pseudonymizer.pseudonym("client_id", "111222333"))
        .as("labels separate kinds of identifier").isNotEqualTo(OPENSSL_BSN);
    Pseudonymizer other = new Pseudonymizer("another-key-another-key-another-key".getBytes(
        StandardCharsets.US_ASCII));
    assertThat(other.pseudonym("bsn", "111222333")).isNotEqualTo(OPENSSL_BSN);
    assertThat(pseudonymizer.pseudonym("bsn", null)).isNull();
    assertThat(pseudonymizer.toString()).doesNotContain("0123456789abcdef");
    assertThat(pseudonymizer.keyFingerprint()).hasSize(8).isNotEqualTo(other.keyFingerprint());
  }

  @Test
  void shortKeysAreRefused() {
    assertThatThrownBy(() -> new Pseudonymizer("short".getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("at least 32 bytes");
  }

  @Test
  void sensitiveColumnsAreRefusedWithAReason() {
    assertThat(SensitiveColumns.refusal("nationaliteit")).get().asString()
        .contains("nationality, ethnicity");
    assertThat(SensitiveColumns.refusal("Country_Of_Birth")).isPresent();
    assertThat(SensitiveColumns.refusal("religie_code")).isPresent();
    assertThat(SensitiveColumns.refusal("bsn")).get().asString().contains("identifier");
    assertThat(SensitiveColumns.refusal("geboortedatum")).isPresent();
    assertThat(SensitiveColumns.refusal("age")).isEmpty();
    assertThat(SensitiveColumns.refusal("score_context")).isEmpty();
    assertThat(SensitiveColumns.refusal("education_level")).isEmpty();
  }

  private static final String OPENSSL_BSN =
      "6fdc2529611692e295b53508c0c4412888412eaec446830e346e41e3cda09fbe";
}
