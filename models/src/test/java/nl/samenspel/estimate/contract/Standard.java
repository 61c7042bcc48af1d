package nl.samenspel.estimate.contract;

/**
 * The population over which an estimator averages the effect: the standard population of
 * direct standardisation. On a table with one categorical covariate (strata) every standard
 * gives a hand-computable answer, the stratum effects (treated mean minus comparison mean in the
 * stratum) averaged with the stratum weights below ({@link HandTable#answer(Standard)}); on
 * generated data it gives the true effect ({@link SimulatedStudy#truth(Standard)}).
 */
public enum Standard {
  /**
   * No standardisation: the treated arm's mean minus the comparison arm's mean, each over its
   * own units. The answer of an estimator that does not adjust for covariates.
   */
  CRUDE,
  /** Everyone compared (the ATE): stratum s weighted by its share of all units, n_s / n. */
  EVERYONE,
  /** The treated (the ATT): stratum s weighted by its share of the treated, n_ts / n_t. */
  TREATED,
  /**
   * The overlap population (the ATO of Li, Morgan and Zaslavsky 2018): unit weight
   * e(X)(1 - e(X)), so stratum s weighs n_s e_s (1 - e_s) = n_ts n_cs / n_s.
   */
  OVERLAP
}
