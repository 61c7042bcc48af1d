package nl.samenspel.grading;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.EvidenceRecord;

/**
 * Picks what a policy reader sees first: the strongest findings (an interval that excludes no
 * difference, highest certainty first) and the most doubtful ones (findings that look like a
 * result but have the lowest certainty and the most reasons to doubt, largest effect first).
 * Deterministic: ties are broken by the combination key.
 */
public final class Highlights {

  /** A finding with its grade. */
  public record Finding(EvidenceRecord record, Grade grade) {}

  private Highlights() {}

  public static List<Finding> strongest(List<EvidenceRecord> records,
      Map<Combination, Grade> grades, int count) {
    return records.stream()
        .filter(Highlights::excludesZero)
        .map(r -> new Finding(r, grades.get(r.combination())))
        .sorted(Comparator.comparing((Finding f) -> f.grade().certainty()).reversed()
            .thenComparingInt(f -> f.grade().downgrades().size())
            .thenComparingDouble(f -> f.record().qValue())
            .thenComparingDouble(f -> -Math.abs(f.record().estimate()))
            .thenComparing(f -> f.record().combination().key()))
        .limit(count)
        .toList();
  }

  /** The most doubtful findings, leaving out those in {@code shown}. */
  public static List<Finding> mostDoubtful(List<EvidenceRecord> records,
      Map<Combination, Grade> grades, int count, List<Finding> shown) {
    Set<Combination> skip = shown.stream().map(f -> f.record().combination())
        .collect(Collectors.toSet());
    return records.stream()
        .filter(r -> !skip.contains(r.combination()))
        .map(r -> new Finding(r, grades.get(r.combination())))
        .sorted(Comparator.comparing((Finding f) -> !excludesZero(f.record()))
            .thenComparing(f -> f.grade().certainty())
            .thenComparingInt(f -> GradingRule.levels(f.grade().downgrades()))
            .thenComparingDouble(f -> -Math.abs(f.record().estimate()))
            .thenComparing(f -> f.record().combination().key()))
        .limit(count)
        .toList();
  }

  static boolean excludesZero(EvidenceRecord record) {
    return record.ciLow() > 0 || record.ciHigh() < 0;
  }
}
