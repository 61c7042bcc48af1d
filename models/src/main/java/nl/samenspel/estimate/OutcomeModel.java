package nl.samenspel.estimate;

import smile.math.matrix.Matrix;

/**
 * A regression of the outcome on the covariates, fitted within one arm, used by
 * g-computation and AIPW. Binary outcomes use a logistic regression ({@link LogisticFit}); continuous outcomes
 * use least squares (a tiny ridge keeps the normal equations solvable when a column is constant
 * within the arm).
 */
public interface OutcomeModel {

  /** Predicted mean outcome for one covariate row. */
  double predict(double[] covariates);

  /** Whether the outcome is 0/1 or any number. */
  enum Kind {
    BINARY, CONTINUOUS;

    /** BINARY when every value is 0 or 1. */
    public static Kind of(double[] outcomes) {
      for (double y : outcomes) {
        if (y != 0 && y != 1) {
          return CONTINUOUS;
        }
      }
      return BINARY;
    }
  }

  /** Fits the model of {@code kind} on the given rows. */
  static OutcomeModel fit(Kind kind, double[][] covariates, double[] outcomes,
      PropensityModel.Options options) {
    if (covariates.length == 0) {
      throw new IllegalArgumentException("no units to fit an outcome model on");
    }
    boolean forest = options.learner() == PropensityModel.Learner.FOREST;
    if (kind == Kind.BINARY) {
      int ones = 0;
      int[] labels = new int[outcomes.length];
      for (int i = 0; i < outcomes.length; i++) {
        labels[i] = (int) outcomes[i];
        ones += labels[i];
      }
      if (ones == 0 || ones == outcomes.length) {
        double constant = ones == 0 ? 0 : 1;
        return row -> constant;
      }
      if (forest) {
        return Forests.classifier(covariates, labels, PropensityModel.FOREST_SEED)::applyAsDouble;
      }
      Design design = Design.of(covariates);
      LogisticFit model = LogisticFit.fit(design,
          java.util.stream.IntStream.range(0, labels.length).toArray(), labels, options, null);
      return row -> LogisticFit.sigmoid(design.linearPredictor(model.coefficients(), row));
    }
    if (forest) {
      return Forests.regressor(covariates, outcomes, PropensityModel.FOREST_SEED)::applyAsDouble;
    }
    PropensityModel.Standardiser standardiser = PropensityModel.Standardiser.fit(covariates);
    double[][] x = standardiser.apply(covariates);
    double[] beta = leastSquares(x, outcomes);
    return row -> {
      double[] z = standardiser.apply(row);
      double value = beta[0];
      for (int j = 0; j < z.length; j++) {
        value += beta[j + 1] * z[j];
      }
      return value;
    };
  }

  /** Intercept and slopes by the normal equations, solved with Smile's Cholesky. */
  static double[] leastSquares(double[][] x, double[] y) {
    int n = x.length;
    int p = x[0].length + 1;
    double[][] gram = new double[p][p];
    double[] xty = new double[p];
    double[] row = new double[p];
    for (int i = 0; i < n; i++) {
      row[0] = 1;
      System.arraycopy(x[i], 0, row, 1, p - 1);
      for (int a = 0; a < p; a++) {
        xty[a] += row[a] * y[i];
        for (int b = a; b < p; b++) {
          gram[a][b] += row[a] * row[b];
        }
      }
    }
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < a; b++) {
        gram[a][b] = gram[b][a];
      }
      gram[a][a] += 1e-8 * n;
    }
    return Matrix.of(gram).uplo(smile.math.blas.UPLO.LOWER).cholesky().solve(xty);
  }
}
