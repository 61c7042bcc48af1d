package nl.samenspel.grading;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.Estimated;

/**
 * Picks what a policy reader sees first: the strongest findings (an interval that excludes no
 * difference, highest certainty first) and the most doubtful ones (findings that look like a
 * result but have the lowest certainty and the most reasons to doubt, largest effect first).
 * Deterministic: ties are broken by the combination key. Works on a municipality's records
 * and on pooled findings alike.
 */
public final class Highlights {

  /** A finding with its grade. */
  public record Finding<T extends Estimated>(T record, Grade grade) {}

  private Highlights() {}

  public static <T extends Estimated> List<Finding<T>> strongest(List<T> records,
      Map<Combination, Grade> grades, int count) {
    return records.stream()
        .filter(Highlights::excludesZero)
        .map(r -> new Finding<>(r, grades.get(r.combination())))
        .sorted(Comparator.comparing((Finding<T> f) -> f.grade().certainty()).reversed()
            .thenComparingInt(f -> f.grade().downgrades().size())
            .thenComparingDouble(f -> f.record().qValue())
            .thenComparingDouble(f -> -Math.abs(f.record().estimate()))
            .thenComparing(f -> f.record().combination().key()))
        .limit(count)
        .toList();
  }

  /** The most doubtful findings, leaving out those in {@code shown}. */
  public static <T extends Estimated> List<Finding<T>> mostDoubtful(List<T> records,
      Map<Combination, Grade> grades, int count, List<Finding<T>> shown) {
    Set<Combination> skip = shown.stream().map(f -> f.record().combination())
        .collect(Collectors.toSet());
    return records.stream()
        .filter(r -> !skip.contains(r.combination()))
        .map(r -> new Finding<>(r, grades.get(r.combination())))
        .sorted(Comparator.comparing((Finding<T> f) -> !excludesZero(f.record()))
            .thenComparing(f -> f.grade().certainty())
            .thenComparingInt(f -> GradingRule.levels(f.grade().downgrades()))
            .thenComparingDouble(f -> -Math.abs(f.record().estimate()))
            .thenComparing(f -> f.record().combination().key()))
        .limit(count)
        .toList();
  }

  static boolean excludesZero(Estimated record) {
    return record.ciLow() > 0 || record.ciHigh() < 0;
  }
}
