package org.example.samenspel;

import java.util.List;

/**
 * Maximum-likelihood logistic regression with unit weights, by Newton-Raphson with step
 * halving (what R's {@code glm} computes, to a tighter tolerance), no penalty. Also gives what
 * the sandwich variance needs: the design rows and the information matrix X' diag(w e (1 - e)) X.
 *
 * <p>Covariates that do not vary over the rows are left out (they are aliased with the
 * intercept), and so are those that are linear combinations of the ones before them, as R's
 * {@code glm} leaves aliased coefficients out; the others are centred and scaled, which changes neither the fitted
 * probabilities nor the variance of anything computed from them, and keeps the steps well
 * conditioned.
 */
final class WeightedLogistic {

  private static final int MAX_ITERATIONS = 100;
  private static final double STEP_TOLERANCE = 1e-11;
  /** Relative change of the log-likelihood below which a fit that still moves is settled. */
  private static final double SEPARATED_CHANGE = 1e-13;

  private final double[][] design;
  private final double[] probability;
  private final double[][] information;

  private WeightedLogistic(double[][] design, double[] probability, double[][] information) {
    this.design = design;
    this.probability = probability;
    this.information = information;
  }

  /** The rows of the design: an intercept, then the standardised covariates that vary. */
  double[][] design() {
    return design;
  }

  /** Fitted P(label = 1) per row. */
  double[] probability() {
    return probability;
  }

  /** X' diag(w e (1 - e)) X at the fit. */
  double[][] information() {
    return information;
  }

  /**
   * Fits P(label = 1 | x) on the rows {@code x} with 0/1 {@code labels} and positive
   * {@code weights}.
   *
   * @throws IllegalArgumentException when the fit does not converge (separation) or the
   *     covariates are collinear
   */
  static WeightedLogistic fit(double[][] x, int[] labels, double[] weights) {
    double[][] design = standardised(x);
    int n = design.length;
    int q = design[0].length;
    double[] beta = new double[q];
    double ones = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
      ones += weights[i] * labels[i];
      total += weights[i];
    }
    beta[0] = Math.log(ones / (total - ones));
    double objective = logLikelihood(design, labels, weights, beta);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double[] p = probabilities(design, beta);
      double[] gradient = new double[q];
      for (int i = 0; i < n; i++) {
        double residual = weights[i] * (labels[i] - p[i]);
        for (int a = 0; a < q; a++) {
          gradient[a] += residual * design[i][a];
        }
      }
      double[] step = Cholesky.ofNearlySingular(information(design, weights, p))
          .solve(gradient);
      double scale = 1;
      double[] trial = new double[q];
      double trialObjective = Double.NEGATIVE_INFINITY;
      for (int halving = 0; halving < 40; halving++) {
        for (int a = 0; a < q; a++) {
          trial[a] = beta[a] + scale * step[a];
        }
        trialObjective = logLikelihood(design, labels, weights, trial);
        if (trialObjective >= objective - 1e-12 * Math.abs(objective)) {
          break;
        }
        scale /= 2;
      }
      beta = trial;
      double change = Math.abs(trialObjective - objective) / (Math.abs(trialObjective) + 0.1);
      objective = trialObjective;
      double largest = 0;
      for (double s : step) {
        largest = Math.max(largest, Math.abs(scale * s));
      }
      // Converged when the step is negligible; under (quasi-)separation the maximum-likelihood
      // estimate does not exist and the coefficients of the separating direction grow without
      // end, so the fit also stops once the log-likelihood no longer changes (R's glm does so,
      // with a warning that fitted probabilities of 0 or 1 occurred): the units concerned then
      // have propensities near 0 or 1, and overlap weights near 0.
      if (largest < STEP_TOLERANCE || (iteration >= 25 && change < SEPARATED_CHANGE)) {
        double[] fitted = probabilities(design, beta);
        for (double e : fitted) {
          if (!(e > 0 && e < 1)) {
            throw new IllegalArgumentException("the propensity model separates the arms"
                + " (a fitted propensity of 0 or 1): no overlap");
          }
        }
        return new WeightedLogistic(design, fitted, information(design, weights, fitted));
      }
    }
    throw new IllegalArgumentException("the propensity model did not converge in "
        + MAX_ITERATIONS + " Newton steps (separation?)");
  }

  static double[][] information(double[][] design, double[] weights, double[] p) {
    int q = design[0].length;
    double[][] h = new double[q][q];
    for (int i = 0; i < design.length; i++) {
      double w = weights[i] * p[i] * (1 - p[i]);
      double[] row = design[i];
      for (int a = 0; a < q; a++) {
        for (int b = 0; b <= a; b++) {
          h[a][b] += w * row[a] * row[b];
        }
      }
    }
    for (int a = 0; a < q; a++) {
      for (int b = a + 1; b < q; b++) {
        h[a][b] = h[b][a];
      }
    }
    return h;
  }

  private static double[] probabilities(double[][] design, double[] beta) {
    double[] p = new double[design.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = sigmoid(dot(design[i], beta));
    }
    return p;
  }

  private static double logLikelihood(double[][] design, int[] labels, double[] weights,
      double[] beta) {
    double sum = 0;
    for (int i = 0; i < design.length; i++) {
      double eta = dot(design[i], beta);
      double softplus = Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta)));
      sum += weights[i] * (labels[i] * eta - softplus);
    }
    return sum;
  }

  private static double sigmoid(double eta) {
    if (eta >= 0) {
      return 1 / (1 + Math.exp(-eta));
    }
    double e = Math.exp(eta);
    return e / (1 + e);
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      sum += a[k] * b[k];
    }
    return sum;
  }

  /** Intercept plus the centred and scaled covariates that vary. */
  private static double[][] standardised(double[][] x) {
    int n = x.length;
    int p = x[0].length;
    double[] mean = new double[p];
    double[] scale = new double[p];
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        mean[j] += row[j] / n;
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
      }
    }
    int[] varying = java.util.stream.IntStream.range(0, p).filter(j -> scale[j] > 1e-24)
        .toArray();
    int[] kept = notAliased(x, mean, scale, varying);
    double[][] design = new double[n][kept.length + 1];
    for (int i = 0; i < n; i++) {
      design[i][0] = 1;
      for (int c = 0; c < kept.length; c++) {
        int j = kept[c];
        design[i][c + 1] = (x[i][j] - mean[j]) / Math.sqrt(scale[j]);
      }
    }
    return design;
  }

  /** Relative norm below which a column counts as a combination of the ones before it. */
  private static final double ALIASED = 1e-9;

  /**
   * The varying columns, in order, without those that are linear combinations of the columns
   * kept before them (and of the intercept: the columns are centred), as R's {@code glm} leaves
   * aliased coefficients out (its QR with a tolerance of 1e-11). A subgroup can make columns
   * aliased that are not in the whole population, e.g. indicators that add up to one there.
   * The probabilities, and so the weights and the estimate, do not depend on which of the
   * aliased columns is left out.
   */
  private static int[] notAliased(double[][] x, double[] mean, double[] scale, int[] varying) {
    int n = x.length;
    List<double[]> basis = new java.util.ArrayList<>();
    List<Integer> kept = new java.util.ArrayList<>();
    for (int j : varying) {
      double[] column = new double[n];
      double norm = 0;
      for (int i = 0; i < n; i++) {
        column[i] = (x[i][j] - mean[j]) / Math.sqrt(scale[j]);
        norm += column[i] * column[i];
      }
      // Modified Gram-Schmidt against the orthonormal columns kept so far.
      for (double[] q : basis) {
        double projection = dot(column, q);
        for (int i = 0; i < n; i++) {
          column[i] -= projection * q[i];
        }
      }
      double rest = dot(column, column);
      if (rest > ALIASED * ALIASED * norm) {
        double length = Math.sqrt(rest);
        for (int i = 0; i < n; i++) {
          column[i] /= length;
        }
        basis.add(column);
        kept.add(j);
      }
    }
    return kept.stream().mapToInt(Integer::intValue).toArray();
  }
}
