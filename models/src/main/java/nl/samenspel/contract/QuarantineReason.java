package nl.samenspel.contract;

/**
 * Why an input row was quarantined instead of accepted. Every row of every extract is either
 * accepted or quarantined with exactly one of these codes (the first that applies, in this
 * order of checks: the row's shape and values, then keys, then references). The codes are
 * stable: they appear in {@code work/quarantine/}, in the run manifest and in the
 * configuration's per-reason limits (lower case).
 */
public enum QuarantineReason {
  /** The row has more or fewer fields than the header. */
  MALFORMED_ROW("has a different number of fields than the header"),
  /** The row holds bytes that are not valid UTF-8. */
  INVALID_ENCODING("holds bytes that are not UTF-8"),
  /** A mandatory field is empty. */
  MISSING_VALUE("is empty"),
  /** A whole number can't be read. */
  NOT_A_NUMBER("is not a whole number"),
  /** A date can't be read or does not exist (2025-02-30). */
  NOT_A_DATE("is not a date (YYYY-MM-DD)"),
  /** A month can't be read. */
  NOT_A_MONTH("is not a month (YYYY-MM)"),
  /** A yes/no field is not true or false. */
  NOT_A_BOOLEAN("is not true or false"),
  /** A value outside its closed list of codes. */
  UNKNOWN_VALUE("is not one of the allowed codes"),
  /** A number outside its range (a score outside 1–5, a ladder step outside 1–6). */
  OUT_OF_RANGE("is outside its allowed range"),
  /** A BSN that fails the elfproef. */
  INVALID_BSN("is not a valid BSN (elfproef)"),
  /** A date after the run's reference date. */
  DATE_IN_FUTURE("lies in the future"),
  /** An assessment or intervention dated before the client's benefit started. */
  DATE_BEFORE_BENEFIT("lies before the client's benefit started"),
  /** An end date before the start date. */
  END_BEFORE_START("lies before the start date"),
  /** A second copy of an identical row (the first copy is accepted). */
  DUPLICATE_ROW("is an exact copy of another row"),
  /** Rows that share a key but differ in content (all of them are quarantined). */
  KEY_CONFLICT("shares its key with a different row"),
  /** An intervention code that is not in the catalog. */
  UNKNOWN_CODE("is not in the intervention catalog"),
  /** An intervention code registered under another discipline than the catalog's. */
  DISCIPLINE_MISMATCH("has another discipline than the catalog"),
  /** A reference to a client that is not among the accepted clients. */
  ORPHAN("refers to a client that is not among the accepted clients");

  private final String description;

  QuarantineReason(String description) {
    this.description = description;
  }

  /** Plain-English description, completing "column X ..." or "the row ...". */
  public String description() {
    return description;
  }

  /** The lower-case code used in files and configuration, e.g. {@code duplicate_row}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The reason for a code as written in files and configuration. */
  public static QuarantineReason fromCode(String code) {
    return valueOf(code.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
