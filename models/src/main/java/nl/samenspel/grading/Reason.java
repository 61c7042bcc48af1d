package nl.samenspel.grading;

/**
 * Why a finding's certainty moved away from where observational evidence starts. Each reason
 * belongs to a GRADE domain and moves the grade by a fixed number of levels; the domains cap
 * how far they can move it (see {@link GradingRule}).
 */
public enum Reason {
  /** The 95% interval includes no difference. */
  INTERVAL_INCLUDES_ZERO(Domain.IMPRECISION, -1),
  /** The 95% interval is wider than the rule allows (default 20 percentage points). */
  WIDE_INTERVAL(Domain.IMPRECISION, -1),
  /** The interval excludes zero, but the q-value (many comparisons) is above the rule's limit. */
  CHANCE_AMONG_MANY(Domain.IMPRECISION, -1),
  /** The effective number of clients in the smaller group, after weighting, is small. */
  SMALL_GROUPS(Domain.IMPRECISION, -1),
  /** A covariate still differs between the groups after weighting (|SMD| above 0.1). */
  IMBALANCE(Domain.RISK_OF_BIAS, -1),
  /** A covariate still differs strongly after weighting (|SMD| above 0.25). */
  SEVERE_IMBALANCE(Domain.RISK_OF_BIAS, -2),
  /** The placebo refuter (randomly permuted treatment) found a difference. */
  PLACEBO_FAILED(Domain.RISK_OF_BIAS, -1),
  /** The negative-control outcome (work before the assessment) differed between the groups. */
  NEGATIVE_CONTROL_FAILED(Domain.RISK_OF_BIAS, -1),
  /** Many clients were left out for lack of comparable clients: the finding covers fewer. */
  NARROW_POPULATION(Domain.INDIRECTNESS, -1),
  /** Pooled: fewer than five municipalities; how much they differ is barely estimable. */
  FEW_MUNICIPALITIES(Domain.IMPRECISION, -1),
  /** Pooled: most of the variation is between municipalities (I² above 50%). */
  LARGE_HETEROGENEITY(Domain.INCONSISTENCY, -1),
  /**
   * Pooled: the pooled interval excludes zero, but the prediction interval for a new
   * municipality includes it: in some municipalities the association may be absent or reversed.
   */
  PREDICTION_INCLUDES_ZERO(Domain.INCONSISTENCY, -1),
  /** Pooled: most of the weight comes from municipalities whose own finding had a risk of bias. */
  RISK_OF_BIAS_IN_MUNICIPALITIES(Domain.RISK_OF_BIAS, -1),
  /** Pooled: most of the weight comes from municipalities that trimmed many clients. */
  NARROW_POPULATION_IN_MUNICIPALITIES(Domain.INDIRECTNESS, -1),
  /** Large association: relative risk at least 2 (or at most 1/2). */
  LARGE_EFFECT(Domain.LARGE_EFFECT, 1),
  /** Very large association: relative risk at least 5 (or at most 1/5). */
  VERY_LARGE_EFFECT(Domain.LARGE_EFFECT, 2),
  /** Gradient: both interventions together go with more than each one alone, in one direction. */
  GRADIENT(Domain.DOSE_RESPONSE, 1);

  /** GRADE's domains, as far as this data can speak to them. */
  public enum Domain {
    IMPRECISION, RISK_OF_BIAS, INDIRECTNESS, INCONSISTENCY, LARGE_EFFECT, DOSE_RESPONSE
  }

  private final Domain domain;
  private final int levels;

  Reason(Domain domain, int levels) {
    this.domain = domain;
    this.levels = levels;
  }

  public Domain domain() {
    return domain;
  }

  /** Levels this reason moves the grade: negative down, positive up. */
  public int levels() {
    return levels;
  }

  public boolean isUpgrade() {
    return levels > 0;
  }
}
