package nl.samenspel.grading;

/**
 * GRADE certainty of a finding (Guyatt et al., BMJ 2008; GRADE handbook 2013), from high to
 * very low. Evidence from observational data starts at {@link #LOW}; see {@link GradingRule}.
 */
public enum Certainty {
  VERY_LOW("zeer laag", "very low"),
  LOW("laag", "low"),
  MODERATE("redelijk", "moderate"),
  HIGH("hoog", "high");

  private final String dutchName;
  private final String englishName;

  Certainty(String dutchName, String englishName) {
    this.dutchName = dutchName;
    this.englishName = englishName;
  }

  public String dutchName() {
    return dutchName;
  }

  public String englishName() {
    return englishName;
  }

  /** The certainty {@code levels} steps up (positive) or down (negative), within the scale. */
  public Certainty move(int levels) {
    Certainty[] all = values();
    return all[Math.max(0, Math.min(all.length - 1, ordinal() + levels))];
  }
}
