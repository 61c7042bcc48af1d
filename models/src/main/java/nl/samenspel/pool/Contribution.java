package nl.samenspel.pool;

import java.util.List;
import java.util.Objects;

/**
 * One municipality's published finding for a combination, as its {@code evidence.json} holds
 * it: what pooling reads, and nothing that was not public already.
 *
 * @param municipality the contributor's label (its municipality code or codes)
 * @param period the period of its publication
 * @param estimate adjusted risk difference
 * @param standardError its standard error
 * @param ciLow lower bound of its 95% interval
 * @param ciHigh upper bound
 * @param nTreated its published (rounded) count of the treated arm; null when suppressed
 * @param nComparison its published count of the comparison arm; null when suppressed
 * @param rateTreated its adjusted rate under the intervention(s)
 * @param rateComparison its adjusted rate in the comparison group
 * @param certainty its own certainty grade ({@code LOW}, ...)
 * @param reasons the reasons of that grade ({@code IMBALANCE}, ...)
 * @param checks its balance and refuters, as published
 */
public record Contribution(String municipality, String period, double estimate,
    double standardError, double ciLow, double ciHigh, Long nTreated, Long nComparison,
    double rateTreated, double rateComparison, String certainty, List<String> reasons,
    Checks checks) {

  /**
   * A municipality's published balance diagnostic and refuters (NaN where it published none).
   *
   * @param imbalanceAfter largest absolute standardised mean difference after weighting
   * @param placebo placebo estimate, low, high (treatment permuted: should be about 0)
   * @param negativeControl negative-control estimate, low, high (work before the assessment)
   */
  public record Checks(double imbalanceAfter, double[] placebo, double[] negativeControl) {

    /** Nothing published. */
    public static final Checks NONE = new Checks(Double.NaN,
        new double[] {Double.NaN, Double.NaN, Double.NaN},
        new double[] {Double.NaN, Double.NaN, Double.NaN});

    public Checks {
      placebo = placebo.clone();
      negativeControl = negativeControl.clone();
    }

    @Override
    public double[] placebo() {
      return placebo.clone();
    }

    @Override
    public double[] negativeControl() {
      return negativeControl.clone();
    }
  }

  public Contribution {
    Objects.requireNonNull(municipality, "municipality");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(checks, "checks");
  }

  /** The study the meta-analysis sees. */
  public Study study() {
    return new Study(municipality, estimate, standardError);
  }
}
