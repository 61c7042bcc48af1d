package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import nl.samenspel.survival.AdjustedCurves;
import org.junit.jupiter.api.Test;

/**
 * The curves' cross-fitted propensity on rows of one shared design ({@link CrossFit#propensity})
 * against the per-fold fit it replaced ({@link AdjustedCurves#crossFittedPropensity}, one
 * {@link PropensityModel} per fold on copied rows). Without a ridge both are the maximum
 * likelihood fit and agree to the fit's precision (its Newton steps stop below 1e-8 on a
 * standardised coefficient; measured: at most 9e-8 on a probability); with the default ridge
 * they differ only in which rows the slopes are standardised on (all units once, or each
 * fold's training rows; measured: at most 4e-7).
 */
class CrossFitPropensityTest {

  private static final int N = 3_000;

  /**
   * Confounded treatment on four covariates: two normal, one binary, and a rare indicator that
   * is 0 wherever the binary one is 1 (so it is constant, and left out, among those rows).
   */
  private static double[][] covariates(SplittableRandom random) {
    double[][] x = new double[N][];
    for (int i = 0; i < N; i++) {
      boolean binary = random.nextDouble() < 0.3;
      x[i] = new double[] {random.nextGaussian(), random.nextGaussian(), binary ? 1 : 0,
          !binary && random.nextDouble() < 0.05 ? 1 : 0};
    }
    return x;
  }

  private static int[] treatment(double[][] x, SplittableRandom random) {
    int[] t = new int[N];
    for (int i = 0; i < N; i++) {
      double eta = -0.8 + 0.9 * x[i][0] - 0.5 * x[i][1] + 0.7 * x[i][2];
      t[i] = random.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    }
    return t;
  }

  @Test
  void onASharedDesignEqualsThePerFoldFitWithoutARidge() {
    SplittableRandom random = new SplittableRandom(5);
    double[][] x = covariates(random);
    int[] t = treatment(x, random);
    int[] fold = CrossFit.randomFolds(N, 5, 17);
    PropensityModel.Options mle = new PropensityModel.Options(0, 1e-8, 500);

    // Every row, and subsets (a pair's curves use the rows with both or neither): one taken
    // regardless of the covariates, one selected by a covariate, where the rare indicator is
    // constant.
    int[] all = IntStream.range(0, N).toArray();
    int[] some = IntStream.range(0, N).filter(i -> i % 3 != 0).toArray();
    int[] selected = IntStream.range(0, N).filter(i -> x[i][2] == 1).toArray();
    for (int[] rows : new int[][] {all, some, selected}) {
      double[][] xs = new double[rows.length][];
      int[] ts = new int[rows.length];
      int[] folds = new int[rows.length];
      for (int k = 0; k < rows.length; k++) {
        xs[k] = x[rows[k]];
        ts[k] = t[rows[k]];
        folds[k] = fold[rows[k]];
      }
      double[] before = AdjustedCurves.crossFittedPropensity(ts, xs, folds, mle);
      double[] now = CrossFit.propensity(Design.of(x), rows, t, fold, mle);
      assertThat(now).hasSameSizeAs(before);
      for (int k = 0; k < rows.length; k++) {
        assertThat(now[k]).as("row %d", rows[k]).isCloseTo(before[k], within(1e-6));
      }

      double[] ridged = CrossFit.propensity(Design.of(x), rows, t, fold,
          PropensityModel.Options.DEFAULT);
      double[] ridgedBefore = AdjustedCurves.crossFittedPropensity(ts, xs, folds,
          PropensityModel.Options.DEFAULT);
      double largest = 0;
      for (int k = 0; k < rows.length; k++) {
        largest = Math.max(largest, Math.abs(ridged[k] - ridgedBefore[k]));
      }
      System.out.printf("CrossFitPropensityTest: %d rows, default ridge: largest difference "
          + "%.2e%n", rows.length, largest);
      assertThat(largest).as("default ridge, standardised on all rows or per fold")
          .isLessThan(1e-6);
    }
  }

  @Test
  void withOneFoldTheModelIsFittedAndPredictedOnEveryRow() {
    SplittableRandom random = new SplittableRandom(6);
    double[][] x = covariates(random);
    int[] t = treatment(x, random);
    int[] rows = IntStream.range(0, N).toArray();
    PropensityModel.Options mle = new PropensityModel.Options(0, 1e-8, 500);
    double[] p = CrossFit.propensity(Design.of(x), rows, t, new int[N], mle);
    PropensityModel whole = PropensityModel.fitBinary(x, t, mle);
    for (int i = 0; i < N; i += 97) {
      assertThat(p[i]).isCloseTo(whole.probability(x[i]), within(1e-6));
    }
  }

  @Test
  void refusesLabelsThatDoNotVaryInATrainingFold() {
    SplittableRandom random = new SplittableRandom(7);
    double[][] x = covariates(random);
    int[] rows = IntStream.range(0, N).toArray();
    assertThatThrownBy(() -> CrossFit.propensity(Design.of(x), rows, new int[N],
        CrossFit.randomFolds(N, 5, 1), PropensityModel.Options.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not vary");
  }
}
