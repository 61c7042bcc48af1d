package nl.samenspel.evidence;

import java.util.List;

/**
 * Named fixture builders for evidence records in tests: a well-behaved finding by default,
 * changed one property at a time. Shared with the pipelines tests through the test jar.
 */
public final class EvidenceFixtures {

  private EvidenceFixtures() {}

  /** A clear, balanced, precise finding: +12 pp (95% CI 8 to 16), 400 vs 1,600 clients. */
  public static Builder finding(String element, String... interventions) {
    return new Builder(element, List.of(interventions));
  }

  /** Mutable builder; {@link #build()} gives the immutable record. */
  public static final class Builder {
    private final String element;
    private final List<String> interventions;
    private double estimate = 0.12;
    private double ciLow = 0.08;
    private double ciHigh = 0.16;
    private double pValue = 0.00001;
    private double qValue = 0.0001;
    private double naive = 0.15;
    private double rateTreated = 0.30;
    private double rateComparison = 0.18;
    private long nTreated = 400;
    private long nComparison = 1600;
    private double effectiveTreated = 380;
    private double effectiveComparison = 1500;
    private double smdBefore = 0.35;
    private double smdAfter = 0.04;
    private double shareTrimmed = 0.02;
    private double[] placebo = {0.001, -0.03, 0.03};
    private double[] negativeControl = {0.004, -0.02, 0.03};
    private double[] synergy = {Double.NaN, Double.NaN, Double.NaN};
    private long smallestNaiveCell = 60;

    private Builder(String element, List<String> interventions) {
      this.element = element;
      this.interventions = interventions;
    }

    public Builder estimate(double value, double low, double high) {
      this.estimate = value;
      this.ciLow = low;
      this.ciHigh = high;
      return this;
    }

    public Builder pq(double p, double q) {
      this.pValue = p;
      this.qValue = q;
      return this;
    }

    public Builder naive(double value) {
      this.naive = value;
      return this;
    }

    public Builder rates(double treated, double comparison) {
      this.rateTreated = treated;
      this.rateComparison = comparison;
      return this;
    }

    public Builder counts(long treated, long comparison) {
      this.nTreated = treated;
      this.nComparison = comparison;
      return this;
    }

    public Builder effective(double treated, double comparison) {
      this.effectiveTreated = treated;
      this.effectiveComparison = comparison;
      return this;
    }

    public Builder balance(double before, double after) {
      this.smdBefore = before;
      this.smdAfter = after;
      return this;
    }

    public Builder trimmed(double share) {
      this.shareTrimmed = share;
      return this;
    }

    public Builder placebo(double value, double low, double high) {
      this.placebo = new double[] {value, low, high};
      return this;
    }

    public Builder negativeControl(double value, double low, double high) {
      this.negativeControl = new double[] {value, low, high};
      return this;
    }

    public Builder synergy(double value, double low, double high) {
      this.synergy = new double[] {value, low, high};
      return this;
    }

    public Builder smallestNaiveCell(long cell) {
      this.smallestNaiveCell = cell;
      return this;
    }

    public EvidenceRecord build() {
      double se = (ciHigh - ciLow) / (2 * 1.959964);
      return new EvidenceRecord(element, interventions, "aipw", "ATE", estimate, se, ciLow,
          ciHigh, pValue, qValue, naive, naive - 0.05, naive + 0.05, rateTreated,
          rateComparison, nTreated, nComparison, effectiveTreated, effectiveComparison,
          smdBefore, smdAfter, shareTrimmed, 0.3, 0.2, placebo[0], placebo[1], placebo[2],
          negativeControl[0], negativeControl[1], negativeControl[2], 1.9, 1.6, synergy[0],
          synergy[1], synergy[2], smallestNaiveCell);
    }
  }
}
