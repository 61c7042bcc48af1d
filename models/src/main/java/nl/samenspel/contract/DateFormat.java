package nl.samenspel.contract;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spellings of a calendar date that Samenspel recognises in an extract. ISO 8601 is the
 * contract's own; the day-first spellings are how Dutch Excel and case systems write dates
 * ({@code 31-12-2023}, {@code 31/12/2023}, day and month with or without a leading zero).
 * Which one a column uses is decided once per column from a sample of its values
 * (docs/data-contract.md, "How extracts are read"); a date that does not exist (30 February)
 * is never recognised.
 */
public enum DateFormat {
  /** {@code 2023-12-31}: four-digit year, two-digit month and day. */
  ISO("YYYY-MM-DD", "yyyy-MM-dd", "([0-9]{4})-([0-9]{2})-([0-9]{2})", 1, 2, 3),
  /** {@code 31-12-2023} or {@code 1-2-2023}. */
  DAY_MONTH_YEAR("DD-MM-YYYY", "d-M-yyyy", "([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})", 3, 2, 1),
  /** {@code 31/12/2023} or {@code 1/2/2023}. */
  DAY_MONTH_YEAR_SLASH("DD/MM/YYYY", "d/M/yyyy", "([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", 3, 2,
      1);

  private final String label;
  private final String pattern;
  private final Pattern shape;
  private final int yearGroup;
  private final int monthGroup;
  private final int dayGroup;

  DateFormat(String label, String pattern, String shape, int yearGroup, int monthGroup,
      int dayGroup) {
    this.label = label;
    this.pattern = pattern;
    this.shape = Pattern.compile(shape);
    this.yearGroup = yearGroup;
    this.monthGroup = monthGroup;
    this.dayGroup = dayGroup;
  }

  /** How people write the format, e.g. {@code DD-MM-YYYY}; used in messages and the manifest. */
  public String label() {
    return label;
  }

  /**
   * The datetime pattern (java.time and Spark letters) that parses exactly the values
   * {@link #parse} recognises.
   */
  public String pattern() {
    return pattern;
  }

  /** The date {@code text} spells in this format, or empty when it spells none. */
  public Optional<LocalDate> parse(String text) {
    Matcher matcher = shape.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.of(Integer.parseInt(matcher.group(yearGroup)),
          Integer.parseInt(matcher.group(monthGroup)), Integer.parseInt(matcher.group(dayGroup))));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** The labels of all formats, for messages: {@code YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY}. */
  public static String labels() {
    DateFormat[] all = values();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < all.length; i++) {
      text.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append(all[i].label());
    }
    return text.toString();
  }
}
