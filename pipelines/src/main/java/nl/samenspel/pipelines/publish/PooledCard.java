package nl.samenspel.pipelines.publish;

import java.util.List;

/**
 * The card of one pooled combination, worded in one language: plain sentences, numbers already
 * formatted, counts already protected, and the forest plot of the municipalities.
 *
 * @param key combination key
 * @param anchor HTML id of the card
 * @param title interventions and group
 * @param sentence the key sentence
 * @param direction {@code positive}, {@code negative} or {@code unclear}
 * @param certainty certainty name
 * @param symbols certainty as dots
 * @param reasons why the certainty moved
 * @param erkenning how it relates to the Erkenningscommissie levels
 * @param prediction what a new municipality may expect
 * @param heterogeneity how much municipalities differ (τ, I², Q)
 * @param contributors who contributed
 * @param missing who did not, and why
 * @param warning the few-municipalities warning, or null
 * @param fixed the fixed-effect sensitivity analysis
 * @param refuters the placebo and negative control pooled over the municipalities
 * @param treatedText the pooled count of the treated groups as shown ({@code ×} if none)
 * @param treatedData its {@code data-count} value (the number, or {@code suppressed})
 * @param comparisonText the pooled count of the comparison groups as shown
 * @param comparisonData its {@code data-count} value
 * @param countsNote how the counts were made
 * @param moderation the meta-regression, or null when none was asked for
 * @param forest the forest plot (inline SVG)
 * @param cannot what we cannot tell
 * @param association the caveat that this is an association
 */
public record PooledCard(String key, String anchor, String title, String sentence,
    String direction, String certainty, String symbols, List<String> reasons, String erkenning,
    String prediction, String heterogeneity, String contributors, String missing,
    String warning, String fixed, String refuters, String treatedText, String treatedData,
    String comparisonText, String comparisonData, String countsNote, String moderation,
    String forest,
    String cannot, String association) {

  public PooledCard {
    reasons = List.copyOf(reasons);
  }
}
