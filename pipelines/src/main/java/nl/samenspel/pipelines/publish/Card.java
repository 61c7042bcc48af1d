package nl.samenspel.pipelines.publish;

import java.util.List;

/**
 * The evidence card of one combination, worded in one language. Every text is plain language;
 * numbers are already formatted and counts already protected.
 *
 * @param key combination key, e.g. {@code SELF_EFFICACY|KM_SELF_EFFICACY_COACHING}
 * @param anchor HTML id of the card
 * @param title interventions and group
 * @param sentence the key sentence
 * @param direction {@code positive}, {@code negative} or {@code unclear}
 * @param certainty certainty name
 * @param symbols certainty as dots, e.g. {@code ●●○○}
 * @param reasons why the certainty moved, each prefixed with its direction
 * @param erkenning how it relates to the Erkenningscommissie levels
 * @param compared the groups compared
 * @param outcome outcome definition and horizon
 * @param estimator estimator in words
 * @param balance balance after adjustment
 * @param overlap overlap and trimming
 * @param robustness refuters and E-value
 * @param naive the unadjusted difference
 * @param synergy interplay of a pair; null for a single intervention
 * @param forWhom how the association changes with the client profile (group evidence); null
 *     when it was not projected
 * @param howSoon how soon durable work started in the two groups, from the curves of time to
 *     durable work (or why that can't be told)
 * @param curve the curves as inline SVG; null when none of their months may be shown
 * @param cost the cost per client and per extra client in durable work; null when the catalog
 *     has no cost for one of the interventions
 * @param others this result next to the pool of other municipalities; null when not compared
 * @param cannot what we cannot tell
 * @param association the caveat that this is an association
 */
public record Card(String key, String anchor, String title, String sentence, String direction,
    String certainty, String symbols, List<String> reasons, String erkenning, String compared,
    String outcome, String estimator, String balance, String overlap, String robustness,
    String naive, String synergy, String forWhom, String howSoon, String curve, String cost,
    String others, String cannot, String association) {

  public Card {
    reasons = List.copyOf(reasons);
  }

  /** The card as plain text, one field per line: the form golden files pin. */
  String toText(Messages messages) {
    StringBuilder text = new StringBuilder();
    text.append(title).append('\n').append(sentence).append('\n');
    line(text, messages, "card_label_certainty", certainty + " " + symbols);
    for (String reason : reasons) {
      line(text, messages, "card_label_reasons", reason);
    }
    line(text, messages, "card_label_erkenning", erkenning);
    line(text, messages, "card_label_compared", compared);
    line(text, messages, "card_label_outcome", outcome);
    line(text, messages, "card_label_estimator", estimator);
    line(text, messages, "card_label_balance", balance);
    line(text, messages, "card_label_overlap", overlap);
    line(text, messages, "card_label_robustness", robustness);
    line(text, messages, "card_label_naive", naive);
    if (synergy != null) {
      line(text, messages, "card_label_synergy", synergy);
    }
    if (forWhom != null) {
      line(text, messages, "card_label_for_whom", forWhom);
    }
    if (howSoon != null) {
      line(text, messages, "card_label_how_soon", howSoon);
    }
    if (cost != null) {
      line(text, messages, "card_label_cost", cost);
    }
    if (others != null) {
      line(text, messages, "card_label_others", others);
    }
    line(text, messages, "card_label_cannot", cannot);
    text.append(association).append('\n');
    return text.toString();
  }

  private static void line(StringBuilder text, Messages messages, String label, String value) {
    text.append(messages.text(label)).append(": ").append(value).append('\n');
  }
}
