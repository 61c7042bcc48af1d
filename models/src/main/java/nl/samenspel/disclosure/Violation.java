package nl.samenspel.disclosure;

/**
 * One breach of the disclosure rules found by {@link DisclosureAudit}.
 *
 * @param kind what is wrong
 * @param cell id of the count concerned (file and field, e.g. {@code population/ALL/durable})
 * @param detail one line for the analyst; never a value below the threshold
 */
public record Violation(Kind kind, String cell, String detail) {

  /** The kinds of breach. */
  public enum Kind {
    /** A published count between 1 and the threshold. */
    SMALL_COUNT,
    /** A published count that is not a multiple of the rounding base. */
    NOT_ROUNDED,
    /** A suppressed count that can be recomputed by subtraction from published counts. */
    RECOVERABLE,
    /** An unpublished count that published counts pin to a small non-zero group. */
    SMALL_BY_SUBTRACTION,
    /** A published field that is not allowed at all (an identifier, a minimum or maximum). */
    FORBIDDEN_FIELD,
    /** The published files disagree with each other, or a file is not of the publish. */
    INCONSISTENT,
    /** The report references something outside itself (a URL, a script, a stylesheet). */
    EXTERNAL_REFERENCE
  }

  @Override
  public String toString() {
    return kind + " " + cell + ": " + detail;
  }
}
