package nl.samenspel.estimate;

/**
 * The extra cost per extra client in durable work: the cost of the interventions per client who
 * received them, divided by the risk difference (Drummond et al. 2015, the incremental
 * cost-effectiveness ratio with the intervention's own cost as the only incremental cost).
 *
 * <p><b>Interval.</b> Fieller's interval for a ratio c / Δ (Fieller 1954; Willan and O'Brien
 * 1996) is the set of R with |c − R Δ̂| ≤ z · se(c − R Δ̂). The cost per client is a fixed
 * catalog price here, without sampling variance, so se(c − R Δ̂) = |R| se(Δ̂) and the set is
 * exactly {c / Δ : Δ in the Wald interval of Δ}: [c / upper, c / lower] when the interval of Δ
 * lies above 0. When it includes 0 the set is unbounded and the ratio is not determinable; when
 * it lies below 0 the interventions go with fewer clients in durable work and no cost per extra
 * one exists. Both are said in words, never as a number.
 *
 * <p><b>Band.</b> Like the EEF Toolkit's cost rating, the cost per client falls in one of five
 * bands; the boundaries are Samenspel's, in euros per client: below 250 very low, 250–1,000
 * low, 1,000–2,500 moderate, 2,500–5,000 high, 5,000 and more very high.
 *
 * <p>Only the intervention's price counts: savings on benefit payments and the costs of staff
 * time not in the catalog price are not included.
 */
public final class CostPerParticipant {

  /** Upper bounds of the bands below {@link Band#VERY_HIGH}, in euros per client. */
  static final double[] BAND_UPPER = {250, 1_000, 2_500, 5_000};

  /** How expensive an intervention is per client, as the EEF's cost rating. */
  public enum Band {
    VERY_LOW, LOW, MODERATE, HIGH, VERY_HIGH;

    /** The band of a cost per client in euros. */
    public static Band of(double euros) {
      if (!(euros >= 0) || Double.isInfinite(euros)) {
        throw new IllegalArgumentException("a cost must be 0 or more euros, got " + euros);
      }
      for (int k = 0; k < BAND_UPPER.length; k++) {
        if (euros < BAND_UPPER[k]) {
          return values()[k];
        }
      }
      return VERY_HIGH;
    }
  }

  /** Whether the cost per extra durable participant could be given. */
  public enum Status {
    /** The effect's interval lies above 0: a ratio with its interval. */
    DETERMINED,
    /** The effect's interval includes 0: not determinable. */
    EFFECT_UNCLEAR,
    /** The effect's interval lies below 0: fewer durable participants, no such cost. */
    FEWER_PARTICIPANTS
  }

  /**
   * @param cost euros per client who received the interventions
   * @param band the cost's band
   * @param status whether the ratio is given
   * @param estimate euros per extra client in durable work (NaN unless determined)
   * @param low lower bound of its interval (NaN unless determined)
   * @param high upper bound (NaN unless determined)
   */
  public record Result(double cost, Band band, Status status, double estimate, double low,
      double high) implements java.io.Serializable {}

  private CostPerParticipant() {}

  /**
   * The cost per extra durable participant of an effect with its interval.
   *
   * @param cost euros per client who received the interventions (0 or more)
   * @param effect risk difference (proportion scale)
   * @param ciLow lower bound of its interval (NaN when the estimator gave none: then the
   *     ratio can't be determined)
   * @param ciHigh upper bound
   */
  public static Result of(double cost, double effect, double ciLow, double ciHigh) {
    Band band = Band.of(cost);
    if (Double.isNaN(ciLow) || Double.isNaN(ciHigh)) {
      return new Result(cost, band, Status.EFFECT_UNCLEAR, Double.NaN, Double.NaN, Double.NaN);
    }
    if (!(ciLow <= effect && effect <= ciHigh)) {
      throw new IllegalArgumentException("the interval [" + ciLow + ", " + ciHigh
          + "] does not hold the effect " + effect);
    }
    double nan = Double.NaN;
    if (ciLow > 0) {
      return new Result(cost, band, Status.DETERMINED, cost / effect, cost / ciHigh,
          cost / ciLow);
    }
    return new Result(cost, band, ciHigh < 0 ? Status.FEWER_PARTICIPANTS : Status.EFFECT_UNCLEAR,
        nan, nan, nan);
  }
}
