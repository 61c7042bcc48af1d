package nl.samenspel.pool;

import java.util.List;
import java.util.Objects;
import nl.samenspel.estimate.Distributions;

/**
 * Random-effects meta-analysis of one combination's estimates across municipalities, computed
 * exactly as R's {@code metafor::rma(yi, vi = se^2, method = "REML", test = "knha")} and
 * {@code predict()} do (metafor 3.8-1; Viechtbauer 2010, J Stat Softw 36(3), and the
 * {@code rma.uni} and {@code predict.rma} documentation), with the fixed-effect model of
 * {@code rma(method = "FE")} as a sensitivity analysis.
 *
 * <ul>
 *   <li>tau^2 by restricted maximum likelihood (Viechtbauer 2005, J Educ Behav Stat 30(3)),
 *       by metafor's Fisher scoring: it starts from the Hedges (HE) estimate truncated at 0,
 *       steps by (Y'PPY - tr P) / tr(PP), halves a step that would make tau^2 negative, stops
 *       when tau^2 changes by no more than {@link Options#threshold()}, and, like metafor's
 *       {@code ll0check}, falls back to tau^2 = 0 when that has the higher restricted
 *       likelihood;</li>
 *   <li>the pooled estimate with the Knapp and Hartung (2003, Stat Med 22(17)) standard error,
 *       the weighted residual sum of squares over k - 1 times the model-based variance, the
 *       factor not truncated at 1 (metafor's {@code test = "knha"}), and interval and p-value
 *       on t with k - 1 degrees of freedom;</li>
 *   <li>the prediction interval for a new municipality's true effect, estimate -/+ t(k - 1)
 *       quantile * sqrt(SE^2 + tau^2), as {@code predict()} gives it under {@code knha} (Riley,
 *       Higgins and Deeks 2011, BMJ 342:d549, who use k - 2 degrees of freedom; metafor and
 *       this class use k - 1);</li>
 *   <li>I^2 and H^2 as metafor defines them after Higgins and Thompson (2002, Stat Med 21(11)):
 *       tau^2 against the "typical" within-study variance (k - 1) / (sum w - sum w^2 / sum w)
 *       with w = 1 / se^2; Cochran's Q with its chi-square p-value on k - 1 df.</li>
 * </ul>
 *
 * <p>The traces of the projection matrix are summed from products of weights rather than as
 * differences, so that a study with a thousand-fold smaller standard error than the others
 * (weights 1e6 apart) costs no digits. Every step is O(k).
 *
 * <p>Pure and deterministic (same studies in the same order give bit-identical results);
 * immutable and thread-safe.
 */
public final class RandomEffects {

  /**
   * metafor's {@code con$tol}, {@code .Machine$double.eps^0.25}: how much higher the restricted
   * log-likelihood at tau^2 = 0 must be before the estimate falls back to 0.
   */
  static final double LIKELIHOOD_TOLERANCE = Math.pow(2, -13);

  /** metafor's {@code .Machine$double.eps}: a weighted RSS at most this is taken as 0. */
  static final double ZERO_RESIDUALS = Math.ulp(1.0);

  /**
   * How the model is fitted.
   *
   * @param level confidence level of the intervals, in (0, 1); default 0.95
   * @param threshold REML stops when tau^2 changes by no more than this (metafor's
   *     {@code threshold}, there 1e-5 by default, which leaves the estimate 1e-6 off in this
   *     field's small variances); default 1e-12
   * @param maxIterations REML Fisher scoring steps at most (metafor's {@code maxiter}, there
   *     100); default 1000
   */
  public record Options(double level, double threshold, int maxIterations) {

    public static final Options DEFAULT = new Options(0.95, 1e-12, 1000);

    public Options {
      if (!(level > 0 && level < 1)) {
        throw new IllegalArgumentException("level must lie in (0, 1), got " + level);
      }
      if (!(threshold > 0) || Double.isInfinite(threshold)) {
        throw new IllegalArgumentException("threshold must be positive and finite, got "
            + threshold);
      }
      if (maxIterations < 1) {
        throw new IllegalArgumentException("maxIterations must be at least 1, got "
            + maxIterations);
      }
    }

    public Options withLevel(double newLevel) {
      return new Options(newLevel, threshold, maxIterations);
    }
  }

  /** The REML estimate of tau^2 and how it was reached. */
  record Reml(double tau2, int iterations, boolean converged) {}

  private final Options options;

  public RandomEffects(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public Options options() {
    return options;
  }

  /**
   * Pools the studies.
   *
   * @throws IllegalArgumentException when fewer than two studies are given ("one municipality,
   *     not pooled")
   */
  public PooledEstimate pool(List<Study> studies) {
    Objects.requireNonNull(studies, "studies");
    int k = studies.size();
    if (k == 0) {
      throw new IllegalArgumentException("no studies to pool");
    }
    if (k == 1) {
      throw new IllegalArgumentException("one municipality (" + studies.get(0).label()
          + "), not pooled: random-effects pooling needs at least 2 studies");
    }
    double[] y = new double[k];
    double[] v = new double[k];
    for (int i = 0; i < k; i++) {
      Study study = studies.get(i);
      y[i] = study.estimate();
      v[i] = study.variance();
    }
    Reml reml = reml(y, v, options);
    double tau2 = reml.tau2();
    int df = k - 1;
    double[] w = new double[k];

    // Random-effects estimate with the Knapp-Hartung standard error.
    for (int i = 0; i < k; i++) {
      w[i] = 1 / (v[i] + tau2);
    }
    double sum = sum(w);
    double mean = weightedMean(w, y, sum);
    double residuals = weightedResiduals(w, y, mean);
    double scale = residuals <= ZERO_RESIDUALS ? 0 : residuals / df;
    double standardError = Math.sqrt(scale / sum);
    double alpha = (1 - options.level()) / 2;
    double t = Distributions.studentUpperQuantile(alpha, df);
    double pValue = Distributions.studentTwoSided(mean / standardError, df);
    double predictionHalfWidth = t * Math.sqrt(standardError * standardError + tau2);

    // Fixed effect, Q and the typical within-study variance.
    for (int i = 0; i < k; i++) {
      w[i] = 1 / v[i];
    }
    double fixedSum = sum(w);
    double fixedMean = weightedMean(w, y, fixedSum);
    double q = Math.max(0, weightedResiduals(w, y, fixedMean));
    double fixedStandardError = Math.sqrt(1 / fixedSum);
    double z = Distributions.normalUpperQuantile(alpha);
    double typicalVariance = df / traceP(w, fixedSum);

    return new PooledEstimate(
        mean,
        standardError,
        mean - t * standardError,
        mean + t * standardError,
        pValue,
        df,
        mean - predictionHalfWidth,
        mean + predictionHalfWidth,
        tau2,
        Math.sqrt(tau2),
        tau2 / (typicalVariance + tau2),
        tau2 / typicalVariance + 1,
        q,
        Distributions.chiSquareUpperTail(q, df),
        fixedMean,
        fixedStandardError,
        fixedMean - z * fixedStandardError,
        fixedMean + z * fixedStandardError,
        k,
        reml.iterations(),
        reml.converged());
  }

  /**
   * REML tau^2 of the intercept-only model, by metafor's Fisher scoring (see the class comment).
   * Also used by {@link MetaRegression} for the pseudo-R^2.
   */
  static Reml reml(double[] y, double[] v, Options options) {
    int k = y.length;
    // Starting value: the Hedges estimator, (RSS - sum v (1 - 1/k)) / (k - 1), at least 0.
    double mean = 0;
    for (double value : y) {
      mean += value;
    }
    mean /= k;
    double rss = 0;
    double sumV = 0;
    for (int i = 0; i < k; i++) {
      rss += (y[i] - mean) * (y[i] - mean);
      sumV += v[i];
    }
    double tau2 = Math.max(0, (rss - sumV * (k - 1) / k) / (k - 1));

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
      double sum = sum(w);
      double weightedMean = weightedMean(w, y, sum);
      double yPPy = 0;
      for (int i = 0; i < k; i++) {
        double r = w[i] * (y[i] - weightedMean);
        yPPy += r * r;
      }
      double step = (yPPy - traceP(w, sum)) / tracePP(w, sum);
      tau2 += truncatedStep(tau2, step);
      change = Math.abs(previous - tau2);
      if (iterations > options.maxIterations()) {
        converged = false;
        break;
      }
    }
    if (converged && tau2 > options.threshold()
        && restrictedLogLikelihood(y, v, 0) - restrictedLogLikelihood(y, v, tau2)
            > LIKELIHOOD_TOLERANCE) {
      tau2 = 0;
    }
    return new Reml(Math.max(0, tau2), iterations, converged);
  }

  /**
   * metafor's step: NaN counts as 0, and a step below 0 is halved until it no longer is. At
   * tau^2 = 0 a negative step halves all the way to 0, so that case is answered directly.
   */
  static double truncatedStep(double tau2, double step) {
    if (Double.isNaN(step)) {
      return 0;
    }
    if (tau2 + step >= 0) {
      return step;
    }
    if (tau2 == 0) {
      return 0;
    }
    double halved = step;
    while (tau2 + halved < 0) {
      halved /= 2; // ends: halving reaches -0.0 after at most about 1,100 steps
    }
    return halved;
  }

  /** The restricted log-likelihood of the intercept-only model at tau2, without constants. */
  private static double restrictedLogLikelihood(double[] y, double[] v, double tau2) {
    int k = y.length;
    double[] w = new double[k];
    double logDeterminant = 0;
    for (int i = 0; i < k; i++) {
      w[i] = 1 / (v[i] + tau2);
      logDeterminant += Math.log(v[i] + tau2);
    }
    double sum = sum(w);
    double mean = weightedMean(w, y, sum);
    return -0.5 * logDeterminant - 0.5 * Math.log(sum) - 0.5 * weightedResiduals(w, y, mean);
  }

  static double sum(double[] w) {
    double sum = 0;
    for (double value : w) {
      sum += value;
    }
    return sum;
  }

  private static double weightedMean(double[] w, double[] y, double sum) {
    double total = 0;
    for (int i = 0; i < w.length; i++) {
      total += w[i] * y[i];
    }
    return total / sum;
  }

  private static double weightedResiduals(double[] w, double[] y, double mean) {
    double total = 0;
    for (int i = 0; i < w.length; i++) {
      total += w[i] * (y[i] - mean) * (y[i] - mean);
    }
    return total;
  }

  /**
   * tr P for P = W - w w' / sum w: sum w - sum w^2 / sum w, summed as 2 sum_{i<j} w_i w_j /
   * sum w, which has no subtraction to lose digits in when one weight dominates.
   */
  static double traceP(double[] w, double sum) {
    double pairs = 0;
    double before = 0;
    for (double value : w) {
      pairs += value * before;
      before += value;
    }
    return 2 * pairs / sum;
  }

  /**
   * tr(PP) = sum_ij P_ij^2 for P = W - w w' / sum w: P_ii = w_i (sum of the other weights) /
   * sum w and P_ij = -w_i w_j / sum w, all summed without subtraction.
   */
  static double tracePP(double[] w, double sum) {
    int k = w.length;
    double[] before = new double[k + 1];
    for (int i = 0; i < k; i++) {
      before[i + 1] = before[i] + w[i];
    }
    double after = 0;
    double diagonal = 0;
    double pairs = 0;
    double squaresBefore = 0;
    for (int i = k - 1; i >= 0; i--) {
      double others = before[i] + after;
      double pii = w[i] * others;
      diagonal += pii * pii;
      after += w[i];
    }
    for (int i = 0; i < k; i++) {
      double square = w[i] * w[i];
      pairs += square * squaresBefore;
      squaresBefore += square;
    }
    return (diagonal + 2 * pairs) / (sum * sum);
  }
}
