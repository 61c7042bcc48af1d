package nl.samenspel.evidence;

import java.util.List;
import java.util.Objects;

/**
 * What the three disciplines do together, for one triple (one klantmanager, one
 * inkomensconsulent and one accountmanager intervention) in one subgroup: every contrast of the
 * eight arms against "none of the three" that could be estimated, and the three-way interaction.
 * The triple's headline, all three against none, is also an {@link EvidenceRecord} (graded,
 * carded and protected like every other combination); this record holds the comparisons inside
 * the triple that explain it. Aggregates only: no count of units is kept here.
 *
 * @param combination the subgroup and the three codes
 * @param order the three codes in discipline order (klantmanager, inkomensconsulent,
 *     accountmanager): the first, second and third of {@link Contrast#received()}
 * @param contrasts the contrasts estimated: the interventions received (one, two or all three,
 *     none of the others) against none of the three, then the three-way interaction (received
 *     empty)
 * @param notEstimated the contrasts that were not, with the reason
 */
public record TripleEffects(Combination combination, List<String> order, List<Contrast> contrasts,
    List<Missing> notEstimated) implements java.io.Serializable {

  /** The name of the three-way interaction in {@link Contrast#quantity()}. */
  public static final String INTERACTION = "three_way_interaction";
  /** The name of a contrast of received interventions against none. */
  public static final String VERSUS_NONE = "versus_none";

  /**
   * One contrast.
   *
   * @param quantity {@link #VERSUS_NONE} or {@link #INTERACTION}
   * @param received the interventions received in the arm compared with none (in discipline
   *     order); empty for the interaction
   * @param estimate risk difference (or interaction) on the proportion scale
   * @param standardError its standard error
   * @param ciLow lower bound of the interval
   * @param ciHigh upper bound
   * @param pValue two-sided p-value of "no difference"
   */
  public record Contrast(String quantity, List<String> received, double estimate,
      double standardError, double ciLow, double ciHigh, double pValue)
      implements java.io.Serializable {
    public Contrast {
      received = List.copyOf(received);
    }

    public boolean isInteraction() {
      return INTERACTION.equals(quantity);
    }
  }

  /**
   * A contrast not estimated.
   *
   * @param quantity as in {@link Contrast}
   * @param received as in {@link Contrast}
   * @param reason why ({@code TOO_FEW_EPISODES}, {@code NO_OVERLAP}, {@code MODEL_FAILED})
   */
  public record Missing(String quantity, List<String> received, String reason)
      implements java.io.Serializable {
    public Missing {
      received = List.copyOf(received);
    }
  }

  public TripleEffects {
    Objects.requireNonNull(combination, "combination");
    if (!combination.isTriple()) {
      throw new IllegalArgumentException("not a triple: " + combination.key());
    }
    order = List.copyOf(order);
    if (!combination.interventions().equals(order.stream().sorted().toList())) {
      throw new IllegalArgumentException("order " + order + " is not the triple "
          + combination.interventions());
    }
    contrasts = List.copyOf(contrasts);
    notEstimated = List.copyOf(notEstimated);
  }

  /** The contrast of these interventions received (in any order) against none, if estimated. */
  public java.util.Optional<Contrast> versusNone(List<String> received) {
    List<String> sorted = received.stream().sorted().toList();
    return contrasts.stream().filter(c -> !c.isInteraction()
        && c.received().stream().sorted().toList().equals(sorted)).findFirst();
  }

  /** The three-way interaction, if estimated. */
  public java.util.Optional<Contrast> interaction() {
    return contrasts.stream().filter(Contrast::isInteraction).findFirst();
  }
}
