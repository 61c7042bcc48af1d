package nl.samenspel.domain;

import java.util.Objects;
import java.util.Set;

/**
 * One instrument of the intervention catalog. Codes are data: a municipality maps its own
 * registration codes to catalog codes; no code is a Java constant.
 *
 * @param code catalog code, e.g. {@code KM_COACH_SE}
 * @param discipline the discipline that delivers it
 * @param nameNl Dutch name
 * @param nameEn English name
 * @param targetElements the behaviour-model elements the instrument aims at (may be empty)
 * @param costEur euros per started intervention (the catalog's optional {@code cost_eur});
 *     null when unknown
 */
public record CatalogEntry(String code, Discipline discipline, String nameNl, String nameEn,
    Set<Element> targetElements, Double costEur) implements java.io.Serializable {

  public CatalogEntry {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(discipline, "discipline");
    if (code.isBlank()) {
      throw new IllegalArgumentException("catalog code is blank");
    }
    targetElements = Set.copyOf(targetElements);
    if (costEur != null && !(costEur >= 0 && !costEur.isInfinite())) {
      throw new IllegalArgumentException("cost of " + code + " must be 0 or more euros, got "
          + costEur);
    }
  }

  /** An entry without a known cost. */
  public CatalogEntry(String code, Discipline discipline, String nameNl, String nameEn,
      Set<Element> targetElements) {
    this(code, discipline, nameNl, nameEn, targetElements, null);
  }
}
