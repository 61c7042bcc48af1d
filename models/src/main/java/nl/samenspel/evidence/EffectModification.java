package nl.samenspel.evidence;

import java.util.List;
import java.util.Objects;

/**
 * For whom a combination's association is stronger or weaker: the best linear projection of its
 * doubly robust scores on the client profile (the seven element scores, age and months on
 * benefit), as {@code nl.samenspel.estimate.BestLinearProjection} fits it. Only these aggregates
 * leave the subgroup's fit: per modifier a slope with its HC3 interval, and the omnibus test that
 * the association is the same for every profile. Group evidence: a slope says how the average
 * association differs between groups of clients whose profiles differ by one point, never what
 * it is for one person.
 *
 * @param combination the combination whose scores were projected
 * @param units the episodes in the projection (the combination's two groups after trimming)
 * @param slopes one per modifier that varies, in the profile's order
 * @param dropped modifiers left out because they do not vary in the group
 * @param statistic omnibus F statistic (Wald with HC3 covariance, divided by its degrees)
 * @param degreesOfFreedom number of slopes tested
 * @param residualDegreesOfFreedom units minus coefficients
 * @param pValue of the omnibus test: small when the association differs with the profile
 */
public record EffectModification(Combination combination, long units, List<Slope> slopes,
    List<String> dropped, double statistic, int degreesOfFreedom,
    int residualDegreesOfFreedom, double pValue) {

  /**
   * How much the association changes per point of one modifier, the other modifiers held fixed.
   *
   * @param modifier the covariate's name (e.g. {@code self_efficacy_score}, {@code age})
   * @param estimate change of the risk difference per unit of the modifier
   * @param standardError HC3 standard error
   * @param ciLow lower bound of the interval (Student t)
   * @param ciHigh upper bound
   * @param pValue two-sided
   */
  public record Slope(String modifier, double estimate, double standardError, double ciLow,
      double ciHigh, double pValue) {
    public Slope {
      Objects.requireNonNull(modifier, "modifier");
    }

    /** Whether the interval lies wholly on one side of 0. */
    public boolean clear() {
      return ciLow > 0 || ciHigh < 0;
    }
  }

  public EffectModification {
    Objects.requireNonNull(combination, "combination");
    slopes = List.copyOf(slopes);
    dropped = List.copyOf(dropped);
  }

  /** The slope of {@code modifier}, or null when it was dropped or not in the profile. */
  public Slope slope(String modifier) {
    return slopes.stream().filter(s -> s.modifier().equals(modifier)).findFirst().orElse(null);
  }
}
