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
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.Definitions;
import nl.samenspel.evidence.PublicationScope;
import nl.samenspel.grading.Grade;
import nl.samenspel.grading.Highlights;
import nl.samenspel.grading.PooledGradingRule;
import nl.samenspel.pool.Contribution;
import nl.samenspel.pool.NotPooled;
import nl.samenspel.pool.PooledFinding;
import nl.samenspel.pool.Pooling;

/**
 * Everything one pooled publish says, assembled once and rendered by every format
 * ({@code index.html}, {@code report.pdf}, {@code pooled.json}, CSV, Parquet), so the formats
 * can't disagree: the pooled findings with their grades and plain-language cards, the
 * contributors, what could not be pooled, and the pooled counts.
 *
 * <p>Pooled counts are sums of the counts the municipalities published (already rounded and
 * never below their threshold), rounded again to the pool's base; a count a municipality
 * suppressed is never added in, so no suppressed count can be recovered by subtracting the
 * municipalities' tables from the pooled one ({@link PooledAudit} checks this against the
 * municipalities' own files).
 */
public final class PooledReport {

  /** How many strongest and most doubtful findings the first screen shows. */
  static final int HIGHLIGHTED = 3;
  /** How many combinations "where municipalities differ" lists. */
  static final int LARGEST_DIFFERENCES = 10;
  static final String N_TREATED = PublishedCounts.N_TREATED;
  static final String N_COMPARISON = PublishedCounts.N_COMPARISON;

  /**
   * A pooled total and the contributors whose published counts it adds up.
   *
   * @param value the published total, rounded; null when no contributor published the count
   * @param counted labels of the contributors added in, in label order
   */
  public record Total(Long value, List<String> counted) {

    public Total {
      counted = List.copyOf(counted);
    }
  }

  private final Language language;
  private final Messages messages;
  private final Definitions definitions;
  private final List<PublicationScope> contributors;
  private final Map<String, Integer> estimatedBy;
  private final DisclosureRules rules;
  private final PooledGradingRule grading;
  private final List<CatalogEntry> catalog;
  private final List<PooledFinding> findings;
  private final List<NotPooled> notPooled;
  private final List<String> moderatorColumns;
  private final Map<Combination, Grade> grades;
  private final Map<String, Total> totals = new LinkedHashMap<>();
  private final Map<Combination, PooledCard> cards = new LinkedHashMap<>();
  private final List<Highlights.Finding<PooledFinding>> strongest;
  private final List<Highlights.Finding<PooledFinding>> doubtful;

  /**
   * @param contributors the publications pooled (municipality codes and period)
   * @param estimatedBy per contributor label, the combinations it estimated
   * @param rules the pool's disclosure rules (at least every contributor's)
   * @param moderatorColumns the moderators of the meta-regression, empty for none
   */
  public PooledReport(Language language, Definitions definitions,
      List<PublicationScope> contributors, Map<String, Integer> estimatedBy,
      DisclosureRules rules, PooledGradingRule grading, List<CatalogEntry> catalog,
      Pooling.Result pooling, List<String> moderatorColumns) {
    this.language = language;
    this.messages = new Messages(language);
    this.definitions = definitions;
    this.contributors = contributors.stream()
        .sorted(Comparator.comparing(PublicationScope::label)).toList();
    this.estimatedBy = Map.copyOf(estimatedBy);
    this.rules = rules;
    this.grading = grading;
    this.catalog = List.copyOf(catalog);
    this.findings = pooling.findings().stream()
        .sorted(Comparator.comparing((PooledFinding f) -> f.combination().key())).toList();
    this.notPooled = pooling.notPooled().stream()
        .sorted(Comparator.comparing((NotPooled n) -> n.combination().key())).toList();
    this.moderatorColumns = List.copyOf(moderatorColumns);
    this.grades = grading.gradeAll(findings);
    for (PooledFinding f : findings) {
      totals.put(totalId(f.combination(), N_TREATED), total(f, Contribution::nTreated));
      totals.put(totalId(f.combination(), N_COMPARISON), total(f, Contribution::nComparison));
    }
    PooledWording wording = new PooledWording(messages, catalogByCode(), grading.thresholds());
    for (PooledFinding f : findings) {
      cards.put(f.combination(), wording.card(f, grades.get(f.combination()),
          totals.get(totalId(f.combination(), N_TREATED)),
          totals.get(totalId(f.combination(), N_COMPARISON))));
    }
    this.strongest = Highlights.strongest(findings, grades, HIGHLIGHTED);
    this.doubtful = Highlights.mostDoubtful(findings, grades, HIGHLIGHTED, strongest);
  }

  /** The sum of the published counts, leaving out suppressed ones, rounded to the pool's base. */
  private Total total(PooledFinding finding, Function<Contribution, Long> count) {
    long sum = 0;
    List<String> counted = new ArrayList<>();
    for (Contribution c : finding.contributions()) {
      Long value = count.apply(c);
      if (value != null) {
        sum += value;
        counted.add(c.municipality());
      }
    }
    if (counted.isEmpty() || rules.isSmall(sum)) {
      return new Total(null, List.of());
    }
    return new Total(rules.round(sum), counted);
  }

  /** The id of a pooled total, e.g. {@code pooled/SELF_EFFICACY|KM_X/n_treated}. */
  static String totalId(Combination combination, String field) {
    return "pooled/" + combination.key() + "/" + field;
  }

  /**
   * The pool's disclosure rules: the strictest threshold and the largest rounding base of the
   * contributors (never below the defaults), the threshold raised to a multiple of the base.
   */
  public static DisclosureRules rules(List<DisclosureRules> contributors) {
    int threshold = DisclosureRules.DEFAULT.threshold();
    int base = DisclosureRules.DEFAULT.roundingBase();
    for (DisclosureRules r : contributors) {
      threshold = Math.max(threshold, r.threshold());
      base = Math.max(base, r.roundingBase());
    }
    threshold = (threshold + base - 1) / base * base;
    return new DisclosureRules(threshold, base);
  }

  Map<String, CatalogEntry> catalogByCode() {
    return catalog.stream().collect(Collectors.toMap(CatalogEntry::code, Function.identity(),
        (a, b) -> a, LinkedHashMap::new));
  }

  public Language language() {
    return language;
  }

  Messages messages() {
    return messages;
  }

  public Definitions definitions() {
    return definitions;
  }

  /** The publications pooled, by label. */
  public List<PublicationScope> contributors() {
    return contributors;
  }

  /** How many combinations a contributor estimated. */
  public int estimatedBy(String label) {
    return estimatedBy.getOrDefault(label, 0);
  }

  public DisclosureRules rules() {
    return rules;
  }

  public PooledGradingRule grading() {
    return grading;
  }

  public List<CatalogEntry> catalog() {
    return catalog;
  }

  public List<PooledFinding> findings() {
    return findings;
  }

  public List<NotPooled> notPooled() {
    return notPooled;
  }

  public List<String> moderatorColumns() {
    return moderatorColumns;
  }

  public Grade grade(Combination combination) {
    return grades.get(combination);
  }

  PooledCard card(Combination combination) {
    return cards.get(combination);
  }

  /** A pooled total of one finding ({@link #N_TREATED} or {@link #N_COMPARISON}). */
  public Total total(Combination combination, String field) {
    return totals.get(totalId(combination, field));
  }

  /** Every pooled total by id, in finding order. */
  public Map<String, Total> totals() {
    return totals;
  }

  List<Highlights.Finding<PooledFinding>> strongest() {
    return strongest;
  }

  List<Highlights.Finding<PooledFinding>> doubtful() {
    return doubtful;
  }

  /** The findings whose municipalities differ most: largest τ first. */
  List<PooledFinding> largestDifferences() {
    return findings.stream().filter(f -> f.pooled().tau() > 0)
        .sorted(Comparator.comparingDouble((PooledFinding f) -> -f.pooled().tau())
            .thenComparing(f -> f.combination().key()))
        .limit(LARGEST_DIFFERENCES).toList();
  }

  /** How many combinations were not pooled for a reason. */
  long notPooled(NotPooled.Reason reason) {
    return notPooled.stream().filter(n -> n.reason() == reason).count();
  }
}
