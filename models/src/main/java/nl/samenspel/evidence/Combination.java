package nl.samenspel.evidence;

import java.util.List;
import java.util.Objects;
import nl.samenspel.domain.Element;

/**
 * An element subgroup and one or two interventions: the unit the evidence is about.
 *
 * @param element element code (clients for whom that element is a barrier) or {@code ALL}
 * @param interventions sorted catalog codes, one or two
 */
public record Combination(String element, List<String> interventions) {

  public Combination {
    Objects.requireNonNull(element, "element");
    if (interventions.isEmpty() || interventions.size() > 2) {
      throw new IllegalArgumentException("a combination has one or two interventions, got "
          + interventions);
    }
    interventions = interventions.stream().sorted().toList();
    if (interventions.size() == 2 && interventions.get(0).equals(interventions.get(1))) {
      throw new IllegalArgumentException("a pair needs two different interventions: "
          + interventions);
    }
    if (!element.equals(Element.ALL)) {
      Element.valueOf(element);
    }
  }

  public boolean isPair() {
    return interventions.size() == 2;
  }

  /** A stable text key, e.g. {@code SELF_EFFICACY|IC_ANNOUNCE+KM_COACH_SE}. */
  public String key() {
    return element + "|" + String.join("+", interventions);
  }
}
