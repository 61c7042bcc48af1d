package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Discipline;
import nl.samenspel.domain.Element;
import nl.samenspel.evidence.EvidenceRecord;
import org.junit.jupiter.api.Test;

class SubgroupEstimationTest {

  static final List<CatalogEntry> CATALOG = List.of(
      entry("KM_A", Discipline.KM), entry("KM_B", Discipline.KM), entry("IC_C", Discipline.IC),
      entry("AM_RARE", Discipline.AM));

  private static CatalogEntry entry(String code, Discipline discipline) {
    return new CatalogEntry(code, discipline, code, code, EnumSet.noneOf(Element.class));
  }

  /** 600 units with one covariate; KM_A, KM_B, IC_C common, AM_RARE given to 5 units. */
  static List<SubgroupEstimation.Unit> units() {
    return units(600);
  }

  /** 600 episodes of {@code clients} different clients (episode i belongs to client i mod n). */
  private static List<SubgroupEstimation.Unit> units(int clients) {
    SplittableRandom random = new SplittableRandom(42);
    List<SubgroupEstimation.Unit> units = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      double x = random.nextDouble();
      Set<String> received = new java.util.HashSet<>();
      if (random.nextDouble() < 0.3 + 0.3 * x) {
        received.add("KM_A");
      }
      if (random.nextDouble() < 0.4) {
        received.add("KM_B");
      }
      if (random.nextDouble() < 0.5) {
        received.add("IC_C");
      }
      if (i < 5) {
        received.add("AM_RARE");
      }
      double outcome = random.nextDouble() < 0.2 + 0.2 * x ? 1 : 0;
      double[] covariates = new double[CovariateEncoder.NAMES.size()];
      covariates[0] = 20 + 40 * x;
      units.add(new SubgroupEstimation.Unit(received, outcome, Double.NaN, covariates,
          "c" + (i % clients)));
    }
    return units;
  }

  @Test
  void estimatesSinglesAndCrossDisciplinePairsOnlyAndSkipsSmallGroups() {
    SubgroupEstimation.Result result = SubgroupEstimation.estimate("ALL", units(), CATALOG,
        SubgroupEstimation.Settings.DEFAULT);

    List<String> estimated = result.records().stream().map(r -> r.combination().key()).toList();
    assertThat(estimated).contains("ALL|KM_A", "ALL|KM_B", "ALL|IC_C", "ALL|IC_C+KM_A",
        "ALL|IC_C+KM_B");
    assertThat(estimated).as("pairs within one discipline are not considered")
        .doesNotContain("ALL|KM_A+KM_B");
    assertThat(result.skipped()).extracting(s -> s.combination().key())
        .contains("ALL|AM_RARE", "ALL|AM_RARE+KM_A", "ALL|AM_RARE+IC_C");
    assertThat(result.skipped()).allMatch(
        s -> s.reason() == SubgroupEstimation.SkipReason.TOO_FEW_EPISODES);
    for (EvidenceRecord record : result.records()) {
      assertThat(record.nTreated()).isGreaterThanOrEqualTo(30);
      assertThat(record.nComparison()).isGreaterThanOrEqualTo(30);
      assertThat(record.ciLow()).isLessThan(record.estimate());
      assertThat(record.ciHigh()).isGreaterThan(record.estimate());
      assertThat(record.estimator()).isEqualTo("aipw");
      if (record.interventions().size() == 1) {
        assertThat(record.placeboEstimate()).as("placebo ran").isNotNaN();
        assertThat(record.negativeControlEstimate()).as("no negative control given").isNaN();
      }
    }
  }

  @Test
  void aGroupNeedsEnoughDifferentClientsNotOnlyEpisodes() {
    // The same 600 episodes, but of 25 clients: no group reaches 30 different clients.
    SubgroupEstimation.Result result = SubgroupEstimation.estimate("ALL", units(25), CATALOG,
        SubgroupEstimation.Settings.DEFAULT);
    assertThat(result.records()).isEmpty();
    assertThat(result.skipped()).extracting(s -> s.combination().key()).contains("ALL|KM_A");
    assertThat(result.skipped()).allMatch(
        s -> s.reason() == SubgroupEstimation.SkipReason.TOO_FEW_EPISODES);
  }

  @Test
  void pairCountsAreBothAgainstNeither() {
    List<SubgroupEstimation.Unit> units = units();
    long both = units.stream().filter(u -> u.interventions().containsAll(List.of("IC_C", "KM_A")))
        .count();
    long neither = units.stream().filter(u -> !u.interventions().contains("IC_C")
        && !u.interventions().contains("KM_A")).count();
    EvidenceRecord pair = SubgroupEstimation.estimate("ALL", units, CATALOG,
            SubgroupEstimation.Settings.DEFAULT).records().stream()
        .filter(r -> r.combination().key().equals("ALL|IC_C+KM_A")).findFirst().orElseThrow();
    assertThat(pair.nTreated()).isEqualTo(both);
    assertThat(pair.nComparison()).isEqualTo(neither);
  }

  @Test
  void noPairsWhenDisabled() {
    SubgroupEstimation.Settings singlesOnly = new SubgroupEstimation.Settings(30,
        SubgroupEstimation.PairScope.NONE, 30, AugmentedIpw.Options.DEFAULT,
        SubgroupEstimation.Settings.PAIR_TRIMMING, SubgroupEstimation.Refuters.NONE);
    assertThat(SubgroupEstimation.estimate("ALL", units(), CATALOG, singlesOnly).records())
        .allMatch(r -> r.interventions().size() == 1);
  }

  @Test
  void minimumGroupSizeCannotGoBelowTheDisclosureFloor() {
    assertThatThrownBy(() -> new SubgroupEstimation.Settings(9,
        SubgroupEstimation.PairScope.NONE, 30, AugmentedIpw.Options.DEFAULT,
        SubgroupEstimation.Settings.PAIR_TRIMMING, SubgroupEstimation.Refuters.NONE))
        .hasMessageContaining("at least 10");
  }

  /** Sharding is only a division of work: the shards together give exactly the whole. */
  @Test
  void shardsTogetherGiveTheUnshardedResult() {
    SubgroupEstimation.Result whole = SubgroupEstimation.estimate("ALL", units(), CATALOG,
        SubgroupEstimation.Settings.DEFAULT);
    List<String> shardedRecords = new ArrayList<>();
    List<String> shardedSkipped = new ArrayList<>();
    int shardsWithWork = 0;
    for (int shard = 0; shard < 3; shard++) {
      SubgroupEstimation.Result part = SubgroupEstimation.estimate("ALL", units(), CATALOG,
          SubgroupEstimation.Settings.DEFAULT, shard, 3);
      part.records().forEach(r -> shardedRecords.add(r.toString()));
      part.skipped().forEach(r -> shardedSkipped.add(r.toString()));
      shardsWithWork += part.records().size() + part.skipped().size() > 0 ? 1 : 0;
    }
    assertThat(shardsWithWork).isEqualTo(3);
    assertThat(shardedRecords).containsExactlyInAnyOrderElementsOf(
        whole.records().stream().map(EvidenceRecord::toString).toList());
    assertThat(shardedSkipped).containsExactlyInAnyOrderElementsOf(
        whole.skipped().stream().map(Object::toString).toList());
    assertThat(whole.records()).isNotEmpty();
  }

  /**
   * Progress hears of every combination once, estimated or skipped, and the counts known
   * beforehand (per subgroup and per shard) are the ones fitted.
   */
  @Test
  void progressHearsOfEveryCombinationOnceAndTheCountsAreKnownBeforehand() {
    // 4 singles; pairs across disciplines: KM_A, KM_B with IC_C and AM_RARE (4), IC_C+AM_RARE.
    assertThat(SubgroupEstimation.combinations(CATALOG,
        SubgroupEstimation.PairScope.CROSS_DISCIPLINE)).isEqualTo(9);
    assertThat(SubgroupEstimation.combinations(CATALOG, SubgroupEstimation.PairScope.NONE))
        .isEqualTo(4);
    // With the default settings also the triples KM_A+IC_C+AM_RARE and KM_B+IC_C+AM_RARE.
    assertThat(SubgroupEstimation.combinations(CATALOG, SubgroupEstimation.Settings.DEFAULT))
        .isEqualTo(11);
    List<String> heard = new ArrayList<>();
    int shards = 3;
    for (int shard = 0; shard < shards; shard++) {
      List<String> inShard = new ArrayList<>();
      SubgroupEstimation.Result part = SubgroupEstimation.estimate("ALL", units(), CATALOG,
          SubgroupEstimation.Settings.DEFAULT, shard, shards,
          combination -> inShard.add(combination.key()));
      assertThat(inShard).as("shard " + shard).hasSize(SubgroupEstimation.combinations(CATALOG,
          SubgroupEstimation.Settings.DEFAULT, shard, shards));
      List<String> settled = new ArrayList<>();
      part.records().forEach(r -> settled.add(r.combination().key()));
      part.skipped().forEach(s -> settled.add(s.combination().key()));
      assertThat(inShard).as("shard " + shard).containsExactlyInAnyOrderElementsOf(settled);
      heard.addAll(inShard);
    }
    assertThat(heard).doesNotHaveDuplicates().hasSize(11)
        .contains("ALL|AM_RARE", "ALL|AM_RARE+IC_C+KM_B");
  }
}
