package nl.samenspel.pipelines.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.PublicationScope;
import nl.samenspel.grading.Grade;
import nl.samenspel.grading.Reason;
import nl.samenspel.pool.Contribution;
import nl.samenspel.pool.MetaRegressionResult;
import nl.samenspel.pool.NotPooled;
import nl.samenspel.pool.PooledEstimate;
import nl.samenspel.pool.PooledFinding;

/**
 * Renders {@code pooled.json}, described by {@code pooled.schema.json} (published next to it):
 * the definitions every contributor shares, the contributors, one object per pooled
 * combination (the meta-analysis, its grade, every municipality's published estimate and weight,
 * who did not estimate it and why) and the combinations that could not be pooled. Keys in a
 * fixed order and numbers rounded to six decimals, so the same publications give the same bytes.
 */
public final class PooledJson {

  /** Version of the document layout; bump on any incompatible change to the schema. */
  public static final String SCHEMA_VERSION = "1.0";
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private PooledJson() {}

  public static String render(PooledReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema_version", SCHEMA_VERSION);
    root.put("language", report.language().code());
    root.put("caveat", report.messages().text("pool_caveat"));
    ObjectNode disclosure = root.putObject("disclosure");
    disclosure.put("threshold", report.rules().threshold());
    disclosure.put("rounding_base", report.rules().roundingBase());
    EvidenceJson.definitions(root.putObject("definitions"), report.definitions());
    ObjectNode pool = root.putObject("pool");
    pool.put("publications", report.contributors().size());
    pool.put("combinations_pooled", report.findings().size());
    pool.put("combinations_one_municipality",
        report.notPooled(NotPooled.Reason.ONE_MUNICIPALITY));
    pool.put("combinations_none_estimated", report.notPooled(NotPooled.Reason.NONE_ESTIMATED));
    pool.put("combinations_not_converged", report.notPooled(NotPooled.Reason.NOT_CONVERGED));
    pool.put("combinations_identical_estimates",
        report.notPooled(NotPooled.Reason.IDENTICAL_ESTIMATES));
    ArrayNode moderators = pool.putArray("moderators");
    report.moderatorColumns().forEach(moderators::add);
    ArrayNode contributors = root.putArray("contributors");
    for (PublicationScope scope : report.contributors()) {
      ObjectNode node = contributors.addObject();
      ArrayNode codes = node.putArray("municipalities");
      scope.municipalities().forEach(codes::add);
      node.put("period", scope.period());
      node.put("combinations_estimated", report.estimatedBy(scope.label()));
    }
    Map<String, CatalogEntry> catalog = report.catalogByCode();
    ArrayNode combinations = root.putArray("combinations");
    for (PooledFinding f : report.findings()) {
      combination(combinations.addObject(), f, report, catalog);
    }
    ArrayNode notPooled = root.putArray("not_pooled");
    for (NotPooled n : report.notPooled()) {
      ObjectNode node = notPooled.addObject();
      key(node, n.combination());
      node.put("reason", n.reason().name());
      ArrayNode estimated = node.putArray("municipalities");
      n.contributions().forEach(c -> estimated.add(c.municipality()));
      missing(node, n.notEstimated(), n.absent());
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("can't render pooled.json", e);
    }
  }

  private static void combination(ObjectNode node, PooledFinding f, PooledReport report,
      Map<String, CatalogEntry> catalog) {
    Combination combination = f.combination();
    key(node, combination);
    ArrayNode disciplines = node.putArray("disciplines");
    combination.interventions().forEach(code -> disciplines.add(catalog.containsKey(code)
        ? catalog.get(code).discipline().name() : "UNKNOWN"));
    node.put("comparison", combination.isPair() ? "both vs neither"
        : "received vs not received");
    PooledEstimate p = f.pooled();
    node.put("k", f.k());
    number(node, "estimate", p.estimate());
    number(node, "standard_error", p.standardError());
    number(node, "ci_low", p.ciLow());
    number(node, "ci_high", p.ciHigh());
    number(node, "p_value", p.pValue());
    number(node, "q_value", f.qValue());
    number(node, "prediction_low", p.predictionLow());
    number(node, "prediction_high", p.predictionHigh());
    number(node, "tau2", p.tau2());
    number(node, "tau", p.tau());
    number(node, "i2", p.iSquared());
    number(node, "h2", p.hSquared());
    number(node, "q", p.q());
    number(node, "q_p_value", p.qPValue());
    number(node, "fixed_estimate", p.fixedEstimate());
    number(node, "fixed_standard_error", p.fixedStandardError());
    number(node, "fixed_ci_low", p.fixedCiLow());
    number(node, "fixed_ci_high", p.fixedCiHigh());
    number(node, "rate_comparison", Math.round(f.rateComparison() * 1000) / 1000.0);
    refuter(node, "placebo", f.refuters().placebo());
    refuter(node, "negative_control", f.refuters().negativeControl());
    count(node, PooledReport.N_TREATED, report.total(combination, PooledReport.N_TREATED));
    count(node, PooledReport.N_COMPARISON,
        report.total(combination, PooledReport.N_COMPARISON));
    node.put("few_municipalities", f.fewMunicipalities());
    Grade grade = report.grade(combination);
    node.put("certainty", grade.certainty().name());
    ArrayNode reasons = node.putArray("certainty_reasons");
    for (Reason reason : grade.reasons()) {
      reasons.add(reason.name());
    }
    node.put("summary", report.card(combination).sentence());
    ArrayNode labels = node.putArray("municipalities");
    f.contributions().forEach(c -> labels.add(c.municipality()));
    ArrayNode byMunicipality = node.putArray("by_municipality");
    List<String> countedTreated = report.total(combination, PooledReport.N_TREATED).counted();
    List<String> countedComparison = report.total(combination, PooledReport.N_COMPARISON)
        .counted();
    for (int i = 0; i < f.contributions().size(); i++) {
      Contribution c = f.contributions().get(i);
      ObjectNode m = byMunicipality.addObject();
      m.put("municipality", c.municipality());
      m.put("period", c.period());
      number(m, "estimate", c.estimate());
      number(m, "standard_error", c.standardError());
      number(m, "ci_low", c.ciLow());
      number(m, "ci_high", c.ciHigh());
      number(m, "weight", f.weights().get(i));
      count(m, PooledReport.N_TREATED, c.nTreated());
      count(m, PooledReport.N_COMPARISON, c.nComparison());
      m.put("in_total_treated", countedTreated.contains(c.municipality()));
      m.put("in_total_comparison", countedComparison.contains(c.municipality()));
      m.put("certainty", c.certainty());
    }
    missing(node, f.notEstimated(), f.absent());
    if (f.moderation() == null) {
      node.putNull("moderation");
    } else {
      moderation(node.putObject("moderation"), f.moderation());
    }
    if (f.moderationProblem() == null) {
      node.putNull("moderation_problem");
    } else {
      node.put("moderation_problem", f.moderationProblem());
    }
  }

  private static void moderation(ObjectNode node, MetaRegressionResult m) {
    ArrayNode coefficients = node.putArray("coefficients");
    for (MetaRegressionResult.Coefficient c : m.coefficients()) {
      ObjectNode term = coefficients.addObject();
      term.put("term", c.name());
      number(term, "estimate", c.estimate());
      number(term, "standard_error", c.standardError());
      number(term, "ci_low", c.ciLow());
      number(term, "ci_high", c.ciHigh());
      number(term, "p_value", c.pValue());
    }
    node.put("degrees_of_freedom", m.degreesOfFreedom());
    number(node, "tau2", m.tau2());
    number(node, "i2", m.iSquared());
    number(node, "r2", m.rSquared());
    number(node, "f", m.qm());
    node.put("f_degrees_of_freedom", m.qmDegreesOfFreedom());
    number(node, "f_p_value", m.qmPValue());
    number(node, "qe", m.qe());
    number(node, "qe_p_value", m.qePValue());
  }

  /** A pooled refuter: estimate and Knapp–Hartung interval, or nulls where none was pooled. */
  private static void refuter(ObjectNode node, String name, PooledEstimate refuter) {
    number(node, name + "_estimate", refuter == null ? Double.NaN : refuter.estimate());
    number(node, name + "_ci_low", refuter == null ? Double.NaN : refuter.ciLow());
    number(node, name + "_ci_high", refuter == null ? Double.NaN : refuter.ciHigh());
  }

  private static void key(ObjectNode node, Combination combination) {
    node.put("element", combination.element());
    ArrayNode codes = node.putArray("interventions");
    combination.interventions().forEach(codes::add);
  }

  private static void missing(ObjectNode node, Map<String, String> notEstimated,
      List<String> absent) {
    ArrayNode missing = node.putArray("not_estimated");
    notEstimated.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      ObjectNode m = missing.addObject();
      m.put("municipality", e.getKey());
      m.put("reason", e.getValue());
    });
    ArrayNode none = node.putArray("absent");
    absent.forEach(none::add);
  }

  private static void count(ObjectNode node, String name, PooledReport.Total total) {
    count(node, name, total.value());
  }

  private static void count(ObjectNode node, String name, Long value) {
    if (value == null) {
      node.putNull(name);
    } else {
      node.put(name, value.longValue());
    }
  }

  private static void number(ObjectNode node, String name, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      node.putNull(name);
    } else {
      node.put(name, EvidenceJson.round(value));
    }
  }
}
