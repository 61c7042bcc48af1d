package nl.samenspel.estimate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Nonparametric bootstrap around any estimator: units are resampled with replacement (seeded),
 * the estimator is rerun on each resample, and the interval is the percentile interval of the
 * replicate estimates (Efron and Tibshirani 1993). The point estimate and diagnostics stay those
 * of the original sample; the standard error becomes the replicates' standard deviation.
 */
public final class Bootstrap implements Estimator {

  private final Estimator estimator;
  private final int replicates;
  private final long seed;

  public Bootstrap(Estimator estimator, int replicates, long seed) {
    if (replicates < 50) {
      throw new IllegalArgumentException("need at least 50 bootstrap replicates, got "
          + replicates);
    }
    this.estimator = estimator;
    this.replicates = replicates;
    this.seed = seed;
  }

  @Override
  public String name() {
    return estimator.name();
  }

  @Override
  public EffectEstimate estimate(EstimationInput input, Contrast contrast) {
    EffectEstimate original = estimator.estimate(input, contrast);
    SplittableRandom random = new SplittableRandom(seed);
    int n = input.size();
    double[] values = new double[replicates];
    int done = 0;
    for (int b = 0; b < replicates; b++) {
      int[] rows = new int[n];
      for (int i = 0; i < n; i++) {
        rows[i] = random.nextInt(n);
      }
      try {
        values[done] = estimator.estimate(input.subset(rows), contrast).estimate();
        done++;
      } catch (IllegalArgumentException e) {
        // A resample without enough units in an arm: left out, and counted below.
      }
    }
    if (done < replicates / 2) {
      throw new IllegalArgumentException("only " + done + " of " + replicates
          + " bootstrap resamples could be estimated");
    }
    double[] sorted = Arrays.copyOf(values, done);
    Arrays.sort(sorted);
    double mean = Arrays.stream(sorted).average().orElse(0);
    double variance = Arrays.stream(sorted).map(v -> (v - mean) * (v - mean)).sum() / (done - 1);
    double alpha = 1 - original.confidenceLevel();
    double low = sorted[(int) Math.floor(alpha / 2 * (done - 1))];
    double high = sorted[(int) Math.ceil((1 - alpha / 2) * (done - 1))];
    return new EffectEstimate(original.estimator(), original.estimand(), original.estimate(),
        Math.sqrt(variance), low, high, original.confidenceLevel(), original.nTreated(),
        original.nComparison(), original.meanTreated(), original.meanComparison(),
        original.diagnostics());
  }
}
