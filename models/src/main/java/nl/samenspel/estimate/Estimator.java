package nl.samenspel.estimate;

/**
 * Estimates the difference in mean outcome between two arms of an {@link EstimationInput}.
 * Implementations are stateless and thread-safe; any randomness takes a seed from options.
 */
public interface Estimator {

  /** Short, stable name used in evidence records and on the command line. */
  String name();

  EffectEstimate estimate(EstimationInput input, Contrast contrast);
}
