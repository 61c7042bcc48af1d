package nl.samenspel.pool;

import java.util.List;
import java.util.Map;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.Estimated;

/**
 * What the municipalities' published estimates of one combination say together: the
 * random-effects pooled estimate with its heterogeneity, who contributed with which weight, and
 * who did not (a named count of the missing, not silence).
 *
 * @param combination the element subgroup and intervention(s)
 * @param pooled the random-effects meta-analysis (Knapp–Hartung interval, prediction interval,
 *     τ², I², Q, fixed-effect sensitivity)
 * @param contributions the municipalities' estimates, in label order
 * @param weights each contribution's share of the random-effects weight, 1 / (vᵢ + τ²),
 *     normalised to sum to 1, in the order of {@code contributions}
 * @param notEstimated municipalities that published the combination as not estimated, with
 *     the reason code ({@code TOO_FEW_EPISODES}, {@code NO_OVERLAP}, {@code MODEL_FAILED})
 * @param absent municipalities whose publication does not mention the combination
 * @param qValue Benjamini–Hochberg q-value across the pooled findings of one pool
 * @param rateComparison the random-effects-weighted mean of the contributions' adjusted
 *     comparison rates: the baseline the pooled relative risk is read against
 * @param moderation the meta-regression on municipality moderators, or null when none was
 *     asked for or it could not be fitted (then {@code moderationProblem} says why)
 * @param moderationProblem why no meta-regression was fitted; null when one was, or none was
 *     asked for
 * @param refuters the municipalities' placebo and negative-control estimates pooled the same
 *     way: a refuter that fails across municipalities is a risk of bias of the pooled finding
 */
public record PooledFinding(Combination combination, PooledEstimate pooled,
    List<Contribution> contributions, List<Double> weights, Map<String, String> notEstimated,
    List<String> absent, double qValue, double rateComparison, MetaRegressionResult moderation,
    String moderationProblem, Refuters refuters) implements Estimated {

  /**
   * The pooled refuters; each is null where fewer than two municipalities published one.
   *
   * @param placebo the pooled placebo estimate (treatment permuted: should include 0)
   * @param negativeControl the pooled negative-control estimate (work before the assessment,
   *     which no intervention can change: should include 0)
   */
  public record Refuters(PooledEstimate placebo, PooledEstimate negativeControl) {

    /** No refuter pooled. */
    public static final Refuters NONE = new Refuters(null, null);
  }

  /** Fewer contributing municipalities than this, and a warning travels with the result. */
  public static final int FEW_MUNICIPALITIES = 5;

  public PooledFinding {
    contributions = List.copyOf(contributions);
    weights = List.copyOf(weights);
    notEstimated = Map.copyOf(notEstimated);
    absent = List.copyOf(absent);
    java.util.Objects.requireNonNull(refuters, "refuters");
    if (weights.size() != contributions.size()) {
      throw new IllegalArgumentException("one weight per contribution");
    }
  }

  @Override
  public double estimate() {
    return pooled.estimate();
  }

  @Override
  public double ciLow() {
    return pooled.ciLow();
  }

  @Override
  public double ciHigh() {
    return pooled.ciHigh();
  }

  /** The number of municipalities pooled. */
  public int k() {
    return contributions.size();
  }

  /** Whether fewer than {@link #FEW_MUNICIPALITIES} municipalities contributed. */
  public boolean fewMunicipalities() {
    return k() < FEW_MUNICIPALITIES;
  }

  /** The same finding with its q-value set. */
  public PooledFinding withQValue(double value) {
    return new PooledFinding(combination, pooled, contributions, weights, notEstimated, absent,
        value, rateComparison, moderation, moderationProblem, refuters);
  }
}
