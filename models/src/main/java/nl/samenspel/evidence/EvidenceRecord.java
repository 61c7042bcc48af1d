package nl.samenspel.evidence;

import java.util.List;

/**
 * The published evidence for one combination: aggregates only, never a unit-level value.
 * For a single intervention the comparison is "received" against "not received"; for a pair it
 * is "received both" against "received neither", among clients of the same subgroup. Effects are
 * risk differences on the proportion scale (0.05 = 5 percentage points).
 *
 * @param element element code or {@code ALL}
 * @param interventions sorted catalog codes (one or two)
 * @param estimator the adjusted estimator, e.g. {@code ipw}
 * @param estimate adjusted risk difference
 * @param standardError its standard error
 * @param ciLow lower bound of the 95% interval
 * @param ciHigh upper bound of the 95% interval
 * @param naiveEstimate unadjusted difference in rates
 * @param naiveCiLow lower bound of the unadjusted 95% interval
 * @param naiveCiHigh upper bound of the unadjusted 95% interval
 * @param rateTreated adjusted rate of durable participation in the treated arm
 * @param rateComparison adjusted rate in the comparison arm
 * @param nTreated episodes in the treated arm
 * @param nComparison episodes in the comparison arm
 * @param effectiveTreated effective sample size of the treated arm after weighting
 * @param effectiveComparison effective sample size of the comparison arm after weighting
 */
public record EvidenceRecord(String element, List<String> interventions, String estimator,
    double estimate, double standardError, double ciLow, double ciHigh, double naiveEstimate,
    double naiveCiLow, double naiveCiHigh, double rateTreated, double rateComparison,
    long nTreated, long nComparison, double effectiveTreated, double effectiveComparison) {

  public EvidenceRecord {
    interventions = List.copyOf(interventions);
  }

  public Combination combination() {
    return new Combination(element, interventions);
  }
}
