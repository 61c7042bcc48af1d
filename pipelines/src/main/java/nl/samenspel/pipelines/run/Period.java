package nl.samenspel.pipelines.run;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reporting period: a year ({@code 2026}), a quarter ({@code 2026-Q3}) or a month
 * ({@code 2026-07}). A run for a period uses the assessments dated in it and publishes to
 * {@code published/LABEL/}, replacing only that period.
 *
 * @param label the label as given
 * @param first first day
 * @param last last day
 */
public record Period(String label, LocalDate first, LocalDate last) {

  private static final Pattern YEAR = Pattern.compile("(\\d{4})");
  private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
  private static final Pattern MONTH = Pattern.compile("(\\d{4})-(0[1-9]|1[0-2])");

  /** Parses a label; throws {@link IllegalArgumentException} naming the accepted forms. */
  public static Period parse(String label) {
    String text = label.trim();
    Matcher m;
    if ((m = YEAR.matcher(text)).matches()) {
      int year = Integer.parseInt(m.group(1));
      return new Period(text, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    }
    if ((m = QUARTER.matcher(text)).matches()) {
      int year = Integer.parseInt(m.group(1));
      int quarter = Integer.parseInt(m.group(2));
      YearMonth start = YearMonth.of(year, 3 * quarter - 2);
      return new Period(text, start.atDay(1), start.plusMonths(2).atEndOfMonth());
    }
    if ((m = MONTH.matcher(text)).matches()) {
      YearMonth month = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      return new Period(text, month.atDay(1), month.atEndOfMonth());
    }
    throw new IllegalArgumentException("a period is a year (2026), a quarter (2026-Q3) or a "
        + "month (2026-07), got '" + label + "'");
  }
}
