package nl.samenspel.evidence;

import java.util.List;
import java.util.Objects;
import nl.samenspel.domain.Subgroup;

/**
 * A subgroup and one, two or three interventions: the unit the evidence is about. A
 * triple holds one intervention of each discipline (estimated with
 * {@link nl.samenspel.estimate.TripleAipw}).
 *
 * @param element the subgroup ({@link Subgroup}): {@code ALL}, an element code (clients for whom
 *     that element is a barrier) or a profile of two ({@code SELF_EFFICACY+CONTEXT})
 * @param interventions sorted catalog codes, one to three
 */
public record Combination(String element, List<String> interventions) {

  public Combination {
    Objects.requireNonNull(element, "element");
    if (interventions.isEmpty() || interventions.size() > 3) {
      throw new IllegalArgumentException("a combination has one to three interventions, got "
          + interventions);
    }
    interventions = interventions.stream().sorted().toList();
    if (interventions.stream().distinct().count() < interventions.size()) {
      throw new IllegalArgumentException("a combination needs different interventions: "
          + interventions);
    }
    Subgroup.elements(element);
  }

  public boolean isSingle() {
    return interventions.size() == 1;
  }

  public boolean isPair() {
    return interventions.size() == 2;
  }

  /** One intervention of each discipline. */
  public boolean isTriple() {
    return interventions.size() == 3;
  }

  /** A stable text key, e.g. {@code SELF_EFFICACY|IC_ANNOUNCE+KM_COACH_SE}. */
  public String key() {
    return element + "|" + String.join("+", interventions);
  }
}
