package nl.samenspel.grading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.samenspel.evidence.Combination;
import nl.samenspel.pool.Contribution;
import nl.samenspel.pool.PooledFinding;

/**
 * Grades pooled findings by the same GRADE logic as one municipality's ({@link GradingRule}),
 * with the domain a body of studies adds, inconsistency (GRADE handbook 5.2.3; Guyatt et al.,
 * J Clin Epidemiol 2011, "Rating the quality of evidence: inconsistency"), and the risk of bias
 * carried over from the municipalities' own findings. Written out in
 * {@code docs/evidence-grading.md}, "Pooled evidence":
 *
 * <ol>
 *   <li>Start at {@link Certainty#LOW}: every contributing estimate is observational.</li>
 *   <li>Imprecision (at most two levels): the pooled (Knapp–Hartung) interval includes zero,
 *       is wider than the rule allows, or has a q-value above the limit; fewer than five
 *       municipalities.</li>
 *   <li>Inconsistency (at most two levels): I² above 50%; the prediction interval for a new
 *       municipality includes zero while the pooled interval does not.</li>
 *   <li>Risk of bias and indirectness (one level each): more than half of the random-effects
 *       weight comes from municipalities whose own grade went down for risk of bias (imbalance,
 *       a failed refuter), or for a narrow population.</li>
 *   <li>Up, only when nothing went down: a large pooled association (relative risk against
 *       the weighted comparison rate, as for one municipality) and a gradient over the pooled
 *       single interventions of a pair; at most two levels.</li>
 * </ol>
 *
 * <p>Pure and deterministic.
 */
public final class PooledGradingRule {

  /**
   * Limits of the pooled rule, validated when built.
   *
   * @param base the thresholds shared with a municipality's rule (interval width, q-value,
   *     large effects)
   * @param largeHeterogeneity I² (as a proportion) above which municipalities differ a lot
   *     (Higgins et al. 2003: 50% is "substantial")
   * @param minimumMunicipalities fewer contributing municipalities than this is imprecise
   * @param carriedShare share of the pooled weight above which a municipality-level concern
   *     carries over to the pooled finding
   */
  public record Thresholds(GradingRule.Thresholds base, double largeHeterogeneity,
      int minimumMunicipalities, double carriedShare) {

    /** The documented defaults. */
    public static final Thresholds DEFAULT = new Thresholds(GradingRule.Thresholds.DEFAULT, 0.5,
        PooledFinding.FEW_MUNICIPALITIES, 0.5);

    public Thresholds {
      if (base == null) {
        throw new IllegalArgumentException("pooled grading needs the base thresholds");
      }
      if (!(largeHeterogeneity > 0 && largeHeterogeneity < 1)) {
        throw new IllegalArgumentException("largeHeterogeneity must lie in (0, 1), got "
            + largeHeterogeneity);
      }
      if (minimumMunicipalities < 2) {
        throw new IllegalArgumentException("minimumMunicipalities must be at least 2, got "
            + minimumMunicipalities);
      }
      if (!(carriedShare > 0 && carriedShare < 1)) {
        throw new IllegalArgumentException("carriedShare must lie in (0, 1), got "
            + carriedShare);
      }
    }
  }

  /** The municipality reasons that carry over as risk of bias. */
  static final Set<String> RISK_OF_BIAS = Set.of(Reason.IMBALANCE.name(),
      Reason.SEVERE_IMBALANCE.name(), Reason.PLACEBO_FAILED.name(),
      Reason.NEGATIVE_CONTROL_FAILED.name());

  private final Thresholds thresholds;

  public PooledGradingRule(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  public Thresholds thresholds() {
    return thresholds;
  }

  /** Grades every finding; pooled singles feed the gradient check of pooled pairs. */
  public Map<Combination, Grade> gradeAll(List<PooledFinding> findings) {
    Map<Combination, PooledFinding> byCombination = new HashMap<>();
    findings.forEach(f -> byCombination.put(f.combination(), f));
    Map<Combination, Grade> grades = new LinkedHashMap<>();
    for (PooledFinding finding : findings) {
      grades.put(finding.combination(), grade(finding, byCombination));
    }
    return grades;
  }

  /** Grades one pooled finding; {@code pool} (by combination) may be empty. */
  public Grade grade(PooledFinding finding, Map<Combination, PooledFinding> pool) {
    GradingRule.Thresholds base = thresholds.base();
    List<Reason> reasons = new ArrayList<>();
    boolean includesZero = !(finding.ciLow() > 0 || finding.ciHigh() < 0);
    if (includesZero) {
      reasons.add(Reason.INTERVAL_INCLUDES_ZERO);
    }
    if (!(finding.ciHigh() - finding.ciLow() <= base.maxIntervalWidth())) {
      reasons.add(Reason.WIDE_INTERVAL);
    }
    if (!includesZero && !(finding.qValue() <= base.maxQValue())) {
      reasons.add(Reason.CHANCE_AMONG_MANY);
    }
    if (finding.k() < thresholds.minimumMunicipalities()) {
      reasons.add(Reason.FEW_MUNICIPALITIES);
    }
    if (carried(finding, RISK_OF_BIAS)) {
      reasons.add(Reason.RISK_OF_BIAS_IN_MUNICIPALITIES);
    }
    if (carried(finding, Set.of(Reason.NARROW_POPULATION.name()))) {
      reasons.add(Reason.NARROW_POPULATION_IN_MUNICIPALITIES);
    }
    if (!(finding.pooled().iSquared() <= thresholds.largeHeterogeneity())) {
      reasons.add(Reason.LARGE_HETEROGENEITY);
    }
    if (!includesZero && !(finding.pooled().predictionLow() > 0
        || finding.pooled().predictionHigh() < 0)) {
      reasons.add(Reason.PREDICTION_INCLUDES_ZERO);
    }
    if (reasons.isEmpty()) {
      double ratio = relativeRisk(finding);
      double strength = ratio >= 1 ? ratio : 1 / ratio;
      if (strength >= base.veryLargeRelativeRisk()) {
        reasons.add(Reason.VERY_LARGE_EFFECT);
      } else if (strength >= base.largeRelativeRisk()) {
        reasons.add(Reason.LARGE_EFFECT);
      }
      if (isGradient(finding, pool)) {
        reasons.add(Reason.GRADIENT);
      }
    }
    reasons.sort(null);
    return new Grade(GradingRule.START.move(GradingRule.levels(reasons)), reasons);
  }

  /** Whether more than the carried share of the weight comes from municipalities with one of
   * {@code reasons}. */
  private boolean carried(PooledFinding finding, Set<String> reasons) {
    double share = 0;
    for (int i = 0; i < finding.contributions().size(); i++) {
      Contribution c = finding.contributions().get(i);
      if (c.reasons().stream().anyMatch(reasons::contains)) {
        share += finding.weights().get(i);
      }
    }
    return share > thresholds.carriedShare();
  }

  /**
   * (Weighted comparison rate + pooled difference) / weighted comparison rate; NaN when
   * undefined.
   */
  static double relativeRisk(PooledFinding finding) {
    double comparison = finding.rateComparison();
    double treated = comparison + finding.estimate();
    if (!(comparison > 0) || !(treated > 0)) {
      return Double.NaN;
    }
    return treated / comparison;
  }

  private static boolean isGradient(PooledFinding pair, Map<Combination, PooledFinding> pool) {
    if (!pair.combination().isPair()) {
      return false;
    }
    double direction = Math.signum(pair.estimate());
    for (String code : pair.combination().interventions()) {
      PooledFinding single = pool.get(new Combination(pair.combination().element(),
          List.of(code)));
      if (single == null || Math.signum(single.estimate()) != direction
          || Math.abs(single.estimate()) >= Math.abs(pair.estimate())) {
        return false;
      }
    }
    return direction != 0;
  }
}
