package nl.samenspel.pool;

import java.util.List;

/**
 * A mixed-effects meta-regression as {@link MetaRegression} fits it. Immutable.
 *
 * <p>When {@code converged} is false the REML iterations hit the limit and the fields hold the
 * values at the last iterate: report the model as not fitted.
 *
 * @param coefficients one per design column, intercept first
 * @param degreesOfFreedom k - p, of the coefficients' t tests and intervals
 * @param tau2 the residual REML between-municipality variance
 * @param tau its square root
 * @param iSquared residual I^2 as a proportion in [0, 1] (metafor prints a percentage): tau2
 *     / (tau2 + (k - p) / tr P), P the fixed-effect projection
 * @param hSquared residual H^2 = tau2 / ((k - p) / tr P) + 1
 * @param rSquared pseudo-R^2 as a proportion in [0, 1] (metafor prints a percentage): the
 *     relative reduction of tau^2 against the random-effects model without moderators,
 *     truncated at 0; 0 when that model's tau^2 is 0, NaN when it did not converge
 * @param qm the omnibus test of all coefficients but the intercept, an F statistic under
 *     Knapp-Hartung (metafor's QM with {@code test = "knha"}); NaN when the standard errors
 *     are 0
 * @param qmDegreesOfFreedom its numerator degrees of freedom, p - 1 (the denominator's is
 *     {@code degreesOfFreedom})
 * @param qmPValue P(F(p - 1, k - p) > qm)
 * @param qe the test of residual heterogeneity (metafor's QE), chi-square on k - p df
 * @param qePValue its p-value
 * @param k the number of studies
 * @param iterations REML Fisher scoring iterations
 * @param converged whether the REML iterations converged
 */
public record MetaRegressionResult(
    List<Coefficient> coefficients,
    int degreesOfFreedom,
    double tau2,
    double tau,
    double iSquared,
    double hSquared,
    double rSquared,
    double qm,
    int qmDegreesOfFreedom,
    double qmPValue,
    double qe,
    double qePValue,
    int k,
    int iterations,
    boolean converged) {

  public MetaRegressionResult {
    coefficients = List.copyOf(coefficients);
  }

  /**
   * One coefficient with its Knapp-Hartung standard error, t-based interval and p-value.
   *
   * @param name the design column ({@code intercept}, {@code urbanity},
   *     {@code size_class=large})
   * @param estimate the coefficient
   * @param standardError its Knapp-Hartung standard error
   * @param ciLow lower bound of the interval on t with k - p df
   * @param ciHigh upper bound of that interval
   * @param pValue two-sided p-value of coefficient = 0 on t with k - p df
   */
  public record Coefficient(String name, double estimate, double standardError, double ciLow,
      double ciHigh, double pValue) {}

  /** The coefficient of a design column. */
  public Coefficient coefficient(String name) {
    return coefficients.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no coefficient " + name + " in "
            + coefficients.stream().map(Coefficient::name).toList()));
  }
}
