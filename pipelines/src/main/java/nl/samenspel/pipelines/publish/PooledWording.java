package nl.samenspel.pipelines.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.grading.Grade;
import nl.samenspel.grading.PooledGradingRule;
import nl.samenspel.pool.Contribution;
import nl.samenspel.pool.MetaRegressionResult;
import nl.samenspel.pool.PooledEstimate;
import nl.samenspel.pool.PooledFinding;

/** Words pooled findings as {@link PooledCard}s in one language. Pure: no I/O, no clock. */
final class PooledWording {

  /** I² below this reads as "almost the same", below {@link #STRONG} as "somewhat". */
  static final double SIMILAR = 0.25;
  static final double STRONG = 0.50;

  private final Messages messages;
  private final Names names;
  private final PooledGradingRule.Thresholds thresholds;

  PooledWording(Messages messages, Map<String, CatalogEntry> catalog,
      PooledGradingRule.Thresholds thresholds) {
    this.messages = messages;
    this.names = new Names(messages, catalog);
    this.thresholds = thresholds;
  }

  PooledCard card(PooledFinding f, Grade grade, PooledReport.Total treated,
      PooledReport.Total comparison) {
    String key = f.combination().key();
    String element = f.combination().element();
    List<String> codes = f.combination().interventions();
    String subject = names.subject(element, "");
    String what = f.combination().isPair()
        ? messages.text("card_pair", Cards.inSentence(names.intervention(codes.get(0))),
            Cards.inSentence(names.intervention(codes.get(1))))
        : Cards.inSentence(names.intervention(codes.get(0)));
    PooledEstimate p = f.pooled();
    String direction = Cards.direction(p.ciLow(), p.ciHigh());
    String k = Integer.toString(f.k());
    String sentence = direction.equals("unclear")
        ? messages.text("pool_card_unclear", subject, what, k,
            messages.signedPoints(p.estimate()), messages.signedPoints(p.ciLow()),
            messages.signedPoints(p.ciHigh()))
        : messages.text("pool_card_clear", subject, what, messages.points(p.estimate()),
            messages.text(p.estimate() > 0 ? "card_more" : "card_less"), k,
            messages.signedPoints(p.ciLow()), messages.signedPoints(p.ciHigh()));
    String reading = p.iSquared() < SIMILAR ? "pool_similar"
        : p.iSquared() <= STRONG ? "pool_somewhat" : "pool_strongly";
    String heterogeneity = messages.text("pool_card_heterogeneity",
        messages.points(p.tau()), messages.percent(p.iSquared()), messages.decimal(p.q()),
        Integer.toString(p.k() - 1), pValue(p.qPValue()), messages.text(reading));
    List<String> contributors = new ArrayList<>();
    for (int i = 0; i < f.contributions().size(); i++) {
      contributors.add(f.contributions().get(i).municipality() + " ("
          + messages.percent(f.weights().get(i)) + ")");
    }
    List<String> missing = new ArrayList<>();
    if (!f.notEstimated().isEmpty()) {
      List<String> named = new ArrayList<>();
      f.notEstimated().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> named.add(e.getKey() + ": " + skip(e.getValue())));
      missing.add(messages.text("pool_card_not_estimated",
          Integer.toString(f.notEstimated().size()), String.join(", ", named)));
    }
    if (!f.absent().isEmpty()) {
      missing.add(messages.text("pool_card_absent", Integer.toString(f.absent().size()),
          String.join(", ", f.absent())));
    }
    return new PooledCard(key, Cards.anchor(key),
        messages.text("card_title", names.interventions(codes), names.groupName(element)),
        sentence, direction, messages.language().name(grade.certainty()),
        messages.text("grade_symbols_" + grade.certainty().name()),
        Cards.reasons(grade, messages, thresholds.base(), thresholds.largeHeterogeneity()),
        messages.text("erkenning_" + grade.certainty().name()),
        messages.text("pool_card_prediction", messages.signedPoints(p.predictionLow()),
            messages.signedPoints(p.predictionHigh())),
        heterogeneity,
        messages.text("pool_card_contributors", k, String.join(", ", contributors)),
        missing.isEmpty() ? messages.text("pool_card_missing_none") : String.join(" ", missing),
        f.fewMunicipalities() ? messages.text("pool_card_few",
            Integer.toString(PooledFinding.FEW_MUNICIPALITIES)) : null,
        messages.text("pool_card_fixed", messages.signedPoints(p.fixedEstimate()),
            messages.signedPoints(p.fixedCiLow()), messages.signedPoints(p.fixedCiHigh())),
        messages.text("pool_card_refuters", refuter(f.refuters().placebo()),
            refuter(f.refuters().negativeControl())),
        count(treated), data(treated), count(comparison), data(comparison),
        messages.text("pool_card_counts_note",
            Integer.toString(Math.max(treated.counted().size(), comparison.counted().size()))),
        moderation(f),
        Charts.metaForest("forest-" + Cards.anchor(key), names.interventions(codes) + " – "
            + names.groupName(element), messages.text("forest_axis"), rows(f), p, messages),
        messages.text("pool_card_cannot"), messages.text("card_association"));
  }

  private String refuter(PooledEstimate pooled) {
    if (pooled == null) {
      return messages.text("refuter_not_run");
    }
    return messages.text(pooled.ciLow() > 0 || pooled.ciHigh() < 0 ? "refuter_failed"
        : "refuter_passed");
  }

  private static List<Charts.WeightedRow> rows(PooledFinding f) {
    List<Charts.WeightedRow> rows = new ArrayList<>();
    for (int i = 0; i < f.contributions().size(); i++) {
      Contribution c = f.contributions().get(i);
      rows.add(new Charts.WeightedRow(c.municipality(), c.estimate(), c.ciLow(), c.ciHigh(),
          f.weights().get(i)));
    }
    return rows;
  }

  private String moderation(PooledFinding f) {
    if (f.moderationProblem() != null) {
      return messages.text("pool_card_moderation_none", f.moderationProblem());
    }
    MetaRegressionResult m = f.moderation();
    if (m == null) {
      return null;
    }
    List<String> terms = new ArrayList<>();
    for (MetaRegressionResult.Coefficient c : m.coefficients()) {
      if (c.name().equals(nl.samenspel.pool.Moderators.INTERCEPT)) {
        continue;
      }
      terms.add(messages.text("pool_card_moderation_term", c.name(),
          messages.signedPoints(c.estimate()), messages.signedPoints(c.ciLow()),
          messages.signedPoints(c.ciHigh())));
    }
    return messages.text("pool_card_moderation", String.join(", ", terms.stream()
            .map(t -> t.substring(0, t.indexOf(':'))).distinct().toList()),
        String.join("; ", terms), messages.decimal(m.qm()), pValue(m.qmPValue()),
        messages.percent(m.rSquared()));
  }

  private String skip(String reason) {
    return switch (reason) {
      case "TOO_FEW_EPISODES", "NO_OVERLAP", "MODEL_FAILED" -> messages.text("skip_" + reason);
      default -> reason.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    };
  }

  private String count(PooledReport.Total total) {
    return total.value() == null ? "×" : messages.count(total.value());
  }

  private static String data(PooledReport.Total total) {
    return total.value() == null ? "suppressed" : Long.toString(total.value());
  }

  /** A p-value as a reader expects it: three decimals, or "< 0.001". */
  String pValue(double p) {
    if (Double.isNaN(p)) {
      return "–";
    }
    return p < 0.001 ? "< " + String.format(messages.language().locale(), "%.3f", 0.001)
        : String.format(messages.language().locale(), "%.3f", p);
  }
}
