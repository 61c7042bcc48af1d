package nl.samenspel.domain;

import java.util.Locale;

/**
 * The seven elements of Blonk's integrative behaviour model (integratief gedragsmodel, 2018).
 * Three describe wanting (willen), four describe being able (kunnen). Each element is scored
 * per client in an assessment; see {@link #isBarrier(int)} for the scale the contract uses.
 */
public enum Element {
  ATTITUDE("houding", "attitude", Group.WILLEN),
  SELF_EFFICACY("geloof in eigen kunnen", "self-efficacy", Group.WILLEN),
  SOCIAL_PRESSURE("sociale druk", "social pressure", Group.WILLEN),
  SKILLS("vaardigheden", "skills", Group.KUNNEN),
  SELF_REGULATION("zelfregulering", "self-regulation", Group.KUNNEN),
  CONTEXT("context", "context", Group.KUNNEN),
  PRACTICAL_BARRIERS("praktische belemmeringen", "practical barriers", Group.KUNNEN);

  /** Whether an element belongs to wanting (motivation) or being able. */
  public enum Group { WILLEN, KUNNEN }

  /** Lowest and highest score on the contract's scale. */
  public static final int MIN_SCORE = 1;
  public static final int MAX_SCORE = 5;
  /** Scores at or below this value mark the element as a barrier for the client. */
  public static final int BARRIER_MAX_SCORE = 2;
  /** The element code used in evidence records for "all clients, no element subgroup". */
  public static final String ALL = "ALL";

  private final String dutchName;
  private final String englishName;
  private final Group group;

  Element(String dutchName, String englishName, Group group) {
    this.dutchName = dutchName;
    this.englishName = englishName;
    this.group = group;
  }

  public String dutchName() {
    return dutchName;
  }

  public String englishName() {
    return englishName;
  }

  public Group group() {
    return group;
  }

  /** The assessment column that holds this element's score, e.g. {@code score_self_efficacy}. */
  public String scoreColumn() {
    return "score_" + name().toLowerCase(Locale.ROOT);
  }

  /** True when a score marks this element as a barrier (1 or 2 on the 1–5 scale). */
  public static boolean isBarrier(int score) {
    return score >= MIN_SCORE && score <= BARRIER_MAX_SCORE;
  }
}
