package nl.samenspel.pipelines.publish;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.EffectModification;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.evidence.PopulationCount;
import nl.samenspel.evidence.Timing;
import nl.samenspel.evidence.TripleEffects;
import nl.samenspel.grading.Grade;
import nl.samenspel.grading.GradingRule;
import nl.samenspel.grading.Highlights;
import nl.samenspel.pipelines.ingest.IngestStage;
import nl.samenspel.pool.Comparison;

/**
 * Everything one publish says, assembled once and rendered by every format (HTML, PDF, JSON,
 * CSV, Parquet), so the formats can't disagree: graded records, protected counts and the cards
 * in the run's language.
 */
public final class EvidenceReport {

  /** How many strongest and most doubtful findings the first screen shows. */
  static final int HIGHLIGHTED = 3;

  private final Language language;
  private final Messages messages;
  private final RunFacts facts;
  private final DisclosureRules rules;
  private final GradingRule grading;
  private final List<CatalogEntry> catalog;
  private final List<EvidenceRecord> records;
  private final Map<Combination, Grade> grades;
  private final Cards wording;
  private final Map<Combination, Card> cards;
  private final List<PopulationCount> population;
  private final List<IngestStage.TableReport> files;
  private final List<SubgroupEstimation.Skipped> skipped;
  private final PublishedCounts counts;
  private final Map<Combination, Comparison> comparisons;
  private final Map<Combination, EffectModification> modifications;
  private final Map<Combination, TripleEffects> triples;
  private final Map<Combination, PublishedTiming> timings;
  private final List<Highlights.Finding<EvidenceRecord>> strongest;
  private final List<Highlights.Finding<EvidenceRecord>> doubtful;

  /**
   * @param records estimated combinations (sorted by key for stable output)
   * @param skipped combinations not estimated, with the reason
   * @param population true counts per subgroup (protected here)
   * @param files ingest accounting per file (protected here)
   * @param comparisons per combination, this municipality against the pool of the others
   *     ({@code --compare-with}); empty for none
   */
  public EvidenceReport(Language language, RunFacts facts, DisclosureRules rules,
      GradingRule grading, List<CatalogEntry> catalog, List<EvidenceRecord> records,
      List<SubgroupEstimation.Skipped> skipped, List<PopulationCount> population,
      List<IngestStage.TableReport> files, Map<Combination, Comparison> comparisons) {
    this(language, facts, rules, grading, catalog, records, skipped, population, files,
        comparisons, List.of());
  }

  /**
   * @param modifications how the associations change with the client profile, for the
   *     combinations where they were projected (at most one per combination)
   */
  public EvidenceReport(Language language, RunFacts facts, DisclosureRules rules,
      GradingRule grading, List<CatalogEntry> catalog, List<EvidenceRecord> records,
      List<SubgroupEstimation.Skipped> skipped, List<PopulationCount> population,
      List<IngestStage.TableReport> files, Map<Combination, Comparison> comparisons,
      List<EffectModification> modifications) {
    this(language, facts, rules, grading, catalog, records, skipped, population, files,
        comparisons, modifications, List.of());
  }

  /**
   * @param modifications how the associations change with the client profile, for the
   *     combinations where they were projected (at most one per combination)
   * @param triples the contrasts inside each estimated triple (at most one per combination)
   */
  public EvidenceReport(Language language, RunFacts facts, DisclosureRules rules,
      GradingRule grading, List<CatalogEntry> catalog, List<EvidenceRecord> records,
      List<SubgroupEstimation.Skipped> skipped, List<PopulationCount> population,
      List<IngestStage.TableReport> files, Map<Combination, Comparison> comparisons,
      List<EffectModification> modifications, List<TripleEffects> triples) {
    this(language, facts, rules, grading, catalog, records, skipped, population, files,
        comparisons, modifications, triples, List.of());
  }

  /**
   * @param timings the curves of time to durable work of the combinations that have them (at
   *     most one per combination); published as {@link PublishedTiming} allows
   */
  public EvidenceReport(Language language, RunFacts facts, DisclosureRules rules,
      GradingRule grading, List<CatalogEntry> catalog, List<EvidenceRecord> records,
      List<SubgroupEstimation.Skipped> skipped, List<PopulationCount> population,
      List<IngestStage.TableReport> files, Map<Combination, Comparison> comparisons,
      List<EffectModification> modifications, List<TripleEffects> triples,
      List<Timing> timings) {
    Map<Combination, PublishedTiming> timingMap = new LinkedHashMap<>();
    for (Timing t : timings) {
      if (timingMap.put(t.combination(), PublishedTiming.of(t, rules)) != null) {
        throw new IllegalArgumentException("two curves for " + t.combination().key());
      }
    }
    this.timings = timingMap;
    Map<Combination, TripleEffects> tripleMap = new LinkedHashMap<>();
    for (TripleEffects t : triples) {
      if (tripleMap.put(t.combination(), t) != null) {
        throw new IllegalArgumentException("two triples for " + t.combination().key());
      }
    }
    this.triples = tripleMap;
    Map<Combination, EffectModification> byCombination = new LinkedHashMap<>();
    for (EffectModification m : modifications) {
      if (byCombination.put(m.combination(), m) != null) {
        throw new IllegalArgumentException("two projections for " + m.combination().key());
      }
    }
    this.modifications = byCombination;
    this.language = language;
    this.messages = new Messages(language);
    this.facts = facts;
    this.rules = rules;
    this.grading = grading;
    this.catalog = List.copyOf(catalog);
    this.records = records.stream()
        .sorted(Comparator.comparing((EvidenceRecord r) -> r.combination().key())).toList();
    this.skipped = List.copyOf(skipped);
    this.population = List.copyOf(population);
    this.files = List.copyOf(files);
    this.grades = grading.gradeAll(this.records);
    this.comparisons = Map.copyOf(comparisons);
    this.counts = PublishedCounts.protect(population, files, this.records, rules);
    this.wording = new Cards(messages, catalogByCode(), grading.thresholds(), facts, rules);
    Map<Combination, Card> built = new LinkedHashMap<>();
    for (EvidenceRecord r : this.records) {
      built.put(r.combination(), wording.card(r, grades.get(r.combination()), counts,
          comparisons.get(r.combination()), this.modifications.get(r.combination()),
          timingMap.get(r.combination()), cost(r)));
    }
    this.cards = built;
    this.strongest = Highlights.strongest(this.records, grades, HIGHLIGHTED);
    this.doubtful = Highlights.mostDoubtful(this.records, grades, HIGHLIGHTED, strongest);
  }

  Map<String, CatalogEntry> catalogByCode() {
    return catalog.stream().collect(Collectors.toMap(CatalogEntry::code, Function.identity(),
        (a, b) -> a, LinkedHashMap::new));
  }

  /** The wording of this report's language, shared by the cards and the page. */
  Cards wording() {
    return wording;
  }

  public Language language() {
    return language;
  }

  Messages messages() {
    return messages;
  }

  public RunFacts facts() {
    return facts;
  }

  public DisclosureRules rules() {
    return rules;
  }

  public GradingRule grading() {
    return grading;
  }

  public List<CatalogEntry> catalog() {
    return catalog;
  }

  public List<EvidenceRecord> records() {
    return records;
  }

  public Grade grade(Combination combination) {
    return grades.get(combination);
  }

  public Card card(Combination combination) {
    return cards.get(combination);
  }

  /** This municipality against the pool of the others, or null when not compared. */
  public Comparison comparison(Combination combination) {
    return comparisons.get(combination);
  }

  /** How the association changes with the client profile, or null when not projected. */
  public EffectModification modification(Combination combination) {
    return modifications.get(combination);
  }

  /**
   * The cost per extra client in durable work of a record: the summed catalog costs of its
   * interventions (per client who received them) against its estimate and interval; null when
   * the catalog has no cost for one of them.
   */
  nl.samenspel.estimate.CostPerParticipant.Result cost(EvidenceRecord r) {
    Map<String, CatalogEntry> byCode = catalogByCode();
    double cost = 0;
    for (String code : r.interventions()) {
      CatalogEntry entry = byCode.get(code);
      if (entry == null || entry.costEur() == null) {
        return null;
      }
      cost += entry.costEur();
    }
    return nl.samenspel.estimate.CostPerParticipant.of(cost, r.estimate(), r.ciLow(),
        r.ciHigh());
  }

  /** The curves of time to durable work as published, or null when there are none. */
  PublishedTiming timing(Combination combination) {
    return timings.get(combination);
  }

  /** The contrasts inside a triple, or null when the combination is not an estimated triple. */
  public TripleEffects triple(Combination combination) {
    return triples.get(combination);
  }

  /** Every estimated triple's contrasts, in the order of the records. */
  public List<TripleEffects> triples() {
    return records.stream().map(r -> triples.get(r.combination()))
        .filter(java.util.Objects::nonNull).toList();
  }

  /** Every projection on the client profile, in the order of the records. */
  public List<EffectModification> modifications() {
    return records.stream().map(r -> modifications.get(r.combination()))
        .filter(java.util.Objects::nonNull).toList();
  }

  /** Whether the run was compared with a pool ({@code --compare-with}). */
  public boolean compared() {
    return !comparisons.isEmpty();
  }

  public List<PopulationCount> population() {
    return population;
  }

  public List<IngestStage.TableReport> files() {
    return files;
  }

  public List<SubgroupEstimation.Skipped> skipped() {
    return skipped;
  }
  /**
   * How many combinations were not estimated for this reason (e.g. {@code TRIPLE_LIMIT}: a
   * subgroup already had {@code max_triples} larger ones).
   */
  public long skipped(SubgroupEstimation.SkipReason reason) {
    return skipped.stream().filter(k -> k.reason() == reason).count();
  }


  public PublishedCounts counts() {
    return counts;
  }

  public List<Highlights.Finding<EvidenceRecord>> strongest() {
    return strongest;
  }

  public List<Highlights.Finding<EvidenceRecord>> doubtful() {
    return doubtful;
  }

  /** Records of pairs, strongest interplay first. */
  List<EvidenceRecord> pairsBySynergy() {
    List<EvidenceRecord> pairs = new ArrayList<>(records.stream()
        .filter(r -> r.combination().isPair() && !Double.isNaN(r.synergy())).toList());
    pairs.sort(Comparator.comparingDouble((EvidenceRecord r) -> -r.synergy())
        .thenComparing(r -> r.combination().key()));
    return pairs;
  }
}
