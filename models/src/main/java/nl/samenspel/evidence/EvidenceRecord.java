package nl.samenspel.evidence;

import java.util.List;

/**
 * The published evidence for one combination: aggregates only, never a unit-level value.
 * For a single intervention the comparison is "received" against "not received"; for a pair it
 * is "received both" against "received neither"; for a triple (one intervention of each
 * discipline) "received all three" against "received none of the three", among clients of the
 * same subgroup (the contrasts inside a triple are in {@link TripleEffects}); refuters are not
 * run for pairs and triples. Effects are
 * risk differences on the proportion scale (0.05 = 5 percentage points). A value that does not
 * apply (a synergy for a single intervention, a refuter that was not run) is NaN.
 *
 * @param element element code or {@code ALL}
 * @param interventions sorted catalog codes (one, two or three)
 * @param estimator the adjusted estimator, e.g. {@code aipw}
 * @param estimand ATE or ATT
 * @param estimate adjusted risk difference
 * @param standardError its standard error
 * @param ciLow lower bound of the 95% interval
 * @param ciHigh upper bound of the 95% interval
 * @param pValue two-sided p-value of "no difference"
 * @param qValue Benjamini–Hochberg q-value across all combinations of the run
 * @param naiveEstimate unadjusted difference in rates
 * @param naiveCiLow lower bound of the unadjusted 95% interval
 * @param naiveCiHigh upper bound of the unadjusted 95% interval
 * @param rateTreated adjusted rate of durable participation under the intervention(s)
 * @param rateComparison adjusted rate in the comparison
 * @param nTreated episodes in the treated arm (after trimming)
 * @param nComparison episodes in the comparison arm (after trimming)
 * @param effectiveTreated effective sample size of the treated arm after weighting
 * @param effectiveComparison effective sample size of the comparison arm after weighting
 * @param maxAbsSmdBefore largest absolute standardised mean difference before weighting
 * @param maxAbsSmdAfter largest absolute standardised mean difference after weighting
 * @param shareTrimmed share of the compared episodes trimmed for lack of overlap
 * @param propensityTreatedMedian median propensity among the treated
 * @param propensityComparisonMedian median propensity among the comparison group
 * @param placeboEstimate estimate with the treatment randomly permuted (should be near 0)
 * @param placeboCiLow lower bound of the placebo interval
 * @param placeboCiHigh upper bound of the placebo interval
 * @param negativeControlEstimate estimate on an outcome measured before the intervention
 * @param negativeControlCiLow lower bound of its interval
 * @param negativeControlCiHigh upper bound of its interval
 * @param eValue E-value of the estimate
 * @param eValueCi E-value of the confidence bound closest to no effect
 * @param synergy for a pair: both - first alone - second alone + neither; for a triple the
 *     three-way interaction (all three against what the pairs and singles predict, {@link
 *     TripleEffects#INTERACTION})
 * @param synergyCiLow lower bound of the synergy interval
 * @param synergyCiHigh upper bound of the synergy interval
 * @param smallestNaiveCell smallest cell of the unadjusted table (received or not × durable or
 *     not, before trimming): decides whether the unadjusted difference may be published
 */
public record EvidenceRecord(String element, List<String> interventions, String estimator,
    String estimand, double estimate, double standardError, double ciLow, double ciHigh,
    double pValue, double qValue, double naiveEstimate, double naiveCiLow, double naiveCiHigh,
    double rateTreated, double rateComparison, long nTreated, long nComparison,
    double effectiveTreated, double effectiveComparison, double maxAbsSmdBefore,
    double maxAbsSmdAfter, double shareTrimmed, double propensityTreatedMedian,
    double propensityComparisonMedian, double placeboEstimate, double placeboCiLow,
    double placeboCiHigh, double negativeControlEstimate, double negativeControlCiLow,
    double negativeControlCiHigh, double eValue, double eValueCi, double synergy,
    double synergyCiLow, double synergyCiHigh, long smallestNaiveCell)
    implements Estimated, java.io.Serializable {

  public EvidenceRecord {
    interventions = List.copyOf(interventions);
  }

  @Override
  public Combination combination() {
    return new Combination(element, interventions);
  }

  /**
   * Episodes trimmed from the comparison for lack of overlap, recovered from the share trimmed:
   * the share is trimmed / (treated + comparison + trimmed).
   */
  public long nTrimmed() {
    if (!(shareTrimmed > 0)) {
      return 0;
    }
    return Math.round(shareTrimmed * (nTreated + nComparison) / (1 - shareTrimmed));
  }

  /** The same record with its q-value set. */
  public EvidenceRecord withQValue(double value) {
    return new EvidenceRecord(element, interventions, estimator, estimand, estimate,
        standardError, ciLow, ciHigh, pValue, value, naiveEstimate, naiveCiLow, naiveCiHigh,
        rateTreated, rateComparison, nTreated, nComparison, effectiveTreated,
        effectiveComparison, maxAbsSmdBefore, maxAbsSmdAfter, shareTrimmed,
        propensityTreatedMedian, propensityComparisonMedian, placeboEstimate, placeboCiLow,
        placeboCiHigh, negativeControlEstimate, negativeControlCiLow, negativeControlCiHigh,
        eValue, eValueCi, synergy, synergyCiLow, synergyCiHigh, smallestNaiveCell);
  }
}
