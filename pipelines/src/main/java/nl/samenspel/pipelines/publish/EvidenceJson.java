package nl.samenspel.pipelines.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.evidence.Definitions;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.evidence.EffectModification;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.evidence.TripleEffects;
import nl.samenspel.evidence.PopulationCount;
import nl.samenspel.grading.Grade;
import nl.samenspel.grading.Reason;
import nl.samenspel.pipelines.ingest.IngestStage;
import nl.samenspel.pool.Comparison;

/**
 * Renders {@code evidence.json}, described by {@code evidence.schema.json} (published next to
 * it): run facts, disclosure rules, data quality, population and one object per combination.
 * Keys in a fixed order, numbers rounded to six decimals and counts protected, so the same run
 * gives the same bytes. A count that is {@code null} is suppressed; any other {@code null}
 * does not apply (a synergy for a single intervention, a refuter that was not run).
 */
public final class EvidenceJson {

  /** Version of the document layout; bump on any incompatible change to the schema. */
  public static final String SCHEMA_VERSION = "1.5";
  /**
   * Versions that pooling reads: 1.1 added the municipality and definitions, 1.2 the optional
   * {@code effect_modification} of a combination, 1.3 triples (three codes, {@code triple}),
   * which pooling does not use and leaves out, 1.4 profiles (an {@code element} of two barrier
   * elements, {@code SELF_EFFICACY+CONTEXT}), pooled like any subgroup, 1.5 the optional
   * {@code timing} of a combination (time to durable work), which pooling does not use.
   */
  public static final java.util.Set<String> POOLABLE_VERSIONS = java.util.Set.of("1.1", "1.2",
      "1.3", "1.4", "1.5");
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);
  private static final int DECIMALS = 6;

  private EvidenceJson() {}

  public static String render(EvidenceReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema_version", SCHEMA_VERSION);
    root.put("language", report.language().code());
    root.put("caveat", report.messages().text("caveat_short"));
    ObjectNode disclosure = root.putObject("disclosure");
    disclosure.put("threshold", report.rules().threshold());
    disclosure.put("rounding_base", report.rules().roundingBase());
    RunFacts facts = report.facts();
    ObjectNode run = root.putObject("run");
    run.put("group_size_required", facts.minimumArmSize());
    run.put("cross_fitting_folds", facts.folds());
    run.put("outcome_horizon_months", facts.horizonMonths());
    run.put("outcome_duration_months", facts.minimumMonths());
    run.put("combinations_estimated", facts.combinationsEstimated());
    run.put("combinations_too_few_clients", facts.combinationsTooSmall());
    run.put("combinations_without_overlap", facts.combinationsWithoutOverlap());
    run.put("combinations_model_failed", facts.combinationsFailed());
    run.put("combinations_over_triple_limit",
        report.skipped(nl.samenspel.estimate.SubgroupEstimation.SkipReason.TRIPLE_LIMIT));
    run.put("combinations_over_profile_pair_limit",
        report.skipped(nl.samenspel.estimate.SubgroupEstimation.SkipReason.PAIR_LIMIT));
    ObjectNode publication = root.putObject("publication");
    ArrayNode municipalities = publication.putArray("municipalities");
    facts.scope().municipalities().forEach(municipalities::add);
    publication.put("period", facts.scope().period());
    definitions(root.putObject("definitions"), facts.definitions());
    PublishedCounts counts = report.counts();
    ArrayNode files = root.putArray("files");
    for (IngestStage.TableReport file : report.files()) {
      ObjectNode node = files.addObject();
      node.put("file", file.file());
      count(node, PublishedCounts.ROWS_READ, counts.value(PublishedCounts.file(file.file(),
          PublishedCounts.ROWS_READ)));
      count(node, PublishedCounts.ROWS_ACCEPTED, counts.value(PublishedCounts.file(file.file(),
          PublishedCounts.ROWS_ACCEPTED)));
      count(node, PublishedCounts.ROWS_QUARANTINED, counts.value(PublishedCounts.file(
          file.file(), PublishedCounts.ROWS_QUARANTINED)));
    }
    ArrayNode population = root.putArray("population");
    for (PopulationCount p : report.population()) {
      ObjectNode node = population.addObject();
      node.put("element", p.element());
      for (String field : List.of(PublishedCounts.EPISODES, PublishedCounts.KNOWN,
          PublishedCounts.DURABLE, PublishedCounts.NOT_DURABLE, PublishedCounts.UNDETERMINED)) {
        count(node, field, counts.value(PublishedCounts.population(p.element(), field)));
      }
    }
    Map<String, CatalogEntry> catalog = report.catalogByCode();
    ArrayNode combinations = root.putArray("combinations");
    for (EvidenceRecord r : report.records()) {
      combination(combinations.addObject(), r, report, catalog);
    }
    ArrayNode notEstimated = root.putArray("not_estimated");
    for (SubgroupEstimation.Skipped s : report.skipped()) {
      ObjectNode node = notEstimated.addObject();
      node.put("element", s.combination().element());
      ArrayNode codes = node.putArray("interventions");
      s.combination().interventions().forEach(codes::add);
      node.put("reason", s.reason().name());
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("can't render evidence.json", e);
    }
  }

  /** Writes {@code definitions}: the fingerprint first, then every field it covers. */
  static void definitions(ObjectNode node, Definitions definitions) {
    node.put("fingerprint", definitions.fingerprint());
    node.put("contract_version", definitions.contractVersion());
    node.put("outcome_horizon_months", definitions.horizonMonths());
    node.put("outcome_duration_months", definitions.durationMonths());
    ArrayNode statuses = node.putArray("work_benefit_statuses");
    definitions.workBenefitStatuses().forEach(statuses::add);
    node.put("window_days", definitions.windowDays());
    ArrayNode covariates = node.putArray("covariates");
    definitions.covariates().forEach(covariates::add);
    node.put("catalog_version", definitions.catalogVersion());
    node.put("estimator", definitions.estimator());
    node.put("estimand", definitions.estimand());
  }

  /** Reads what {@link #definitions(ObjectNode, Definitions)} wrote. */
  public static Definitions definitions(JsonNode node) {
    List<String> statuses = new ArrayList<>();
    node.path("work_benefit_statuses").forEach(v -> statuses.add(v.asText()));
    List<String> covariates = new ArrayList<>();
    node.path("covariates").forEach(v -> covariates.add(v.asText()));
    return new Definitions(node.path("contract_version").asText(),
        node.path("outcome_horizon_months").asInt(), node.path("outcome_duration_months").asInt(),
        statuses, node.path("window_days").asInt(), covariates,
        node.path("catalog_version").asText(), node.path("estimator").asText(),
        node.path("estimand").asText());
  }

  private static void combination(ObjectNode node, EvidenceRecord r, EvidenceReport report,
      Map<String, CatalogEntry> catalog) {
    String key = r.combination().key();
    node.put("element", r.element());
    ArrayNode codes = node.putArray("interventions");
    r.interventions().forEach(codes::add);
    ArrayNode disciplines = node.putArray("disciplines");
    r.interventions().forEach(code -> disciplines.add(catalog.containsKey(code)
        ? catalog.get(code).discipline().name() : "UNKNOWN"));
    node.put("comparison", r.combination().isSingle() ? "received vs not received"
        : r.combination().isPair() ? "both vs neither" : "all three vs none of the three");
    node.put("estimator", r.estimator());
    node.put("estimand", r.estimand());
    number(node, "estimate", r.estimate());
    number(node, "standard_error", r.standardError());
    number(node, "ci_low", r.ciLow());
    number(node, "ci_high", r.ciHigh());
    number(node, "p_value", r.pValue());
    number(node, "q_value", r.qValue());
    boolean naive = PublishedCounts.naivePublishable(r, report.rules());
    proportion(node, "naive_estimate", naive ? r.naiveEstimate() : Double.NaN);
    proportion(node, "naive_ci_low", naive ? r.naiveCiLow() : Double.NaN);
    proportion(node, "naive_ci_high", naive ? r.naiveCiHigh() : Double.NaN);
    proportion(node, "rate_treated", r.rateTreated());
    proportion(node, "rate_comparison", r.rateComparison());
    count(node, PublishedCounts.N_TREATED, report.counts().value(
        PublishedCounts.combination(key, PublishedCounts.N_TREATED)));
    count(node, PublishedCounts.N_COMPARISON, report.counts().value(
        PublishedCounts.combination(key, PublishedCounts.N_COMPARISON)));
    number(node, "imbalance_before", r.maxAbsSmdBefore());
    number(node, "imbalance_after", r.maxAbsSmdAfter());
    Double share = PublishedCounts.shareTrimmed(r, report.rules());
    number(node, "share_trimmed", share == null ? Double.NaN : share);
    number(node, "placebo_estimate", r.placeboEstimate());
    number(node, "placebo_ci_low", r.placeboCiLow());
    number(node, "placebo_ci_high", r.placeboCiHigh());
    number(node, "negative_control_estimate", r.negativeControlEstimate());
    number(node, "negative_control_ci_low", r.negativeControlCiLow());
    number(node, "negative_control_ci_high", r.negativeControlCiHigh());
    number(node, "e_value", r.eValue());
    number(node, "e_value_ci", r.eValueCi());
    number(node, "synergy", r.synergy());
    number(node, "synergy_ci_low", r.synergyCiLow());
    number(node, "synergy_ci_high", r.synergyCiHigh());
    Comparison others = report.comparison(r.combination());
    if (others == null) {
      for (String field : List.of("pool_k", "pool_estimate", "pool_ci_low", "pool_ci_high",
          "pool_prediction_low", "pool_prediction_high", "pool_range_low", "pool_range_high",
          "pool_in_line")) {
        node.putNull(field);
      }
    } else {
      node.put("pool_k", others.k());
      number(node, "pool_estimate", others.pooled().estimate());
      number(node, "pool_ci_low", others.pooled().ciLow());
      number(node, "pool_ci_high", others.pooled().ciHigh());
      number(node, "pool_prediction_low", others.pooled().predictionLow());
      number(node, "pool_prediction_high", others.pooled().predictionHigh());
      number(node, "pool_range_low", others.rangeLow());
      number(node, "pool_range_high", others.rangeHigh());
      node.put("pool_in_line", others.inLine());
    }
    modification(node, report.modification(r.combination()));
    triple(node, report.triple(r.combination()));
    timing(node, report.timing(r.combination()));
    cost(node, report.cost(r));
    Grade grade = report.grade(r.combination());
    node.put("certainty", grade.certainty().name());
    ArrayNode reasons = node.putArray("certainty_reasons");
    for (Reason reason : grade.reasons()) {
      reasons.add(reason.name());
    }
    node.put("summary", report.card(r.combination()).sentence());
  }

  /**
   * {@code triple}: the contrasts inside a triple (null for singles and pairs). No count of
   * units: the two compared groups are published, protected, with the estimate.
   */
  private static void triple(ObjectNode node, TripleEffects t) {
    if (t == null) {
      node.putNull("triple");
      return;
    }
    ObjectNode object = node.putObject("triple");
    ArrayNode order = object.putArray("order");
    t.order().forEach(order::add);
    ArrayNode versusNone = object.putArray("versus_none");
    for (TripleEffects.Contrast c : t.contrasts()) {
      if (c.isInteraction()) {
        continue;
      }
      ObjectNode contrast = versusNone.addObject();
      ArrayNode received = contrast.putArray("received");
      c.received().forEach(received::add);
      contrastNumbers(contrast, c);
    }
    java.util.Optional<TripleEffects.Contrast> interaction = t.interaction();
    if (interaction.isPresent()) {
      contrastNumbers(object.putObject("three_way_interaction"), interaction.get());
    } else {
      object.putNull("three_way_interaction");
    }
    ArrayNode missing = object.putArray("not_estimated");
    for (TripleEffects.Missing m : t.notEstimated()) {
      ObjectNode item = missing.addObject();
      ArrayNode received = item.putArray("received");
      m.received().forEach(received::add);
      item.put("reason", m.reason());
    }
  }

  /**
   * {@code timing}: how soon durable work starts (null when no curves could be computed): both
   * groups at the published months, with the clients still at risk rounded, and the
   * differences. Withheld months have every value null ({@link PublishedTiming}).
   */
  private static void timing(ObjectNode node, PublishedTiming t) {
    if (t == null) {
      node.putNull("timing");
      return;
    }
    ObjectNode object = node.putObject("timing");
    object.put("horizon_months", t.horizon());
    ArrayNode points = object.putArray("points");
    for (PublishedTiming.Point p : t.points()) {
      ObjectNode point = points.addObject();
      point.put("month", p.month());
      point.put("shown", p.shown());
      timingArm(point.putObject("treated"), p.treated());
      timingArm(point.putObject("comparison"), p.comparison());
    }
    ArrayNode differences = object.putArray("differences");
    for (nl.samenspel.evidence.Timing.Difference d : t.differences()) {
      ObjectNode item = differences.addObject();
      item.put("month", d.month());
      timingDifference(item, d);
    }
    ObjectNode restricted = object.putObject("restricted_mean_difference");
    restricted.put("months", t.horizon());
    timingDifference(restricted, t.restrictedMean());
    if (t.censoring() == null) {
      object.putNull("censoring_check");
    } else {
      ObjectNode check = object.putObject("censoring_check");
      number(check, "chi_square", t.censoring().chiSquare());
      number(check, "p_value", t.censoring().pValue());
      number(check, "observed_to_expected", t.censoring().observedToExpected());
    }
  }

  /**
   * {@code cost_eur} .. {@code cost_per_extra_durable_ci_high}: the catalog cost per client who
   * received the interventions, its band, and the cost per extra client in durable work (null
   * unless the estimate's interval lies above 0; {@code cost_status} says why). All null when
   * the catalog has no cost for one of the interventions.
   */
  private static void cost(ObjectNode node, nl.samenspel.estimate.CostPerParticipant.Result c) {
    number(node, "cost_eur", c == null ? Double.NaN : c.cost());
    if (c == null) {
      node.putNull("cost_band");
      node.putNull("cost_status");
    } else {
      node.put("cost_band", c.band().name());
      node.put("cost_status", c.status().name());
    }
    number(node, "cost_per_extra_durable", c == null ? Double.NaN : c.estimate());
    number(node, "cost_per_extra_durable_ci_low", c == null ? Double.NaN : c.low());
    number(node, "cost_per_extra_durable_ci_high", c == null ? Double.NaN : c.high());
  }

  private static void timingArm(ObjectNode node, PublishedTiming.Arm arm) {
    number(node, "started", arm.started());
    number(node, "ci_low", arm.low());
    number(node, "ci_high", arm.high());
    count(node, PublishedCounts.AT_RISK, arm.atRisk());
  }

  private static void timingDifference(ObjectNode node, nl.samenspel.evidence.Timing.Difference d) {
    number(node, "estimate", d == null ? Double.NaN : d.estimate());
    number(node, "standard_error", d == null ? Double.NaN : d.standardError());
    number(node, "ci_low", d == null ? Double.NaN : d.low());
    number(node, "ci_high", d == null ? Double.NaN : d.high());
  }

  private static void contrastNumbers(ObjectNode node, TripleEffects.Contrast c) {
    number(node, "estimate", c.estimate());
    number(node, "standard_error", c.standardError());
    number(node, "ci_low", c.ciLow());
    number(node, "ci_high", c.ciHigh());
    number(node, "p_value", c.pValue());
  }

  /**
   * {@code effect_modification}: the projection on the client profile (null when not
   * projected): the omnibus test and one slope per modifier. No count of units: the group
   * sizes are published, protected, with the estimate.
   */
  private static void modification(ObjectNode node, EffectModification m) {
    if (m == null) {
      node.putNull("effect_modification");
      return;
    }
    ObjectNode object = node.putObject("effect_modification");
    number(object, "omnibus_f", m.statistic());
    object.put("omnibus_df", m.degreesOfFreedom());
    object.put("omnibus_df_residual", m.residualDegreesOfFreedom());
    number(object, "omnibus_p_value", m.pValue());
    ArrayNode slopes = object.putArray("slopes");
    for (EffectModification.Slope s : m.slopes()) {
      ObjectNode slope = slopes.addObject();
      slope.put("modifier", s.modifier());
      number(slope, "estimate", s.estimate());
      number(slope, "standard_error", s.standardError());
      number(slope, "ci_low", s.ciLow());
      number(slope, "ci_high", s.ciHigh());
      number(slope, "p_value", s.pValue());
    }
    ArrayNode dropped = object.putArray("dropped");
    m.dropped().forEach(dropped::add);
  }

  private static void count(ObjectNode node, String name, Long value) {
    if (value == null) {
      node.putNull(name);
    } else {
      node.put(name, value.longValue());
    }
  }

  /**
   * A rate or an unadjusted difference, to 0.1 percentage point: precise enough to read,
   * too coarse to rebuild the counts behind it exactly.
   */
  private static void proportion(ObjectNode node, String name, double value) {
    number(node, name, Double.isNaN(value) ? value : Math.round(value * 1000) / 1000.0);
  }

  /** A rounded number, or null when it does not apply (NaN). */
  private static void number(ObjectNode node, String name, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      node.putNull(name);
    } else {
      node.put(name, round(value));
    }
  }

  static BigDecimal round(double value) {
    return BigDecimal.valueOf(value).setScale(DECIMALS, RoundingMode.HALF_EVEN)
        .stripTrailingZeros();
  }
}
