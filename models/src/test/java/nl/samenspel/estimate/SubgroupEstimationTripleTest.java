package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Discipline;
import nl.samenspel.domain.Element;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.evidence.TripleEffects;
import org.junit.jupiter.api.Test;

/**
 * All three disciplines together in the estimate of a subgroup: every triple of one KM, one IC
 * and one AM intervention is counted and settled, the largest are estimated (at most
 * {@code maxTriples}), the planted three-way interaction is recovered, and sharding changes
 * nothing.
 */
class SubgroupEstimationTripleTest {

  private static final List<CatalogEntry> CATALOG = List.of(
      entry("KM_A", Discipline.KM), entry("KM_B", Discipline.KM),
      entry("IC_C", Discipline.IC), entry("AM_D", Discipline.AM), entry("AM_E", Discipline.AM));
  private static final int ATTITUDE = CovariateEncoder.NAMES.indexOf(
      Element.ATTITUDE.scoreColumn());
  private static final int AGE = CovariateEncoder.NAMES.indexOf("age");
  /** Planted: A, C and D add 3, 2 and 4 points, all three together 10 more. */
  private static final double INTERACTION = 0.10;
  private static final double ALL_VERSUS_NONE = 0.03 + 0.02 + 0.04 + INTERACTION;

  private static CatalogEntry entry(String code, Discipline discipline) {
    return new CatalogEntry(code, discipline, code, code, EnumSet.noneOf(Element.class));
  }

  /** Confounded on attitude: A and C go more often to clients with a low attitude score. */
  private static List<SubgroupEstimation.Unit> units(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<SubgroupEstimation.Unit> units = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[CovariateEncoder.NAMES.size()];
      for (Element element : Element.values()) {
        x[CovariateEncoder.NAMES.indexOf(element.scoreColumn())] = 1 + random.nextInt(5);
      }
      x[AGE] = 18 + random.nextInt(48);
      double attitude = x[ATTITUDE];
      boolean a = random.nextDouble() < 0.35 + 0.06 * (3 - attitude);
      boolean b = random.nextDouble() < 0.30;
      boolean c = random.nextDouble() < 0.35 + 0.04 * (3 - attitude);
      boolean d = random.nextDouble() < 0.40;
      boolean e = random.nextDouble() < 0.20;
      Set<String> received = new HashSet<>();
      if (a) {
        received.add("KM_A");
      }
      if (b) {
        received.add("KM_B");
      }
      if (c) {
        received.add("IC_C");
      }
      if (d) {
        received.add("AM_D");
      }
      if (e) {
        received.add("AM_E");
      }
      double p = 0.25 + 0.03 * (attitude - 3) + (a ? 0.03 : 0) + (c ? 0.02 : 0)
          + (d ? 0.04 : 0) + (a && c && d ? INTERACTION : 0);
      units.add(new SubgroupEstimation.Unit(received, random.nextDouble() < p ? 1 : 0,
          Double.NaN, x, "c" + i));
    }
    return units;
  }

  private static final SubgroupEstimation.Settings SETTINGS = SubgroupEstimation.Settings.DEFAULT
      .withModification(SubgroupEstimation.ModifierScope.NONE);

  @Test
  void everyTripleIsSettledAndThePlantedInteractionIsCovered() {
    List<SubgroupEstimation.Unit> units = units(20_000, 5);
    SubgroupEstimation.Result result = SubgroupEstimation.estimate("ALL", units, CATALOG,
        SETTINGS);
    // 5 singles, 8 cross-discipline pairs, 2 x 1 x 2 triples: each estimated or skipped.
    assertThat(SubgroupEstimation.combinations(CATALOG, SETTINGS)).isEqualTo(17);
    assertThat(SubgroupEstimation.combinations(CATALOG, SETTINGS.withTriples(
        SubgroupEstimation.TripleScope.NONE, 10))).isEqualTo(13);
    assertThat(result.records().size() + result.skipped().size()).isEqualTo(17);
    List<EvidenceRecord> triples = result.records().stream()
        .filter(r -> r.combination().isTriple()).toList();
    assertThat(triples).hasSize(4);
    assertThat(result.triples()).extracting(TripleEffects::combination)
        .containsExactlyInAnyOrderElementsOf(triples.stream().map(EvidenceRecord::combination)
            .toList());

    Combination planted = new Combination("ALL", List.of("KM_A", "IC_C", "AM_D"));
    EvidenceRecord record = triples.stream().filter(r -> r.combination().equals(planted))
        .findFirst().orElseThrow();
    assertThat(record.ciLow()).isLessThanOrEqualTo(ALL_VERSUS_NONE);
    assertThat(record.ciHigh()).isGreaterThanOrEqualTo(ALL_VERSUS_NONE);
    assertThat(record.ciLow()).isPositive();
    // The synergy slot of a triple holds the three-way interaction.
    assertThat(record.synergyCiLow()).isLessThanOrEqualTo(INTERACTION);
    assertThat(record.synergyCiHigh()).isGreaterThanOrEqualTo(INTERACTION);
    assertThat(Double.isNaN(record.placeboEstimate())).isTrue();
    assertThat(record.maxAbsSmdAfter()).isLessThan(record.maxAbsSmdBefore());
    assertThat(record.maxAbsSmdAfter()).isLessThan(0.1);

    TripleEffects effects = result.triples().stream()
        .filter(t -> t.combination().equals(planted)).findFirst().orElseThrow();
    assertThat(effects.order()).containsExactly("KM_A", "IC_C", "AM_D");
    assertThat(effects.notEstimated()).isEmpty();
    assertThat(effects.contrasts()).hasSize(8);
    TripleEffects.Contrast all = effects.versusNone(List.of("AM_D", "KM_A", "IC_C"))
        .orElseThrow();
    assertThat(all.estimate()).isEqualTo(record.estimate());
    TripleEffects.Contrast interaction = effects.interaction().orElseThrow();
    assertThat(interaction.estimate()).isEqualTo(record.synergy());
    // The contrasts inside the triple: C alone, A and C without D.
    TripleEffects.Contrast onlyC = effects.versusNone(List.of("IC_C")).orElseThrow();
    assertThat(onlyC.ciLow()).isLessThanOrEqualTo(0.02);
    assertThat(onlyC.ciHigh()).isGreaterThanOrEqualTo(0.02);
    TripleEffects.Contrast ac = effects.versusNone(List.of("KM_A", "IC_C")).orElseThrow();
    assertThat(ac.ciLow()).isLessThanOrEqualTo(0.05);
    assertThat(ac.ciHigh()).isGreaterThanOrEqualTo(0.05);

    // Nothing planted for the triple with AM_E: its interaction interval holds 0.
    TripleEffects other = result.triples().stream().filter(t -> t.combination().equals(
        new Combination("ALL", List.of("KM_A", "IC_C", "AM_E")))).findFirst().orElseThrow();
    assertThat(other.interaction().orElseThrow().ciLow()).isNegative();
    assertThat(other.interaction().orElseThrow().ciHigh()).isPositive();
  }

  /**
   * In a profile at most max_profile_pairs pairs are estimated, those with the most episodes
   * receiving both; the others are PAIR_LIMIT, every shard picks the same ones, and the same
   * units as subgroup ALL have every pair estimated.
   */
  @Test
  void aProfileEstimatesOnlyItsLargestPairs() {
    List<SubgroupEstimation.Unit> units = units(8_000, 9);
    SubgroupEstimation.Settings three = SETTINGS.withTriples(SubgroupEstimation.TripleScope.NONE,
        0).withProfiles(nl.samenspel.domain.Subgroup.Profiles.PAIRS, 3);
    String profile = "ATTITUDE+SKILLS";
    SubgroupEstimation.Result whole = SubgroupEstimation.estimate(profile, units, CATALOG, three);
    List<Combination> pairs = whole.records().stream().map(EvidenceRecord::combination)
        .filter(Combination::isPair).toList();
    List<Combination> limited = whole.skipped().stream()
        .filter(k -> k.reason() == SubgroupEstimation.SkipReason.PAIR_LIMIT)
        .map(SubgroupEstimation.Skipped::combination).toList();
    assertThat(pairs).hasSize(3).allMatch(c -> c.element().equals(profile));
    assertThat(limited).hasSize(5);
    java.util.function.ToIntFunction<Combination> both = c -> (int) units.stream()
        .filter(u -> u.interventions().containsAll(c.interventions())).count();
    int smallestEstimated = pairs.stream().mapToInt(both).min().orElseThrow();
    assertThat(limited).allSatisfy(c -> assertThat(both.applyAsInt(c))
        .isLessThanOrEqualTo(smallestEstimated));
    assertThat(whole.records().stream().filter(r -> r.combination().isSingle())).hasSize(5);

    List<EvidenceRecord> records = new ArrayList<>();
    for (int shard = 0; shard < 3; shard++) {
      records.addAll(SubgroupEstimation.estimate(profile, units, CATALOG, three, shard, 3,
          c -> { }).records());
    }
    assertThat(records).containsExactlyInAnyOrderElementsOf(whole.records());

    assertThat(SubgroupEstimation.estimate("ALL", units, CATALOG, three).records().stream()
        .filter(r -> r.combination().isPair())).as("no limit outside profiles").hasSize(8);
  }

  @Test
  void onlyTheLargestTriplesAreEstimatedAndShardsAddUp() {
    List<SubgroupEstimation.Unit> units = units(8_000, 9);
    SubgroupEstimation.Settings two = SETTINGS.withTriples(
        SubgroupEstimation.TripleScope.ONE_PER_DISCIPLINE, 2);
    SubgroupEstimation.Result whole = SubgroupEstimation.estimate("ALL", units, CATALOG, two);
    List<Combination> estimated = whole.records().stream().map(EvidenceRecord::combination)
        .filter(Combination::isTriple).toList();
    // D is the more frequent AM intervention and A the more frequent KM one at low attitude:
    // the two triples with D have the most clients with all three.
    assertThat(estimated).containsExactlyInAnyOrder(
        new Combination("ALL", List.of("KM_A", "IC_C", "AM_D")),
        new Combination("ALL", List.of("KM_B", "IC_C", "AM_D")));
    assertThat(whole.skipped().stream().filter(s -> s.combination().isTriple()))
        .allSatisfy(s -> assertThat(s.reason())
            .isEqualTo(SubgroupEstimation.SkipReason.TRIPLE_LIMIT))
        .hasSize(2);

    List<EvidenceRecord> records = new ArrayList<>();
    List<TripleEffects> triples = new ArrayList<>();
    int counted = 0;
    for (int shard = 0; shard < 3; shard++) {
      List<Combination> settled = new ArrayList<>();
      SubgroupEstimation.Result part = SubgroupEstimation.estimate("ALL", units, CATALOG, two,
          shard, 3, settled::add);
      assertThat(settled).hasSize(SubgroupEstimation.combinations(CATALOG, two, shard, 3));
      counted += settled.size();
      records.addAll(part.records());
      triples.addAll(part.triples());
    }
    assertThat(counted).isEqualTo(SubgroupEstimation.combinations(CATALOG, two));
    assertThat(records).containsExactlyInAnyOrderElementsOf(whole.records());
    assertThat(triples).containsExactlyInAnyOrderElementsOf(whole.triples());

    SubgroupEstimation.Result none = SubgroupEstimation.estimate("ALL", units, CATALOG,
        SETTINGS.withTriples(SubgroupEstimation.TripleScope.NONE, 10));
    assertThat(none.triples()).isEmpty();
    assertThat(none.records()).noneMatch(r -> r.combination().isTriple());
  }

  @Test
  void aTripleWithTooFewClientsReceivingAllThreeIsNotEstimated() {
    // Only the first 400 units: about 20 received A, C and D together, below the minimum 30.
    List<SubgroupEstimation.Unit> units = units(400, 3);
    SubgroupEstimation.Result result = SubgroupEstimation.estimate("ALL", units, CATALOG,
        SubgroupEstimation.Settings.DEFAULT.withModification(
            SubgroupEstimation.ModifierScope.NONE));
    assertThat(result.triples()).isEmpty();
    assertThat(result.skipped().stream().filter(s -> s.combination().isTriple()))
        .hasSize(4).allSatisfy(s -> assertThat(s.reason())
            .isEqualTo(SubgroupEstimation.SkipReason.TOO_FEW_EPISODES));
  }
}
