package nl.samenspel.contract;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one row of an extract, given as text, into the contract's typed values and finds the
 * first problem it has, in the documented order of checks: the row's shape and encoding, then
 * each column in contract order (empty, BSN, type, code list, range, dates in the future), then
 * an end before the start. The checks across rows (keys, catalog, references) come later.
 *
 * <p>Values are trimmed of spaces; codes and yes/no words go through the column's vocabulary
 * ({@link Vocabulary}, value maps included), dates through the column's {@link DateFormat},
 * whole numbers are optional sign and digits (spaces and control characters around them are
 * ignored). A value that can't be read is null in the typed row, except a code that is not
 * known, which keeps its text so that the quarantine shows what the extract said. The value of
 * an identifier column ({@code *_id}) is never echoed in a problem.
 *
 * <p>Immutable and serializable (Spark ships it to the executors); {@link #read} allocates
 * only the row it returns.
 */
public final class RowReader implements Serializable {

  private static final long serialVersionUID = 1L;

  /** What a {@code bsn} that fails the elfproef is replaced with before a row is read. */
  public static final String INVALID_BSN = "!invalid-bsn";
  /** The column named in a problem of the whole row. */
  public static final String ROW = "(row)";
  /** The column named in an invalid BSN problem. */
  public static final String BSN = "bsn";
  /** Dates that can't lie after the run's reference date (an intervention may be planned). */
  public static final Set<String> NOT_IN_FUTURE = Set.of(Contract.BENEFIT_START_DATE,
      Contract.ASSESSMENT_DATE, Contract.MONTH);
  private static final Pattern MONTH = Pattern.compile("[0-9]{4}-(0[1-9]|1[0-2])");
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");
  private static final char REPLACEMENT = '\uFFFD';

  /**
   * The first problem of a row.
   *
   * @param reason why the row is quarantined
   * @param column the column, or {@link #ROW}
   * @param value the text found (empty for identifiers and problems of the whole row)
   */
  public record Problem(QuarantineReason reason, String column, String value)
      implements Serializable {}

  /**
   * A row read.
   *
   * @param values the typed values in contract order, a month index (Integer) after each month
   *     column: String, Integer, LocalDate, String (month) or Boolean; null when empty or
   *     unreadable
   * @param problem the first problem, or null when the row has none of these
   */
  public record Read(Object[] values, Problem problem) {}

  private final Column[] columns;
  private final Map<String, String>[] vocabularies;
  private final DateFormat[] dateFormats;
  private final LocalDate referenceDate;
  private final String referenceMonth;
  private final int endDate;
  private final int startDate;

  /**
   * @param table the contract table whose rows are read
   * @param vocabularies per column with a closed list, word key → contract value
   *     ({@link Vocabulary#of})
   * @param dateFormats per date column its format; missing columns are ISO 8601
   * @param referenceDate dates after this day are in the future
   */
  @SuppressWarnings("unchecked")
  public RowReader(Table table, Map<String, Map<String, String>> vocabularies,
      Map<String, DateFormat> dateFormats, LocalDate referenceDate) {
    List<Column> list = table.columns();
    this.columns = list.toArray(Column[]::new);
    this.vocabularies = new Map[columns.length];
    this.dateFormats = new DateFormat[columns.length];
    for (int i = 0; i < columns.length; i++) {
      Map<String, String> words = vocabularies.get(columns[i].name());
      this.vocabularies[i] = words == null || words.isEmpty() ? null : new HashMap<>(words);
      this.dateFormats[i] = dateFormats.getOrDefault(columns[i].name(), DateFormat.ISO);
    }
    this.referenceDate = referenceDate;
    this.referenceMonth = String.format("%04d-%02d", referenceDate.getYear(),
        referenceDate.getMonthValue());
    List<String> names = table.columnNames();
    this.endDate = names.indexOf(Contract.END_DATE);
    this.startDate = names.indexOf(Contract.START_DATE);
  }

  /** The number of typed values a row gives: the columns and a month index per month. */
  public int width() {
    int width = columns.length;
    for (Column column : columns) {
      if (column.type() == ColumnType.MONTH) {
        width++;
      }
    }
    return width;
  }

  /**
   * Reads a row.
   *
   * @param texts the row's values in contract column order, as read (null when absent)
   * @param malformed whether the row had another number of fields than the header
   */
  public Read read(String[] texts, boolean malformed) {
    Object[] values = new Object[width()];
    Problem problem = malformed ? new Problem(QuarantineReason.MALFORMED_ROW, ROW, "") : null;
    if (problem == null) {
      for (String text : texts) {
        if (text != null && text.indexOf(REPLACEMENT) >= 0) {
          problem = new Problem(QuarantineReason.INVALID_ENCODING, ROW, "");
          break;
        }
      }
    }
    int out = 0;
    LocalDate[] dates = new LocalDate[columns.length];
    for (int i = 0; i < columns.length; i++) {
      Column column = columns[i];
      String name = column.name();
      String text = texts[i] == null ? null : trimSpaces(texts[i]);
      boolean present = text != null && !text.isEmpty();
      String example = name.endsWith("_id") ? "" : text;
      Problem found = !column.nullable() && !present
          ? new Problem(QuarantineReason.MISSING_VALUE, name, "") : null;
      Object value = null;
      switch (column.type()) {
        case STRING -> {
          value = present ? text : null;
          if (name.equals(Contract.CLIENT_ID) && INVALID_BSN.equals(text)) {
            found = first(found, new Problem(QuarantineReason.INVALID_BSN, BSN, ""));
            value = null;
          }
          if (vocabularies[i] != null && present) {
            String code = vocabularies[i].get(Vocabulary.key(text));
            value = code != null ? code : text;
            if (code == null && !column.allowedValues().isEmpty()) {
              found = first(found, new Problem(QuarantineReason.UNKNOWN_VALUE, name, example));
            }
          }
        }
        case INTEGER -> {
          Integer number = present ? wholeNumber(text) : null;
          value = number;
          if (present && number == null) {
            found = first(found, new Problem(QuarantineReason.NOT_A_NUMBER, name, example));
          }
          if (number != null && (column.minimum() != null && number < column.minimum()
              || column.maximum() != null && number > column.maximum())) {
            found = first(found, new Problem(QuarantineReason.OUT_OF_RANGE, name, example));
          }
        }
        case DATE -> {
          LocalDate date = present ? dateFormats[i].parse(text).orElse(null) : null;
          value = date;
          dates[i] = date;
          if (present && date == null) {
            found = first(found, new Problem(QuarantineReason.NOT_A_DATE, name, example));
          }
          if (date != null && NOT_IN_FUTURE.contains(name) && date.isAfter(referenceDate)) {
            found = first(found, new Problem(QuarantineReason.DATE_IN_FUTURE, name, example));
          }
        }
        case MONTH -> {
          boolean valid = present && MONTH.matcher(text).matches();
          value = valid ? text : null;
          if (present && !valid) {
            found = first(found, new Problem(QuarantineReason.NOT_A_MONTH, name, example));
          }
          if (valid && NOT_IN_FUTURE.contains(name) && text.compareTo(referenceMonth) > 0) {
            found = first(found, new Problem(QuarantineReason.DATE_IN_FUTURE, name, example));
          }
        }
        case BOOLEAN -> {
          String word = present && vocabularies[i] != null
              ? vocabularies[i].get(Vocabulary.key(text)) : null;
          value = word == null ? null : Boolean.valueOf(word.equals(Vocabulary.TRUE));
          if (present && word == null) {
            found = first(found, new Problem(QuarantineReason.NOT_A_BOOLEAN, name, example));
          }
        }
        default -> throw new IllegalStateException("unhandled type " + column.type());
      }
      problem = first(problem, found);
      values[out++] = value;
      if (column.type() == ColumnType.MONTH) {
        values[out++] = value == null ? null : Integer.parseInt(text.substring(0, 4)) * 12
            + Integer.parseInt(text.substring(5, 7)) - 1;
      }
    }
    if (endDate >= 0 && startDate >= 0 && dates[endDate] != null && dates[startDate] != null
        && dates[endDate].isBefore(dates[startDate])) {
      problem = first(problem, new Problem(QuarantineReason.END_BEFORE_START, Contract.END_DATE,
          trimSpaces(texts[endDate])));
    }
    return new Read(values, problem);
  }

  private static Problem first(Problem found, Problem next) {
    return found != null ? found : next;
  }

  /** Spaces (only U+0020) removed at both ends, as Spark's {@code trim}. */
  static String trimSpaces(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == ' ') {
      end--;
    }
    return start == 0 && end == text.length() ? text : text.substring(start, end);
  }

  /**
   * A whole number that fits an int: optional sign and ASCII digits, with whitespace and
   * control characters around it ignored (as Spark casts text to a number); else null.
   */
  static Integer wholeNumber(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) <= ' ') {
      end--;
    }
    String digits = text.substring(start, end);
    if (!WHOLE_NUMBER.matcher(digits).matches()) {
      return null;
    }
    boolean negative = digits.charAt(0) == '-';
    int first = digits.charAt(0) == '-' || digits.charAt(0) == '+' ? 1 : 0;
    while (first < digits.length() - 1 && digits.charAt(first) == '0') {
      first++;
    }
    if (digits.length() - first > 10) {
      return null;
    }
    long number = Long.parseLong(digits.substring(first)) * (negative ? -1 : 1);
    return number < Integer.MIN_VALUE || number > Integer.MAX_VALUE ? null : (int) number;
  }
}
