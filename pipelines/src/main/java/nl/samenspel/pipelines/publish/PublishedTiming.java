package nl.samenspel.pipelines.publish;

import java.util.ArrayList;
import java.util.List;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.evidence.Timing;

/**
 * The curves of time to durable work of one combination as they may be published (docs/methods.md,
 * "Publishing curves safely"). A curve's steps are counts (the drop in S times the number at
 * risk is the number of starts in a month), so the curves are published only at a few months
 * (6, 12, 18 and 24), and a month only where, in both groups, at least the disclosure threshold
 * of clients is still at risk and at least as many have started durable work; the numbers at
 * risk are rounded to the rounding base. Both thresholds count different clients as well as
 * episodes (a client can have several episodes), like the population table. The shares and
 * their bounds are rounded to 0.001, like every published rate: the curve of a group whose
 * weights are all 1 (the treated group of an ATT, a triple) is a plain Kaplan-Meier, whose
 * exact values would give back counts. A difference at a month is shown with its month; the
 * restricted mean difference (an average over the whole curve, from which no month's count can
 * be read) when some month is shown. Every format renders from this one view.
 *
 * @param points the months, shown or withheld, in order
 * @param differences treated minus comparison at the landmark months, NaN where withheld
 * @param restrictedMean the difference in restricted mean months without durable work, or null
 * @param horizon the months the restricted mean covers
 * @param censoring the check of independent censoring (aggregates only: a statistic, its
 *     p-value and a ratio), shown with the curves; null when it could not be run or nothing of
 *     the curves is shown
 */
record PublishedTiming(List<Point> points, List<Timing.Difference> differences,
    Timing.Difference restrictedMean, int horizon, Timing.Censoring censoring) {

  /**
   * One group at one month: the share that had started durable work, its interval, and the
   * clients still at risk (rounded); all null (NaN) when the month is withheld.
   */
  record Arm(double started, double low, double high, Long atRisk) {
    static final Arm WITHHELD = new Arm(Double.NaN, Double.NaN, Double.NaN, null);
  }

  /** Both groups at one month; {@code shown} false when the month is withheld. */
  record Point(int month, boolean shown, Arm treated, Arm comparison) {}

  /** The published view of {@code timing} under {@code rules}. */
  static PublishedTiming of(Timing timing, DisclosureRules rules) {
    List<Point> points = new ArrayList<>();
    for (Timing.Point p : timing.points()) {
      boolean shown = shown(p.treated(), rules) && shown(p.comparison(), rules);
      points.add(shown ? new Point(p.month(), true, arm(p.treated(), rules),
          arm(p.comparison(), rules))
          : new Point(p.month(), false, Arm.WITHHELD, Arm.WITHHELD));
    }
    List<Timing.Difference> differences = new ArrayList<>();
    for (Timing.Difference d : timing.differences()) {
      Point at = points.stream().filter(p -> p.month() == d.month()).findFirst().orElse(null);
      differences.add(at != null && at.shown() && finite(d) ? d
          : new Timing.Difference(d.month(), Double.NaN, Double.NaN, Double.NaN, Double.NaN));
    }
    boolean any = points.stream().anyMatch(Point::shown);
    Timing.Difference restricted = any && finite(timing.restrictedMean())
        ? timing.restrictedMean() : null;
    return new PublishedTiming(points, differences, restricted, timing.horizon(),
        any ? timing.censoring() : null);
  }

  /** Whether anything of the curves is shown. */
  boolean anyShown() {
    return points.stream().anyMatch(Point::shown);
  }

  private static boolean shown(Timing.Arm arm, DisclosureRules rules) {
    return Math.min(arm.atRisk(), arm.atRiskPeople()) >= rules.threshold()
        && Math.min(arm.starts(), arm.startsPeople()) >= rules.threshold()
        && Double.isFinite(arm.started()) && Double.isFinite(arm.low())
        && Double.isFinite(arm.high());
  }

  private static Arm arm(Timing.Arm arm, DisclosureRules rules) {
    return new Arm(share(arm.started()), share(arm.low()), share(arm.high()),
        rules.round(arm.atRisk()));
  }

  /** A share to 0.001. */
  private static double share(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private static boolean finite(Timing.Difference d) {
    return Double.isFinite(d.estimate()) && Double.isFinite(d.low())
        && Double.isFinite(d.high());
  }
}
