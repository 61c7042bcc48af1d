package nl.samenspel.grading;

import java.util.List;

/**
 * The certainty of one finding and the reasons it moved from the starting level.
 *
 * @param certainty the final certainty
 * @param reasons the reasons, downgrades first, in the order of {@link Reason}
 */
public record Grade(Certainty certainty, List<Reason> reasons) {

  public Grade {
    reasons = List.copyOf(reasons);
  }

  public List<Reason> downgrades() {
    return reasons.stream().filter(r -> !r.isUpgrade()).toList();
  }

  public List<Reason> upgrades() {
    return reasons.stream().filter(Reason::isUpgrade).toList();
  }
}
