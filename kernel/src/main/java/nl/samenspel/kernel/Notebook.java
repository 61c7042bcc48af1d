package nl.samenspel.kernel;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * What a notebook cell can call besides plain Java: {@code html(...)}, {@code display(...)},
 * {@code table(...)} and {@code escape(...)}. Every cell sees these through a static import
 * that the kernel evaluates at start-up.
 *
 * <p>Cells run in the kernel's own JVM, so this class is the same one the kernel loaded: the
 * kernel tells it where displayed output goes ({@link #displayTo}). One kernel runs one notebook,
 * hence one static destination.
 */
public final class Notebook {

  /** Outside a kernel (no destination set) displayed values are printed as text. */
  private static volatile Consumer<DisplayData> destination =
      data -> System.out.println(data.getData(MIMEType.TEXT_PLAIN));

  private Notebook() {}

  /** Markup to be shown rendered, e.g. {@code html("<b>" + escape(name) + "</b>")}. */
  public static Html html(String markup) {
    return new Html(markup);
  }

  /** Shows a value now, in the middle of a cell: rendered when it is {@link Html}, as text otherwise. */
  public static void display(Object value) {
    destination.accept(bundle(value, String.valueOf(value)));
  }

  /** Text made safe to put between HTML tags or in an attribute value. */
  public static String escape(Object text) {
    String plain = String.valueOf(text);
    StringBuilder escaped = new StringBuilder(plain.length());
    for (char c : plain.toCharArray()) {
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /**
   * A plain HTML table: one header row, then the rows; every cell escaped, text left-aligned and
   * numbers right-aligned. A {@code Double} shows with three decimals.
   */
  public static Html table(List<String> header, List<? extends List<?>> rows) {
    StringBuilder table = new StringBuilder("<table><thead><tr>");
    for (String name : header) {
      table.append("<th style=\"text-align:left\">").append(escape(name)).append("</th>");
    }
    table.append("</tr></thead><tbody>");
    for (List<?> row : rows) {
      table.append("<tr>");
      for (Object value : row) {
        boolean number = value instanceof Number;
        String text = value instanceof Double || value instanceof Float
            ? String.format(Locale.ROOT, "%.3f", ((Number) value).doubleValue())
            : String.valueOf(value);
        table.append(number ? "<td style=\"text-align:right\">" : "<td style=\"text-align:left\">")
            .append(escape(text)).append("</td>");
      }
      table.append("</tr>");
    }
    return new Html(table.append("</tbody></table>").toString());
  }

  /** Where {@link #display(Object)} sends its output; set by the kernel (or a test). */
  static void displayTo(Consumer<DisplayData> newDestination) {
    destination = Objects.requireNonNull(newDestination, "newDestination");
  }

  /**
   * The output bundle for a value: {@code text/html} and a short {@code text/plain} for
   * {@link Html}, {@code text/plain} only for anything else ({@code text} is how JShell writes
   * the value, e.g. a string in quotes).
   */
  static DisplayData bundle(Object value, String text) {
    if (value instanceof Html fragment) {
      DisplayData data = new DisplayData("HTML (" + fragment.html().length() + " characters; shown rendered in Jupyter)");
      data.putHTML(fragment.html());
      return data;
    }
    return new DisplayData(text);
  }
}
