package nl.samenspel.pipelines.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.samenspel.disclosure.DisclosureAudit;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.disclosure.Relation;
import nl.samenspel.disclosure.Suppression;
import nl.samenspel.disclosure.Violation;
import org.junit.jupiter.api.Test;

/**
 * Nested combinations: a triple's "all three" clients are among its pairs' "both" clients, and a
 * profile's clients among its elements', so when nobody was trimmed the difference of the two
 * published counts is a group of clients (received the pair, not the third; a barrier on one
 * element, not the other) that must not show a small number.
 */
class PublishedCountsTest {

  private static final String KM = "KM_SELF_EFFICACY_COACHING";
  private static final String IC = "IC_SANCTION_ANNOUNCEMENT";
  private static final String AM = "AM_BARRIER_REMOVAL";
  private static final String PAIR = "ALL|" + KM + "+" + IC;
  private static final String TRIPLE = "ALL|" + KM + "+" + IC + "+" + AM;

  private static PublishedCounts.Published combination(String element, boolean untrimmed,
      String... codes) {
    return new PublishedCounts.Published(element, List.of(codes), untrimmed);
  }

  @Test
  void everyUntrimmedCombinationInsideAnotherIsRelatedByCodesAndBySubgroup() {
    List<Relation> relations = PublishedCounts.nestedRelations(List.of(
        combination("ALL", true, KM), combination("ALL", true, KM, IC),
        combination("ALL", true, KM, IC, AM), combination("ALL", true, AM),
        combination("SELF_EFFICACY", true, KM, IC, AM),
        combination("SKILLS+CONTEXT", true, KM), combination("SKILLS", true, AM)));
    // Around ALL's KM: ALL's pair and triple, SELF_EFFICACY's triple, the profile's KM. Around
    // ALL's pair: both triples. Around ALL's triple: SELF_EFFICACY's. Around ALL's AM: both
    // triples and SKILLS's AM. Two fields each.
    String inner = "SELF_EFFICACY|" + KM + "+" + IC + "+" + AM;
    assertThat(relations).hasSize(2 * (4 + 2 + 1 + 3)).contains(
        new Relation(PublishedCounts.combination(PAIR, PublishedCounts.N_TREATED),
            List.of(PublishedCounts.combination(TRIPLE, PublishedCounts.N_TREATED),
                PublishedCounts.combination(PAIR, PublishedCounts.N_TREATED) + "/outside/"
                    + TRIPLE)),
        new Relation(PublishedCounts.combination(PAIR, PublishedCounts.N_COMPARISON),
            List.of(PublishedCounts.combination(TRIPLE, PublishedCounts.N_COMPARISON),
                PublishedCounts.combination(PAIR, PublishedCounts.N_COMPARISON) + "/outside/"
                    + TRIPLE)),
        new Relation(PublishedCounts.combination(TRIPLE, PublishedCounts.N_TREATED),
            List.of(PublishedCounts.combination(inner, PublishedCounts.N_TREATED),
                PublishedCounts.combination(TRIPLE, PublishedCounts.N_TREATED) + "/outside/"
                    + inner)));
    assertThat(relations).as("SKILLS and the profile SKILLS+CONTEXT: other codes")
        .noneMatch(r -> r.total().contains("/SKILLS|") && r.parts().get(0).contains("+CONTEXT"));
    assertThat(relations).as("nothing lies inside a smaller subgroup")
        .noneMatch(r -> r.total().contains("/SELF_EFFICACY|"));
  }

  /**
   * 45 episodes of clients with a self-efficacy barrier, 40 of them also with a context barrier:
   * both publishable, but together they show 5 with self-efficacy and no context barrier.
   */
  @Test
  void aSmallDifferenceBetweenAnElementAndItsProfileIsSuppressed() {
    List<Relation> relations = PublishedCounts.populationRelations(List.of("ALL",
        "SELF_EFFICACY", "CONTEXT", "SELF_EFFICACY+CONTEXT"));
    // Two within each of the four; five fields for each nesting: ALL around three, and the
    // profile inside each of its two elements.
    assertThat(relations).hasSize(4 * 2 + 5 * 5);
    Map<String, Long> counts = new LinkedHashMap<>();
    long[][] values = {{2000, 1800, 600, 1200, 200}, {45, 40, 10, 30, 5}, {300, 250, 60, 190, 50},
        {40, 35, 10, 25, 5}};
    List<String> groups = List.of("ALL", "SELF_EFFICACY", "CONTEXT", "SELF_EFFICACY+CONTEXT");
    List<String> fields = List.of(PublishedCounts.EPISODES, PublishedCounts.KNOWN,
        PublishedCounts.DURABLE, PublishedCounts.NOT_DURABLE, PublishedCounts.UNDETERMINED);
    for (int g = 0; g < groups.size(); g++) {
      for (int f = 0; f < fields.size(); f++) {
        if (values[g][f] >= 10) {
          counts.put(PublishedCounts.population(groups.get(g), fields.get(f)), values[g][f]);
        }
      }
    }
    DisclosureRules rules = DisclosureRules.DEFAULT;
    assertThat(DisclosureAudit.check(counts, relations, rules))
        .extracting(Violation::kind, Violation::cell)
        .contains(org.assertj.core.groups.Tuple.tuple(Violation.Kind.SMALL_BY_SUBTRACTION,
            PublishedCounts.population("SELF_EFFICACY", PublishedCounts.EPISODES)
                + "/outside/SELF_EFFICACY+CONTEXT"));
    Suppression.Protected result = Suppression.protect(counts, Map.of(), Map.of(), relations,
        rules);
    assertThat(DisclosureAudit.check(result.published(), relations, rules)).isEmpty();
    assertThat(result.value(PublishedCounts.population("ALL", PublishedCounts.EPISODES)))
        .isEqualTo(2000L);
  }

  @Test
  void aTrimmedCombinationHasNoExactRelation() {
    List<Relation> relations = PublishedCounts.nestedRelations(List.of(
        combination("ALL", true, KM), combination("ALL", false, KM, IC),
        combination("ALL", true, KM, IC, AM)));
    assertThat(relations).hasSize(2).allMatch(r -> r.total().contains("ALL|" + KM + "/")
        && r.parts().get(0).contains(TRIPLE));
  }

  /**
   * 40 clients received the pair and 35 of them all three: both counts are publishable on their
   * own, but together they show 5 who received the pair without the third.
   */
  @Test
  void aSmallDifferenceBetweenPairAndTripleIsSuppressed() {
    List<Relation> relations = PublishedCounts.nestedRelations(List.of(
        combination("ALL", true, KM, IC), combination("ALL", true, KM, IC, AM)));
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(PublishedCounts.combination(PAIR, PublishedCounts.N_TREATED), 40L);
    counts.put(PublishedCounts.combination(PAIR, PublishedCounts.N_COMPARISON), 900L);
    counts.put(PublishedCounts.combination(TRIPLE, PublishedCounts.N_TREATED), 35L);
    counts.put(PublishedCounts.combination(TRIPLE, PublishedCounts.N_COMPARISON), 700L);
    DisclosureRules rules = DisclosureRules.DEFAULT;

    assertThat(DisclosureAudit.check(counts, relations, rules))
        .extracting(Violation::kind, Violation::cell)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(
            Violation.Kind.SMALL_BY_SUBTRACTION,
            PublishedCounts.combination(PAIR, PublishedCounts.N_TREATED) + "/outside/"
                + TRIPLE));

    Suppression.Protected result = Suppression.protect(counts, Map.of(), Map.of(), relations,
        rules);
    assertThat(result.value(PublishedCounts.combination(TRIPLE, PublishedCounts.N_TREATED)))
        .as("the smaller published part goes").isNull();
    assertThat(result.value(PublishedCounts.combination(PAIR, PublishedCounts.N_COMPARISON)))
        .isEqualTo(900L);
    assertThat(DisclosureAudit.check(result.published(), relations, rules)).isEmpty();
  }
}
