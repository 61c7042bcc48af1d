package org.example.samenspel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import nl.samenspel.estimate.EstimationInput;

/**
 * Reads the covariate rows of an {@link EstimationInput}.
 *
 * <p>Why reflection: {@code EstimationInput} (samenspel-models 0.1.0) gives its arms, outcomes,
 * weights and covariate names publicly, but its covariates only through the package-private
 * {@code covariatesView()}, so an estimator outside {@code nl.samenspel.estimate} cannot read
 * them otherwise. A class placed in that package would not help either: the pipeline loads
 * plug-in jars with a class loader of their own, and package-private access needs the same
 * loader. Once the models offer a public accessor, this class should call it instead. The
 * rows returned are the input's own arrays: never change them.
 */
final class CovariateRows {

  private static final Method VIEW = find();

  private CovariateRows() {}

  static double[][] of(EstimationInput input) {
    try {
      return (double[][]) VIEW.invoke(input);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("can't read the covariates of the input", e);
    }
  }

  private static Method find() {
    try {
      Method method = EstimationInput.class.getDeclaredMethod("covariatesView");
      method.setAccessible(true);
      return method;
    } catch (NoSuchMethodException | RuntimeException e) {
      throw new IllegalStateException("this samenspel-models has no EstimationInput"
          + ".covariatesView(); use its public covariate accessor instead", e);
    }
  }
}
