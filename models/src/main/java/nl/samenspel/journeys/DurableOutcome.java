package nl.samenspel.journeys;

/** The durable-participation outcome of one episode. */
public enum DurableOutcome {
  /** A qualifying spell of work was observed. */
  DURABLE,
  /** Every month of the follow-up was observed and no qualifying spell exists. */
  NOT_DURABLE,
  /**
   * No qualifying spell among the observed months, but some follow-up months are missing (a gap
   * in the extract or follow-up not yet complete), so the outcome cannot be known. Such episodes
   * are counted and left out of estimation; they are never counted as failures.
   */
  UNDETERMINED;

  /** 1 for durable, 0 for not durable, {@code null} when undetermined. */
  public Integer asIndicator() {
    return switch (this) {
      case DURABLE -> 1;
      case NOT_DURABLE -> 0;
      case UNDETERMINED -> null;
    };
  }
}
