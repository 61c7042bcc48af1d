package nl.samenspel.estimate;

import java.util.Arrays;

/**
 * How the probability of each arm given the covariates is modelled: fitted on some units,
 * predicted for others (so that AIPW can cross-fit). Implementations are stateless.
 */
public interface PropensityStrategy extends java.io.Serializable {

  /**
   * Fits on {@code train} and returns, for each row of {@code target}, the probability of each
   * arm of the input (columns 0..armCount-1).
   */
  double[][] fitPredict(EstimationInput train, double[][] target, PropensityModel.Options options);

  /** One model for all arms: binomial for two arms present, multinomial for more. */
  PropensityStrategy JOINT = (train, target, options) -> {
    boolean[] seen = new boolean[train.armCount()];
    for (int i = 0; i < train.size(); i++) {
      seen[train.arm(i)] = true;
    }
    int[] present = java.util.stream.IntStream.range(0, seen.length).filter(a -> seen[a])
        .toArray();
    if (present.length < 2) {
      throw new IllegalArgumentException("all units are in one arm; nothing to compare");
    }
    double[][] probabilities = new double[target.length][train.armCount()];
    if (present.length == 2) {
      int[] labels = new int[train.size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = train.arm(i) == present[1] ? 1 : 0;
      }
      PropensityModel model = PropensityModel.fitBinary(train.covariatesView(), labels, options);
      for (int i = 0; i < target.length; i++) {
        double p = model.probability(target[i]);
        probabilities[i][present[0]] = 1 - p;
        probabilities[i][present[1]] = p;
      }
      return probabilities;
    }
    PropensityModel.Multiclass model = PropensityModel.fitMulticlass(train, options);
    for (int i = 0; i < target.length; i++) {
      probabilities[i] = model.probabilities(target[i]);
    }
    return probabilities;
  };

  /**
   * For a pair of interventions coded as arm = a + 2b (0 neither, 1 only the first, 2 only the
   * second, 3 both): P(A, B | X) = P(A | X) P(B | A, X), two binomial models. Exact when both are
   * logistic in these terms, and much faster than a four-class multinomial fit.
   */
  PropensityStrategy FACTORISED_PAIR = (train, target, options) -> {
    if (train.armCount() != 4) {
      throw new IllegalArgumentException("the factorised pair model needs 4 arms, got "
          + train.armCount());
    }
    double[][] x = train.covariatesView();
    int[] a = new int[train.size()];
    int[] b = new int[train.size()];
    double[][] withA = new double[train.size()][];
    for (int i = 0; i < a.length; i++) {
      a[i] = train.arm(i) & 1;
      b[i] = train.arm(i) >> 1;
      withA[i] = Arrays.copyOf(x[i], x[i].length + 1);
      withA[i][x[i].length] = a[i];
    }
    PropensityModel modelA = PropensityModel.fitBinary(x, a, options);
    PropensityModel modelB = PropensityModel.fitBinary(withA, b, options);
    double[][] probabilities = new double[target.length][4];
    for (int i = 0; i < target.length; i++) {
      double pA = modelA.probability(target[i]);
      double[] row = Arrays.copyOf(target[i], target[i].length + 1);
      row[row.length - 1] = 1;
      double pBGivenA = modelB.probability(row);
      row[row.length - 1] = 0;
      double pBGivenNotA = modelB.probability(row);
      probabilities[i][0] = (1 - pA) * (1 - pBGivenNotA);
      probabilities[i][1] = pA * (1 - pBGivenA);
      probabilities[i][2] = (1 - pA) * pBGivenNotA;
      probabilities[i][3] = pA * pBGivenA;
    }
    return probabilities;
  };
}
