package nl.samenspel.survival;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import nl.samenspel.estimate.AugmentedIpw;
import nl.samenspel.estimate.Estimand;
import nl.samenspel.estimate.PropensityModel;
import nl.samenspel.estimate.Trimming;

/**
 * Time to durable work in two arms ("received" against "not received", or "both" against
 * "neither"), adjusted by inverse probability of treatment weighting: one weighted Kaplan-Meier
 * curve per arm (Xie and Liu 2005; Cole and Hernán 2004), the difference in the share that
 * started durable work at 6, 12 and 18 months, and the difference in restricted mean time
 * without durable work within 24 months ("on average N months sooner").
 *
 * <p><b>Weights.</b> The propensity {@code e(X)} = P(treated | X, treated or comparison) is an
 * input: the pipeline passes the cross-fitted propensities its AIPW estimate uses, so both
 * answers are about the same clients and the same model. For the ATE the weights are
 * {@code 1 / e} for the treated and {@code 1 / (1 - e)} for the comparison group (for the ATT:
 * 1 and {@code e / (1 - e)}), with e kept at least 0.001 from 0 and 1 as in AIPW, after the same
 * trimming rule; they are normalised to mean 1 within each arm, which changes no estimate.
 * {@link #crossFittedPropensity} fits them with {@link PropensityModel} on
 * {@link AugmentedIpw#randomFolds} folds, for tests and researchers.
 *
 * <p><b>Standard errors.</b> Each arm's curve has the infinitesimal-jackknife variance of
 * {@link WeightedKaplanMeier}; the arms hold different units, so the variance of a difference is
 * the sum of the two. The weights are treated as known, as R's {@code survfit} does: the
 * uncertainty of the fitted propensity model is ignored. For inverse probability weighted means
 * with a correctly specified propensity model that makes the ATE intervals somewhat conservative
 * (Lunceford and Davidian 2004: estimating the propensities reduces the variance); this is not
 * guaranteed for the ATT, nor for a misspecified model. In the seeded simulation
 * ({@code AdjustedCurvesSimulationTest}) the twelve-month intervals cover the truth at close to
 * the nominal rate.
 *
 * <p><b>Assumptions.</b> Besides those of any weighting estimate (all confounders measured and
 * in the propensity model, overlap), the curves need <em>independent censoring</em>: among
 * clients still without durable work at a month, those whose follow-up ends then (recent
 * assessments, gaps in the extract) would have started durable work as often as those still
 * followed, in the weighted arm. {@link CensoringCheck} tests one consequence of it. When the
 * probability of treatment changes over calendar time, the assessment month belongs in the
 * propensity model: otherwise the recent clients, who are censored early, are weighted wrongly.
 *
 * <p>Pure, deterministic (for a given seed) and thread-safe.
 */
public final class AdjustedCurves {

  /** Propensities are kept this far from 0 and 1 in the weights, as in AIPW. */
  static final double PROBABILITY_FLOOR = 1e-3;

  /**
   * @param curves months, interval level and transform of the per-arm curves
   * @param estimand ATE (weights 1/e and 1/(1 - e)) or ATT (1 and e/(1 - e))
   * @param trimming overlap rule on e, as in AIPW
   * @param landmarkMonths months at which the difference in F is reported (default 6, 12, 18)
   */
  public record Options(WeightedKaplanMeier.Options curves, Estimand estimand,
      Trimming trimming, List<Integer> landmarkMonths) implements java.io.Serializable {

    public static final Options DEFAULT = new Options(WeightedKaplanMeier.Options.DEFAULT,
        Estimand.ATE, Trimming.DEFAULT, List.of(6, 12, 18));

    public Options {
      Objects.requireNonNull(curves, "curves");
      Objects.requireNonNull(estimand, "estimand");
      Objects.requireNonNull(trimming, "trimming");
      landmarkMonths = List.copyOf(landmarkMonths);
      for (int month : landmarkMonths) {
        if (month < 1 || month > curves.maxMonth()) {
          throw new IllegalArgumentException("landmark month " + month + " outside 1.."
              + curves.maxMonth());
        }
      }
    }

    public Options withTrimming(Trimming value) {
      return new Options(curves, estimand, value, landmarkMonths);
    }

    public Options withCurves(WeightedKaplanMeier.Options value) {
      return new Options(value, estimand, trimming, landmarkMonths);
    }

    public Options withEstimand(Estimand value) {
      return new Options(curves, value, trimming, landmarkMonths);
    }

    public Options withLandmarks(List<Integer> value) {
      return new Options(curves, estimand, trimming, value);
    }
  }

  /**
   * A difference, treated minus comparison, with its standard error and Wald interval. For F:
   * positive means more clients had started durable work. For the restricted mean: negative
   * means durable work started sooner, by {@code -estimate} months on average.
   */
  public record Difference(int month, double estimate, double standardError, double lower,
      double upper) implements java.io.Serializable {

    public boolean covers(double value) {
      return lower <= value && value <= upper;
    }
  }

  /**
   * The two curves and their differences.
   *
   * @param treated curve of the treated arm (weighted)
   * @param comparison curve of the comparison arm (weighted)
   * @param incidenceDifferences F_treated - F_comparison at the landmark months
   * @param restrictedMeanDifference RMST_treated - RMST_comparison up to the last month
   * @param trimmed units of either arm left out by the trimming rule
   */
  public record Comparison(SurvivalCurve treated, SurvivalCurve comparison,
      List<Difference> incidenceDifferences, Difference restrictedMeanDifference, int trimmed)
      implements java.io.Serializable {

    public Comparison {
      incidenceDifferences = List.copyOf(incidenceDifferences);
    }

    /** F_treated(month) - F_comparison(month), for any month of the curves. */
    public Difference incidenceDifference(int month) {
      return AdjustedCurves.incidenceDifference(treated, comparison, month);
    }

    /** RMST_treated - RMST_comparison within {@code horizon} months. */
    public Difference restrictedMeanDifference(int horizon) {
      return AdjustedCurves.restrictedMeanDifference(treated, comparison, horizon);
    }
  }

  private AdjustedCurves() {}

  /**
   * Weighted curves of the treated ({@code treatment[i]} = 1) and comparison (0) units. For a
   * pair of interventions pass only the "both" (1) and "neither" (0) clients, with
   * {@code e = P(both | X) / (P(both | X) + P(neither | X))}, as AIPW's contrast uses it.
   *
   * @param months month of the start of durable work or of censoring, per unit
   * @param events 1 when durable work started in that month, 0 when censored
   * @param treatment 1 treated, 0 comparison
   * @param propensity e(X) = P(treated | X) per unit (cross-fitted in the pipeline)
   */
  public static Comparison compare(int[] months, int[] events, int[] treatment,
      double[] propensity, Options options) {
    Objects.requireNonNull(options, "options");
    int n = months.length;
    if (events.length != n || treatment.length != n || propensity.length != n) {
      throw new IllegalArgumentException("months, events, treatment and propensity differ in"
          + " length: " + n + ", " + events.length + ", " + treatment.length + ", "
          + propensity.length);
    }
    boolean[] treated = new boolean[n];
    boolean[] comparison = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (treatment[i] != 0 && treatment[i] != 1) {
        throw new IllegalArgumentException("treatment of unit " + i + " is " + treatment[i]
            + ", expected 0 or 1");
      }
      if (!(propensity[i] >= 0 && propensity[i] <= 1)) {
        throw new IllegalArgumentException("propensity of unit " + i + " is " + propensity[i]
            + ", outside [0, 1]");
      }
      treated[i] = treatment[i] == 1;
      comparison[i] = !treated[i];
    }
    boolean[] kept = options.trimming().keep(propensity, treated, comparison);
    double[] weights = weights(treatment, propensity, options.estimand());
    int maxMonth = options.curves().maxMonth();
    double[] meanWeight = new double[2];
    int[] count = new int[2];
    int trimmed = 0;
    for (int i = 0; i < n; i++) {
      if (kept[i]) {
        meanWeight[treatment[i]] += weights[i];
        count[treatment[i]]++;
      } else {
        trimmed++;
      }
    }
    if (count[0] < 2 || count[1] < 2) {
      throw new IllegalArgumentException("too few units after trimming: " + count[1]
          + " treated, " + count[0] + " comparison (no overlap?)");
    }
    MonthlyCounts.Builder[] tables = {MonthlyCounts.builder(maxMonth),
        MonthlyCounts.builder(maxMonth)};
    for (int i = 0; i < n; i++) {
      if (kept[i]) {
        int arm = treatment[i];
        tables[arm].add(months[i], events[i], weights[i] * count[arm] / meanWeight[arm]);
      }
    }
    return compare(tables[1].build(), tables[0].build(), trimmed, options);
  }

  /**
   * The comparison from weighted counts aggregated elsewhere (weights already applied, e.g. by
   * the Spark side: per arm, month and event, the count and the sums of w and w squared).
   */
  public static Comparison compare(MonthlyCounts treated, MonthlyCounts comparison,
      int trimmed, Options options) {
    SurvivalCurve treatedCurve = WeightedKaplanMeier.fit(treated, options.curves());
    SurvivalCurve comparisonCurve = WeightedKaplanMeier.fit(comparison, options.curves());
    List<Difference> differences = new ArrayList<>();
    for (int month : options.landmarkMonths()) {
      differences.add(incidenceDifference(treatedCurve, comparisonCurve, month));
    }
    return new Comparison(treatedCurve, comparisonCurve, differences,
        restrictedMeanDifference(treatedCurve, comparisonCurve, options.curves().maxMonth()),
        trimmed);
  }

  /**
   * Inverse probability weights before normalisation: ATE 1/e (treated) and 1/(1 - e)
   * (comparison); ATT 1 and e/(1 - e). e is kept within [0.001, 0.999].
   */
  public static double[] weights(int[] treatment, double[] propensity, Estimand estimand) {
    double[] w = new double[treatment.length];
    for (int i = 0; i < w.length; i++) {
      double e = Math.min(Math.max(propensity[i], PROBABILITY_FLOOR), 1 - PROBABILITY_FLOOR);
      boolean treated = treatment[i] == 1;
      w[i] = switch (estimand) {
        case ATE -> treated ? 1 / e : 1 / (1 - e);
        case ATT -> treated ? 1 : e / (1 - e);
      };
    }
    return w;
  }

  /**
   * Cross-fitted P(treated | X): a logistic regression ({@link PropensityModel#fitBinary})
   * fitted on the other folds predicts each fold. Folds as the pipeline's subgroups deal them
   * ({@link AugmentedIpw#randomFolds}); with one fold the model is fitted and used on all
   * units. Deterministic for a given seed.
   */
  public static double[] crossFittedPropensity(int[] treatment, double[][] covariates,
      int folds, long seed, PropensityModel.Options models) {
    return crossFittedPropensity(treatment, covariates,
        AugmentedIpw.randomFolds(treatment.length, folds, seed), models);
  }

  /** As above with the folds given ({@code fold[i]} in 0..K-1). */
  public static double[] crossFittedPropensity(int[] treatment, double[][] covariates,
      int[] fold, PropensityModel.Options models) {
    int n = treatment.length;
    if (covariates.length != n || fold.length != n) {
      throw new IllegalArgumentException("treatment, covariates and folds differ in length: "
          + n + ", " + covariates.length + ", " + fold.length);
    }
    int folds = 0;
    for (int f : fold) {
      folds = Math.max(folds, f + 1);
    }
    double[] propensity = new double[n];
    for (int f = 0; f < folds; f++) {
      List<Integer> train = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (folds == 1 || fold[i] != f) {
          train.add(i);
        }
        if (fold[i] == f) {
          test.add(i);
        }
      }
      double[][] x = new double[train.size()][];
      int[] t = new int[train.size()];
      for (int k = 0; k < x.length; k++) {
        x[k] = covariates[train.get(k)];
        t[k] = treatment[train.get(k)];
      }
      PropensityModel model = PropensityModel.fitBinary(x, t, models);
      for (int i : test) {
        propensity[i] = model.probability(covariates[i]);
      }
    }
    return propensity;
  }

  static Difference incidenceDifference(SurvivalCurve treated, SurvivalCurve comparison,
      int month) {
    double estimate = treated.cumulativeIncidence(month) - comparison.cumulativeIncidence(month);
    double se = Math.hypot(treated.standardError(month), comparison.standardError(month));
    return wald(month, estimate, se, treated.options().criticalValue());
  }

  static Difference restrictedMeanDifference(SurvivalCurve treated, SurvivalCurve comparison,
      int horizon) {
    SurvivalCurve.RestrictedMean t = treated.restrictedMean(horizon);
    SurvivalCurve.RestrictedMean c = comparison.restrictedMean(horizon);
    return wald(horizon, t.estimate() - c.estimate(),
        Math.hypot(t.standardError(), c.standardError()), treated.options().criticalValue());
  }

  private static Difference wald(int month, double estimate, double se, double z) {
    return new Difference(month, estimate, se, estimate - z * se, estimate + z * se);
  }
}
