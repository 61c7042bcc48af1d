package nl.samenspel.grading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *   <li>Risk of bias (at most two levels): the municipalities' placebo or negative-control
 *       estimates, pooled the same way, exclude zero (a bias that shows across municipalities);
 *       more than half of the random-effects weight comes from municipalities whose groups
 *       still differed after weighting by more than chance explains at their group sizes.
 *       Indirectness (one level): more than half of the weight comes from municipalities that
 *       trimmed many clients.</li>
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

  /**
   * The covariates balance is measured on: the largest |SMD| of a municipality is the maximum
   * over this many standardised differences.
   */
  static final int COVARIATES = nl.samenspel.estimate.CovariateEncoder.NAMES.size();
  /**
   * The 95th percentile of the largest of {@link #COVARIATES} independent |N(0, 1)|: under
   * chance alone, a municipality's largest |SMD| stays below this many standard errors of a
   * difference in means, sqrt(1/n_treated + 1/n_comparison), in 95% of municipalities.
   */
  static final double CHANCE_QUANTILE = halfNormalMaximumQuantile(0.95, COVARIATES);

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
    if (excludesZero(finding.refuters().placebo())) {
      reasons.add(Reason.PLACEBO_FAILED);
    }
    if (excludesZero(finding.refuters().negativeControl())) {
      reasons.add(Reason.NEGATIVE_CONTROL_FAILED);
    }
    if (share(finding, PooledGradingRule::imbalancedBeyondChance)
        > thresholds.carriedShare()) {
      reasons.add(Reason.RISK_OF_BIAS_IN_MUNICIPALITIES);
    }
    if (share(finding, c -> c.reasons().contains(Reason.NARROW_POPULATION.name()))
        > thresholds.carriedShare()) {
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

  /** The share of the pooled weight from municipalities for which {@code concern} holds. */
  private static double share(PooledFinding finding,
      java.util.function.Predicate<Contribution> concern) {
    double share = 0;
    for (int i = 0; i < finding.contributions().size(); i++) {
      if (concern.test(finding.contributions().get(i))) {
        share += finding.weights().get(i);
      }
    }
    return share;
  }

  /**
   * Whether a municipality's groups still differed after weighting by more than chance explains:
   * its largest |SMD| above the usual 0.1 and above {@link #CHANCE_QUANTILE} standard errors of
   * a difference at its published group sizes (with suppressed sizes, above the severe 0.25).
   * In a small municipality a largest |SMD| of 0.1–0.3 over two dozen covariates is what chance
   * gives; such imbalances do not repeat across municipalities, and pooling averages them out.
   */
  static boolean imbalancedBeyondChance(Contribution c) {
    double smd = c.checks().imbalanceAfter();
    if (Double.isNaN(smd)) {
      return false;
    }
    double chance = c.nTreated() == null || c.nComparison() == null || c.nTreated() == 0
        || c.nComparison() == 0 ? GradingRule.Thresholds.DEFAULT.severeImbalanceSmd()
        : CHANCE_QUANTILE * Math.sqrt(1.0 / c.nTreated() + 1.0 / c.nComparison());
    return smd > Math.max(GradingRule.Thresholds.DEFAULT.imbalanceSmd(), chance);
  }

  /**
   * The {@code level} quantile of the largest of {@code p} independent |N(0, 1)|: c with
   * (2 Φ(c) − 1)^p = level, by bisection.
   */
  static double halfNormalMaximumQuantile(double level, int p) {
    double target = Math.pow(level, 1.0 / p);
    double low = 0;
    double high = 10;
    for (int i = 0; i < 200; i++) {
      double mid = (low + high) / 2;
      if (2 * standardNormal(mid) - 1 < target) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return (low + high) / 2;
  }

  /** Φ(x), through Smile's complementary error function. */
  private static double standardNormal(double x) {
    return 0.5 * smile.math.special.Erf.erfc(-x / Math.sqrt(2));
  }

  private static boolean excludesZero(nl.samenspel.pool.PooledEstimate refuter) {
    return refuter != null && (refuter.ciLow() > 0 || refuter.ciHigh() < 0);
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
