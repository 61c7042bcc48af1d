package nl.samenspel.pipelines.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Element;
import nl.samenspel.evidence.EffectModification;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.estimate.CostPerParticipant;
import nl.samenspel.evidence.Timing;
import nl.samenspel.grading.Grade;
import nl.samenspel.grading.GradingRule;
import nl.samenspel.grading.Reason;
import nl.samenspel.pool.Comparison;

/** Words evidence records as {@link Card}s in one language. Pure: no I/O, no clock. */
final class Cards {

  private final Messages messages;
  private final Names names;
  private final GradingRule.Thresholds thresholds;
  private final RunFacts facts;
  private final DisclosureRules rules;

  Cards(Messages messages, Map<String, CatalogEntry> catalog, GradingRule.Thresholds thresholds,
      RunFacts facts, DisclosureRules rules) {
    this.rules = rules;
    this.messages = messages;
    this.names = new Names(messages, catalog);
    this.thresholds = thresholds;
    this.facts = facts;
  }

  Card card(EvidenceRecord r, Grade grade, PublishedCounts counts, Comparison pool) {
    return card(r, grade, counts, pool, null);
  }

  /**
   * The card of one record; {@code modification} (else null) says how its association changes
   * with the client profile.
   */
  Card card(EvidenceRecord r, Grade grade, PublishedCounts counts, Comparison pool,
      EffectModification modification) {
    return card(r, grade, counts, pool, modification, null);
  }

  /**
   * The card of one record, with its curves of time to durable work ({@code timing}, null when
   * none could be computed).
   */
  Card card(EvidenceRecord r, Grade grade, PublishedCounts counts, Comparison pool,
      EffectModification modification, PublishedTiming timing) {
    return card(r, grade, counts, pool, modification, timing, null);
  }

  /** As above, with the cost per extra durable participant ({@code cost}, null when unknown). */
  Card card(EvidenceRecord r, Grade grade, PublishedCounts counts, Comparison pool,
      EffectModification modification, PublishedTiming timing,
      CostPerParticipant.Result cost) {
    String key = r.combination().key();
    Long treated = counts.value(PublishedCounts.combination(key, PublishedCounts.N_TREATED));
    Long comparison = counts.value(PublishedCounts.combination(key,
        PublishedCounts.N_COMPARISON));
    String clients = treated == null || comparison == null
        ? messages.text("card_count_suppressed") : messages.count(treated + comparison);
    // A triple is about the clients who received all three (ATT), the others about everyone.
    String subjectKey = r.combination().isTriple() ? "_triple" : "";
    String subject = names.subject(r.element(), subjectKey);
    // A triple reads in discipline order: klantmanager, inkomensconsulent, accountmanager.
    List<String> codes = r.combination().isTriple() ? names.inDisciplineOrder(r.interventions())
        : r.interventions();
    String what = switch (codes.size()) {
      case 1 -> inSentence(intervention(codes.get(0)));
      case 2 -> messages.text("card_pair", inSentence(intervention(codes.get(0))),
          inSentence(intervention(codes.get(1))));
      default -> messages.text("card_triple", inSentence(intervention(codes.get(0))),
          inSentence(intervention(codes.get(1))), inSentence(intervention(codes.get(2))));
    };
    String direction = direction(r);
    String sentence;
    if (Double.isNaN(r.ciLow()) || Double.isNaN(r.ciHigh())) {
      sentence = messages.text("card_no_interval", subject, what,
          messages.signedPoints(r.estimate()), clients);
    } else if (direction.equals("unclear")) {
      sentence = messages.text("card_unclear", subject, what, messages.signedPoints(r.estimate()),
          messages.signedPoints(r.ciLow()), messages.signedPoints(r.ciHigh()), clients);
    } else {
      sentence = messages.text("card_clear", subject, what, messages.points(r.estimate()),
          messages.text(r.estimate() > 0 ? "card_more" : "card_less"),
          messages.signedPoints(r.ciLow()), messages.signedPoints(r.ciHigh()), clients);
    }
    return new Card(key, anchor(key),
        messages.text("card_title", interventions(codes), groupName(r.element())),
        sentence, direction, messages.language().name(grade.certainty()),
        messages.text("grade_symbols_" + grade.certainty().name()), reasons(grade),
        messages.text("erkenning_" + grade.certainty().name()),
        messages.text(r.combination().isSingle() ? "card_compared_single"
            : r.combination().isPair() ? "card_compared_pair" : "card_compared_triple",
            count(treated), count(comparison)),
        messages.text("card_outcome", Integer.toString(facts.horizonMonths()),
            Integer.toString(facts.minimumMonths())),
        estimatorText(r),
        Double.isNaN(r.maxAbsSmdAfter()) ? messages.text("card_balance_missing")
            : messages.text("card_balance", messages.decimal(r.maxAbsSmdAfter()),
                messages.decimal(r.maxAbsSmdBefore()),
                messages.text(balanceWord(r.maxAbsSmdAfter()))),
        overlap(r),
        Double.isNaN(r.eValue())
            ? messages.text("card_robustness_no_evalue", refuter(r.placeboCiLow(),
                r.placeboCiHigh()), refuter(r.negativeControlCiLow(), r.negativeControlCiHigh()))
            : messages.text("card_robustness", refuter(r.placeboCiLow(), r.placeboCiHigh()),
                refuter(r.negativeControlCiLow(), r.negativeControlCiHigh()),
                messages.decimal(r.eValue())),
        PublishedCounts.naivePublishable(r, rules)
            ? messages.text("card_naive", messages.signedPoints(r.naiveEstimate()),
                messages.signedPoints(r.estimate()))
            : messages.text("card_naive_suppressed", Integer.toString(rules.threshold())),
        !r.combination().isSingle() && !Double.isNaN(r.synergy())
            ? messages.text(r.combination().isPair() ? "card_synergy" : "card_interaction",
                messages.signedPoints(r.synergy()),
                messages.signedPoints(r.synergyCiLow()), messages.signedPoints(r.synergyCiHigh()),
                messages.text(synergyWord(r)))
            : null,
        forWhom(modification),
        howSoon(r, timing),
        timing == null || !timing.anyShown() ? null
            : Charts.curves("curve-" + anchor(key), messages.text("card_curve_title"), timing,
                messages.text("card_curve_treated_" + size(r)),
                messages.text("card_curve_comparison_" + size(r)),
                messages.text("card_curve_at_risk"), messages.text("card_curve_months"),
                messages),
        cost(r, cost),
        others(pool),
        // What happens after the last month the card speaks of: the curves' when it shows them.
        messages.text("card_cannot", Integer.toString(timing == null || !timing.anyShown()
            ? facts.horizonMonths() : Math.max(facts.horizonMonths(), timing.horizon()))),
        messages.text("card_association"));
  }

  /**
   * How soon durable work started, in words: the shares that had started at the months shown,
   * and the restricted mean difference as months sooner or later. Says so when no curves
   * could be computed or none of their months may be shown.
   */
  String howSoon(EvidenceRecord r, PublishedTiming timing) {
    if (timing == null) {
      return messages.text("card_how_soon_none");
    }
    if (!timing.anyShown()) {
      return messages.text("card_how_soon_withheld", Integer.toString(rules.threshold()));
    }
    List<String> months = new ArrayList<>();
    for (PublishedTiming.Point p : timing.points()) {
      if (p.shown()) {
        months.add(messages.text("card_how_soon_month", Integer.toString(p.month()),
            messages.percent(p.treated().started()), messages.percent(p.comparison().started())));
      }
    }
    String groups = messages.text("card_how_soon_groups_" + size(r));
    String shares = messages.text("card_how_soon_shares", String.join(", ", months), groups);
    Timing.Difference d = timing.restrictedMean();
    if (d == null) {
      return shares;
    }
    String months24 = Integer.toString(timing.horizon());
    // The restricted mean difference is in months without durable work: negative is sooner.
    String low = monthsText(-d.high());
    String high = monthsText(-d.low());
    String mean = d.high() < 0
        ? messages.text("card_how_soon_sooner", months24, monthsText(-d.estimate()), low, high)
        : d.low() > 0
            ? messages.text("card_how_soon_later", months24, monthsText(d.estimate()),
                monthsText(d.low()), monthsText(d.high()))
            : messages.text("card_how_soon_unclear", months24, monthsText(-d.low()),
                monthsText(d.high()));
    Timing.Censoring check = timing.censoring();
    String censoring = check == null || check.pValue() >= MODIFICATION_LEVEL ? ""
        : " " + messages.text(check.observedToExpected() > 1 ? "card_how_soon_recent_more"
            : "card_how_soon_recent_less", pValue(check.pValue()));
    return shares + " " + mean + censoring;
  }

  /**
   * The cost of the interventions per client and, when the association is clearly positive,
   * the cost per extra client in durable work with its interval; null when a cost is unknown.
   */
  String cost(EvidenceRecord r, CostPerParticipant.Result cost) {
    if (cost == null) {
      return null;
    }
    String perClient = messages.text(r.combination().isSingle() ? "card_cost_single"
        : "card_cost_combined", euros(cost.cost()),
        messages.text("cost_band_" + cost.band().name()));
    String ratio = switch (cost.status()) {
      case DETERMINED -> messages.text("card_cost_per_extra", euros(cost.estimate()),
          euros(cost.low()), euros(cost.high()));
      case EFFECT_UNCLEAR -> messages.text("card_cost_unclear");
      case FEWER_PARTICIPANTS -> messages.text("card_cost_fewer");
    };
    return perClient + " " + ratio + " " + messages.text("card_cost_scope");
  }

  /** Euros, rounded to two significant digits above 1,000 (a ratio is not more precise). */
  String euros(double value) {
    double rounded = value >= 1_000
        ? Math.round(value / Math.pow(10, Math.floor(Math.log10(value)) - 1))
            * Math.pow(10, Math.floor(Math.log10(value)) - 1)
        : Math.round(value);
    return "\u20ac\u00a0" + messages.count(Math.round(rounded));
  }

  /** {@code single}, {@code pair} or {@code triple}: the suffix of size-dependent wording. */
  private static String size(EvidenceRecord r) {
    return r.combination().isSingle() ? "single" : r.combination().isPair() ? "pair" : "triple";
  }

  /** Months with one decimal, a minus sign where negative. */
  String monthsText(double months) {
    return String.format(messages.language().locale(), "%.1f", months).replace('-', '\u2212');
  }

  /**
   * The grid's "how soon" text of a record: months sooner (or later) within the horizon, in
   * brackets when the interval includes 0; a dash when not shown.
   */
  String soonCell(PublishedTiming timing) {
    if (timing == null || timing.restrictedMean() == null) {
      return "\u2013";
    }
    Timing.Difference d = timing.restrictedMean();
    String text = messages.text(d.estimate() <= 0 ? "grid_soon_sooner" : "grid_soon_later",
        monthsText(Math.abs(d.estimate())));
    return d.high() < 0 || d.low() > 0 ? text : "(" + text + ")";
  }

  /** The omnibus p-value below which the card lists the profile features that matter. */
  static final double MODIFICATION_LEVEL = 0.05;

  /**
   * How the association changes with the client profile, in words: the omnibus test and, when
   * it finds a difference, each feature whose interval excludes 0. Null when not projected.
   */
  String forWhom(EffectModification m) {
    if (m == null) {
      return null;
    }
    if (m.pValue() >= MODIFICATION_LEVEL) {
      return messages.text("card_for_whom_same", pValue(m.pValue()));
    }
    List<String> clear = modifierSentences(m);
    return clear.isEmpty()
        ? messages.text("card_for_whom_differs_unclear", pValue(m.pValue()))
        : messages.text("card_for_whom_differs", pValue(m.pValue()), String.join("; ", clear));
  }

  /** One phrase per slope whose interval excludes 0, in the profile's order. */
  private List<String> modifierSentences(EffectModification m) {
    List<String> phrases = new ArrayList<>();
    for (EffectModification.Slope s : m.slopes()) {
      if (!s.clear()) {
        continue;
      }
      phrases.add(modifierPhrase(s));
    }
    return phrases;
  }

  /**
   * One slope in words, per step that reads naturally: a point lower on an element score (lower
   * is more of a barrier), ten years of age, a year on benefit.
   */
  private String modifierPhrase(EffectModification.Slope s) {
    for (Element element : Element.values()) {
      if (element.scoreColumn().equals(s.modifier())) {
        return messages.text("modifier_score", inSentence(elementName(element.name())),
            messages.signedPoints(-s.estimate()), messages.signedPoints(-s.ciHigh()),
            messages.signedPoints(-s.ciLow()));
      }
    }
    double step = switch (s.modifier()) {
      case "age" -> 10;
      case "benefit_months" -> 12;
      default -> 1;
    };
    String key = switch (s.modifier()) {
      case "age" -> "modifier_age";
      case "benefit_months" -> "modifier_benefit";
      default -> "modifier_other";
    };
    return messages.text(key, messages.signedPoints(step * s.estimate()),
        messages.signedPoints(step * s.ciLow()), messages.signedPoints(step * s.ciHigh()),
        s.modifier());
  }

  /** A p-value as read in a sentence: two decimals, or "< 0.01". */
  String pValue(double p) {
    return p < 0.01 ? "< " + messages.decimal(0.01) : "= " + messages.decimal(p);
  }

  /** This result next to the pool of the other municipalities; null when not compared. */
  String others(Comparison c) {
    if (c == null) {
      return null;
    }
    return messages.text("card_others", Integer.toString(c.k()),
        messages.signedPoints(c.pooled().estimate()), messages.signedPoints(c.pooled().ciLow()),
        messages.signedPoints(c.pooled().ciHigh()), messages.signedPoints(c.pooled()
            .predictionLow()), messages.signedPoints(c.pooled().predictionHigh()),
        c.inLine() ? messages.text("card_others_in_line")
            : messages.text("card_others_differs", messages.signedPoints(c.rangeLow()),
                messages.signedPoints(c.rangeHigh())));
  }

  private String overlap(EvidenceRecord r) {
    Double share = PublishedCounts.shareTrimmed(r, rules);
    if (share == null) {
      return messages.text("card_overlap_few", Integer.toString(rules.threshold()));
    }
    return r.nTrimmed() > 0 ? messages.text("card_overlap", messages.percent(share))
        : messages.text("card_overlap_none");
  }

  /** The reasons in words, each prefixed with up or down. */
  List<String> reasons(Grade grade) {
    return reasons(grade, messages, thresholds, Double.NaN);
  }

  /**
   * The reasons of a grade in words, each prefixed with up or down.
   *
   * @param largeHeterogeneity the I² limit of pooled grading (for its reason's wording)
   */
  static List<String> reasons(Grade grade, Messages messages, GradingRule.Thresholds thresholds,
      double largeHeterogeneity) {
    List<String> texts = new ArrayList<>();
    for (Reason reason : grade.reasons()) {
      String text = switch (reason) {
        case LARGE_HETEROGENEITY -> messages.text("reason_" + reason.name(),
            messages.percent(largeHeterogeneity));
        case WIDE_INTERVAL -> messages.text("reason_" + reason.name(),
            Long.toString(Math.round(100 * thresholds.maxIntervalWidth())));
        case CHANCE_AMONG_MANY -> messages.text("reason_" + reason.name(),
            messages.decimal(thresholds.maxQValue()));
        case SMALL_GROUPS -> messages.text("reason_" + reason.name(),
            messages.count(Math.round(thresholds.minEffectiveGroup())));
        case NARROW_POPULATION -> messages.text("reason_" + reason.name(),
            messages.percent(thresholds.maxShareTrimmed()));
        default -> messages.text("reason_" + reason.name());
      };
      String arrow = messages.text(reason.isUpgrade() ? "reason_up" : "reason_down");
      String levels = Math.abs(reason.levels()) > 1 ? " ×" + Math.abs(reason.levels()) : "";
      texts.add(arrow + levels + ": " + text);
    }
    return texts;
  }

  static String direction(EvidenceRecord r) {
    return direction(r.ciLow(), r.ciHigh());
  }

  /** {@code positive}, {@code negative} or {@code unclear}: where an interval lies against 0. */
  static String direction(double low, double high) {
    return low > 0 ? "positive" : high < 0 ? "negative" : "unclear";
  }

  String interventions(List<String> codes) {
    return names.interventions(codes);
  }

  String intervention(String code) {
    return names.intervention(code);
  }

  /** Codes in discipline order, as a triple reads ({@link Names#inDisciplineOrder}). */
  List<String> inDisciplineOrder(List<String> codes) {
    return names.inDisciplineOrder(codes);
  }

  String elementName(String element) {
    return names.elementName(element);
  }

  String groupName(String element) {
    return names.groupName(element);
  }

  private String count(Long value) {
    return value == null ? "×" : messages.count(value);
  }

  private String refuter(double low, double high) {
    if (Double.isNaN(low) || Double.isNaN(high)) {
      return messages.text("refuter_not_run");
    }
    return messages.text(low > 0 || high < 0 ? "refuter_failed" : "refuter_passed");
  }

  private String balanceWord(double smd) {
    return smd > thresholds.severeImbalanceSmd() ? "balance_poor"
        : smd > thresholds.imbalanceSmd() ? "balance_fair" : "balance_good";
  }

  /** The message key that reads a pair's interplay or a triple's three-way interaction. */
  static String synergyWord(EvidenceRecord r) {
    if (r.combination().isTriple()) {
      return "together_interaction_" + direction(r.synergyCiLow(), r.synergyCiHigh());
    }
    return switch (direction(r.synergyCiLow(), r.synergyCiHigh())) {
      case "positive" -> "synergy_reinforce";
      case "negative" -> "synergy_weaken";
      default -> "synergy_unclear";
    };
  }

  /** An HTML id from a combination key. */
  static String anchor(String key) {
    return "card-" + key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }

  /** A name inside a sentence: first letter lower case unless it starts an acronym. */
  static String inSentence(String name) {
    if (name.length() > 1 && Character.isUpperCase(name.charAt(1))) {
      return name;
    }
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  static String capitalised(String name) {
    return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** How the card's estimate was made: AIPW's own words, or the name of the chosen estimator. */
  private String estimatorText(EvidenceRecord r) {
    String estimator = facts.definitions().estimator();
    if (!nl.samenspel.estimate.AugmentedIpw.NAME.equals(estimator)) {
      return messages.text("card_estimator_chosen", estimator);
    }
    return messages.text(r.combination().isTriple() ? "card_estimator_triple" : "card_estimator",
        Integer.toString(facts.folds()));
  }
}
