package nl.samenspel.disclosure;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the disclosure rules to the true counts of a publish: primary suppression of small
 * counts, then complementary suppression until {@link DisclosureAudit} finds nothing
 * recoverable, then rounding. A complement is the smallest published non-zero part of the
 * offending relation (the total when no part is left), so large, informative totals stay.
 * Deterministic: ties are broken by id.
 */
public final class Suppression {

  /** Why a count is or is not published. */
  public enum Status { PUBLISHED, PRIMARY, COMPLEMENTARY }

  /**
   * The published form of a set of counts.
   *
   * @param published rounded count by id, {@code null} for a suppressed count; insertion order
   * @param status status by id
   */
  public record Protected(Map<String, Long> published, Map<String, Status> status) {

    public Long value(String id) {
      if (!published.containsKey(id)) {
        throw new IllegalArgumentException("no published count " + id);
      }
      return published.get(id);
    }
  }

  private Suppression() {}

  /**
   * @param counts true counts to publish, by id, in the order they should appear
   * @param unpublished true counts that are never published but take part in relations
   * @param bounds what a reader knows of unpublished counts from other published figures
   * @param relations additive relations among both
   */
  public static Protected protect(Map<String, Long> counts, Map<String, Long> unpublished,
      Map<String, long[]> bounds, List<Relation> relations, DisclosureRules rules) {
    return protect(counts, Map.of(), unpublished, bounds, relations, rules);
  }

  /**
   * As above, where a count of episodes can stand for fewer people: a count is also small when
   * the distinct people behind it ({@code people}, by id) number 1 to threshold - 1.
   */
  public static Protected protect(Map<String, Long> counts, Map<String, Long> people,
      Map<String, Long> unpublished, Map<String, long[]> bounds, List<Relation> relations,
      DisclosureRules rules) {
    Map<String, Status> status = new LinkedHashMap<>();
    counts.forEach((id, value) -> {
      if (unpublished.containsKey(id)) {
        throw new IllegalArgumentException(id + " is both published and unpublished");
      }
      boolean small = rules.isSmall(value) || rules.isSmall(people.getOrDefault(id, value));
      status.put(id, small ? Status.PRIMARY : Status.PUBLISHED);
    });
    while (true) {
      Map<String, Long> view = view(counts, status, rules);
      Optional<Violation> open = DisclosureAudit.check(view, bounds, relations, rules).stream()
          .filter(v -> v.kind() == Violation.Kind.RECOVERABLE
              || v.kind() == Violation.Kind.SMALL_BY_SUBTRACTION)
          .findFirst();
      if (open.isEmpty()) {
        return new Protected(view, status);
      }
      String cell = open.get().cell();
      Relation relation = nearest(cell, relations, view);
      if (relation == null) {
        throw new IllegalStateException("can't protect " + cell + ": nothing left to suppress");
      }
      status.put(complement(relation, view, counts), Status.COMPLEMENTARY);
    }
  }

  /**
   * The relation through which {@code cell} is most exposed and where something can still be
   * suppressed: among the relations that contain it and hold a published member, the one with
   * the fewest unknown members. When every relation of the cell is suppressed already, the cell
   * is pinned through a chain (its relations' other members are known from their own
   * relations), so the search moves one relation outwards at a time, to the members of the
   * relations found so far, until a relation with a published member is found. Null when none
   * is left anywhere in the cell's part of the relation graph.
   */
  static Relation nearest(String cell, List<Relation> relations, Map<String, Long> view) {
    java.util.Set<String> frontier = new java.util.LinkedHashSet<>(List.of(cell));
    java.util.Set<String> seen = new java.util.HashSet<>(frontier);
    java.util.Set<Relation> visited = new java.util.HashSet<>();
    while (!frontier.isEmpty()) {
      List<Relation> touching = relations.stream()
          .filter(r -> !visited.contains(r))
          .filter(r -> r.members().stream().anyMatch(frontier::contains)).toList();
      Optional<Relation> open = touching.stream()
          .filter(r -> r.members().stream().anyMatch(id -> view.get(id) != null))
          .min(Comparator.comparingLong((Relation r) -> r.members().stream()
              .filter(id -> view.get(id) == null).count()));
      if (open.isPresent()) {
        return open.get();
      }
      visited.addAll(touching);
      java.util.Set<String> next = new java.util.LinkedHashSet<>();
      touching.forEach(r -> r.members().stream().filter(seen::add).forEach(next::add));
      frontier.clear();
      frontier.addAll(next);
    }
    return null;
  }

  private static String complement(Relation relation, Map<String, Long> view,
      Map<String, Long> counts) {
    Comparator<String> smallest = Comparator.comparing((String id) -> counts.get(id) == 0)
        .thenComparing(counts::get).thenComparing(Comparator.naturalOrder());
    return relation.parts().stream()
        .filter(id -> view.get(id) != null)
        .min(smallest)
        .orElse(relation.total());
  }

  private static Map<String, Long> view(Map<String, Long> counts, Map<String, Status> status,
      DisclosureRules rules) {
    Map<String, Long> view = new LinkedHashMap<>();
    counts.forEach((id, value) -> view.put(id,
        status.get(id) == Status.PUBLISHED ? rules.round(value) : null));
    return view;
  }
}
