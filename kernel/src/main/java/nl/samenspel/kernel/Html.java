package nl.samenspel.kernel;

import java.util.Objects;

/**
 * An HTML fragment that a notebook shows rendered (as {@code text/html}): a table, an inline SVG
 * chart. The last expression of a cell, or {@link Notebook#display(Object)}, turns it into output.
 */
public record Html(String html) {

  public Html {
    Objects.requireNonNull(html, "html");
  }

  /** The markup itself, so that fragments can be concatenated into a larger page. */
  @Override
  public String toString() {
    return html;
  }
}
