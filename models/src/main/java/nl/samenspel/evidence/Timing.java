package nl.samenspel.evidence;

import java.util.List;
import java.util.Objects;

/**
 * How soon durable work starts, for one estimated combination: the share of clients who had
 * started durable work by a few months after the assessment, in the treated group ("received",
 * or "both" for a pair) and the comparison group ("not received", "neither"), weighted by the
 * cross-fitted propensities (inverse probability weighted Kaplan-Meier); the differences at the
 * landmark months; and the difference in restricted mean months without durable work ("on
 * average N months sooner"). Every episode counts, also those whose follow-up is not complete
 * yet: they are censored, never counted as "no work".
 *
 * <p>The counts here (clients at risk, clients who started) are unprotected; the publish stage
 * decides what may be shown (docs/methods.md, "Publishing curves safely").
 *
 * @param combination the subgroup and codes, as in the {@link EvidenceRecord}
 * @param points the two curves at the published months (6, 12, 18, 24 by default)
 * @param differences treated minus comparison share started, at the landmark months
 * @param restrictedMean difference in restricted mean months without durable work up to
 *     {@code horizon}: negative means durable work started sooner in the treated group
 * @param horizon the last month the curves follow (24)
 * @param trimmed units left out by the trimming rule
 * @param censoring the check of independent censoring (recent clients, whose twelve-month
 *     outcome is undetermined, against earlier ones), or null when it could not be run (no
 *     recent clients)
 */
public record Timing(Combination combination, List<Point> points, List<Difference> differences,
    Difference restrictedMean, int horizon, int trimmed, Censoring censoring)
    implements java.io.Serializable {

  /** Curves without a censoring check. */
  public Timing(Combination combination, List<Point> points, List<Difference> differences,
      Difference restrictedMean, int horizon, int trimmed) {
    this(combination, points, differences, restrictedMean, horizon, trimmed, null);
  }

  /**
   * Did the recent clients (whose follow-up is too short for the twelve-month outcome) start
   * durable work as often as earlier clients at the same month after the assessment, within
   * each group and with the curves' weights? The stratified robust score test of
   * {@code nl.samenspel.survival.CensoringCheck}; aggregates only.
   *
   * @param chiSquare the test statistic (one degree of freedom)
   * @param pValue its p-value
   * @param observedToExpected weighted starts among the recent clients over the number expected
   *     at the earlier clients' rate (1: no difference)
   */
  public record Censoring(double chiSquare, double pValue, double observedToExpected)
      implements java.io.Serializable {}

  /**
   * One arm of a curve at one month.
   *
   * @param started weighted share that had started durable work by the month (1 - S)
   * @param low lower bound of its pointwise interval
   * @param high upper bound
   * @param atRisk clients (unweighted) still followed without durable work at the start of the
   *     month
   * @param starts clients (unweighted) seen to start durable work up to and including the
   *     month
   * @param atRiskPeople the different clients behind {@code atRisk} (a client can have several
   *     episodes)
   * @param startsPeople the different clients behind {@code starts}
   */
  public record Arm(double started, double low, double high, long atRisk, long starts,
      long atRiskPeople, long startsPeople) implements java.io.Serializable {

    /** An arm whose episodes are all of different clients. */
    public Arm(double started, double low, double high, long atRisk, long starts) {
      this(started, low, high, atRisk, starts, atRisk, starts);
    }
  }

  /** Both arms at one month after the assessment. */
  public record Point(int month, Arm treated, Arm comparison) implements java.io.Serializable {
    public Point {
      Objects.requireNonNull(treated, "treated");
      Objects.requireNonNull(comparison, "comparison");
    }
  }

  /** A difference with its standard error and Wald interval, at a month. */
  public record Difference(int month, double estimate, double standardError, double low,
      double high) implements java.io.Serializable {}

  public Timing {
    Objects.requireNonNull(combination, "combination");
    points = List.copyOf(points);
    differences = List.copyOf(differences);
    Objects.requireNonNull(restrictedMean, "restrictedMean");
  }

  /** The point at a month, or null when the curves are not published there. */
  public Point point(int month) {
    return points.stream().filter(p -> p.month() == month).findFirst().orElse(null);
  }

  /** The difference at a landmark month, or null. */
  public Difference difference(int month) {
    return differences.stream().filter(d -> d.month() == month).findFirst().orElse(null);
  }
}
