package nl.samenspel.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import nl.samenspel.estimate.Trimming;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Agreement with an independent implementation: R 4.2's survival 3.5-3 on a fixed data set of
 * 400 clients in two arms with inverse-probability weights (all different), monthly ties,
 * censoring before 24 months for 35% of clients and some at month 0
 * ({@code reference/survival/survival_reference.R}, output in {@code survival_reference.out}).
 * R's calls: {@code survfit(Surv(month, event) ~ 1, weights = weight, robust = TRUE, id = unit,
 * conf.type = "log-log" | "log" | "plain", influence = TRUE)} per arm;
 * {@code summary(fit, times = 1:24)}; {@code summary(fit, rmean = 24)$table}; and
 * {@code coxph(Surv(month, event) ~ recent + strata(arm), weights = weight, robust = TRUE,
 * ties = "breslow")$rscore}. Everything agrees to 1e-6; the largest differences are printed.
 */
class WeightedKaplanMeierReferenceTest {

  private static final double TOLERANCE = 1e-6;
  private static final Map<String, Double> LARGEST = new TreeMap<>();

  private static void agrees(String quantity, double actual, OptionalDouble expected) {
    if (expected.isEmpty()) {
      return;
    }
    double difference = Math.abs(actual - expected.getAsDouble());
    LARGEST.merge(quantity, difference, Math::max);
    assertThat(actual).as(quantity).isCloseTo(expected.getAsDouble(), within(TOLERANCE));
  }

  @AfterAll
  static void printLargestDifferences() {
    System.out.println("WeightedKaplanMeierReferenceTest, largest |Java - R|: " + LARGEST);
  }

  private static SurvivalCurve fit(int arm, IntervalTransform transform) {
    SurvivalReference.Data data = SurvivalReference.data().arm(arm);
    return WeightedKaplanMeier.fit(data.month(), data.event(), data.weight(),
        WeightedKaplanMeier.Options.DEFAULT.withTransform(transform));
  }

  @Test
  void curvesAndRobustStandardErrorsEqualSurvfit() {
    for (int arm = 0; arm <= 1; arm++) {
      SurvivalCurve curve = fit(arm, IntervalTransform.LOG_LOG);
      for (int month = 1; month <= 24; month++) {
        agrees("surv", curve.survival(month), SurvivalReference.expected("surv", arm, month));
        agrees("std_err", curve.standardError(month),
            SurvivalReference.expected("std_err", arm, month));
        agrees("n_risk (weighted)", curve.weightedAtRisk(month),
            SurvivalReference.expected("n_risk", arm, month));
      }
      assertThat(curve.lastEstimableMonth()).isEqualTo(24);
    }
  }

  @Test
  void intervalsEqualSurvfitOnEveryScale() {
    Map<IntervalTransform, String> tags = Map.of(IntervalTransform.LOG_LOG, "loglog",
        IntervalTransform.LOG, "log", IntervalTransform.PLAIN, "plain");
    for (var entry : tags.entrySet()) {
      for (int arm = 0; arm <= 1; arm++) {
        SurvivalCurve curve = fit(arm, entry.getKey());
        for (int month = 1; month <= 24; month++) {
          Interval interval = curve.survivalInterval(month);
          agrees("lower_" + entry.getValue(), interval.lower(),
              SurvivalReference.expected("lower_" + entry.getValue(), arm, month));
          agrees("upper_" + entry.getValue(), interval.upper(),
              SurvivalReference.expected("upper_" + entry.getValue(), arm, month));
          Interval incidence = curve.incidenceInterval(month);
          assertThat(incidence.lower()).isCloseTo(1 - interval.upper(), within(1e-15));
          assertThat(incidence.covers(curve.cumulativeIncidence(month))).isTrue();
        }
      }
    }
  }

  /**
   * The restricted mean equals R's rmean. Its standard error equals the one from R's influence
   * matrix, and a bootstrap with the weights held fixed (2000 resamples in R) agrees to Monte
   * Carlo error (about 1.6% of the SE). R's printed se(rmean) is not used: it treats the weights
   * as case counts (Greenwood), about 0.67 and 0.52 of the influence SE here.
   */
  @Test
  void restrictedMeanEqualsRmeanAndItsInfluenceStandardError() {
    for (int arm = 0; arm <= 1; arm++) {
      SurvivalCurve curve = fit(arm, IntervalTransform.LOG_LOG);
      for (int horizon : new int[] {12, 24}) {
        SurvivalCurve.RestrictedMean mean = curve.restrictedMean(horizon);
        agrees("rmean", mean.estimate(), SurvivalReference.expected("rmean", arm, horizon));
        agrees("rmean_se (influence matrix)", mean.standardError(),
            SurvivalReference.expected("rmean_se_influence", arm, horizon));
      }
      SurvivalCurve.RestrictedMean mean = curve.restrictedMean();
      double bootstrap = SurvivalReference.expected("rmean_se_bootstrap", arm, 24).getAsDouble();
      assertThat(mean.standardError()).as("bootstrap SE of arm " + arm)
          .isCloseTo(bootstrap, within(0.03 * bootstrap));
      double greenwood = SurvivalReference.expected("rmean_se_greenwood", arm, 24).getAsDouble();
      assertThat(greenwood).as("R's printed se(rmean) is the case-count formula")
          .isLessThan(0.8 * mean.standardError());
    }
  }

  @Test
  void censoringCheckEqualsCoxphRobustScoreTest() {
    SurvivalReference.Data data = SurvivalReference.data();
    CensoringCheck.Result weighted = CensoringCheck.recentAgainstEarlier(data.month(),
        data.event(), data.followUp(), data.arm(), data.weight(), 12, 24);
    agrees("robust_score", weighted.chiSquare(),
        SurvivalReference.expected("robust_score", -1, 12));
    agrees("robust_score_p", weighted.pValue(),
        SurvivalReference.expected("robust_score_p", -1, 12));
    double[] ones = new double[data.size()];
    java.util.Arrays.fill(ones, 1);
    CensoringCheck.Result unweighted = CensoringCheck.recentAgainstEarlier(data.month(),
        data.event(), data.followUp(), data.arm(), ones, 12, 24);
    agrees("robust_score_unweighted", unweighted.chiSquare(),
        SurvivalReference.expected("robust_score_unweighted", -1, 12));
    CensoringCheck.Result below24 = CensoringCheck.recentAgainstEarlier(data.month(),
        data.event(), data.followUp(), data.arm(), data.weight(), 24, 24);
    agrees("robust_score (recent below 24)", below24.chiSquare(),
        SurvivalReference.expected("robust_score", -1, 24));
    assertThat(weighted.recentUnits() + weighted.earlierUnits()).isEqualTo(400);
    assertThat(weighted.observedToExpected()).isBetween(0.7, 1.3);
  }

  /**
   * The comparison with the propensities of the data (weights 1/ps and 1/(1 - ps), no
   * trimming) gives R's two curves, and differences whose standard errors are those of the two
   * arms combined.
   */
  @Test
  void adjustedCurvesReproduceBothArms() {
    SurvivalReference.Data data = SurvivalReference.data();
    AdjustedCurves.Comparison comparison = AdjustedCurves.compare(data.month(), data.event(),
        data.arm(), data.propensity(), AdjustedCurves.Options.DEFAULT.withTrimming(
            Trimming.NONE));
    assertThat(comparison.trimmed()).isZero();
    for (AdjustedCurves.Difference difference : comparison.incidenceDifferences()) {
      int month = difference.month();
      double expected = SurvivalReference.expected("surv", 0, month).getAsDouble()
          - SurvivalReference.expected("surv", 1, month).getAsDouble();
      agrees("F difference", difference.estimate(), OptionalDouble.of(expected));
      agrees("F difference se", difference.standardError(), OptionalDouble.of(Math.hypot(
          SurvivalReference.expected("std_err", 0, month).getAsDouble(),
          SurvivalReference.expected("std_err", 1, month).getAsDouble())));
    }
    assertThat(comparison.incidenceDifferences()).extracting(AdjustedCurves.Difference::month)
        .containsExactly(6, 12, 18);
    AdjustedCurves.Difference rmst = comparison.restrictedMeanDifference();
    agrees("RMST difference", rmst.estimate(), OptionalDouble.of(
        SurvivalReference.expected("rmean", 1, 24).getAsDouble()
            - SurvivalReference.expected("rmean", 0, 24).getAsDouble()));
    agrees("RMST difference se", rmst.standardError(), OptionalDouble.of(Math.hypot(
        SurvivalReference.expected("rmean_se_influence", 0, 24).getAsDouble(),
        SurvivalReference.expected("rmean_se_influence", 1, 24).getAsDouble())));
    assertThat(rmst.estimate()).as("arm 1 has the higher hazard: sooner").isNegative();
  }
}
