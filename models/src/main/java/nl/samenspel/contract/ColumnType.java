package nl.samenspel.contract;

/** The logical type of a contract column, independent of the file format it arrives in. */
public enum ColumnType {
  /** Free text or a code. */
  STRING,
  /** A whole number. */
  INTEGER,
  /** A calendar date, ISO 8601 ({@code 2024-03-01}). */
  DATE,
  /** A calendar month, {@code YYYY-MM}. Stored as text so that every format agrees. */
  MONTH,
  /** {@code true} or {@code false}. */
  BOOLEAN
}
