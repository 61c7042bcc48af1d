package nl.samenspel.survival;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nl.samenspel.estimate.AugmentedIpw;
import nl.samenspel.estimate.Contrast;
import nl.samenspel.estimate.EffectEstimate;
import nl.samenspel.estimate.EstimationInput;
import nl.samenspel.estimate.PropensityModel;
import nl.samenspel.estimate.Trimming;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Repeated sampling from {@link DurableWorkSimulation}: confounded treatment with a planted
 * effect on the time to durable work, a new intervention that reaches recent assessments more
 * often, and follow-up cut short for recent assessments. Propensities are cross-fitted as in
 * the pipeline (5 folds, logistic, on x1, x2 and the assessment month).
 *
 * <p>The adjusted curves must cover the true twelve-month difference in 0.92-0.98 of the
 * replications; the complete-case AIPW (the current pipeline: episodes with an undetermined
 * twelve-month outcome left out, {@link AugmentedIpw} on the rest) must not. Both use the
 * pipeline's kind of covariates (x1, x2: no calendar time); trimming is off in both, so both
 * target the ATE over all clients. Tagged slow: about a minute on two busy cores.
 */
@Tag("statistical")
@Tag("slow")
class AdjustedCurvesSimulationTest {

  private static final int REPLICATIONS = 200;
  private static final int UNITS = 3000;
  private static final List<String> NAMES = List.of("x1", "x2", "assessment_year");

  /** Per replication: estimate, standard error and whether the interval covered the truth. */
  private static final class Tally {
    final String name;
    final double truth;
    final List<Double> estimates = new ArrayList<>();
    double squaredSe;
    int covered;

    Tally(String name, double truth) {
      this.name = name;
      this.truth = truth;
    }

    void add(double estimate, double se, double lower, double upper) {
      estimates.add(estimate);
      squaredSe += se * se;
      covered += lower <= truth && truth <= upper ? 1 : 0;
    }

    double coverage() {
      return (double) covered / estimates.size();
    }

    double bias() {
      return estimates.stream().mapToDouble(e -> e - truth).average().orElseThrow();
    }

    /** Mean reported SE over the spread of the estimates (1: honest, above 1: conservative). */
    double seRatio() {
      double mean = estimates.stream().mapToDouble(e -> e).average().orElseThrow();
      double spread = Math.sqrt(estimates.stream().mapToDouble(e -> (e - mean) * (e - mean))
          .sum() / (estimates.size() - 1));
      return Math.sqrt(squaredSe / estimates.size()) / spread;
    }

    @Override
    public String toString() {
      return String.format("%s: truth %+.4f coverage %.3f bias %+.4f SE/SD %.2f", name, truth,
          coverage(), bias(), seRatio());
    }
  }

  @Test
  void adjustedCurvesCoverTheTwelveMonthDifferenceAndTheCompleteCaseAipwDoesNot() {
    double truth12 = DurableWorkSimulation.trueIncidenceDifference(12, 0);
    Tally curves12 = new Tally("adjusted curves F(12)", truth12);
    Tally curves6 = new Tally("adjusted curves F(6)",
        DurableWorkSimulation.trueIncidenceDifference(6, 0));
    Tally curves18 = new Tally("adjusted curves F(18)",
        DurableWorkSimulation.trueIncidenceDifference(18, 0));
    Tally rmst = new Tally("adjusted RMST(24)",
        DurableWorkSimulation.trueRestrictedMeanDifference(24, 0));
    Tally completeCase = new Tally("complete-case AIPW 12 months", truth12);
    Tally completeCaseMonth = new Tally(
        "complete-case AIPW 12 months, assessment month added to its models", truth12);
    Tally unweighted = new Tally("unweighted KM F(12)", truth12);
    Tally curvesMonth = new Tally(
        "adjusted curves F(12), assessment month added to the propensity model", truth12);
    int rejected = 0;
    int rejectedMonth = 0;
    double undetermined = 0;
    SplittableRandom root = new SplittableRandom(20_260_114L);
    long started = System.nanoTime();
    for (int r = 0; r < REPLICATIONS; r++) {
      DurableWorkSimulation.Episodes episodes = DurableWorkSimulation.generate(UNITS, 0,
          root.split());
      double[] propensity = AdjustedCurves.crossFittedPropensity(episodes.treatment(),
          episodes.covariates(), 5, r, PropensityModel.Options.DEFAULT);
      AdjustedCurves.Comparison comparison = AdjustedCurves.compare(episodes.months(),
          episodes.events(), episodes.treatment(), propensity, OPTIONS);
      add(curves12, comparison.incidenceDifference(12));
      add(curves6, comparison.incidenceDifference(6));
      add(curves18, comparison.incidenceDifference(18));
      add(rmst, comparison.restrictedMeanDifference());

      double[] flat = new double[UNITS];
      java.util.Arrays.fill(flat, 0.5);
      add(unweighted, AdjustedCurves.compare(episodes.months(), episodes.events(),
          episodes.treatment(), flat, OPTIONS).incidenceDifference(12));

      EffectEstimate aipw = completeCaseAipw(episodes, episodes.covariates(), r);
      completeCase.add(aipw.estimate(), aipw.standardError(), aipw.ciLow(), aipw.ciHigh());
      undetermined += 1 - (double) (aipw.nTreated() + aipw.nComparison()) / UNITS;
      EffectEstimate withMonth = completeCaseAipw(episodes,
          episodes.covariatesWithAssessmentMonth(), r);
      completeCaseMonth.add(withMonth.estimate(), withMonth.standardError(), withMonth.ciLow(),
          withMonth.ciHigh());

      rejected += check(episodes, propensity).pValue() < 0.05 ? 1 : 0;

      double[] propensityMonth = AdjustedCurves.crossFittedPropensity(episodes.treatment(),
          episodes.covariatesWithAssessmentMonth(), 5, r, PropensityModel.Options.DEFAULT);
      add(curvesMonth, AdjustedCurves.compare(episodes.months(), episodes.events(),
          episodes.treatment(), propensityMonth, OPTIONS).incidenceDifference(12));
      rejectedMonth += check(episodes, propensityMonth).pValue() < 0.05 ? 1 : 0;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    String report = String.join("\n  ", "AdjustedCurvesSimulationTest (" + REPLICATIONS
        + " replications of " + UNITS + " episodes, " + String.format("%.1f", seconds) + " s):",
        curves12.toString(), curves6.toString(), curves18.toString(), rmst.toString(),
        completeCase.toString(), completeCaseMonth.toString(), unweighted.toString(),
        curvesMonth.toString(),
        String.format("undetermined twelve-month outcomes: %.3f of episodes",
            undetermined / REPLICATIONS),
        String.format("censoring check rejects at 5%%: %.3f with the propensity model on x1 and"
            + " x2, %.3f with the assessment month added (no calendar change planted)",
            (double) rejected / REPLICATIONS, (double) rejectedMonth / REPLICATIONS));
    System.out.println(report);

    assertThat(curves12.coverage()).as(report).isBetween(0.92, 0.98);
    assertThat(Math.abs(curves12.bias())).as(report).isLessThan(0.005);
    assertThat(rmst.coverage()).as(report).isBetween(0.90, 0.99);
    boolean completeCasePasses = completeCase.coverage() >= 0.92
        && completeCase.coverage() <= 0.98 && Math.abs(completeCase.bias()) < 0.005;
    assertThat(completeCasePasses).as("the complete-case AIPW must fail: " + report).isFalse();
    assertThat(curvesMonth.coverage()).as(report).isBetween(0.92, 0.98);
    assertThat((double) rejectedMonth / REPLICATIONS).as("size of the check: " + report)
        .isLessThan(0.10);
  }

  /**
   * The assumption broken on purpose: the most recent twelve months of assessments have a
   * higher chance of durable work (odds x 1.65 a month: the labour market improved), and their
   * follow-up is short, so their later months are never seen. The curves then lean on the
   * earlier clients for the later months and underestimate the population's F(t); the
   * censoring check must see it in most replications. The propensity model includes the
   * assessment month here, so that each weighted arm holds the population's share of recent
   * clients and the only fault is the planted one.
   */
  @Test
  void censoringCheckFindsRecentAssessmentsThatDiffer() {
    double shift = 0.5;
    int replications = 100;
    Tally treated12 = new Tally("treated arm F(12)",
        DurableWorkSimulation.trueIncidence(1, 12, shift));
    Tally comparison12 = new Tally("comparison arm F(12)",
        DurableWorkSimulation.trueIncidence(0, 12, shift));
    Tally difference12 = new Tally("adjusted curves F(12) difference",
        DurableWorkSimulation.trueIncidenceDifference(12, shift));
    int rejected = 0;
    double ratio = 0;
    SplittableRandom root = new SplittableRandom(1_414L);
    for (int r = 0; r < replications; r++) {
      DurableWorkSimulation.Episodes episodes = DurableWorkSimulation.generate(UNITS, shift,
          root.split());
      double[] propensity = AdjustedCurves.crossFittedPropensity(episodes.treatment(),
          episodes.covariatesWithAssessmentMonth(), 5, r, PropensityModel.Options.DEFAULT);
      AdjustedCurves.Comparison comparison = AdjustedCurves.compare(episodes.months(),
          episodes.events(), episodes.treatment(), propensity, OPTIONS);
      addIncidence(treated12, comparison.treated(), 12);
      addIncidence(comparison12, comparison.comparison(), 12);
      add(difference12, comparison.incidenceDifference(12));
      CensoringCheck.Result check = check(episodes, propensity);
      rejected += check.pValue() < 0.05 ? 1 : 0;
      ratio += check.observedToExpected();
    }
    String report = String.join("\n  ", "AdjustedCurvesSimulationTest, recent assessments"
        + " differ (" + replications + " replications):",
        treated12.toString(), comparison12.toString(), difference12.toString(),
        String.format("censoring check rejects at 5%%: %.3f, mean O/E of recent clients %.3f",
            (double) rejected / replications, ratio / replications));
    System.out.println(report);
    assertThat((double) rejected / replications).as(report).isGreaterThan(0.8);
    assertThat(treated12.bias()).as("the broken assumption biases the curves: " + report)
        .isLessThan(-0.01);
    assertThat(comparison12.bias()).as(report).isLessThan(-0.01);
  }

  private static void addIncidence(Tally tally, SurvivalCurve curve, int month) {
    Interval interval = curve.incidenceInterval(month);
    tally.add(curve.cumulativeIncidence(month), curve.standardError(month), interval.lower(),
        interval.upper());
  }

  private static final AdjustedCurves.Options OPTIONS =
      AdjustedCurves.Options.DEFAULT.withTrimming(Trimming.NONE);

  /** The check as the pipeline would run it: recent against earlier, by arm, weighted. */
  private static CensoringCheck.Result check(DurableWorkSimulation.Episodes episodes,
      double[] propensity) {
    double[] weights = AdjustedCurves.weights(episodes.treatment(), propensity,
        OPTIONS.estimand());
    return CensoringCheck.recentAgainstEarlier(episodes.months(), episodes.events(),
        episodes.followUp(), episodes.treatment(), weights, 12, 24);
  }

  private static void add(Tally tally, AdjustedCurves.Difference difference) {
    tally.add(difference.estimate(), difference.standardError(), difference.lower(),
        difference.upper());
  }

  /** The current pipeline: AIPW on the episodes whose twelve-month outcome is determined. */
  static EffectEstimate completeCaseAipw(DurableWorkSimulation.Episodes episodes,
      double[][] covariates, long seed) {
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < episodes.size(); i++) {
      if (!Double.isNaN(episodes.yesNo()[i])) {
        kept.add(i);
      }
    }
    int[] t = kept.stream().mapToInt(i -> episodes.treatment()[i]).toArray();
    double[] y = kept.stream().mapToDouble(i -> episodes.yesNo()[i]).toArray();
    double[][] x = kept.stream().map(i -> covariates[i]).toArray(double[][]::new);
    return new AugmentedIpw(AugmentedIpw.Options.DEFAULT.withTrimming(Trimming.NONE)
        .withSeed(seed)).estimate(EstimationInput.binary(t, y, x,
            NAMES.subList(0, covariates[0].length)), Contrast.BINARY);
  }
}
