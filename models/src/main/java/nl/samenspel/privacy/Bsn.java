package nl.samenspel.privacy;

/**
 * The Dutch citizen service number (burgerservicenummer, BSN) and its eleven test (elfproef):
 * nine digits d1..d9 with 9·d1 + 8·d2 + … + 2·d8 − 1·d9 divisible by 11. Old eight-digit numbers
 * are read with a leading zero. A BSN is a direct identifier: it is checked and pseudonymized at
 * ingest and never stored, logged or echoed in a message.
 */
public final class Bsn {

  private Bsn() {}

  /**
   * The nine-digit form of {@code text} when it passes the elfproef, else {@code null}. Spaces,
   * dots and dashes are not accepted: an export that formats numbers must be fixed, not guessed.
   */
  public static String normalize(String text) {
    if (text == null) {
      return null;
    }
    String digits = text.trim();
    if (digits.length() == 8) {
      digits = "0" + digits;
    }
    if (digits.length() != 9) {
      return null;
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      int weight = i < 8 ? 9 - i : -1;
      sum += weight * (c - '0');
    }
    if (sum == 0 || sum % 11 != 0) {
      return null;
    }
    return digits;
  }

  /** Whether {@code text} is a BSN that passes the elfproef. */
  public static boolean isValid(String text) {
    return normalize(text) != null;
  }
}
