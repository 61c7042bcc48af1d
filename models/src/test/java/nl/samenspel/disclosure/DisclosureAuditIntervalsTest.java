package nl.samenspel.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The derived intervals keep each relation's sums up to date instead of summing "the others"
 * afresh for every part. Against that plain rule (written out here), on random networks of
 * totals over overlapping parts, some published, some suppressed, some never published: the
 * same interval for every member.
 */
class DisclosureAuditIntervalsTest {

  private static final long UNBOUNDED = Long.MAX_VALUE / 4;

  @Test
  void sameIntervalsAsSummingTheOthersForEveryPart() {
    SplittableRandom random = new SplittableRandom(20261130);
    DisclosureRules rules = DisclosureRules.DEFAULT;
    int compared = 0;
    for (int network = 0; network < 300; network++) {
      int cells = 4 + random.nextInt(30);
      long[] truth = new long[cells];
      Map<String, Long> published = new HashMap<>();
      for (int c = 0; c < cells; c++) {
        truth[c] = random.nextInt(60);
        int shown = random.nextInt(4);
        if (shown < 2) {
          published.put("c" + c, rules.isSmall(truth[c]) ? null : rules.round(truth[c]));
        } else if (shown == 2) {
          published.put("c" + c, null);
        }
      }
      List<Relation> relations = new ArrayList<>();
      int totals = 1 + random.nextInt(5);
      for (int t = 0; t < totals; t++) {
        List<String> parts = new ArrayList<>();
        long sum = 0;
        for (int c = 0; c < cells; c++) {
          if (random.nextInt(3) == 0) {
            parts.add("c" + c);
            sum += truth[c];
          }
        }
        if (parts.isEmpty()) {
          continue;
        }
        String total = "t" + t;
        published.put(total, random.nextBoolean() || rules.isSmall(sum) ? null : rules.round(sum));
        relations.add(new Relation(total, parts));
      }
      Map<String, long[]> fast = DisclosureAudit.intervals(published, Map.of(), relations, rules);
      Map<String, long[]> plain = plain(published, relations, rules);
      assertThat(fast.keySet()).isEqualTo(plain.keySet());
      for (String id : plain.keySet()) {
        assertThat(fast.get(id)).as("network %d, %s", network, id).containsExactly(plain.get(id));
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(1000);
  }

  /** The rule as first written: for every part, the others' bounds summed again. */
  private static Map<String, long[]> plain(Map<String, Long> published, List<Relation> relations,
      DisclosureRules rules) {
    Map<String, long[]> intervals = new HashMap<>();
    for (Relation relation : relations) {
      for (String id : relation.members()) {
        intervals.computeIfAbsent(id, key -> {
          Long value = published.get(key);
          return value != null ? new long[] {rules.lowestBehind(value),
              rules.highestBehind(value)} : new long[] {0, UNBOUNDED};
        });
      }
    }
    for (int round = 0; round < 1000; round++) {
      boolean changed = false;
      for (Relation relation : relations) {
        long[] total = intervals.get(relation.total());
        changed |= DisclosureAudit.tighten(total, sum(relation.parts(), null, intervals, 0),
            sum(relation.parts(), null, intervals, 1));
        for (String part : relation.parts()) {
          long othersHigh = sum(relation.parts(), part, intervals, 1);
          long low = othersHigh >= UNBOUNDED ? 0 : total[0] - othersHigh;
          long high = total[1] >= UNBOUNDED ? UNBOUNDED
              : total[1] - sum(relation.parts(), part, intervals, 0);
          changed |= DisclosureAudit.tighten(intervals.get(part), low, high);
        }
      }
      if (!changed) {
        break;
      }
    }
    return intervals;
  }

  private static long sum(List<String> parts, String except, Map<String, long[]> intervals,
      int bound) {
    long sum = 0;
    for (String part : parts) {
      if (!part.equals(except)) {
        sum = Math.min(UNBOUNDED, sum + intervals.get(part)[bound]);
      }
    }
    return sum;
  }
}
