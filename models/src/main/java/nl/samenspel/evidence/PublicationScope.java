package nl.samenspel.evidence;

import java.util.List;
import java.util.Objects;

/**
 * Whose evidence a publication is and for when: what pooling needs, besides the
 * {@link Definitions}, to compare like with like and to refuse counting a municipality twice.
 *
 * @param municipalities CBS municipality codes (e.g. {@code GM0855}) of the clients, sorted;
 *     a code with fewer clients than the disclosure threshold is left out
 * @param period the reporting period ({@code 2026}, {@code 2026-Q3}, {@code 2026-07}) or, for a
 *     run over everything, the assessment years ({@code 2023} or {@code 2022-2024})
 */
public record PublicationScope(List<String> municipalities, String period) {

  public PublicationScope {
    municipalities = municipalities.stream().sorted().distinct().toList();
    Objects.requireNonNull(period, "period");
  }

  /** The municipality codes joined with {@code +}: the label of a contributor in a pool. */
  public String label() {
    return municipalities.isEmpty() ? "?" : String.join("+", municipalities);
  }
}
