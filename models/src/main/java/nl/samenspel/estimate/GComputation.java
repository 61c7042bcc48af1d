package nl.samenspel.estimate;

import java.util.SplittableRandom;

/**
 * Outcome regression (g-computation, Robins 1986): fit the outcome on the covariates within each
 * arm, predict both potential outcomes for every unit, and average the difference over everyone
 * (ATE) or over the treated (ATT). Correct only when the outcome model is. The standard error is
 * a nonparametric bootstrap (units resampled with replacement, seeded).
 */
public final class GComputation implements Estimator {

  /**
   * @param estimand ATE or ATT
   * @param bootstrapReplicates resamples for the standard error (at least 20)
   * @param seed seed of the resampling
   * @param confidenceLevel two-sided level of the interval
   * @param models options of the logistic models
   */
  public record Options(Estimand estimand, int bootstrapReplicates, long seed,
      double confidenceLevel, PropensityModel.Options models) implements java.io.Serializable {
    public static final Options DEFAULT = new Options(Estimand.ATE, 200, 20_261_128L, 0.95,
        PropensityModel.Options.DEFAULT);

    public Options {
      if (bootstrapReplicates < 20) {
        throw new IllegalArgumentException("need at least 20 bootstrap replicates, got "
            + bootstrapReplicates);
      }
      NormalInterval.criticalValue(confidenceLevel);
    }
  }

  private final Options options;

  public GComputation() {
    this(Options.DEFAULT);
  }

  public GComputation(Options options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "gcomp";
  }

  @Override
  public EffectEstimate estimate(EstimationInput input, Contrast contrast) {
    double[] point = fit(input, contrast);
    SplittableRandom random = new SplittableRandom(options.seed());
    int n = input.size();
    double sum = 0;
    double squares = 0;
    int done = 0;
    for (int b = 0; b < options.bootstrapReplicates(); b++) {
      int[] rows = new int[n];
      for (int i = 0; i < n; i++) {
        rows[i] = random.nextInt(n);
      }
      double[] replicate;
      try {
        replicate = fit(input.subset(rows), contrast);
      } catch (IllegalArgumentException e) {
        continue; // a resample without enough units in an arm: skip it
      }
      sum += replicate[0];
      squares += replicate[0] * replicate[0];
      done++;
    }
    if (done < 20) {
      throw new IllegalArgumentException("too few usable bootstrap resamples (" + done + ")");
    }
    double mean = sum / done;
    double standardError = Math.sqrt(Math.max(0, squares / done - mean * mean) * done
        / (done - 1));
    int nT = input.count(contrast.treatedArm());
    int nC = input.count(contrast.comparisonArm());
    return EffectEstimate.of(name(), options.estimand(), point[0], standardError,
        options.confidenceLevel(), nT, nC, point[1], point[2],
        Diagnostics.unadjusted(input, contrast));
  }

  /** Effect, mean under treatment and mean under comparison. */
  private double[] fit(EstimationInput input, Contrast contrast) {
    int t = contrast.treatedArm();
    int c = contrast.comparisonArm();
    OutcomeModel.Kind kind = OutcomeModel.Kind.of(input.outcomesView());
    OutcomeModel treated = fitArm(input, t, kind);
    OutcomeModel comparison = fitArm(input, c, kind);
    double weightSum = 0;
    double sumT = 0;
    double sumC = 0;
    double[][] x = input.covariatesView();
    for (int i = 0; i < input.size(); i++) {
      if (options.estimand() == Estimand.ATT && input.arm(i) != t) {
        continue;
      }
      double w = input.weight(i);
      weightSum += w;
      sumT += w * treated.predict(x[i]);
      sumC += w * comparison.predict(x[i]);
    }
    return new double[] {(sumT - sumC) / weightSum, sumT / weightSum, sumC / weightSum};
  }

  private OutcomeModel fitArm(EstimationInput input, int arm, OutcomeModel.Kind kind) {
    int[] rows = java.util.stream.IntStream.range(0, input.size())
        .filter(i -> input.arm(i) == arm).toArray();
    if (rows.length < 2) {
      throw new IllegalArgumentException("arm " + arm + " has " + rows.length + " units");
    }
    EstimationInput subset = input.subset(rows);
    return OutcomeModel.fit(kind, subset.covariatesView(), subset.outcomesView(),
        options.models());
  }
}
