package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CovariateEncoderTest {

  @Test
  void encodesIndicatorsAgainstReferenceLevelsAndMissingScores() {
    double[] x = CovariateEncoder.encode(41, "F", "COUPLE", "HIGH", 30,
        new Integer[] {1, 2, 3, 4, 5, null, 2});
    assertThat(CovariateEncoder.NAMES).hasSize(x.length);
    assertThat(x[CovariateEncoder.NAMES.indexOf("age")]).isEqualTo(41);
    assertThat(x[CovariateEncoder.NAMES.indexOf("sex_f")]).isEqualTo(1);
    assertThat(x[CovariateEncoder.NAMES.indexOf("sex_x")]).isEqualTo(0);
    assertThat(x[CovariateEncoder.NAMES.indexOf("household_couple")]).isEqualTo(1);
    assertThat(x[CovariateEncoder.NAMES.indexOf("household_single_parent")]).isEqualTo(0);
    assertThat(x[CovariateEncoder.NAMES.indexOf("education_high")]).isEqualTo(1);
    assertThat(x[CovariateEncoder.NAMES.indexOf("benefit_months")]).isEqualTo(30);
    assertThat(x[CovariateEncoder.NAMES.indexOf("score_attitude")]).isEqualTo(1);
    assertThat(x[CovariateEncoder.NAMES.indexOf("score_context")]).as("missing -> midpoint")
        .isEqualTo(3);
    assertThat(x[CovariateEncoder.NAMES.indexOf("score_context_missing")]).isEqualTo(1);
    assertThat(x[CovariateEncoder.NAMES.indexOf("score_skills_missing")]).isEqualTo(0);
  }

  @Test
  void noProtectedAttributeIsACovariate() {
    assertThat(CovariateEncoder.NAMES).noneMatch(name -> name.contains("nationality")
        || name.contains("ethnic") || name.contains("country") || name.contains("religion"));
  }
}
