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
      node.put("estimate", round(r.estimate()));
      node.put("standard_error", round(r.standardError()));
      node.put("ci_low", round(r.ciLow()));
      node.put("ci_high", round(r.ciHigh()));
      node.put("naive_estimate", round(r.naiveEstimate()));
      node.put("naive_ci_low", round(r.naiveCiLow()));
      node.put("naive_ci_high", round(r.naiveCiHigh()));
      node.put("rate_treated", round(r.rateTreated()));
      node.put("rate_comparison", round(r.rateComparison()));
      node.put("n_treated", r.nTreated());
      node.put("n_comparison", r.nComparison());
      node.put("effective_treated", round(r.effectiveTreated()));
      node.put("effective_comparison", round(r.effectiveComparison()));
    }
    try {
      return MAPPER.writeValueAsString(array) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("can't render evidence.json", e);
    }
  }

  static BigDecimal round(double value) {
    return BigDecimal.valueOf(value).setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros();
  }
}
