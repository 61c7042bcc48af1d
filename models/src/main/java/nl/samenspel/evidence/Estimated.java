package nl.samenspel.evidence;

/**
 * A finding about one combination with an estimate and a 95% interval: a municipality's
 * {@link EvidenceRecord} or a pooled finding across municipalities. What the first screen of a
 * report ranks ({@link nl.samenspel.grading.Highlights}).
 */
public interface Estimated {

  Combination combination();

  /** The risk difference (0.05 = 5 percentage points). */
  double estimate();

  double ciLow();

  double ciHigh();

  /** Benjamini–Hochberg q-value across the findings of the same report. */
  double qValue();
}
