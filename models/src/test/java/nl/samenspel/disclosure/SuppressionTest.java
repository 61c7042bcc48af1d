package nl.samenspel.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Primary and complementary suppression on small hand-made tables, and the audit that must catch
 * what suppression would have prevented.
 */
class SuppressionTest {

  private static final DisclosureRules RULES = DisclosureRules.DEFAULT;
  /** episodes = known + undetermined; known = durable + not durable. */
  private static final List<Relation> POPULATION = List.of(
      new Relation("episodes", List.of("known", "undetermined")),
      new Relation("known", List.of("durable", "not_durable")));

  private static Map<String, Long> counts(Object... idsAndValues) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < idsAndValues.length; i += 2) {
      counts.put((String) idsAndValues[i], ((Number) idsAndValues[i + 1]).longValue());
    }
    return counts;
  }

  @Test
  void largeCountsAreRoundedAndPublished() {
    Suppression.Protected result = Suppression.protect(counts("episodes", 1203, "known", 1101,
        "undetermined", 102, "durable", 143, "not_durable", 958), Map.of(), Map.of(), POPULATION, RULES);
    assertThat(result.published()).containsExactly(Map.entry("episodes", 1205L),
        Map.entry("known", 1100L), Map.entry("undetermined", 100L), Map.entry("durable", 145L),
        Map.entry("not_durable", 960L));
    assertThat(DisclosureAudit.check(result.published(), POPULATION, RULES)).isEmpty();
  }

  @Test
  void aSmallCellIsSuppressedWithAComplementSoItCannotBeRecomputed() {
    Suppression.Protected result = Suppression.protect(counts("episodes", 60, "known", 57,
        "undetermined", 3, "durable", 20, "not_durable", 37), Map.of(), Map.of(), POPULATION,
        RULES);
    assertThat(result.status().get("undetermined")).isEqualTo(Suppression.Status.PRIMARY);
    assertThat(result.value("undetermined")).isNull();
    // known is the only part left; suppressing it opens the second relation, which then needs
    // its own complement.
    assertThat(result.status().get("known")).isEqualTo(Suppression.Status.COMPLEMENTARY);
    assertThat(result.status().get("durable")).isEqualTo(Suppression.Status.COMPLEMENTARY);
    assertThat(result.value("episodes")).isEqualTo(60L);
    assertThat(result.value("not_durable")).isEqualTo(35L);
    assertThat(DisclosureAudit.check(result.published(), POPULATION, RULES)).isEmpty();
  }

  @Test
  void theAuditCatchesAPlantedSmallCell() {
    Map<String, Long> published = counts("episodes", 60, "known", 55, "undetermined", 5,
        "durable", 20, "not_durable", 35);
    assertThat(DisclosureAudit.check(published, POPULATION, RULES))
        .extracting(Violation::kind, Violation::cell)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Violation.Kind.SMALL_COUNT,
            "undetermined"));
  }

  @Test
  void theAuditCatchesACellRecoverableBySubtraction() {
    Map<String, Long> published = counts("episodes", 60, "known", 55, "durable", 20,
        "not_durable", 35);
    published.put("undetermined", null);
    assertThat(DisclosureAudit.check(published, POPULATION, RULES))
        .extracting(Violation::kind, Violation::cell)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Violation.Kind.RECOVERABLE,
            "undetermined"));
  }

  @Test
  void theAuditCatchesAnUnroundedCount() {
    Map<String, Long> published = counts("episodes", 61, "known", 55, "undetermined", 0,
        "durable", 20, "not_durable", 35);
    assertThat(DisclosureAudit.check(published, POPULATION, RULES))
        .extracting(Violation::kind).containsExactly(Violation.Kind.NOT_ROUNDED);
  }

  @Test
  void anUnpublishedCountPinnedToASmallGroupAcrossTablesGetsProtected() {
    // A comparison: known (population table) = treated + comparison + trimmed; trimmed is never
    // published. With exact counts (base 1) the reader would learn trimmed = 4.
    DisclosureRules exact = new DisclosureRules(10, 1);
    List<Relation> relations = List.of(new Relation("known", List.of("treated", "comparison",
        "trimmed")));
    Map<String, Long> counts = counts("known", 200, "treated", 60, "comparison", 136);
    assertThat(DisclosureAudit.check(Map.of("known", 200L, "treated", 60L, "comparison", 136L),
        relations, exact)).extracting(Violation::kind)
        .containsExactly(Violation.Kind.SMALL_BY_SUBTRACTION);

    Suppression.Protected result = Suppression.protect(counts, Map.of("trimmed", 4L), Map.of(),
        relations, exact);
    assertThat(result.status().get("treated")).isEqualTo(Suppression.Status.COMPLEMENTARY);
    assertThat(DisclosureAudit.check(result.published(), relations, exact)).isEmpty();
  }

  @Test
  void roundingToFiveAloneKeepsAThreePartSubtractionVague() {
    List<Relation> relations = List.of(new Relation("known", List.of("treated", "comparison",
        "trimmed")));
    Suppression.Protected result = Suppression.protect(counts("known", 200, "treated", 60,
        "comparison", 136), Map.of("trimmed", 4L), Map.of(), relations, RULES);
    assertThat(result.status().values()).containsOnly(Suppression.Status.PUBLISHED);
    assertThat(DisclosureAudit.intervals(result.published(), Map.of(), relations, RULES)
        .get("trimmed"))
        .as("200 - 60 - 135 with every count +-2: 0 .. 11").containsExactly(0L, 11L);
  }

  @Test
  void chainsOfRelationsAcrossTablesAreFollowed() {
    // "undetermined" (5) and its complements look safe within the population table, but a
    // single intervention of the same subgroup gives known >= treated + comparison, and then
    // episodes - known pins the small undetermined count. Exact counts (base 1) here.
    DisclosureRules exact = new DisclosureRules(10, 1);
    List<Relation> relations = new java.util.ArrayList<>(POPULATION);
    relations.add(new Relation("known", List.of("a_treated", "a_comparison", "a_trimmed")));
    Map<String, Long> published = new LinkedHashMap<>();
    published.put("episodes", 260L);
    published.put("known", null);
    published.put("undetermined", null);
    published.put("durable", 40L);
    published.put("not_durable", null);
    published.put("a_treated", 60L);
    published.put("a_comparison", 195L);
    assertThat(DisclosureAudit.check(published, POPULATION, exact))
        .as("the population table alone").isEmpty();
    assertThat(DisclosureAudit.check(published, relations, exact))
        .extracting(Violation::kind, Violation::cell)
        .contains(org.assertj.core.groups.Tuple.tuple(Violation.Kind.RECOVERABLE,
            "undetermined"));

    Suppression.Protected result = Suppression.protect(counts("episodes", 260, "known", 255,
        "undetermined", 5, "durable", 40, "not_durable", 215, "a_treated", 60,
        "a_comparison", 195), Map.of("a_trimmed", 0L), Map.of("a_trimmed", new long[] {0, 0}),
        relations, exact);
    assertThat(result.value("undetermined")).isNull();
    assertThat(DisclosureAudit.check(result.published(), Map.of("a_trimmed",
        new long[] {0, 0}), relations, exact)).isEmpty();
  }

  @Test
  void aCellPinnedThroughAChainOfSuppressedRelationsGetsAComplementFurtherOut() {
    // x is small. Its only relation, t = x + y, has every member suppressed, but t and y are
    // each pinned by a relation of their own (t = u + v, y = p + q, all published), so x = t - y
    // could be read back. The complement must be found one relation further out.
    DisclosureRules exact = new DisclosureRules(10, 1);
    List<Relation> relations = List.of(new Relation("t", List.of("x", "y")),
        new Relation("t", List.of("u", "v")), new Relation("y", List.of("p", "q")));
    Map<String, Long> counts = counts("t", 300, "x", 4, "y", 296, "u", 150, "v", 150, "p", 140,
        "q", 156);
    Map<String, Long> suppressedAlready = new LinkedHashMap<>(counts);
    suppressedAlready.put("t", null);
    suppressedAlready.put("x", null);
    suppressedAlready.put("y", null);
    assertThat(DisclosureAudit.check(suppressedAlready, relations, exact))
        .extracting(Violation::cell).contains("x");
    assertThat(Suppression.nearest("x", relations, suppressedAlready))
        .as("the cell's own relation has nothing published; the next ones out do")
        .isIn(relations.get(1), relations.get(2));

    Suppression.Protected result = Suppression.protect(counts, Map.of(), Map.of(), Map.of(),
        relations, exact);
    assertThat(result.value("x")).isNull();
    assertThat(DisclosureAudit.check(result.published(), relations, exact)).isEmpty();
  }

  @Test
  void episodesOfFewerThanTenPeopleAreSuppressed() {
    // 15 durable episodes, but of 8 clients (some had two assessments).
    Suppression.Protected result = Suppression.protect(counts("episodes", 300, "known", 300,
        "undetermined", 0, "durable", 15, "not_durable", 285), Map.of("durable", 8L), Map.of(),
        Map.of(), POPULATION, RULES);
    assertThat(result.status().get("durable")).isEqualTo(Suppression.Status.PRIMARY);
    assertThat(result.value("durable")).isNull();
    assertThat(DisclosureAudit.check(result.published(), POPULATION, RULES)).isEmpty();
  }
}
