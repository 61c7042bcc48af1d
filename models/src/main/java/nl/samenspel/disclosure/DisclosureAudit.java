package nl.samenspel.disclosure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Re-checks counts as a reader of the published files sees them. Pure: it knows only published
 * values (a {@code null} value is a suppressed count; an id that is absent was never published)
 * and the additive relations between them, never the true counts. Rules:
 *
 * <ul>
 *   <li>{@link Violation.Kind#SMALL_COUNT}: no published count between 1 and the threshold.</li>
 *   <li>{@link Violation.Kind#NOT_ROUNDED}: every published count is a multiple of the base.</li>
 *   <li>{@link Violation.Kind#RECOVERABLE}: no relation has a suppressed count as its only
 *       unknown member (it could be recomputed by subtraction, up to rounding).</li>
 *   <li>{@link Violation.Kind#SMALL_BY_SUBTRACTION}: no relation pins its only unknown,
 *       unpublished member to an interval inside 1 .. threshold-1, given the rounding.</li>
 * </ul>
 *
 * <p>Limitation, documented in {@code docs/disclosure-control.md}: each relation is checked on its
 * own; chains of relations are covered only as far as the publisher declares them as relations.
 */
public final class DisclosureAudit {

  private DisclosureAudit() {}

  /**
   * @param published every published count by id; {@code null} marks a suppressed count
   * @param relations additive relations among published, suppressed and unpublished counts
   */
  public static List<Violation> check(Map<String, Long> published, List<Relation> relations,
      DisclosureRules rules) {
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
    for (Relation relation : relations) {
      List<String> unknown = relation.members().stream()
          .filter(id -> published.get(id) == null).toList();
      if (unknown.size() != 1) {
        continue;
      }
      String id = unknown.get(0);
      if (published.containsKey(id)) {
        violations.add(new Violation(Violation.Kind.RECOVERABLE, id,
            "suppressed, but recomputable as " + describe(relation)));
      } else {
        long[] range = interval(relation, id, published, rules);
        if (range[0] >= 1 && range[1] <= rules.threshold() - 1) {
          violations.add(new Violation(Violation.Kind.SMALL_BY_SUBTRACTION, id,
              "not published, but " + describe(relation) + " shows a group below "
                  + rules.threshold()));
        }
      }
    }
    return violations;
  }

  /** The interval of true values of {@code unknown} consistent with the published members. */
  static long[] interval(Relation relation, String unknown, Map<String, Long> published,
      DisclosureRules rules) {
    long low;
    long high;
    if (relation.total().equals(unknown)) {
      low = 0;
      high = 0;
      for (String part : relation.parts()) {
        low += rules.lowestBehind(published.get(part));
        high += rules.highestBehind(published.get(part));
      }
    } else {
      long total = published.get(relation.total());
      low = rules.lowestBehind(total);
      high = rules.highestBehind(total);
      for (String part : relation.parts()) {
        if (!part.equals(unknown)) {
          low -= rules.highestBehind(published.get(part));
          high -= rules.lowestBehind(published.get(part));
        }
      }
    }
    return new long[] {Math.max(0, low), Math.max(0, high)};
  }

  private static String describe(Relation relation) {
    return relation.total() + " = " + String.join(" + ", relation.parts());
  }
}
