package nl.samenspel.pipelines.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import nl.samenspel.evidence.EvidenceRecord;

/**
 * Renders evidence records as {@code evidence.json}: one object per combination, keys in a fixed
 * order, numbers rounded to six decimals so that the same run gives the same bytes.
 */
public final class EvidenceJson {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);
  private static final int DECIMALS = 6;

  private EvidenceJson() {}

  public static String render(List<EvidenceRecord> records) {
    ArrayNode array = MAPPER.createArrayNode();
    for (EvidenceRecord r : records) {
      ObjectNode node = array.addObject();
      node.put("element", r.element());
      ArrayNode codes = node.putArray("interventions");
      r.interventions().forEach(codes::add);
      node.put("comparison", r.interventions().size() == 1 ? "received vs not received"
          : "received both vs received neither");
      node.put("estimator", r.estimator());
      node.put("estimand", r.estimand());
      number(node, "estimate", r.estimate());
      number(node, "standard_error", r.standardError());
      number(node, "ci_low", r.ciLow());
      number(node, "ci_high", r.ciHigh());
      number(node, "p_value", r.pValue());
      number(node, "q_value", r.qValue());
      number(node, "naive_estimate", r.naiveEstimate());
      number(node, "naive_ci_low", r.naiveCiLow());
      number(node, "naive_ci_high", r.naiveCiHigh());
      number(node, "rate_treated", r.rateTreated());
      number(node, "rate_comparison", r.rateComparison());
      node.put("n_treated", r.nTreated());
      node.put("n_comparison", r.nComparison());
      number(node, "effective_treated", r.effectiveTreated());
      number(node, "effective_comparison", r.effectiveComparison());
      number(node, "max_abs_smd_before", r.maxAbsSmdBefore());
      number(node, "max_abs_smd_after", r.maxAbsSmdAfter());
      number(node, "share_trimmed", r.shareTrimmed());
      number(node, "propensity_treated_median", r.propensityTreatedMedian());
      number(node, "propensity_comparison_median", r.propensityComparisonMedian());
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
    }
    try {
      return MAPPER.writeValueAsString(array) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("can't render evidence.json", e);
    }
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
    return BigDecimal.valueOf(value).setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros();
  }
}
