package nl.samenspel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Time against size on log-log axes, one line per stage, end to end, and DuckDB's ingest plus
 * journeys, with a dashed line of slope 1 (time proportional to size) for reference. Plain
 * SVG, no script, colour-blind-safe palette (Okabe-Ito).
 */
final class Chart {

  private static final int WIDTH = 720;
  private static final int HEIGHT = 440;
  private static final int LEFT = 70;
  private static final int RIGHT = 190;
  private static final int TOP = 30;
  private static final int BOTTOM = 50;

  private record Series(String name, String colour, double[] seconds) {}

  private Chart() {}

  static String svg(JsonNode sizes) {
    int n = sizes.size();
    double[] clients = new double[n];
    List<Series> series = new ArrayList<>();
    String[] stages = {"ingest", "journeys", "estimate", "publish"};
    String[] colours = {"#0072B2", "#009E73", "#D55E00", "#CC79A7"};
    for (int s = 0; s < stages.length; s++) {
      double[] y = new double[n];
      for (int k = 0; k < n; k++) {
        y[k] = Report.seconds(sizes.get(k).path("samenspel").path("stages"), stages[s]);
      }
      series.add(new Series(stages[s], colours[s], y));
    }
    double[] total = new double[n];
    double[] duck = new double[n];
    for (int k = 0; k < n; k++) {
      clients[k] = sizes.get(k).path("clients").asDouble();
      total[k] = sizes.get(k).path("samenspel").path("process_seconds").asDouble();
      JsonNode d = sizes.get(k).path("duckdb");
      duck[k] = d.path("ingest_seconds").asDouble() + d.path("journeys_seconds").asDouble();
    }
    series.add(new Series("end to end", "#000000", total));
    series.add(new Series("DuckDB ingest+journeys", "#E69F00", duck));

    double xMin = Math.log10(clients[0]) - 0.1;
    double xMax = Math.log10(clients[n - 1]) + 0.1;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : s.seconds()) {
        if (v > 0) {
          yMin = Math.min(yMin, Math.log10(v));
          yMax = Math.max(yMax, Math.log10(v));
        }
      }
    }
    yMin = Math.floor(yMin);
    yMax = Math.ceil(yMax);
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    double fx0 = xMin;
    double fx1 = xMax;
    double fy0 = yMin;
    double fy1 = yMax;
    java.util.function.DoubleUnaryOperator x = v -> LEFT + (Math.log10(v) - fx0)
        / (fx1 - fx0) * plotWidth;
    java.util.function.DoubleUnaryOperator y = v -> TOP + plotHeight - (Math.log10(v) - fy0)
        / (fy1 - fy0) * plotHeight;

    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, sans-serif\" "
        + "font-size=\"12\" role=\"img\" aria-label=\"Seconds per stage against clients, "
        + "log-log\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    for (int p = (int) yMin; p <= (int) yMax; p++) {
      double v = Math.pow(10, p);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" "
          + "y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s s"
          + "</text>%n", LEFT, LEFT + plotWidth, y.applyAsDouble(v), y.applyAsDouble(v),
          LEFT - 6, y.applyAsDouble(v) + 4, label(v)));
    }
    for (double c : clients) {
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" "
          + "y2=\"%.1f\" stroke=\"#eee\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
          + "%s</text>%n", x.applyAsDouble(c), x.applyAsDouble(c), TOP, TOP + plotHeight,
          x.applyAsDouble(c), TOP + plotHeight + 18, label(c)));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">"
        + "clients (log scale)</text>%n", LEFT + plotWidth / 2, HEIGHT - 10));
    // Reference: time proportional to size, through the first end-to-end point.
    double c0 = clients[0];
    double c1 = clients[n - 1];
    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
        + "stroke=\"#999\" stroke-dasharray=\"4 4\"/>%n", x.applyAsDouble(c0),
        y.applyAsDouble(total[0]), x.applyAsDouble(c1),
        y.applyAsDouble(Math.max(total[0] * c1 / c0, Math.pow(10, fy0)))));
    // The end-to-end target of 10 minutes (for 500,000 clients).
    if (Math.log10(Report.END_TO_END_SECONDS) <= fy1) {
      double target = y.applyAsDouble(Report.END_TO_END_SECONDS);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" "
          + "y2=\"%.1f\" stroke=\"#000\" stroke-dasharray=\"1 3\"/><text x=\"%d\" "
          + "y=\"%.1f\">target: 10 min end to end</text>%n", LEFT, LEFT + plotWidth, target,
          target, LEFT + 6, target - 4));
    }
    int legend = 0;
    for (Series s : series) {
      StringBuilder points = new StringBuilder();
      for (int k = 0; k < n; k++) {
        if (s.seconds()[k] > 0) {
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(clients[k]),
              y.applyAsDouble(s.seconds()[k])));
        }
      }
      svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" "
          + "stroke-width=\"2\" points=\"%s\"/>%n", s.colour(), points.toString().trim()));
      double ly = TOP + 10 + 20 * legend++;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
          + "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/><text x=\"%.1f\" y=\"%.1f\">%s"
          + "</text>%n", LEFT + plotWidth + 12, LEFT + plotWidth + 32, ly, ly, s.colour(),
          LEFT + plotWidth + 38, ly + 4, s.name()));
    }
    double ly = TOP + 10 + 20 * legend;
    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
        + "stroke=\"#999\" stroke-dasharray=\"4 4\"/><text x=\"%.1f\" y=\"%.1f\">linear in "
        + "size</text>%n", LEFT + plotWidth + 12, LEFT + plotWidth + 32, ly, ly,
        LEFT + plotWidth + 38, ly + 4));
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String label(double v) {
    if (v >= 1_000_000) {
      return String.format(Locale.ROOT, "%.0fM", v / 1_000_000);
    }
    if (v >= 1000) {
      return String.format(Locale.ROOT, "%.0fk", v / 1000);
    }
    return String.format(Locale.ROOT, v < 1 ? "%.1f" : "%.0f", v);
  }
}
