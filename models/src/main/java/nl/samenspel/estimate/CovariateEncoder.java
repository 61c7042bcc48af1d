package nl.samenspel.estimate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import nl.samenspel.domain.Element;

/**
 * Turns the measured characteristics of an episode into the numeric covariates of the
 * adjustment models. The list is fixed and documented (docs/data-contract.md): age, sex,
 * household type and education as indicators against a reference level, benefit duration in
 * months at the assessment, and the seven element scores. A missing score is set to the scale
 * midpoint (3) with an indicator, so that "not assessed" is adjusted for, not dropped.
 *
 * <p>Nationality, ethnicity, country of birth and religion are not in the contract and can never
 * become covariates here.
 */
public final class CovariateEncoder {

  private static final int MISSING_SCORE_FILL = 3;

  public static final List<String> NAMES = names();

  private CovariateEncoder() {}

  /**
   * @param age age in years at the assessment
   * @param sex M, F or X (reference M)
   * @param householdType reference SINGLE
   * @param educationLevel reference LOW
   * @param benefitMonths months on benefit at the assessment
   * @param scores element scores in {@link Element} order, {@code null} when not assessed
   */
  public static double[] encode(int age, String sex, String householdType, String educationLevel,
      int benefitMonths, Integer[] scores) {
    if (scores.length != Element.values().length) {
      throw new IllegalArgumentException("expected " + Element.values().length + " scores, got "
          + scores.length);
    }
    double[] x = new double[NAMES.size()];
    int j = 0;
    x[j++] = age;
    x[j++] = indicator(sex, "F");
    x[j++] = indicator(sex, "X");
    x[j++] = indicator(householdType, "SINGLE_PARENT");
    x[j++] = indicator(householdType, "COUPLE");
    x[j++] = indicator(householdType, "COUPLE_WITH_CHILDREN");
    x[j++] = indicator(educationLevel, "MIDDLE");
    x[j++] = indicator(educationLevel, "HIGH");
    x[j++] = benefitMonths;
    for (Integer score : scores) {
      x[j++] = score == null ? MISSING_SCORE_FILL : score;
    }
    for (Integer score : scores) {
      x[j++] = score == null ? 1 : 0;
    }
    return x;
  }

  private static double indicator(String value, String level) {
    return level.equals(value) ? 1 : 0;
  }

  private static List<String> names() {
    List<String> names = new ArrayList<>(List.of("age", "sex_f", "sex_x",
        "household_single_parent", "household_couple", "household_couple_with_children",
        "education_middle", "education_high", "benefit_months"));
    for (Element element : Element.values()) {
      names.add(element.scoreColumn());
    }
    for (Element element : Element.values()) {
      names.add(element.scoreColumn() + "_missing");
    }
    return Collections.unmodifiableList(names);
  }
}
