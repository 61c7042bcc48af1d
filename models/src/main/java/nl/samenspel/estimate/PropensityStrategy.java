package nl.samenspel.estimate;

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
}
