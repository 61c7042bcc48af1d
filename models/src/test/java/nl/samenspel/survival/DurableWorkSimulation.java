package nl.samenspel.survival;

import java.util.SplittableRandom;
import nl.samenspel.journeys.DurableDefinition;
import nl.samenspel.journeys.DurableOutcome;
import nl.samenspel.journeys.DurableParticipation;
import nl.samenspel.journeys.TimeToDurableWork;

/**
 * Generated episodes with a planted effect on the time to durable work, built the way the
 * journeys stage sees them: month bit masks (observed, in work) after each assessment, from
 * which both the yes/no outcome ({@link DurableParticipation#classify}) and the time to durable
 * work ({@link TimeToDurableWork#measure}) are derived.
 *
 * <ul>
 *   <li>Covariates: x1 ~ N(0, 1), x2 ~ Bernoulli(0.4), and the assessment month a, uniform over
 *       48 months before the extract. Like the pipeline's covariates, {@code covariates()} does
 *       not hold the assessment month; {@code covariatesWithAssessmentMonth()} adds it.
 *   <li>Treatment (confounded, and a new intervention: more common for recent assessments):
 *       logit P(T = 1) = -0.9 + 0.8 x1 - 0.5 x2 + 2 a / 47.
 *   <li>Start of durable work: a monthly hazard, logit h = -3.6 + 0.6 x1 + 0.5 x2 + 0.45 T
 *       (+ {@code recentShift} for the 12 most recent assessment months, 0 unless a scenario
 *       plants a calendar change), the same in every month.
 *   <li>Work months: the durable run from the start month lasts 6 to 14 months; before it,
 *       spells of at most 3 months (never touching the run) in a quarter of the months.
 *   <li>Observed months: offsets 1..52 - a (the extract ends; the most recent assessments have
 *       5 months, too few to judge any start), each month also missing with probability 0.004
 *       (gaps in the extract), independently of everything else.
 * </ul>
 *
 * The twelve-month outcome is undetermined for most recent clients who have not yet started
 * durable work; since the recent clients are more often treated, leaving them out removes the
 * treated clients without work more often than the others.
 */
final class DurableWorkSimulation {

  static final double EFFECT = 0.45;
  private static final double INTERCEPT = -3.6;
  private static final double X1 = 0.6;
  private static final double X2 = 0.5;
  private static final double SHARE_X2 = 0.4;
  static final int ASSESSMENT_MONTHS = 48;
  static final int RECENT_MONTHS = 12;
  private static final DurableDefinition DEFINITION = DurableDefinition.DEFAULT;

  /** One replication's episodes. */
  record Episodes(double[][] covariates, double[] assessmentYear, int[] treatment,
      int[] months, int[] events, int[] followUp, int[] recent, double[] yesNo) {

    int size() {
      return treatment.length;
    }

    /** x1, x2 and the assessment month (in years before the extract's first month). */
    double[][] covariatesWithAssessmentMonth() {
      double[][] x = new double[size()][];
      for (int i = 0; i < x.length; i++) {
        x[i] = new double[] {covariates[i][0], covariates[i][1], assessmentYear[i]};
      }
      return x;
    }
  }

  private DurableWorkSimulation() {}

  static Episodes generate(int n, double recentShift, SplittableRandom random) {
    double[][] covariates = new double[n][];
    double[] assessmentYear = new double[n];
    int[] treatment = new int[n];
    int[] months = new int[n];
    int[] events = new int[n];
    int[] followUp = new int[n];
    int[] recent = new int[n];
    double[] yesNo = new double[n];
    for (int i = 0; i < n; i++) {
      double x1 = gaussian(random);
      double x2 = random.nextDouble() < SHARE_X2 ? 1 : 0;
      int a = random.nextInt(ASSESSMENT_MONTHS);
      covariates[i] = new double[] {x1, x2};
      assessmentYear[i] = a / 12.0;
      double e = expit(-0.9 + 0.8 * x1 - 0.5 * x2 + 2.0 * a / (ASSESSMENT_MONTHS - 1));
      treatment[i] = random.nextDouble() < e ? 1 : 0;
      boolean isRecent = a >= ASSESSMENT_MONTHS - RECENT_MONTHS;
      double hazard = expit(INTERCEPT + X1 * x1 + X2 * x2 + EFFECT * treatment[i]
          + (isRecent ? recentShift : 0));
      int start = 1;
      while (start < 70 && random.nextDouble() >= hazard) {
        start++;
      }
      long work = workMask(start, random);
      int observedMonths = ASSESSMENT_MONTHS + 4 - a;
      long observed = 0;
      for (int k = 1; k <= observedMonths; k++) {
        if (random.nextDouble() >= 0.004) {
          observed |= DurableParticipation.bit(k);
        }
      }
      TimeToDurableWork time = TimeToDurableWork.measure(observed, work & observed, DEFINITION);
      months[i] = time.month();
      events[i] = time.eventIndicator();
      followUp[i] = time.followUpMonths();
      recent[i] = isRecent ? 1 : 0;
      DurableOutcome outcome = DurableParticipation.classify(observed, work & observed,
          DEFINITION);
      yesNo[i] = outcome == DurableOutcome.UNDETERMINED ? Double.NaN : outcome.asIndicator();
    }
    return new Episodes(covariates, assessmentYear, treatment, months, events, followUp, recent,
        yesNo);
  }

  /** Work months: short spells before the start, the durable run from it. */
  private static long workMask(int start, SplittableRandom random) {
    long work = 0;
    int run = 0;
    for (int k = 1; k <= Math.min(start - 2, DurableDefinition.MAX_FOLLOW_UP_MONTHS); k++) {
      if (run < 3 && random.nextDouble() < 0.25) {
        work |= DurableParticipation.bit(k);
        run++;
      } else {
        run = 0;
      }
    }
    int length = 6 + random.nextInt(9);
    for (int k = start; k < start + length && k <= DurableDefinition.MAX_FOLLOW_UP_MONTHS; k++) {
      work |= DurableParticipation.bit(k);
    }
    return work;
  }

  /**
   * The true difference, treated minus untreated, in the share that started durable work by
   * {@code month}: the ATE over the covariate distribution and the assessment months (a share
   * 12/48 of recent ones, with their {@code recentShift}), by quadrature over x1 and the two
   * values of x2.
   */
  static double trueIncidenceDifference(int month, double recentShift) {
    return overCohorts(recentShift, shift -> average((x1, x2) ->
        Math.pow(1 - hazard(x1, x2, 0, shift), month)
            - Math.pow(1 - hazard(x1, x2, 1, shift), month)));
  }

  /** The true share of the treated (1) or untreated (0) that started durable work by month. */
  static double trueIncidence(int treated, int month, double recentShift) {
    return overCohorts(recentShift, shift -> average((x1, x2) ->
        1 - Math.pow(1 - hazard(x1, x2, treated, shift), month)));
  }

  /** The true difference in restricted mean time without durable work within {@code tau}. */
  static double trueRestrictedMeanDifference(int tau, double recentShift) {
    return overCohorts(recentShift, shift -> average((x1, x2) -> {
      double sum = 0;
      for (int j = 0; j < tau; j++) {
        sum += Math.pow(1 - hazard(x1, x2, 1, shift), j)
            - Math.pow(1 - hazard(x1, x2, 0, shift), j);
      }
      return sum;
    }));
  }

  private static double overCohorts(double recentShift,
      java.util.function.DoubleUnaryOperator value) {
    double recentShare = (double) RECENT_MONTHS / ASSESSMENT_MONTHS;
    return (1 - recentShare) * value.applyAsDouble(0)
        + recentShare * value.applyAsDouble(recentShift);
  }

  private interface Function {
    double value(double x1, double x2);
  }

  /** E over x1 ~ N(0, 1) (Simpson on [-8, 8]) and x2 ~ Bernoulli(0.4). */
  private static double average(Function f) {
    int steps = 4000;
    double h = 16.0 / steps;
    double total = 0;
    for (int k = 0; k <= steps; k++) {
      double x1 = -8 + k * h;
      double weight = (k == 0 || k == steps) ? 1 : (k % 2 == 1 ? 4 : 2);
      double density = Math.exp(-x1 * x1 / 2) / Math.sqrt(2 * Math.PI);
      double value = (1 - SHARE_X2) * f.value(x1, 0) + SHARE_X2 * f.value(x1, 1);
      total += weight * density * value;
    }
    return total * h / 3;
  }

  private static double hazard(double x1, double x2, int treated, double shift) {
    return expit(INTERCEPT + X1 * x1 + X2 * x2 + EFFECT * treated + shift);
  }

  static double expit(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double gaussian(SplittableRandom random) {
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
