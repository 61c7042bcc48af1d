package nl.samenspel.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import nl.samenspel.estimate.Distributions;

/**
 * Mixed-effects meta-regression, computed exactly as R's
 * {@code metafor::rma(yi, vi, mods = ~ ..., method = "REML", test = "knha")} does (metafor
 * 3.8-1; Viechtbauer 2010, J Stat Softw 36(3), and the {@code rma.uni} documentation):
 *
 * <ul>
 *   <li>residual tau^2 by REML (Viechtbauer 2005, J Educ Behav Stat 30(3)) with metafor's
 *       Fisher scoring, starting value, step halving, stopping rule and fall-back to 0, as
 *       described for {@link RandomEffects};</li>
 *   <li>coefficients by weighted least squares with weights 1 / (se^2 + tau^2), their
 *       Knapp-Hartung (2003, Stat Med 22(17)) standard errors (weighted RSS / (k - p) times
 *       (X'WX)^-1, the factor not truncated), intervals and p-values on t with k - p df;</li>
 *   <li>the omnibus moderator test QM as F on (p - 1, k - p) df, residual heterogeneity QE
 *       on chi-square with k - p df, residual I^2 and H^2 against metafor's typical
 *       within-study variance (k - p) / tr P (after Higgins and Thompson 2002, Stat Med
 *       21(11)), and metafor's pseudo-R^2: (tau^2 without moderators - tau^2) / tau^2 without
 *       moderators, truncated at 0 (Raudenbush 2009).</li>
 * </ul>
 *
 * <p>Refuses (IllegalArgumentException with the reason) designs with no more studies than
 * columns and rank-deficient designs, the latter by metafor's own test (an eigenvalue of X'X
 * at most 1e-7), so a design R refuses is refused here too.
 *
 * <p>Pure and deterministic; immutable and thread-safe. Each REML step is O(k p^2) (O(k^2 p)
 * when one study carries nearly all the weight; see {@link ThinQr#traceProjectionSquared}).
 */
public final class MetaRegression {

  /** metafor's {@code evtol}: an eigenvalue of X'X at most this makes the design singular. */
  static final double EIGENVALUE_TOLERANCE = 1e-7;

  private final RandomEffects.Options options;

  /** The options are those of the random-effects model the meta-regression extends. */
  public MetaRegression(RandomEffects.Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Fits the meta-regression of the studies' estimates on the design.
   *
   * @param studies the studies, in the order of the design's rows
   * @param design the design; its study labels must be the studies' labels, in order
   * @throws IllegalArgumentException when the design does not belong to the studies, has no
   *     moderator, has no more studies than columns, or is rank-deficient
   */
  public MetaRegressionResult fit(List<Study> studies, ModeratorDesign design) {
    Objects.requireNonNull(studies, "studies");
    Objects.requireNonNull(design, "design");
    int k = studies.size();
    int p = design.columnCount();
    List<String> labels = studies.stream().map(Study::label).toList();
    if (!labels.equals(design.studies())) {
      throw new IllegalArgumentException("the design's rows " + design.studies()
          + " are not the studies " + labels);
    }
    if (p < 2) {
      throw new IllegalArgumentException("the design has no moderator, only the intercept: "
          + "pool with RandomEffects instead");
    }
    if (k <= p) {
      throw new IllegalArgumentException(k + " studies for " + p + " coefficients "
          + design.columns() + ": a meta-regression needs more studies than coefficients");
    }
    double[][] x = design.values();
    checkRank(x, design.columns());

    double[] y = new double[k];
    double[] v = new double[k];
    for (int i = 0; i < k; i++) {
      y[i] = studies.get(i).estimate();
      v[i] = studies.get(i).variance();
    }
    int df = k - p;
    RandomEffects.Reml reml = reml(y, v, x, options);
    double tau2 = reml.tau2();

    // Coefficients with Knapp-Hartung standard errors.
    double[] w = new double[k];
    for (int i = 0; i < k; i++) {
      w[i] = 1 / (v[i] + tau2);
    }
    ThinQr qr = ThinQr.of(scaledRows(x, w));
    double[] u = scaled(y, w);
    double[] beta = qr.solve(u);
    double rss = squaredNorm(qr.residual(u));
    double scale = rss <= RandomEffects.ZERO_RESIDUALS ? 0 : rss / df;
    double[][] covariance = qr.inverseGram();
    double alpha = (1 - options.level()) / 2;
    double t = Distributions.studentUpperQuantile(alpha, df);
    List<MetaRegressionResult.Coefficient> coefficients = new ArrayList<>(p);
    for (int j = 0; j < p; j++) {
      for (int c = 0; c < p; c++) {
        covariance[j][c] *= scale;
      }
    }
    for (int j = 0; j < p; j++) {
      double se = Math.sqrt(covariance[j][j]);
      coefficients.add(new MetaRegressionResult.Coefficient(design.columns().get(j), beta[j],
          se, beta[j] - t * se, beta[j] + t * se,
          Distributions.studentTwoSided(beta[j] / se, df)));
    }
    double qm = scale == 0 ? Double.NaN : moderatorStatistic(beta, covariance) / (p - 1);

    // Residual heterogeneity with fixed-effect weights.
    for (int i = 0; i < k; i++) {
      w[i] = 1 / v[i];
    }
    ThinQr fixed = ThinQr.of(scaledRows(x, w));
    double qe = Math.max(0, squaredNorm(fixed.residual(scaled(y, w))));
    double typicalVariance = df / traceP(fixed, w);

    RandomEffects.Reml withoutModerators = RandomEffects.reml(y, v, options);
    double rSquared;
    if (!withoutModerators.converged()) {
      rSquared = Double.NaN;
    } else if (withoutModerators.tau2() == 0) {
      rSquared = 0;
    } else {
      rSquared = Math.max(0, (withoutModerators.tau2() - tau2) / withoutModerators.tau2());
    }

    return new MetaRegressionResult(
        coefficients,
        df,
        tau2,
        Math.sqrt(tau2),
        tau2 / (typicalVariance + tau2),
        tau2 / typicalVariance + 1,
        rSquared,
        qm,
        p - 1,
        Distributions.fisherUpperTail(qm, p - 1, df),
        qe,
        Distributions.chiSquareUpperTail(qe, df),
        k,
        reml.iterations(),
        reml.converged());
  }

  /** REML residual tau^2 by metafor's Fisher scoring (see {@link RandomEffects}). */
  static RandomEffects.Reml reml(double[] y, double[] v, double[][] x,
      RandomEffects.Options options) {
    int k = y.length;
    int p = x[0].length;
    // Starting value: the Hedges estimator (RSS - tr(PV)) / (k - p), P = I - X(X'X)^-1 X'.
    ThinQr ordinary = ThinQr.of(x);
    double rss = squaredNorm(ordinary.residual(y));
    double traceProjectionV = 0;
    for (int i = 0; i < k; i++) {
      traceProjectionV += v[i] * (1 - ordinary.leverage(i));
    }
    double tau2 = Math.max(0, (rss - traceProjectionV) / (k - p));

    double[] w = new double[k];
    int iterations = 0;
    boolean converged = true;
    double change = options.threshold() + 1;
    while (change > options.threshold()) {
      iterations++;
      double previous = tau2;
      for (int i = 0; i < k; i++) {
        w[i] = 1 / (v[i] + tau2);
      }
      ThinQr qr = ThinQr.of(scaledRows(x, w));
      // P y = W^1/2 (I - QQ') W^1/2 y, tr P = sum w_i (1 - |q_i|^2).
      double[] residual = qr.residual(scaled(y, w));
      double yPPy = 0;
      for (int i = 0; i < k; i++) {
        yPPy += w[i] * residual[i] * residual[i];
      }
      double step = (yPPy - traceP(qr, w)) / qr.traceProjectionSquared(w);
      tau2 += RandomEffects.truncatedStep(tau2, step);
      change = Math.abs(previous - tau2);
      if (iterations > options.maxIterations()) {
        converged = false;
        break;
      }
    }
    if (converged && tau2 > options.threshold()
        && restrictedLogLikelihood(y, v, x, 0) - restrictedLogLikelihood(y, v, x, tau2)
            > RandomEffects.LIKELIHOOD_TOLERANCE) {
      tau2 = 0;
    }
    return new RandomEffects.Reml(Math.max(0, tau2), iterations, converged);
  }

  private static double restrictedLogLikelihood(double[] y, double[] v, double[][] x,
      double tau2) {
    int k = y.length;
    double[] w = new double[k];
    double logDeterminant = 0;
    for (int i = 0; i < k; i++) {
      w[i] = 1 / (v[i] + tau2);
      logDeterminant += Math.log(v[i] + tau2);
    }
    ThinQr qr = ThinQr.of(scaledRows(x, w));
    return -0.5 * logDeterminant - 0.5 * qr.logDeterminantGram()
        - 0.5 * squaredNorm(qr.residual(scaled(y, w)));
  }

  /** beta' V^-1 beta over the coefficients but the intercept, by Cholesky of V. */
  private static double moderatorStatistic(double[] beta, double[][] covariance) {
    int m = beta.length - 1;
    double[][] lower = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = covariance[i + 1][j + 1];
        for (int c = 0; c < j; c++) {
          sum -= lower[i][c] * lower[j][c];
        }
        if (i == j) {
          if (!(sum > 0)) {
            return Double.NaN; // metafor: chol() fails, QM is NA
          }
          lower[i][i] = Math.sqrt(sum);
        } else {
          lower[i][j] = sum / lower[j][j];
        }
      }
    }
    double statistic = 0;
    double[] z = new double[m];
    for (int i = 0; i < m; i++) {
      double sum = beta[i + 1];
      for (int c = 0; c < i; c++) {
        sum -= lower[i][c] * z[c];
      }
      z[i] = sum / lower[i][i];
      statistic += z[i] * z[i];
    }
    return statistic;
  }

  /** Refuses X when an eigenvalue of X'X is at most {@link #EIGENVALUE_TOLERANCE}. */
  private static void checkRank(double[][] x, List<String> columns) {
    int p = x[0].length;
    double[][] gram = new double[p][p];
    for (double[] row : x) {
      for (int a = 0; a < p; a++) {
        for (int b = 0; b < p; b++) {
          gram[a][b] += row[a] * row[b];
        }
      }
    }
    double smallest = SymmetricEigenvalues.smallest(gram);
    if (smallest <= EIGENVALUE_TOLERANCE) {
      throw new IllegalArgumentException("the design " + columns
          + " is rank-deficient (smallest eigenvalue of X'X " + smallest
          + "): a moderator is constant or a combination of the others");
    }
  }

  private static double traceP(ThinQr qr, double[] w) {
    double trace = 0;
    for (int i = 0; i < w.length; i++) {
      trace += w[i] * (1 - qr.leverage(i));
    }
    return trace;
  }

  private static double[][] scaledRows(double[][] x, double[] w) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double root = Math.sqrt(w[i]);
      out[i] = new double[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        out[i][j] = root * x[i][j];
      }
    }
    return out;
  }

  private static double[] scaled(double[] y, double[] w) {
    double[] out = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = Math.sqrt(w[i]) * y[i];
    }
    return out;
  }

  private static double squaredNorm(double[] a) {
    return dot(a, a);
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
