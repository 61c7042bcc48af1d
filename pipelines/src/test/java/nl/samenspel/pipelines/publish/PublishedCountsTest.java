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
 * Nested combinations of one subgroup: a triple's "all three" clients are among its pairs' "both"
 * clients, so when nobody was trimmed the difference of the two published counts is a group of
 * clients (received the pair, not the third) that must not show a small number.
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
  void everyUntrimmedCombinationInsideAnotherOfItsSubgroupIsRelated() {
    List<Relation> relations = PublishedCounts.nestedRelations(List.of(
        combination("ALL", true, KM), combination("ALL", true, KM, IC),
        combination("ALL", true, KM, IC, AM), combination("ALL", true, AM),
        combination("SELF_EFFICACY", true, KM, IC, AM)));
    // KM in the pair and in the triple, the pair in the triple, AM in the triple: two fields
    // each. SELF_EFFICACY's triple is another subgroup's.
    assertThat(relations).hasSize(8).contains(
        new Relation(PublishedCounts.combination(PAIR, PublishedCounts.N_TREATED),
            List.of(PublishedCounts.combination(TRIPLE, PublishedCounts.N_TREATED),
                PublishedCounts.combination(PAIR, PublishedCounts.N_TREATED) + "/outside/"
                    + TRIPLE)),
        new Relation(PublishedCounts.combination(PAIR, PublishedCounts.N_COMPARISON),
            List.of(PublishedCounts.combination(TRIPLE, PublishedCounts.N_COMPARISON),
                PublishedCounts.combination(PAIR, PublishedCounts.N_COMPARISON) + "/outside/"
                    + TRIPLE)));
    assertThat(relations).noneMatch(r -> r.members().stream()
        .anyMatch(id -> id.contains("/SELF_EFFICACY|")));
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
