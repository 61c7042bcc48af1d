package nl.samenspel.grading;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.EvidenceRecord;

/**
 * Grades the certainty of each finding by GRADE's logic (Guyatt et al., BMJ 2008; Schünemann
 * et al., GRADE handbook 2013), written out in {@code docs/evidence-grading.md}:
 *
 * <ol>
 *   <li>Observational evidence starts at {@link Certainty#LOW}.</li>
 *   <li>Down for imprecision (interval includes zero, wide interval, chance among many
 *       comparisons, small effective groups; at most two levels together), risk of bias
 *       (imbalance after weighting, failed placebo or negative-control refuter; at most two
 *       levels together) and indirectness (many clients trimmed; one level).</li>
 *   <li>Up, only when nothing went down: a large association (relative risk at least 2 or at
 *       most 1/2: one level; 5 or 1/5: two levels) and a gradient (a pair goes with more than
 *       each of its interventions alone, all in one direction: one level); at most two levels.</li>
 * </ol>
 *
 * <p>Pure and deterministic: the same records give the same grades.
 */
public final class GradingRule {

  /** Where observational evidence starts. */
  public static final Certainty START = Certainty.LOW;
  private static final int MAX_DOWN_PER_DOMAIN = 2;
  private static final int MAX_UP = 2;

  /**
   * Limits of the rule, validated when built.
   *
   * @param maxIntervalWidth widest 95% interval (risk difference) not counted as imprecise
   * @param maxQValue largest q-value at which an interval excluding zero is not "chance among many"
   * @param minEffectiveGroup smallest effective group size (Kish) not counted as small
   * @param imbalanceSmd |SMD| after weighting above which balance is doubtful
   * @param severeImbalanceSmd |SMD| after weighting above which balance is poor
   * @param maxShareTrimmed share of clients trimmed above which the population is narrowed
   * @param largeRelativeRisk relative risk (or its inverse) from which an association is large
   * @param veryLargeRelativeRisk relative risk (or its inverse) from which it is very large
   */
  public record Thresholds(double maxIntervalWidth, double maxQValue, double minEffectiveGroup,
      double imbalanceSmd, double severeImbalanceSmd, double maxShareTrimmed,
      double largeRelativeRisk, double veryLargeRelativeRisk) {

    /** The documented defaults (docs/evidence-grading.md). */
    public static final Thresholds DEFAULT =
        new Thresholds(0.20, 0.05, 100, 0.10, 0.25, 0.20, 2.0, 5.0);

    public Thresholds {
      check(maxIntervalWidth > 0 && maxIntervalWidth <= 2, "maxIntervalWidth", maxIntervalWidth);
      check(maxQValue > 0 && maxQValue < 1, "maxQValue", maxQValue);
      check(minEffectiveGroup >= 0, "minEffectiveGroup", minEffectiveGroup);
      check(imbalanceSmd > 0 && severeImbalanceSmd > imbalanceSmd, "imbalanceSmd", imbalanceSmd);
      check(maxShareTrimmed > 0 && maxShareTrimmed < 1, "maxShareTrimmed", maxShareTrimmed);
      check(largeRelativeRisk > 1 && veryLargeRelativeRisk > largeRelativeRisk,
          "largeRelativeRisk", largeRelativeRisk);
    }

    private static void check(boolean ok, String name, double value) {
      if (!ok) {
        throw new IllegalArgumentException("grading threshold " + name + " is out of range: "
            + value);
      }
    }
  }

  private final Thresholds thresholds;

  public GradingRule(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  public Thresholds thresholds() {
    return thresholds;
  }

  /** Grades every record; singles of the same run feed the gradient check of pairs. */
  public Map<Combination, Grade> gradeAll(List<EvidenceRecord> records) {
    Map<Combination, EvidenceRecord> byCombination = new HashMap<>();
    records.forEach(r -> byCombination.put(r.combination(), r));
    Map<Combination, Grade> grades = new LinkedHashMap<>();
    for (EvidenceRecord record : records) {
      grades.put(record.combination(), grade(record, byCombination));
    }
    return grades;
  }

  /**
   * Grades one record.
   *
   * @param record the finding
   * @param run the run's records by combination (for the gradient of a pair); may be empty
   */
  public Grade grade(EvidenceRecord record, Map<Combination, EvidenceRecord> run) {
    List<Reason> reasons = new ArrayList<>();
    boolean includesZero = !(record.ciLow() > 0 || record.ciHigh() < 0);
    if (includesZero) {
      reasons.add(Reason.INTERVAL_INCLUDES_ZERO);
    }
    // A diagnostic that could not be computed (NaN) counts against the finding, never for it.
    if (!(record.ciHigh() - record.ciLow() <= thresholds.maxIntervalWidth())) {
      reasons.add(Reason.WIDE_INTERVAL);
    }
    if (!includesZero && !(record.qValue() <= thresholds.maxQValue())) {
      reasons.add(Reason.CHANCE_AMONG_MANY);
    }
    if (!(Math.min(record.effectiveTreated(), record.effectiveComparison())
        >= thresholds.minEffectiveGroup())) {
      reasons.add(Reason.SMALL_GROUPS);
    }
    if (record.maxAbsSmdAfter() > thresholds.severeImbalanceSmd()) {
      reasons.add(Reason.SEVERE_IMBALANCE);
    } else if (!(record.maxAbsSmdAfter() <= thresholds.imbalanceSmd())) {
      reasons.add(Reason.IMBALANCE);
    }
    if (excludesZero(record.placeboCiLow(), record.placeboCiHigh())) {
      reasons.add(Reason.PLACEBO_FAILED);
    }
    if (excludesZero(record.negativeControlCiLow(), record.negativeControlCiHigh())) {
      reasons.add(Reason.NEGATIVE_CONTROL_FAILED);
    }
    if (!(record.shareTrimmed() <= thresholds.maxShareTrimmed())) {
      reasons.add(Reason.NARROW_POPULATION);
    }
    if (reasons.isEmpty()) {
      double ratio = relativeRisk(record);
      double strength = ratio >= 1 ? ratio : 1 / ratio;
      if (strength >= thresholds.veryLargeRelativeRisk()) {
        reasons.add(Reason.VERY_LARGE_EFFECT);
      } else if (strength >= thresholds.largeRelativeRisk()) {
        reasons.add(Reason.LARGE_EFFECT);
      }
      if (isGradient(record, run)) {
        reasons.add(Reason.GRADIENT);
      }
    }
    return new Grade(START.move(levels(reasons)), reasons);
  }

  /** Sum of the reasons' levels, each downgrade domain capped, upgrades capped. */
  static int levels(List<Reason> reasons) {
    Map<Reason.Domain, Integer> down = new EnumMap<>(Reason.Domain.class);
    int up = 0;
    for (Reason reason : reasons) {
      if (reason.isUpgrade()) {
        up += reason.levels();
      } else {
        down.merge(reason.domain(), -reason.levels(), Integer::sum);
      }
    }
    int totalDown = down.values().stream()
        .mapToInt(levels -> Math.min(levels, MAX_DOWN_PER_DOMAIN)).sum();
    return Math.min(up, MAX_UP) - totalDown;
  }

  /** Adjusted rate under the intervention(s) over the rate in the comparison group; NaN if undefined. */
  static double relativeRisk(EvidenceRecord record) {
    if (!(record.rateComparison() > 0) || !(record.rateTreated() > 0)) {
      return Double.NaN;
    }
    return record.rateTreated() / record.rateComparison();
  }

  private static boolean isGradient(EvidenceRecord pair, Map<Combination, EvidenceRecord> run) {
    if (!pair.combination().isPair()) {
      return false;
    }
    double direction = Math.signum(pair.estimate());
    for (String code : pair.interventions()) {
      EvidenceRecord single = run.get(new Combination(pair.element(), List.of(code)));
      if (single == null || Math.signum(single.estimate()) != direction
          || Math.abs(single.estimate()) >= Math.abs(pair.estimate())) {
        return false;
      }
    }
    return direction != 0;
  }

  private static boolean excludesZero(double low, double high) {
    return !Double.isNaN(low) && !Double.isNaN(high) && (low > 0 || high < 0);
  }
}
