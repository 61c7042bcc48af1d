package nl.samenspel.pool;

/**
 * A random-effects pooled estimate with its heterogeneity and the fixed-effect sensitivity
 * analysis, as {@link RandomEffects} computes it. Immutable.
 *
 * <p>When {@code converged} is false the REML iterations hit the limit and every field holds
 * the values at the last iterate: report the combination as not pooled.
 *
 * @param estimate the pooled (random-effects) estimate
 * @param standardError its Knapp-Hartung standard error (0 when all estimates are identical,
 *     as in metafor)
 * @param ciLow lower bound of the interval on t with {@code degreesOfFreedom}
 * @param ciHigh upper bound of that interval
 * @param pValue two-sided p-value of estimate = 0 on t with {@code degreesOfFreedom}
 * @param degreesOfFreedom k - 1
 * @param predictionLow lower bound of the prediction interval for a new municipality's true
 *     effect: estimate -/+ t quantile * sqrt(standardError^2 + tau2)
 * @param predictionHigh upper bound of the prediction interval
 * @param tau2 the REML between-municipality variance
 * @param tau its square root
 * @param iSquared I^2 as a proportion in [0, 1] (metafor prints it as a percentage): tau2 /
 *     (tau2 + typical within-study variance)
 * @param hSquared H^2 = tau2 / typical within-study variance + 1
 * @param q Cochran's Q (fixed-effect weights)
 * @param qPValue P(chi-square with k - 1 df > q)
 * @param fixedEstimate the fixed-effect (inverse-variance) estimate
 * @param fixedStandardError its standard error, 1 / sqrt(sum of weights)
 * @param fixedCiLow lower bound of its normal (z) interval
 * @param fixedCiHigh upper bound of its normal interval
 * @param k the number of studies (municipalities) pooled
 * @param iterations REML Fisher scoring iterations
 * @param converged whether the REML iterations converged
 */
public record PooledEstimate(
    double estimate,
    double standardError,
    double ciLow,
    double ciHigh,
    double pValue,
    int degreesOfFreedom,
    double predictionLow,
    double predictionHigh,
    double tau2,
    double tau,
    double iSquared,
    double hSquared,
    double q,
    double qPValue,
    double fixedEstimate,
    double fixedStandardError,
    double fixedCiLow,
    double fixedCiHigh,
    int k,
    int iterations,
    boolean converged) {}
