package nl.samenspel.estimate.contract;

import java.util.List;
import java.util.SplittableRandom;
import nl.samenspel.estimate.EstimationInput;

/**
 * A confounded data-generating process with a known effect in every {@link Standard}
 * population, for repeated-sampling checks. Two covariates, x1 uniform on [-2, 2] and x2 0/1
 * with P(x2 = 1) = 0.4; treatment with P(T = 1 | X) = expit(-0.3 + 0.7 x1 + 0.5 x2) (between
 * 0.15 and 0.83, so the usual 0.05-0.95 trimming removes nobody); a 0/1 outcome with
 * P(Y = 1 | X, T = 1) = expit(0.2 + 0.8 x1 + 0.4 x2) and P(Y = 1 | X, T = 0) =
 * expit(-0.6 + 0.5 x1 + 0.4 x2). Both the propensity and the outcome models are logistic in the
 * covariates, so a logistic nuisance model is right; the effect varies with x1, so the effect
 * on everyone, on the treated and on the overlap population differ (about 0.174, 0.199 and
 * 0.179), and so does the crude difference of the outcome rates (about 0.305).
 *
 * <p>The true values are integrals over the covariates, computed here by the midpoint rule on
 * 200,000 points of x1 for each value of x2 (error far below 1e-8). Sampling is seeded by the
 * caller; instances are immutable.
 */
public final class SimulatedStudy {

  private static final double X2_SHARE = 0.4;
  private static final int QUADRATURE_POINTS = 200_000;

  /** The one process of the contract. */
  public static final SimulatedStudy CONFOUNDED = new SimulatedStudy();

  /** One sample: the input and its covariate rows (x1, x2). */
  public record Sample(EstimationInput input, double[][] covariates) {}

  private SimulatedStudy() {}

  public static double expit(double value) {
    return 1 / (1 + Math.exp(-value));
  }

  /** P(T = 1 | x1, x2). */
  public double propensity(double x1, double x2) {
    return expit(-0.3 + 0.7 * x1 + 0.5 * x2);
  }

  /** P(Y = 1 | x1, x2, T = treated). */
  public double outcomeProbability(double x1, double x2, int treated) {
    return treated == 1 ? expit(0.2 + 0.8 * x1 + 0.4 * x2) : expit(-0.6 + 0.5 * x1 + 0.4 * x2);
  }

  public List<String> covariateNames() {
    return List.of("x1", "x2");
  }

  /** {@code units} independent units. */
  public Sample sample(int units, SplittableRandom random) {
    int[] arms = new int[units];
    double[] outcomes = new double[units];
    double[][] x = new double[units][];
    for (int i = 0; i < units; i++) {
      double x1 = -2 + 4 * random.nextDouble();
      double x2 = random.nextDouble() < X2_SHARE ? 1 : 0;
      x[i] = new double[] {x1, x2};
      arms[i] = random.nextDouble() < propensity(x1, x2) ? 1 : 0;
      outcomes[i] = random.nextDouble() < outcomeProbability(x1, x2, arms[i]) ? 1 : 0;
    }
    return new Sample(EstimationInput.binary(arms, outcomes, x, covariateNames()), x);
  }

  /**
   * The true effect in the population of {@code standard}: E[w(X) tau(X)] / E[w(X)] with w = 1
   * (everyone), e(X) (the treated) or e(X)(1 - e(X)) (overlap); for {@link Standard#CRUDE} the
   * difference of the outcome rates of the treated and the untreated, E[e m1] / E[e] -
   * E[(1 - e) m0] / E[1 - e], which an unadjusted comparison estimates.
   */
  public double truth(Standard standard) {
    double effectSum = 0;
    double weightSum = 0;
    double treatedOutcomes = 0;
    double treatedShare = 0;
    double comparisonOutcomes = 0;
    double comparisonShare = 0;
    double step = 4.0 / QUADRATURE_POINTS;
    for (int k = 0; k < QUADRATURE_POINTS; k++) {
      double x1 = -2 + (k + 0.5) * step;
      for (int x2 = 0; x2 <= 1; x2++) {
        double density = (x2 == 1 ? X2_SHARE : 1 - X2_SHARE) * step / 4;
        double e = propensity(x1, x2);
        double m1 = outcomeProbability(x1, x2, 1);
        double m0 = outcomeProbability(x1, x2, 0);
        double w = switch (standard) {
          case EVERYONE, CRUDE -> 1;
          case TREATED -> e;
          case OVERLAP -> e * (1 - e);
        };
        effectSum += density * w * (m1 - m0);
        weightSum += density * w;
        treatedOutcomes += density * e * m1;
        treatedShare += density * e;
        comparisonOutcomes += density * (1 - e) * m0;
        comparisonShare += density * (1 - e);
      }
    }
    if (standard == Standard.CRUDE) {
      return treatedOutcomes / treatedShare - comparisonOutcomes / comparisonShare;
    }
    return effectSum / weightSum;
  }
}
