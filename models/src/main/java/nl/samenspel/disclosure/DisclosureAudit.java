package nl.samenspel.disclosure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-checks counts as a reader of the published files sees them. Pure: it knows only published
 * values (a {@code null} value is a suppressed count; an id that is absent was never published,
 * unless the reader has bounds for it from another published figure) and the additive relations
 * between them, never the true counts. Rules:
 *
 * <ul>
 *   <li>{@link Violation.Kind#SMALL_COUNT}: no published count between 1 and the threshold.</li>
 *   <li>{@link Violation.Kind#NOT_ROUNDED}: every published count is a multiple of the base.</li>
 *   <li>{@link Violation.Kind#RECOVERABLE}: no suppressed count can be narrowed, through the
 *       relations, to an interval narrower than the threshold.</li>
 *   <li>{@link Violation.Kind#SMALL_BY_SUBTRACTION}: no unpublished count can be narrowed to an
 *       interval inside 1 .. threshold-1.</li>
 * </ul>
 *
 * <p>Intervals are propagated over all relations together (each relation tightens its members
 * from the others) until nothing changes, so chains across tables are covered; a full linear
 * programme could narrow further in unusual layouts (see {@code docs/disclosure-control.md}).
 */
public final class DisclosureAudit {

  private static final long UNBOUNDED = Long.MAX_VALUE / 4;
  private static final int MAX_ROUNDS = 100;

  private DisclosureAudit() {}

  /** As {@link #check(Map, Map, List, DisclosureRules)} when the reader knows no bounds. */
  public static List<Violation> check(Map<String, Long> published, List<Relation> relations,
      DisclosureRules rules) {
    return check(published, Map.of(), relations, rules);
  }

  /**
   * @param published every published count by id; {@code null} marks a suppressed count
   * @param bounds what the reader knows of unpublished counts from other published figures,
   *     as {@code {low, high}} (e.g. a share trimmed of 0 gives {0, 0})
   * @param relations additive relations among published, suppressed and unpublished counts
   */
  public static List<Violation> check(Map<String, Long> published, Map<String, long[]> bounds,
      List<Relation> relations, DisclosureRules rules) {
    List<Violation> violations = new ArrayList<>();
    published.forEach((id, value) -> {
      if (value == null) {
        return;
      }
      if (value < 0 || rules.isSmall(value)) {
        violations.add(new Violation(Violation.Kind.SMALL_COUNT, id,
            "a count between 1 and " + (rules.threshold() - 1) + " is published"));
      } else if (value % rules.roundingBase() != 0) {
        violations.add(new Violation(Violation.Kind.NOT_ROUNDED, id,
            "the count is not a multiple of " + rules.roundingBase()));
      }
    });
    Map<String, long[]> intervals = intervals(published, bounds, relations, rules);
    Set<String> unknown = new LinkedHashSet<>();
    relations.forEach(r -> r.members().stream()
        .filter(id -> published.get(id) == null).forEach(unknown::add));
    for (String id : unknown) {
      long[] range = intervals.get(id);
      if (published.containsKey(id)) {
        if (range[1] - range[0] < rules.threshold()) {
          violations.add(new Violation(Violation.Kind.RECOVERABLE, id,
              "suppressed, but the published counts narrow it to " + (range[1] - range[0] + 1)
                  + " possible values"));
        }
      } else if (!bounds.containsKey(id) && range[0] >= 1
          && range[1] <= rules.threshold() - 1) {
        violations.add(new Violation(Violation.Kind.SMALL_BY_SUBTRACTION, id,
            "not published, but the published counts show a group below "
                + rules.threshold()));
      }
    }
    return violations;
  }

  /** The interval of true values of every relation member that a reader can derive. */
  static Map<String, long[]> intervals(Map<String, Long> published, Map<String, long[]> bounds,
      List<Relation> relations, DisclosureRules rules) {
    Map<String, long[]> intervals = new HashMap<>();
    for (Relation relation : relations) {
      for (String id : relation.members()) {
        intervals.computeIfAbsent(id, key -> {
          Long value = published.get(key);
          if (value != null) {
            return new long[] {rules.lowestBehind(value), rules.highestBehind(value)};
          }
          long[] known = bounds.get(key);
          return known != null ? known.clone() : new long[] {0, UNBOUNDED};
        });
      }
    }
    for (int round = 0; round < MAX_ROUNDS; round++) {
      boolean changed = false;
      for (Relation relation : relations) {
        long[] total = intervals.get(relation.total());
        // The parts' sums once per relation, kept up to date as parts tighten: "all the
        // others" is the sum less the part itself (a pooled total has 342 parts; summing the
        // others afresh for every part made the national pool's audit quadratic).
        Sums sums = new Sums(relation.parts(), intervals);
        changed |= tighten(total, sums.low, sums.high());
        for (String part : relation.parts()) {
          long[] interval = intervals.get(part);
          long othersHigh = sums.highWithout(interval);
          long low = othersHigh >= UNBOUNDED ? 0 : total[0] - othersHigh;
          long high = total[1] >= UNBOUNDED ? UNBOUNDED : total[1] - (sums.low - interval[0]);
          long[] before = interval.clone();
          if (tighten(interval, low, high)) {
            changed = true;
            sums.replace(before, interval);
          }
        }
      }
      if (!changed) {
        break;
      }
    }
    return intervals;
  }

  /** The lower bounds' sum and the upper bounds' sum (bounded ones, and how many are not). */
  private static final class Sums {
    long low;
    long boundedHigh;
    int unbounded;

    Sums(List<String> parts, Map<String, long[]> intervals) {
      for (String part : parts) {
        add(intervals.get(part), 1);
      }
    }

    private void add(long[] interval, int sign) {
      low += sign * interval[0];
      if (interval[1] >= UNBOUNDED) {
        unbounded += sign;
      } else {
        boundedHigh += sign * interval[1];
      }
    }

    void replace(long[] before, long[] after) {
      add(before, -1);
      add(after, 1);
    }

    long high() {
      return unbounded > 0 ? UNBOUNDED : Math.min(UNBOUNDED, boundedHigh);
    }

    /** The upper bounds' sum of the other parts. */
    long highWithout(long[] interval) {
      if (interval[1] >= UNBOUNDED) {
        return unbounded > 1 ? UNBOUNDED : Math.min(UNBOUNDED, boundedHigh);
      }
      return unbounded > 0 ? UNBOUNDED : Math.min(UNBOUNDED, boundedHigh - interval[1]);
    }
  }

  static boolean tighten(long[] interval, long low, long high) {
    boolean changed = false;
    if (low > interval[0]) {
      interval[0] = low;
      changed = true;
    }
    if (high < interval[1]) {
      interval[1] = high;
      changed = true;
    }
    return changed;
  }
}
