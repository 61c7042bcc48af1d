package nl.samenspel.pool;


import java.util.List;
import nl.samenspel.estimate.Distributions;

/**
 * One municipality's estimate next to what the other municipalities found for the same
 * combination: the random-effects pool of the <em>others</em> (the municipality itself is left
 * out when it contributed to the pool, so it is not compared with itself), and whether its own
 * estimate lies inside the range the others predict for a municipality's published estimate,
 * μ̂ ± t(k−1) · √(SE(μ̂)² + τ² + SE(own)²): the prediction interval for a new municipality's
 * true difference, widened by the municipality's own sampling error.
 *
 * @param k municipalities in the comparison pool
 * @param leftOut whether the municipality itself was left out of the pool it is compared with
 * @param pooled the others' random-effects pool
 * @param rangeLow lower bound of the range for the municipality's own published estimate
 * @param rangeHigh upper bound of that range
 * @param inLine whether the own estimate lies inside it
 */
public record Comparison(int k, boolean leftOut, PooledEstimate pooled, double rangeLow,
    double rangeHigh, boolean inLine) {

  /**
   * Compares {@code own} with the pool of {@code contributions}, leaving out the contribution
   * labelled like {@code own}; null when fewer than two other municipalities remain.
   */
  public static Comparison of(Study own, List<Contribution> contributions,
      RandomEffects randomEffects) {
    List<Study> others = contributions.stream()
        .filter(c -> !c.municipality().equals(own.label())).map(Contribution::study).toList();
    if (others.size() < 2) {
      return null;
    }
    PooledEstimate pooled = randomEffects.pool(others);
    if (!pooled.converged()) {
      return null;
    }
    double t = Distributions.studentUpperQuantile(
        (1 - randomEffects.options().level()) / 2, pooled.degreesOfFreedom());
    double half = t * Math.sqrt(pooled.standardError() * pooled.standardError()
        + pooled.tau2() + own.variance());
    double low = pooled.estimate() - half;
    double high = pooled.estimate() + half;
    return new Comparison(others.size(), others.size() < contributions.size(), pooled, low,
        high, own.estimate() >= low && own.estimate() <= high);
  }
}
