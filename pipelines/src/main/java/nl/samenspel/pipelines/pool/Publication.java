package nl.samenspel.pipelines.pool;

import java.util.Map;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.Definitions;
import nl.samenspel.evidence.PublicationScope;
import nl.samenspel.pool.Contribution;
import nl.samenspel.pool.Pooling;

/**
 * One municipality's {@code evidence.json} as pooling reads it: who and when, what the estimates
 * mean, its disclosure rules, and per combination the published estimate or the reason it was
 * not estimated. Only published aggregates; nothing here was not public already.
 *
 * @param file the file as the user named it (for messages)
 * @param scope municipality codes and period
 * @param definitions what the estimates mean
 * @param threshold its disclosure threshold
 * @param roundingBase its rounding base
 * @param estimated its estimated combinations
 * @param notEstimated its combinations published as not estimated, with the reason code
 */
public record Publication(String file, PublicationScope scope, Definitions definitions,
    int threshold, int roundingBase, Map<Combination, Contribution> estimated,
    Map<Combination, String> notEstimated) {

  public Publication {
    estimated = Map.copyOf(estimated);
    notEstimated = Map.copyOf(notEstimated);
  }

  /** How the contributor is named in a pooled report: its municipality code(s). */
  public String label() {
    return scope.label();
  }

  /** What {@link Pooling} reads. */
  public Pooling.Source source() {
    return new Pooling.Source(label(), estimated, notEstimated);
  }
}
