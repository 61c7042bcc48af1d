package nl.samenspel.estimate;

import java.util.Arrays;
import java.util.stream.IntStream;
import smile.classification.LogisticRegression;

/**
 * Probability of treatment given covariates: a logistic regression fitted by Newton-Raphson
 * ({@link LogisticFit}) on standardised covariates (constant columns dropped, which leaves the
 * fitted probabilities unchanged but keeps the steps well conditioned), or a Smile random
 * forest. {@link #fitBinary} models one
 * intervention (received or not); {@link PropensityStrategy#JOINT} uses a multinomial model for
 * inputs with more than two arms. Pairs of interventions in the pipeline use the factorised
 * model P(A, B | X) = P(A | X) P(B | A, X) in {@link SubgroupEstimation}.
 */
public final class PropensityModel {

  /**
   * @param lambda ridge penalty on the slopes, on the summed log-likelihood of standardised
   *     covariates; the small default only guards against separation (0: maximum likelihood,
   *     as R's glm)
   * @param tolerance Newton stops when no coefficient moves more than this; the fit is then
   *     accurate to about its square (Newton converges quadratically)
   * @param maxIterations Newton steps at most (multinomial models: L-BFGS iterations)
   */
  public record Options(double lambda, double tolerance, int maxIterations, Learner learner)
      implements java.io.Serializable {
    public static final Options DEFAULT = new Options(1e-3, 1e-8, 500, Learner.LOGISTIC);

    /** Logistic options. */
    public Options(double lambda, double tolerance, int maxIterations) {
      this(lambda, tolerance, maxIterations, Learner.LOGISTIC);
    }

    public Options withLearner(Learner value) {
      return new Options(lambda, tolerance, maxIterations, value);
    }

    public Options {
      if (lambda < 0) {
        throw new IllegalArgumentException("lambda must be >= 0, got " + lambda);
      }
      if (tolerance <= 0) {
        throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
      }
      if (maxIterations < 1) {
        throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
      }
      java.util.Objects.requireNonNull(learner, "learner");
    }
  }

  /**
   * Which model family fits the nuisance models: logistic (and linear) regression, or a random
   * forest (Smile, 200 trees, seeded) when the relation with the covariates may be non-linear.
   */
  public enum Learner { LOGISTIC, FOREST }

  /** Seed of the forests; fixed so that a fit is reproducible. */
  static final long FOREST_SEED = 20_261_128L;

  private final Design design;
  private final LogisticFit model;
  private final java.util.function.ToDoubleFunction<double[]> forest;

  private PropensityModel(Design design, LogisticFit model,
      java.util.function.ToDoubleFunction<double[]> forest) {
    this.design = design;
    this.model = model;
    this.forest = forest;
  }

  /** Fits P(treatment = 1 | covariates); {@code treatment} holds 0 and 1, both present. */
  public static PropensityModel fitBinary(double[][] covariates, int[] treatment,
      Options options) {
    boolean seenTreated = false;
    boolean seenControl = false;
    for (int t : treatment) {
      if (t == 1) {
        seenTreated = true;
      } else if (t == 0) {
        seenControl = true;
      } else {
        throw new IllegalArgumentException("treatment must be 0 or 1, got " + t);
      }
    }
    if (!seenTreated || !seenControl) {
      throw new IllegalArgumentException("treatment does not vary; nothing to compare");
    }
    if (options.learner() == Learner.FOREST) {
      return new PropensityModel(null, null,
          Forests.classifier(covariates, treatment, FOREST_SEED));
    }
    Design design = Design.of(covariates);
    int[] rows = IntStream.range(0, covariates.length).toArray();
    return new PropensityModel(design, LogisticFit.fit(design, rows, treatment, options, null),
        null);
  }

  /** P(treatment = 1) for one covariate row. */
  public double probability(double[] covariates) {
    if (forest != null) {
      return forest.applyAsDouble(covariates);
    }
    return LogisticFit.sigmoid(design.linearPredictor(model.coefficients(), covariates));
  }

  /** P(treatment = 1) for every row. */
  public double[] probabilities(double[][] covariates) {
    double[] p = new double[covariates.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = probability(covariates[i]);
    }
    return p;
  }

  /** A multinomial model over the arms present in the training input. */
  static final class Multiclass {
    private final Standardiser standardiser;
    private final LogisticRegression.Multinomial model;
    private final int[] present;
    private final int armCount;

    private Multiclass(Standardiser standardiser, LogisticRegression.Multinomial model,
        int[] present, int armCount) {
      this.standardiser = standardiser;
      this.model = model;
      this.present = present;
      this.armCount = armCount;
    }

    double[] probabilities(double[] covariates) {
      double[] posterior = new double[present.length];
      model.predict(standardiser.apply(covariates), posterior);
      double[] row = new double[armCount];
      for (int k = 0; k < present.length; k++) {
        row[present[k]] = posterior[k];
      }
      return row;
    }
  }

  static Multiclass fitMulticlass(EstimationInput input, Options options) {
    int[] present = presentArms(input).toArray();
    int[] labelOfArm = new int[input.armCount()];
    for (int k = 0; k < present.length; k++) {
      labelOfArm[present[k]] = k;
    }
    int[] labels = new int[input.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = labelOfArm[input.arm(i)];
    }
    Standardiser standardiser = Standardiser.fit(input.covariatesView());
    LogisticRegression.Multinomial model = LogisticRegression.multinomial(
        standardiser.apply(input.covariatesView()), labels, options.lambda(),
        options.tolerance(), options.maxIterations());
    return new Multiclass(standardiser, model, present, input.armCount());
  }

  private static IntStream presentArms(EstimationInput input) {
    boolean[] seen = new boolean[input.armCount()];
    for (int i = 0; i < input.size(); i++) {
      seen[input.arm(i)] = true;
    }
    return IntStream.range(0, seen.length).filter(a -> seen[a]);
  }

  /** Centres and scales each column; drops columns without variation. */
  static final class Standardiser {
    private final double[] mean;
    private final double[] scale;
    private final int[] kept;

    private Standardiser(double[] mean, double[] scale, int[] kept) {
      this.mean = mean;
      this.scale = scale;
      this.kept = kept;
    }

    static Standardiser fit(double[][] covariates) {
      int n = covariates.length;
      int p = n == 0 ? 0 : covariates[0].length;
      double[] mean = new double[p];
      double[] scale = new double[p];
      for (int j = 0; j < p; j++) {
        double sum = 0;
        for (double[] row : covariates) {
          sum += row[j];
        }
        mean[j] = sum / n;
        double squares = 0;
        for (double[] row : covariates) {
          squares += (row[j] - mean[j]) * (row[j] - mean[j]);
        }
        scale[j] = Math.sqrt(squares / n);
      }
      int[] kept = IntStream.range(0, p).filter(j -> scale[j] > 1e-12).toArray();
      return new Standardiser(mean, scale, kept);
    }

    double[] apply(double[] row) {
      double[] x = new double[kept.length];
      for (int c = 0; c < kept.length; c++) {
        int j = kept[c];
        x[c] = (row[j] - mean[j]) / scale[j];
      }
      return x;
    }

    double[][] apply(double[][] rows) {
      double[][] x = new double[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        x[i] = apply(rows[i]);
      }
      return x;
    }
  }
}
