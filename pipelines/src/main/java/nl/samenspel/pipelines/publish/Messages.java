package nl.samenspel.pipelines.publish;

import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The published wording in one language, from {@code nl/samenspel/publish/messages_<lang>.properties}
 * (UTF-8; every value is a {@link MessageFormat} pattern, so an apostrophe is written twice), with the number formats of that language. Keys use
 * underscores so templates can name them ({@code {{t.page_title}}}).
 */
final class Messages {

  private static final String BUNDLE = "nl.samenspel.publish.messages";

  private final Language language;
  private final ResourceBundle bundle;

  Messages(Language language) {
    this.language = language;
    this.bundle = ResourceBundle.getBundle(BUNDLE, language.locale(),
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  Language language() {
    return language;
  }

  /** The message {@code key} with its arguments filled in. */
  String text(String key, Object... arguments) {
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("no message '" + key + "' for language "
          + language.code(), e);
    }
    return new MessageFormat(pattern, language.locale()).format(arguments);
  }

  /** Every message without arguments, for templates. */
  Map<String, String> all() {
    Map<String, String> all = new LinkedHashMap<>();
    Enumeration<String> keys = bundle.getKeys();
    while (keys.hasMoreElements()) {
      String key = keys.nextElement();
      all.put(key, text(key));
    }
    return all;
  }

  /** Percentage points with one decimal and a sign, e.g. {@code +4,9} or {@code −2.0}. */
  String signedPoints(double riskDifference) {
    return String.format(language.locale(), "%+.1f", 100 * riskDifference)
        .replace('-', '\u2212');
  }

  /**
   * An interval in signed percentage points, {@code −1,2 .. +3,4}, or the words for "no
   * interval" when the estimator gave none (NaN).
   */
  String interval(double low, double high) {
    if (Double.isNaN(low) || Double.isNaN(high)) {
      return text("no_interval");
    }
    return signedPoints(low) + " .. " + signedPoints(high);
  }

  /** Percentage points with one decimal, no sign. */
  String points(double riskDifference) {
    return String.format(language.locale(), "%.1f", Math.abs(100 * riskDifference));
  }

  /** A share as a whole percentage, e.g. {@code 12%}. */
  String percent(double share) {
    return String.format(language.locale(), "%.0f%%", 100 * share);
  }

  /** A number with two decimals. */
  String decimal(double value) {
    return String.format(language.locale(), "%.2f", value);
  }

  /** A count with the language's grouping, e.g. {@code 1.200} or {@code 1,200}. */
  String count(long value) {
    return NumberFormat.getIntegerInstance(language.locale()).format(value);
  }
}
