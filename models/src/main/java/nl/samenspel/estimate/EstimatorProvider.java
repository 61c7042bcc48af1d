package nl.samenspel.estimate;

/**
 * Makes estimators by name; found with {@link java.util.ServiceLoader}, so a researcher can add
 * an estimator in their own jar by listing its provider in
 * {@code META-INF/services/nl.samenspel.estimate.EstimatorProvider}.
 */
public interface EstimatorProvider {

  /** The name used on the command line and in evidence records, e.g. {@code aipw}. */
  String name();

  /** A new estimator for the given settings. */
  Estimator create(EstimatorSettings settings);
}
