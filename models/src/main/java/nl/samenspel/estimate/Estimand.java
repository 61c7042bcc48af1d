package nl.samenspel.estimate;

/** Which average effect an estimator targets. */
public enum Estimand {
  /** Average treatment effect over everyone compared. */
  ATE,
  /** Average treatment effect on the treated: over those who received the intervention. */
  ATT
}
