package nl.samenspel.estimate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Nuisance models for AIPW, cross-fitted: units are split into K folds (stratified by arm,
 * seeded), and each fold's propensities and outcome predictions come from models fitted on the
 * other folds (Chernozhukov et al. 2018). With one fold, models are fitted and used on all units.
 */
final class CrossFit {

  /**
   * Per unit: probability of each arm, and predicted outcome under each modelled arm (NaN for
   * arms not modelled).
   */
  record Nuisance(double[][] propensity, double[][] outcome, OutcomeModel.Kind kind) {}

  private CrossFit() {}

  static Nuisance fit(EstimationInput input, int[] outcomeArms, int folds, long seed,
      PropensityStrategy strategy, PropensityModel.Options options) {
    int[] fold = folds(input, folds, seed);
    return new Nuisance(propensity(input, fold, strategy, options),
        outcomes(input, fold, outcomeArms, options), OutcomeModel.Kind.of(input.outcomesView()));
  }

  /** Number of folds in a fold assignment (1 when every unit is in fold 0). */
  static int foldCount(int[] fold) {
    int max = 0;
    for (int f : fold) {
      max = Math.max(max, f);
    }
    return max + 1;
  }

  /** Training and test rows of fold f (all rows for both when there is one fold). */
  static int[][] split(int[] fold, int f) {
    int n = fold.length;
    if (foldCount(fold) == 1) {
      int[] all = allRows(n);
      return new int[][] {all, all};
    }
    return new int[][] {
        java.util.stream.IntStream.range(0, n).filter(i -> fold[i] != f).toArray(),
        java.util.stream.IntStream.range(0, n).filter(i -> fold[i] == f).toArray()};
  }

  /** Cross-fitted probability of every arm. */
  static double[][] propensity(EstimationInput input, int[] fold, PropensityStrategy strategy,
      PropensityModel.Options options) {
    int[] present = presentArms(input);
    if (strategy == PropensityStrategy.JOINT && present.length == 2
        && options.learner() == PropensityModel.Learner.LOGISTIC) {
      return binaryPropensity(input, fold, present, options);
    }
    double[][] x = input.covariatesView();
    double[][] propensity = new double[input.size()][];
    for (int f = 0; f < foldCount(fold); f++) {
      int[][] rows = split(fold, f);
      double[][] testX = Arrays.stream(rows[1]).mapToObj(i -> x[i]).toArray(double[][]::new);
      double[][] p = strategy.fitPredict(input.subset(rows[0]), testX, options);
      for (int k = 0; k < rows[1].length; k++) {
        propensity[rows[1][k]] = p[k];
      }
    }
    return propensity;
  }

  /**
   * Two arms, logistic: one Newton fit per fold on the input's shared design, each fold
   * starting from the previous fold's coefficients.
   */
  private static double[][] binaryPropensity(EstimationInput input, int[] fold, int[] present,
      PropensityModel.Options options) {
    Design design = input.design();
    int[] labels = new int[input.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = input.arm(i) == present[1] ? 1 : 0;
    }
    double[][] propensity = new double[input.size()][input.armCount()];
    double[] start = null;
    for (int f = 0; f < foldCount(fold); f++) {
      int[][] rows = split(fold, f);
      if (!LogisticFit.varies(rows[0], labels)) {
        throw new IllegalArgumentException("all units are in one arm; nothing to compare");
      }
      LogisticFit model = LogisticFit.fit(design, rows[0], labels, options, start);
      start = model.coefficients();
      for (int i : rows[1]) {
        double p = model.probability(design, i);
        propensity[i][present[0]] = 1 - p;
        propensity[i][present[1]] = p;
      }
    }
    return propensity;
  }

  private static int[] presentArms(EstimationInput input) {
    boolean[] seen = new boolean[input.armCount()];
    for (int i = 0; i < input.size(); i++) {
      seen[input.arm(i)] = true;
    }
    return java.util.stream.IntStream.range(0, seen.length).filter(a -> seen[a]).toArray();
  }

  /**
   * Cross-fitted P(label = 1) for some rows of a design, one per entry of {@code rows} in that
   * order: per fold, a logistic model on the other folds' rows predicts this fold's rows, each
   * fold starting from the previous fold's coefficients (as {@link #binaryPropensity} does). With
   * one fold the model is fitted on every row and predicts every row.
   *
   * @param design the standardised design the rows index
   * @param rows the rows to fit and predict
   * @param labels 0 or 1 per row of the design (only {@code rows} are read)
   * @param fold the fold of every row of the design (only {@code rows} are read)
   * @throws IllegalArgumentException when the labels do not vary in a fold's training rows
   */
  static double[] propensity(Design design, int[] rows, int[] labels, int[] fold,
      PropensityModel.Options options) {
    int folds = 0;
    for (int i : rows) {
      folds = Math.max(folds, fold[i] + 1);
    }
    double[] probability = new double[rows.length];
    double[] start = null;
    for (int f = 0; f < folds; f++) {
      int current = f;
      int[] train = folds == 1 ? rows
          : Arrays.stream(rows).filter(i -> fold[i] != current).toArray();
      if (!LogisticFit.varies(train, labels)) {
        throw new IllegalArgumentException("treatment does not vary; nothing to compare");
      }
      LogisticFit model = LogisticFit.fit(design, train, labels, options, start);
      start = model.coefficients();
      for (int k = 0; k < rows.length; k++) {
        if (fold[rows[k]] == f) {
          probability[k] = model.probability(design, rows[k]);
        }
      }
    }
    return probability;
  }

  /** Cross-fitted outcome predictions under each of {@code outcomeArms} (NaN elsewhere). */
  static double[][] outcomes(EstimationInput input, int[] fold, int[] outcomeArms,
      PropensityModel.Options options) {
    OutcomeModel.Kind kind = OutcomeModel.Kind.of(input.outcomesView());
    boolean newton = kind == OutcomeModel.Kind.BINARY
        && options.learner() == PropensityModel.Learner.LOGISTIC;
    double[][] x = input.covariatesView();
    double[][] outcome = new double[input.size()][input.armCount()];
    for (double[] row : outcome) {
      Arrays.fill(row, Double.NaN);
    }
    Design design = newton ? input.design() : null;
    int[] labels = newton ? new int[input.size()] : null;
    if (newton) {
      for (int i = 0; i < labels.length; i++) {
        labels[i] = (int) input.outcome(i);
      }
    }
    double[][] start = new double[input.armCount()][];
    for (int f = 0; f < foldCount(fold); f++) {
      int[][] rows = split(fold, f);
      for (int arm : outcomeArms) {
        int current = arm;
        int[] train = Arrays.stream(rows[0]).filter(i -> input.arm(i) == current).toArray();
        if (train.length < 2) {
          throw new IllegalArgumentException("arm " + arm + " has " + train.length
              + " units in a training fold; too few for an outcome model");
        }
        if (newton) {
          if (!LogisticFit.varies(train, labels)) {
            double constant = labels[train[0]];
            for (int i : rows[1]) {
              outcome[i][arm] = constant;
            }
            continue;
          }
          LogisticFit model = LogisticFit.fit(design, train, labels, options, start[arm]);
          start[arm] = model.coefficients();
          for (int i : rows[1]) {
            outcome[i][arm] = model.probability(design, i);
          }
          continue;
        }
        OutcomeModel model = OutcomeModel.fit(kind,
            Arrays.stream(train).mapToObj(i -> x[i]).toArray(double[][]::new),
            Arrays.stream(train).mapToDouble(input::outcome).toArray(), options);
        for (int i : rows[1]) {
          outcome[i][arm] = model.predict(x[i]);
        }
      }
    }
    return outcome;
  }

  /** Folds without stratification, shared by every combination of one subgroup. */
  static int[] randomFolds(int n, int folds, long seed) {
    int[] order = allRows(n);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    int[] fold = new int[n];
    for (int k = 0; k < n; k++) {
      fold[order[k]] = folds <= 1 ? 0 : k % folds;
    }
    return fold;
  }

  private static int[] allRows(int n) {
    return java.util.stream.IntStream.range(0, n).toArray();
  }

  /** Fold of each unit: shuffled within each arm, then dealt round-robin. */
  static int[] folds(EstimationInput input, int folds, long seed) {
    int n = input.size();
    int[] fold = new int[n];
    if (folds <= 1) {
      return fold;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int arm = 0; arm < input.armCount(); arm++) {
      int current = arm;
      int[] members = java.util.stream.IntStream.range(0, n)
          .filter(i -> input.arm(i) == current).toArray();
      for (int i = members.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = members[i];
        members[i] = members[j];
        members[j] = swap;
      }
      for (int k = 0; k < members.length; k++) {
        fold[members[k]] = k % folds;
      }
    }
    return fold;
  }
}
