package nl.samenspel.pipelines.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares this run's data-quality metrics with those of the previous published run. A large
 * change (accepted rows of a table, a column's share of empty values, the share of a code) is
 * more often an export that changed than a municipality that did, so it blocks the publish until
 * the analyst has looked and passes {@code --accept-drift}.
 */
public final class DriftGate {

  /**
   * @param maxRowChange largest relative change of a table's accepted rows
   * @param maxNullRateChange largest absolute change of a column's share of empty values
   * @param maxCodeShareChange largest absolute change of one code's share
   */
  public record Limits(double maxRowChange, double maxNullRateChange,
      double maxCodeShareChange) {

    public static final Limits DEFAULT = new Limits(0.5, 0.10, 0.10);

    public Limits {
      if (!(maxRowChange >= 0) || !(maxNullRateChange >= 0) || !(maxCodeShareChange >= 0)) {
        throw new IllegalArgumentException("drift limits must be zero or more");
      }
    }
  }

  private DriftGate() {}

  /** The changes beyond the limits, as one readable line each; empty when none. */
  public static List<String> changes(Map<String, Double> previous, Map<String, Double> current,
      Limits limits) {
    List<String> changes = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(previous.keySet());
    keys.addAll(current.keySet());
    for (String key : keys) {
      double before = previous.getOrDefault(key, 0.0);
      double now = current.getOrDefault(key, 0.0);
      if (key.endsWith(".rows")) {
        double change = before == 0 ? (now == 0 ? 0 : Double.POSITIVE_INFINITY)
            : Math.abs(now - before) / before;
        if (change > limits.maxRowChange()) {
          changes.add(String.format(Locale.ROOT, "%s went from %,.0f to %,.0f rows (%s, limit "
              + "%.0f%%)", key.substring(0, key.indexOf('.')), before, now,
              Double.isInfinite(change) ? "new" : String.format(Locale.ROOT, "%+.0f%%",
                  100 * (now - before) / before), 100 * limits.maxRowChange()));
        }
      } else if (key.contains(".null_rate.")) {
        if (Math.abs(now - before) > limits.maxNullRateChange()) {
          changes.add(String.format(Locale.ROOT, "empty values in %s went from %.1f%% to "
              + "%.1f%% (limit ±%.1f points)", key.replace(".null_rate.", "."), 100 * before,
              100 * now, 100 * limits.maxNullRateChange()));
        }
      } else if (key.contains(".share.")) {
        if (Math.abs(now - before) > limits.maxCodeShareChange()) {
          String[] parts = key.split("\\.", 4);
          changes.add(String.format(Locale.ROOT, "the share of %s = %s in %s went from %.1f%% "
              + "to %.1f%% (limit ±%.1f points)", parts[2], parts.length > 3 ? parts[3] : "",
              parts[0], 100 * before, 100 * now, 100 * limits.maxCodeShareChange()));
        }
      }
    }
    return changes;
  }
}
