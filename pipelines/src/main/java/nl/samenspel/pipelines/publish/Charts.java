package nl.samenspel.pipelines.publish;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts for the report: no script, no external font or file, a text alternative in
 * {@code <title>} and {@code <desc>}, and colours from a colour-blind-safe diverging palette
 * (ColorBrewer PuOr: blue for more exit to work, orange for less, grey for unclear).
 */
final class Charts {

  static final String POSITIVE = "#2166ac";
  static final String NEGATIVE = "#b35806";
  static final String UNCLEAR = "#6b6b6b";

  private static final int WIDTH = 720;
  private static final int LABEL_WIDTH = 300;
  private static final int ROW = 22;
  private static final int TOP = 10;
  private static final int AXIS = 34;

  /** One row of a forest plot: a label and an estimate with its interval (risk differences). */
  record Row(String label, double estimate, double low, double high) {}

  private Charts() {}

  /**
   * A forest plot.
   *
   * @param id unique id prefix for the title and description elements
   * @param title accessible title
   * @param axisLabel label under the axis
   */
  static String forest(String id, String title, String axisLabel, List<Row> rows,
      Messages messages) {
    double reach = 0.10;
    for (Row row : rows) {
      // A row without an interval (NaN) reaches as far as its estimate.
      for (double value : new double[] {row.low(), row.high(), row.estimate()}) {
        if (!Double.isNaN(value)) {
          reach = Math.max(reach, Math.abs(value));
        }
      }
    }
    reach = Math.ceil(reach * 20 - 1e-9) / 20;
    int height = TOP + rows.size() * ROW + AXIS;
    int plotLeft = LABEL_WIDTH + 10;
    int plotWidth = WIDTH - plotLeft - 20;
    StringBuilder desc = new StringBuilder();
    StringBuilder svg = new StringBuilder();
    open(svg, id, title, height);
    int bottom = TOP + rows.size() * ROW;
    axis(svg, reach, plotLeft, plotWidth, bottom, axisLabel);
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      int y = TOP + i * ROW + ROW / 2;
      String colour = row.low() > 0 ? POSITIVE : row.high() < 0 ? NEGATIVE : UNCLEAR;
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
          + "text-anchor=\"end\" fill=\"#1a1a1a\">%s</text>", LABEL_WIDTH, y + 4,
          escape(shorten(row.label(), 40))));
      double xe = x(row.estimate(), reach, plotLeft, plotWidth);
      if (!Double.isNaN(row.low()) && !Double.isNaN(row.high())) {
        double x1 = x(row.low(), reach, plotLeft, plotWidth);
        double x2 = x(row.high(), reach, plotLeft, plotWidth);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
            + "y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>", x1, y, x2, y, colour));
      }
      svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"8\" "
          + "height=\"8\" fill=\"%s\"/>", xe - 4, y - 4, colour));
      desc.append(row.label()).append(": ").append(messages.signedPoints(row.estimate()))
          .append(" (").append(messages.interval(row.low(), row.high())).append("); ");
    }
    svg.append("<desc id=\"").append(id).append("-d\">").append(escape(desc.toString().trim()))
        .append("</desc>");
    svg.append("</svg>");
    return svg.toString();
  }

  /** A municipality in a pooled forest plot: its estimate, interval and weight share. */
  record WeightedRow(String label, double estimate, double low, double high, double weight) {}

  /**
   * Above this many municipalities the forest plot shows how their estimates are spread (a
   * histogram in 1-point bins) instead of one row each: the plot stays readable and its size
   * no longer grows with the number of municipalities.
   */
  static final int MAX_LABELLED = 40;
  private static final int HISTOGRAM_HEIGHT = 60;

  /**
   * A pooled forest plot: every municipality's estimate and interval (a square sized by its
   * weight), the pooled estimate as a diamond spanning its interval, and the prediction
   * interval for a new municipality as a dashed line under it. With more than
   * {@link #MAX_LABELLED} municipalities their estimates are shown as a histogram.
   */
  static String metaForest(String id, String title, String axisLabel, List<WeightedRow> rows,
      nl.samenspel.pool.PooledEstimate pooled, Messages messages) {
    double reach = 0.10;
    for (WeightedRow row : rows) {
      reach = Math.max(reach, Math.max(Math.abs(row.low()), Math.abs(row.high())));
    }
    reach = Math.max(reach, Math.max(Math.abs(pooled.predictionLow()),
        Math.abs(pooled.predictionHigh())));
    reach = Math.min(1, Math.ceil(reach * 20 - 1e-9) / 20);
    boolean histogram = rows.size() > MAX_LABELLED;
    int rowsTop = TOP;
    int pooledTop = rowsTop + (histogram ? HISTOGRAM_HEIGHT + ROW : rows.size() * ROW) + 6;
    int bottom = pooledTop + 2 * ROW;
    int height = bottom + AXIS;
    int plotLeft = LABEL_WIDTH + 10;
    int plotWidth = WIDTH - plotLeft - 20;
    StringBuilder svg = new StringBuilder();
    open(svg, id, title, height);
    axis(svg, reach, plotLeft, plotWidth, bottom, axisLabel);
    StringBuilder desc = new StringBuilder();
    if (histogram) {
      histogram(svg, desc, rows, reach, plotLeft, plotWidth, rowsTop, messages);
    } else {
      double maxWeight = rows.stream().mapToDouble(WeightedRow::weight).max().orElse(1);
      for (int i = 0; i < rows.size(); i++) {
        WeightedRow r = rows.get(i);
        double y = rowsTop + i * ROW + ROW / 2.0;
        String colour = r.low() > 0 ? POSITIVE : r.high() < 0 ? NEGATIVE : UNCLEAR;
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" "
            + "text-anchor=\"end\" fill=\"#1a1a1a\">%s</text>", LABEL_WIDTH, y + 4,
            escape(shorten(r.label(), 40))));
        double x1 = x(r.low(), reach, plotLeft, plotWidth);
        double x2 = x(r.high(), reach, plotLeft, plotWidth);
        double xe = x(r.estimate(), reach, plotLeft, plotWidth);
        double size = 4 + 10 * Math.sqrt(r.weight() / maxWeight);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
            + "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\"/>", x1, y, x2, y, colour));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
            + "height=\"%.1f\" fill=\"%s\"/>", xe - size / 2, y - size / 2, size, size,
            colour));
        desc.append(r.label()).append(": ").append(messages.signedPoints(r.estimate()))
            .append(" (").append(messages.signedPoints(r.low())).append(" .. ")
            .append(messages.signedPoints(r.high())).append("); ");
      }
    }
    double yd = pooledTop + ROW / 2.0;
    String colour = pooled.ciLow() > 0 ? POSITIVE : pooled.ciHigh() < 0 ? NEGATIVE : UNCLEAR;
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" "
        + "font-weight=\"bold\" text-anchor=\"end\" fill=\"#1a1a1a\">%s</text>", LABEL_WIDTH,
        yd + 4, escape(messages.text("pool_forest_pooled"))));
    double dl = x(pooled.ciLow(), reach, plotLeft, plotWidth);
    double dh = x(pooled.ciHigh(), reach, plotLeft, plotWidth);
    double de = x(pooled.estimate(), reach, plotLeft, plotWidth);
    svg.append(String.format(Locale.ROOT, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f "
        + "%.1f,%.1f\" fill=\"%s\"/>", dl, yd, de, yd - 7, dh, yd, de, yd + 7, colour));
    double yp = pooledTop + ROW + ROW / 2.0;
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" "
        + "text-anchor=\"end\" fill=\"#1a1a1a\">%s</text>", LABEL_WIDTH, yp + 4,
        escape(messages.text("pool_forest_prediction"))));
    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
        + "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"5,3\"/>",
        x(pooled.predictionLow(), reach, plotLeft, plotWidth), yp,
        x(pooled.predictionHigh(), reach, plotLeft, plotWidth), yp, colour));
    desc.append(messages.text("pool_forest_pooled")).append(": ")
        .append(messages.signedPoints(pooled.estimate())).append(" (")
        .append(messages.signedPoints(pooled.ciLow())).append(" .. ")
        .append(messages.signedPoints(pooled.ciHigh())).append("); ")
        .append(messages.text("pool_forest_prediction")).append(": ")
        .append(messages.signedPoints(pooled.predictionLow())).append(" .. ")
        .append(messages.signedPoints(pooled.predictionHigh()));
    svg.append("<desc id=\"").append(id).append("-d\">").append(escape(desc.toString().trim()))
        .append("</desc>");
    svg.append("</svg>");
    return svg.toString();
  }

  /** The municipalities' estimates as bars of 1-point bins, labelled with their number. */
  private static void histogram(StringBuilder svg, StringBuilder desc, List<WeightedRow> rows,
      double reach, int plotLeft, int plotWidth, int top, Messages messages) {
    int bins = (int) Math.round(2 * reach * 100);
    int[] counts = new int[bins];
    for (WeightedRow r : rows) {
      int bin = (int) Math.floor((Math.max(-reach, Math.min(reach, r.estimate())) + reach)
          * 100);
      counts[Math.min(bins - 1, Math.max(0, bin))]++;
    }
    int most = java.util.Arrays.stream(counts).max().orElse(1);
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
        + "text-anchor=\"end\" fill=\"#1a1a1a\">%s</text>", LABEL_WIDTH,
        top + HISTOGRAM_HEIGHT / 2 + 4,
        escape(messages.text("pool_forest_more", Integer.toString(rows.size())))));
    double width = (double) plotWidth / bins;
    for (int b = 0; b < bins; b++) {
      if (counts[b] == 0) {
        continue;
      }
      double h = HISTOGRAM_HEIGHT * (double) counts[b] / most;
      svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
          + "height=\"%.1f\" fill=\"%s\"/>", plotLeft + b * width + 0.5,
          top + HISTOGRAM_HEIGHT - h, Math.max(0.5, width - 1), h, UNCLEAR));
    }
    desc.append(messages.text("pool_forest_more", Integer.toString(rows.size()))).append("; ");
  }

  /** The opening tag with its accessible title. */
  private static void open(StringBuilder svg, String id, String title, int height) {
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        + "role=\"img\" aria-labelledby=\"%s-t %s-d\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" class=\"forest\">", id, id, WIDTH, height, WIDTH, height));
    svg.append("<title id=\"").append(id).append("-t\">").append(escape(title))
        .append("</title>");
  }

  private static final int CURVE_WIDTH = 360;
  private static final int CURVE_HEIGHT = 210;
  private static final int CURVE_LEFT = 44;
  private static final int CURVE_TOP = 10;
  private static final int CURVE_PLOT_HEIGHT = 110;

  /**
   * The share that started durable work by month, for the two groups of a card, drawn through
   * the published months only (a straight line from 0 at month 0; withheld months are left
   * out), with the clients still at risk (rounded, as published) under each month: a line per
   * group, {@code class="at-risk"} on every such number so the audit can find them.
   *
   * @param id unique id prefix
   * @param title accessible title
   * @param treatedLabel the treated group in words ("received", "both")
   * @param comparisonLabel the comparison group
   */
  static String curves(String id, String title, PublishedTiming timing, String treatedLabel,
      String comparisonLabel, String atRiskLabel, String monthsLabel, Messages messages) {
    double top = 0.1;
    for (PublishedTiming.Point p : timing.points()) {
      if (p.shown()) {
        top = Math.max(top, Math.max(p.treated().high(), p.comparison().high()));
      }
    }
    top = Math.min(1, Math.ceil(top * 10 - 1e-9) / 10);
    int horizon = timing.horizon();
    int plotWidth = CURVE_WIDTH - CURVE_LEFT - 16;
    int bottom = CURVE_TOP + CURVE_PLOT_HEIGHT;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        + "role=\"img\" aria-labelledby=\"%s-t\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" class=\"curves\">", id, CURVE_WIDTH, CURVE_HEIGHT,
        CURVE_WIDTH, CURVE_HEIGHT));
    svg.append("<title id=\"").append(id).append("-t\">").append(escape(title))
        .append("</title>");
    for (int tick = 0; tick <= Math.round(top * 10); tick++) {
      double y = bottom - tick / 10.0 / top * CURVE_PLOT_HEIGHT;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
          + "y2=\"%.1f\" stroke=\"#d9d9d9\" stroke-width=\"1\"/><text x=\"%d\" y=\"%.1f\" "
          + "font-size=\"10\" text-anchor=\"end\" fill=\"#1a1a1a\">%s</text>", CURVE_LEFT,
          y, CURVE_LEFT + plotWidth, y, CURVE_LEFT - 4, y + 3,
          escape(messages.percent(tick / 10.0))));
    }
    for (PublishedTiming.Point p : timing.points()) {
      double x = CURVE_LEFT + (double) p.month() / horizon * plotWidth;
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" "
          + "text-anchor=\"middle\" fill=\"#1a1a1a\">%d</text>", x, bottom + 12, p.month()));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" "
        + "fill=\"#1a1a1a\">%s</text>", CURVE_LEFT, bottom + 24, escape(monthsLabel)));
    String[] colours = {POSITIVE, UNCLEAR};
    String[] dashes = {"", " stroke-dasharray=\"5 3\""};
    String[] labels = {treatedLabel, comparisonLabel};
    for (int arm = 0; arm < 2; arm++) {
      StringBuilder path = new StringBuilder(String.format(Locale.ROOT, "M%d %d", CURVE_LEFT,
          bottom));
      for (PublishedTiming.Point p : timing.points()) {
        if (!p.shown()) {
          continue;
        }
        PublishedTiming.Arm a = arm == 0 ? p.treated() : p.comparison();
        double x = CURVE_LEFT + (double) p.month() / horizon * plotWidth;
        double y = bottom - a.started() / top * CURVE_PLOT_HEIGHT;
        path.append(String.format(Locale.ROOT, " L%.1f %.1f", x, y));
        double yLow = bottom - a.low() / top * CURVE_PLOT_HEIGHT;
        double yHigh = bottom - a.high() / top * CURVE_PLOT_HEIGHT;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
            + "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>", x + (arm == 0 ? -2 : 2), yLow,
            x + (arm == 0 ? -2 : 2), yHigh, colours[arm]));
      }
      svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" "
          + "stroke-width=\"2\"%s/>", path, colours[arm], dashes[arm]));
      // Under the axis: the clients still at risk per month, one row per group.
      int rowY = bottom + 50 + arm * 13;
      svg.append(String.format(Locale.ROOT, "<line x1=\"4\" y1=\"%d\" x2=\"24\" y2=\"%d\" "
          + "stroke=\"%s\" stroke-width=\"2\"%s/>", rowY - 3, rowY - 3, colours[arm],
          dashes[arm]));
      for (PublishedTiming.Point p : timing.points()) {
        PublishedTiming.Arm a = arm == 0 ? p.treated() : p.comparison();
        double x = CURVE_LEFT + (double) p.month() / horizon * plotWidth;
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" "
            + "text-anchor=\"middle\" fill=\"#1a1a1a\"%s>%s</text>", x, rowY,
            a.atRisk() == null ? "" : " class=\"at-risk\"",
            a.atRisk() == null ? "\u2013" : Long.toString(a.atRisk())));
      }
      // The legend.
      int legendX = 4 + arm * (CURVE_WIDTH / 2);
      int legendY = bottom + 82;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
          + "stroke=\"%s\" stroke-width=\"2\"%s/><text x=\"%d\" y=\"%d\" font-size=\"10\" "
          + "fill=\"#1a1a1a\">%s</text>", legendX, legendY - 3, legendX + 20, legendY - 3,
          colours[arm], dashes[arm], legendX + 24, legendY,
          escape(shorten(labels[arm], 28))));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" "
        + "fill=\"#1a1a1a\">%s</text>", 4, bottom + 37, escape(atRiskLabel)));
    svg.append("</svg>");
    return svg.toString();
  }

  /** Grid lines at every 5 (or 10) points down to {@code bottom}, tick labels and the axis
   * label. */
  private static void axis(StringBuilder svg, double reach, int plotLeft, int plotWidth,
      int bottom, String axisLabel) {
    int step = reach > 0.2 ? 10 : 5;
    int last = (int) (Math.round(reach * 100) / step * step);
    for (int tick = -last; tick <= last; tick += step) {
      double tx = x(tick / 100.0, reach, plotLeft, plotWidth);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
          + "stroke=\"%s\" stroke-width=\"%s\"/>", tx, TOP, tx, bottom,
          tick == 0 ? "#222222" : "#dddddd", tick == 0 ? "1.5" : "1"));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" "
          + "text-anchor=\"middle\" fill=\"#333333\">%s</text>", tx, bottom + 14,
          tick > 0 ? "+" + tick : Integer.toString(tick).replace('-', '\u2212')));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" "
        + "text-anchor=\"middle\" fill=\"#333333\">%s</text>",
        x(0, reach, plotLeft, plotWidth), bottom + 29, escape(axisLabel)));
  }

  private static double x(double value, double reach, int left, int width) {
    double clamped = Math.max(-reach, Math.min(reach, value));
    return left + (clamped + reach) / (2 * reach) * width;
  }

  static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
