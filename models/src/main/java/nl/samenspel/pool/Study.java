package nl.samenspel.pool;

import java.util.Objects;

/**
 * One municipality's estimate for a combination, as published in its {@code evidence.json}:
 * a risk difference and its standard error. Validated when built: the estimate is finite, the
 * standard error positive and finite, and so is its square (the sampling variance that weights
 * the study), so a study that cannot be pooled can't exist.
 *
 * @param label the municipality (used in messages and to line studies up with moderators)
 * @param estimate the estimate (risk difference)
 * @param standardError its standard error
 */
public record Study(String label, double estimate, double standardError) {

  public Study {
    Objects.requireNonNull(label, "label");
    if (!Double.isFinite(estimate)) {
      throw new IllegalArgumentException("study " + label + ": estimate must be finite, got "
          + estimate);
    }
    double variance = standardError * standardError;
    if (!(standardError > 0) || !Double.isFinite(variance) || !(variance > 0)) {
      throw new IllegalArgumentException("study " + label
          + ": standard error must be positive and finite (and so its square), got "
          + standardError);
    }
  }

  /** The sampling variance, standardError squared. */
  public double variance() {
    return standardError * standardError;
  }
}
