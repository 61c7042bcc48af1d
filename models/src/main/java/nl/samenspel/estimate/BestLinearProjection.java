package nl.samenspel.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import nl.samenspel.domain.Element;

/**
 * For whom does it work: the best linear projection of the conditional effect on a client
 * profile (Semenova and Chernozhukov 2021; grf's {@code best_linear_projection}, Tibshirani et
 * al., https://grf-labs.github.io/grf/reference/best_linear_projection.html). The doubly robust
 * scores Gamma of an AIPW comparison ({@link DoublyRobustScores}) have the conditional effect as
 * their conditional mean, so the least-squares regression of Gamma on an intercept and modifier
 * columns Z estimates the linear function of Z closest to the conditional effect: a slope says
 * by how much the effect changes per unit of that modifier, the others held fixed. The
 * projection is defined whether or not the effect is really linear in Z.
 *
 * <p>Standard errors are heteroscedasticity-consistent, HC3 (MacKinnon and White 1985; Long and
 * Ervin 2000): {@code V = (X'X)^-1 [sum_i x_i x_i' e_i^2 / (1 - h_ii)^2] (X'X)^-1} with the
 * residuals e and leverages h of the fit, as {@code sandwich::vcovHC(fit, type = "HC3")}.
 * Intervals and p-values use Student's t on n - p degrees of freedom (p coefficients, intercept
 * included), as {@code lmtest::coeftest(fit, vcov = vcovHC(fit, type = "HC3"))}. The omnibus
 * test of "the effect is the same for everyone" (every slope 0) is the Wald test with the HC3
 * covariance, reported as F = W / q on (q, n - p) degrees of freedom, q the number of slopes, as
 * {@code lmtest::waldtest(fit, . ~ 1, vcov = vcovHC(fit, type = "HC3"), test = "F")}. The F form
 * is the more conservative of waldtest's two in small groups and the same as the chi-square for
 * large ones.
 *
 * <p>The scores are treated as observed outcomes: with cross-fitted nuisances this is what
 * Semenova and Chernozhukov show valid (and what grf does). A modifier that does not vary among
 * the scored units (an element score that defines the subgroup, say) has no slope: it is left
 * out and named in {@link Result#dropped()}. Modifiers that are otherwise linearly dependent, or
 * too few units for the coefficients (n <= p), are refused with an
 * {@link IllegalArgumentException} that says why. With {@link Centring#MEAN} (the default) the
 * intercept is the average effect in the group, at its average profile.
 *
 * <p>Pure and deterministic; instances are immutable and thread-safe. One pass over the rows for
 * the means, one for the cross-products and one for the HC3 meat: O(n p^2) time and O(p^2)
 * memory besides the residuals.
 */
public final class BestLinearProjection {

  /**
   * The pipeline's modifiers of a client profile: the seven element scores (missing scores are
   * the midpoint 3, see {@link CovariateEncoder}), age and months on benefit, named as the
   * covariates are.
   */
  public static final List<String> PROFILE = profile();

  /** Name of the intercept in {@link Result#coefficients()}. */
  public static final String INTERCEPT = "intercept";

  /**
   * Smallest share of a modifier's variance (around its mean) that the other modifiers may leave
   * unexplained: below it the modifier counts as a linear combination of the others and the
   * projection is refused. R's {@code lm} drops a column at about 1e-14; this is stricter,
   * because slopes that close to aliased have no meaning anyway.
   */
  static final double COLLINEARITY_TOLERANCE = 1e-10;

  /** Whether the modifiers are centred at their mean before the fit. */
  public enum Centring {
    /** Intercept = the average effect in the group (at the group's mean profile). */
    MEAN,
    /** Intercept = the effect at modifiers all 0 (grf's and lm's default). */
    NONE
  }

  /**
   * @param confidenceLevel two-sided level of the coefficients' intervals
   * @param centring whether the modifiers are centred; slopes, their errors and the omnibus
   *     test are the same either way
   */
  public record Options(double confidenceLevel, Centring centring)
      implements java.io.Serializable {

    public static final Options DEFAULT = new Options(0.95, Centring.MEAN);

    public Options {
      if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
        throw new IllegalArgumentException("confidence level must lie in (0, 1), got "
            + confidenceLevel);
      }
      Objects.requireNonNull(centring, "centring");
    }

    public Options withCentring(Centring value) {
      return new Options(confidenceLevel, value);
    }
  }

  /**
   * One coefficient: the intercept or the slope of a modifier.
   *
   * @param name {@link #INTERCEPT} or the modifier's name
   * @param estimate the coefficient
   * @param standardError HC3 standard error
   * @param statistic estimate / standardError
   * @param ciLow lower bound of the t interval
   * @param ciHigh upper bound
   * @param pValue two-sided, Student t on n - p degrees of freedom
   */
  public record Coefficient(String name, double estimate, double standardError, double statistic,
      double ciLow, double ciHigh, double pValue) {

    /** True when the interval contains {@code value}. */
    public boolean covers(double value) {
      return ciLow <= value && value <= ciHigh;
    }
  }

  /**
   * The Wald test that every slope is 0 (the effect is the same for everyone), HC3 covariance.
   *
   * @param statistic F = W / degreesOfFreedom, W the Wald chi-square statistic
   * @param degreesOfFreedom q, the number of slopes tested
   * @param residualDegreesOfFreedom n - p
   * @param pValue P(F(q, n - p) > statistic)
   */
  public record Omnibus(double statistic, int degreesOfFreedom, int residualDegreesOfFreedom,
      double pValue) {}

  /**
   * @param coefficients the intercept first, then one slope per modifier kept, in input order
   * @param omnibus the test that all slopes are 0
   * @param dropped modifiers left out because they do not vary among the units
   * @param n units in the fit
   * @param centring how the intercept is to be read
   */
  public record Result(List<Coefficient> coefficients, Omnibus omnibus, List<String> dropped,
      int n, Centring centring) {
    public Result {
      coefficients = List.copyOf(coefficients);
      dropped = List.copyOf(dropped);
    }

    /** The coefficient called {@code name}; throws when there is none (e.g. it was dropped). */
    public Coefficient coefficient(String name) {
      return coefficients.stream().filter(c -> c.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no coefficient " + name + " in "
              + coefficients.stream().map(Coefficient::name).toList()));
    }
  }

  private final Options options;

  public BestLinearProjection() {
    this(Options.DEFAULT);
  }

  public BestLinearProjection(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public Options options() {
    return options;
  }

  /**
   * The projection of the scores on the modifiers of the scored units.
   *
   * @param scores the doubly robust scores of one comparison
   * @param modifiers one row per unit of the input the scores came from (not only the scored
   *     ones), one column per name
   * @param names the modifiers' names
   * @throws IllegalArgumentException also when the input carried unit weights: the projection
   *     is unweighted least squares, and silently ignoring weights would make its intercept
   *     differ from the weighted ATE
   */
  public Result fit(DoublyRobustScores scores, double[][] modifiers, List<String> names) {
    for (double w : scores.weights()) {
      if (w != 1) {
        throw new IllegalArgumentException("the scores carry unit weights; a weighted"
            + " projection is not implemented");
      }
    }
    return fit(scores.values(), scores.rowsOf(modifiers), names);
  }

  /**
   * The least-squares fit of {@code outcome} on an intercept and {@code modifiers} with HC3
   * errors.
   *
   * @param outcome one value per unit (the doubly robust scores)
   * @param modifiers one row per unit, one column per name
   * @param names the modifiers' names, distinct
   * @throws IllegalArgumentException when lengths differ, a value is not finite, no modifier
   *     varies, the modifiers that vary are linearly dependent, n <= p, or a unit has leverage 1
   */
  public Result fit(double[] outcome, double[][] modifiers, List<String> names) {
    int n = outcome.length;
    int k = names.size();
    validate(outcome, modifiers, names);
    // Means and spreads of the modifiers; constant ones are dropped.
    double[] mean = new double[k];
    for (double[] row : modifiers) {
      for (int j = 0; j < k; j++) {
        mean[j] += row[j];
      }
    }
    double outcomeMean = 0;
    for (double y : outcome) {
      outcomeMean += y;
    }
    outcomeMean /= n;
    for (int j = 0; j < k; j++) {
      mean[j] /= n;
    }
    double[] spread = new double[k];
    boolean[] varies = new boolean[k];
    for (double[] row : modifiers) {
      for (int j = 0; j < k; j++) {
        double d = row[j] - mean[j];
        spread[j] += d * d;
        varies[j] |= row[j] != modifiers[0][j];
      }
    }
    List<String> dropped = new ArrayList<>();
    List<Integer> keptList = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      if (varies[j]) {
        keptList.add(j);
      } else {
        dropped.add(names.get(j));
      }
    }
    int q = keptList.size();
    if (q == 0) {
      throw new IllegalArgumentException("no modifier varies among the " + n + " units: "
          + names);
    }
    int p = q + 1;
    if (n <= p) {
      throw new IllegalArgumentException("too few units for the projection: n = " + n
          + " is not more than the " + p + " coefficients");
    }
    int[] kept = keptList.stream().mapToInt(Integer::intValue).toArray();
    double[] scale = new double[q];
    for (int c = 0; c < q; c++) {
      scale[c] = Math.sqrt(spread[kept[c]] / n);
    }
    // Cross-products of the centred, scaled modifiers (S = Z'Z) and Z'(y - mean y). The
    // intercept is orthogonal to centred columns, so X'X = diag(n, S).
    double[] gram = new double[q * q];
    double[] zy = new double[q];
    double[] z = new double[q];
    for (int i = 0; i < n; i++) {
      standardise(modifiers[i], kept, mean, scale, z);
      double y = outcome[i] - outcomeMean;
      for (int a = 0; a < q; a++) {
        zy[a] += z[a] * y;
        for (int b = 0; b <= a; b++) {
          gram[a * q + b] += z[a] * z[b];
        }
      }
    }
    double[] lower = cholesky(gram, q, n, kept, names);
    double[] slope = solve(lower, q, zy);
    // HC3 meat, with x_i = (1, z_i): sum of x x' e^2 / (1 - h)^2, h = 1/n + |L^-1 z|^2.
    double[] meat = new double[p * p];
    double[] x = new double[p];
    double[] v = new double[q];
    x[0] = 1;
    for (int i = 0; i < n; i++) {
      standardise(modifiers[i], kept, mean, scale, z);
      double fitted = 0;
      for (int a = 0; a < q; a++) {
        fitted += z[a] * slope[a];
      }
      double residual = outcome[i] - outcomeMean - fitted;
      forward(lower, q, z, v);
      double leverage = 1.0 / n;
      for (int a = 0; a < q; a++) {
        leverage += v[a] * v[a];
      }
      if (leverage > 1 - 1e-10) {
        throw new IllegalArgumentException("unit " + i + " has leverage 1 (a modifier value"
            + " no other unit shares); HC3 errors are undefined");
      }
      double omega = residual * residual / ((1 - leverage) * (1 - leverage));
      System.arraycopy(z, 0, x, 1, q);
      for (int a = 0; a < p; a++) {
        double xa = x[a] * omega;
        for (int b = 0; b <= a; b++) {
          meat[a * p + b] += xa * x[b];
        }
      }
    }
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < a; b++) {
        meat[b * p + a] = meat[a * p + b];
      }
    }
    // Bread B = diag(1/n, S^-1); covariance on the standardised scale V = B M B.
    double[][] bread = new double[p][p];
    bread[0][0] = 1.0 / n;
    double[][] inverse = inverse(lower, q);
    for (int a = 0; a < q; a++) {
      for (int b = 0; b < q; b++) {
        bread[a + 1][b + 1] = inverse[a][b];
      }
    }
    double[][] standardCovariance = sandwich(bread, meat, p);
    // Back to the modifiers' own units: slope_j = gamma_j / scale_j; without centring the
    // intercept is mean y - sum_j slope_j mean_j. theta = L gamma, V = L V_s L'.
    double[][] map = new double[p][p];
    map[0][0] = 1;
    for (int c = 0; c < q; c++) {
      map[c + 1][c + 1] = 1 / scale[c];
      if (options.centring() == Centring.NONE) {
        map[0][c + 1] = -mean[kept[c]] / scale[c];
      }
    }
    double[] standardEstimate = new double[p];
    standardEstimate[0] = outcomeMean;
    System.arraycopy(slope, 0, standardEstimate, 1, q);
    double[] estimate = multiply(map, standardEstimate);
    double[][] covariance = sandwich(map, standardCovariance, p, true);
    int residualDf = n - p;
    double critical = Distributions.studentUpperQuantile((1 - options.confidenceLevel()) / 2,
        residualDf);
    List<Coefficient> coefficients = new ArrayList<>(p);
    for (int a = 0; a < p; a++) {
      String name = a == 0 ? INTERCEPT : names.get(kept[a - 1]);
      double se = Math.sqrt(covariance[a][a]);
      double t = estimate[a] / se;
      coefficients.add(new Coefficient(name, estimate[a], se, t, estimate[a] - critical * se,
          estimate[a] + critical * se, Distributions.studentTwoSided(t, residualDf)));
    }
    Omnibus omnibus = omnibus(slope, standardCovariance, q, residualDf);
    return new Result(coefficients, omnibus, dropped, n, options.centring());
  }

  /**
   * The columns {@code wanted} of {@code rows}, whose columns are {@code names} (e.g. the
   * covariates of a subgroup and {@link CovariateEncoder#NAMES}, with {@link #PROFILE}).
   */
  public static double[][] select(double[][] rows, List<String> names, List<String> wanted) {
    int[] index = new int[wanted.size()];
    for (int c = 0; c < index.length; c++) {
      index[c] = names.indexOf(wanted.get(c));
      if (index[c] < 0) {
        throw new IllegalArgumentException("no column " + wanted.get(c) + " among " + names);
      }
    }
    double[][] selected = new double[rows.length][index.length];
    for (int i = 0; i < rows.length; i++) {
      for (int c = 0; c < index.length; c++) {
        selected[i][c] = rows[i][index[c]];
      }
    }
    return selected;
  }

  private static void validate(double[] outcome, double[][] modifiers, List<String> names) {
    Objects.requireNonNull(names, "names");
    if (modifiers.length != outcome.length) {
      throw new IllegalArgumentException("expected " + outcome.length
          + " rows of modifiers, one per score, got " + modifiers.length);
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no modifiers");
    }
    if (names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException("modifier names are not distinct: " + names);
    }
    for (int i = 0; i < outcome.length; i++) {
      if (!Double.isFinite(outcome[i])) {
        throw new IllegalArgumentException("score of unit " + i + " is " + outcome[i]);
      }
      if (modifiers[i].length != names.size()) {
        throw new IllegalArgumentException("unit " + i + " has " + modifiers[i].length
            + " modifiers, expected " + names.size() + " " + names);
      }
      for (int j = 0; j < names.size(); j++) {
        if (!Double.isFinite(modifiers[i][j])) {
          throw new IllegalArgumentException("modifier " + names.get(j) + " of unit " + i
              + " is " + modifiers[i][j]);
        }
      }
    }
  }

  private static void standardise(double[] row, int[] kept, double[] mean, double[] scale,
      double[] z) {
    for (int c = 0; c < kept.length; c++) {
      int j = kept[c];
      z[c] = (row[j] - mean[j]) / scale[c];
    }
  }

  /**
   * Lower Cholesky factor of the q x q matrix (lower triangle given) of centred, scaled columns.
   * Its diagonal divided by n is the share of a column's variance the earlier columns leave
   * unexplained: refused below {@link #COLLINEARITY_TOLERANCE}.
   */
  private static double[] cholesky(double[] gram, int q, int n, int[] kept, List<String> names) {
    double[] lower = new double[q * q];
    for (int a = 0; a < q; a++) {
      for (int b = 0; b <= a; b++) {
        double sum = gram[a * q + b];
        for (int m = 0; m < b; m++) {
          sum -= lower[a * q + m] * lower[b * q + m];
        }
        if (a == b) {
          if (!(sum > COLLINEARITY_TOLERANCE * n)) {
            List<String> earlier = new ArrayList<>();
            for (int c = 0; c < a; c++) {
              earlier.add(names.get(kept[c]));
            }
            throw new IllegalArgumentException("modifier " + names.get(kept[a])
                + " is a linear combination of " + earlier + " among these units (rank-deficient"
                + " modifiers); leave one out");
          }
          lower[a * q + a] = Math.sqrt(sum);
        } else {
          lower[a * q + b] = sum / lower[b * q + b];
        }
      }
    }
    return lower;
  }

  /** v = L^-1 z. */
  private static void forward(double[] lower, int q, double[] z, double[] v) {
    for (int a = 0; a < q; a++) {
      double sum = z[a];
      for (int m = 0; m < a; m++) {
        sum -= lower[a * q + m] * v[m];
      }
      v[a] = sum / lower[a * q + a];
    }
  }

  /** Solves L L' x = b. */
  private static double[] solve(double[] lower, int q, double[] b) {
    double[] v = new double[q];
    forward(lower, q, b, v);
    double[] x = new double[q];
    for (int a = q - 1; a >= 0; a--) {
      double sum = v[a];
      for (int m = a + 1; m < q; m++) {
        sum -= lower[m * q + a] * x[m];
      }
      x[a] = sum / lower[a * q + a];
    }
    return x;
  }

  /** (L L')^-1, column by column. */
  private static double[][] inverse(double[] lower, int q) {
    double[][] inverse = new double[q][q];
    double[] unit = new double[q];
    for (int c = 0; c < q; c++) {
      java.util.Arrays.fill(unit, 0);
      unit[c] = 1;
      double[] column = solve(lower, q, unit);
      for (int a = 0; a < q; a++) {
        inverse[a][c] = column[a];
      }
    }
    return inverse;
  }

  /** B M B for symmetric B (M row-major p x p). */
  private static double[][] sandwich(double[][] bread, double[] meat, int p) {
    double[][] middle = new double[p][p];
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < p; b++) {
        middle[a][b] = meat[a * p + b];
      }
    }
    return sandwich(bread, middle, p, false);
  }

  /** A M A' (or A M A when A is symmetric and {@code transposed} is false, the same). */
  private static double[][] sandwich(double[][] outer, double[][] middle, int p,
      boolean transposed) {
    double[][] left = new double[p][p];
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < p; b++) {
        double sum = 0;
        for (int m = 0; m < p; m++) {
          sum += outer[a][m] * middle[m][b];
        }
        left[a][b] = sum;
      }
    }
    double[][] result = new double[p][p];
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < p; b++) {
        double sum = 0;
        for (int m = 0; m < p; m++) {
          sum += left[a][m] * (transposed ? outer[b][m] : outer[m][b]);
        }
        result[a][b] = sum;
      }
    }
    return result;
  }

  private static double[] multiply(double[][] matrix, double[] vector) {
    double[] result = new double[matrix.length];
    for (int a = 0; a < matrix.length; a++) {
      for (int b = 0; b < vector.length; b++) {
        result[a] += matrix[a][b] * vector[b];
      }
    }
    return result;
  }

  /**
   * W = gamma' V^-1 gamma over the slopes on the standardised scale (the statistic does not
   * depend on the scale), F = W / q. NaN when the slopes' covariance is singular (a perfect
   * fit).
   */
  private static Omnibus omnibus(double[] slope, double[][] covariance, int q, int residualDf) {
    double[] block = new double[q * q];
    for (int a = 0; a < q; a++) {
      for (int b = 0; b < q; b++) {
        block[a * q + b] = covariance[a + 1][b + 1];
      }
    }
    double[] lower = new double[q * q];
    for (int a = 0; a < q; a++) {
      for (int b = 0; b <= a; b++) {
        double sum = block[a * q + b];
        for (int m = 0; m < b; m++) {
          sum -= lower[a * q + m] * lower[b * q + m];
        }
        if (a == b) {
          if (!(sum > 0)) {
            return new Omnibus(Double.NaN, q, residualDf, Double.NaN);
          }
          lower[a * q + a] = Math.sqrt(sum);
        } else {
          lower[a * q + b] = sum / lower[b * q + b];
        }
      }
    }
    double[] v = new double[q];
    forward(lower, q, slope, v);
    double wald = 0;
    for (double value : v) {
      wald += value * value;
    }
    double f = wald / q;
    return new Omnibus(f, q, residualDf, Distributions.fisherUpperTail(f, q, residualDf));
  }

  private static List<String> profile() {
    List<String> names = new ArrayList<>();
    for (Element element : Element.values()) {
      names.add(element.scoreColumn());
    }
    names.add("age");
    names.add("benefit_months");
    return List.copyOf(names);
  }
}
