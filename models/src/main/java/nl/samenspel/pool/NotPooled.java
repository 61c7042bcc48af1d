package nl.samenspel.pool;

import java.util.List;
import java.util.Map;
import nl.samenspel.evidence.Combination;

/**
 * A combination some municipality published but that could not be pooled, and why.
 *
 * @param combination the element subgroup and intervention(s)
 * @param reason why it was not pooled
 * @param contributions the estimates there were (none or one)
 * @param notEstimated municipalities that published it as not estimated, with the reason code
 * @param absent municipalities whose publication does not mention it
 */
public record NotPooled(Combination combination, Reason reason, List<Contribution> contributions,
    Map<String, String> notEstimated, List<String> absent) {

  /** Why a combination was not pooled. */
  public enum Reason {
    /** Only one municipality estimated it: nothing to pool, and its own report says it all. */
    ONE_MUNICIPALITY,
    /** No municipality estimated it. */
    NONE_ESTIMATED,
    /** The REML iterations did not converge. */
    NOT_CONVERGED,
    /**
     * Every municipality published the same estimate: the Knapp–Hartung interval has zero
     * width (as in metafor), which says nothing about precision.
     */
    IDENTICAL_ESTIMATES
  }

  public NotPooled {
    contributions = List.copyOf(contributions);
    notEstimated = Map.copyOf(notEstimated);
    absent = List.copyOf(absent);
  }
}
