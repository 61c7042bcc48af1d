package nl.samenspel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.SplittableRandom;
import nl.samenspel.estimate.AugmentedIpw;
import nl.samenspel.estimate.CovariateEncoder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RPeerTest {

  /**
   * A confounded table shaped like an episode table: a continuous covariate, an integer one on
   * a large scale (age), indicators, and a constant column (a missing-score indicator when every
   * score was assessed), which both sides must leave out. The propensity spans about 0.03 to
   * 0.97, so the trimming bounds are in play.
   */
  static RPeer.Table confounded(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] outcome = new double[n];
    int[] treatment = new int[n];
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      double score = Math.round(random.nextGaussian() * 1e6) / 1e6;
      double age = 18 + random.nextInt(48);
      double female = random.nextDouble() < 0.5 ? 1 : 0;
      double high = random.nextDouble() < 0.3 ? 1 : 0;
      x[i] = new double[] {score, age, female, high, 0};
      double propensity = sigmoid(-0.4 + 1.2 * score + 0.03 * (age - 40) - 0.5 * high);
      treatment[i] = random.nextDouble() < propensity ? 1 : 0;
      double risk = sigmoid(-0.8 + 0.6 * score - 0.02 * (age - 40) + 0.3 * female
          + 0.4 * treatment[i]);
      outcome[i] = random.nextDouble() < risk ? 1 : 0;
    }
    return new RPeer.Table(outcome, treatment, AugmentedIpw.randomFolds(n, RPeer.FOLDS, seed), x,
        List.of("score", "age", "sex_f", "education_high", "score_missing"));
  }

  private static double sigmoid(double eta) {
    return 1 / (1 + Math.exp(-eta));
  }

  @Test
  void samenspelAndGlmGiveTheSameAipwWhenTheSpecificationIsTheSame(@TempDir Path dir) {
    Assumptions.assumeTrue(RPeer.rscriptAvailable(), "R (Rscript) not found");
    RPeer.Table table = confounded(5_000, 20_261_128L);

    RPeer.Comparison c = RPeer.compare(table, RPeer.MAXIMUM_LIKELIHOOD, RPeer.script(),
        dir.resolve("table.csv"));

    assertThat(c.r().nTreated()).as("same units kept after trimming")
        .isEqualTo(c.java().estimate().nTreated());
    assertThat(c.r().nComparison()).isEqualTo(c.java().estimate().nComparison());
    assertThat(c.java().estimate().nTreated() + c.java().estimate().nComparison())
        .as("some units trimmed").isLessThan(table.size());
    assertThat(c.r().estimate()).isCloseTo(c.java().estimate().estimate(), within(1e-6));
    assertThat(c.r().standardError())
        .isCloseTo(c.java().estimate().standardError(), within(1e-6));
  }

  /**
   * Episodes as the journeys stage writes them (the columns prepare reads, with Spark's types):
   * one without a known outcome, one with a score not assessed, out of assessment_id order.
   */
  @Test
  void preparesTheEpisodesAsTheEstimateStageEncodesThem(@TempDir Path dir) throws SQLException {
    String scores = "score_attitude, score_self_efficacy, score_social_pressure, score_skills,"
        + " score_self_regulation, score_context, score_practical_barriers";
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("COPY (SELECT * FROM (VALUES"
          + " ('A3', 41, 'F', 'COUPLE', 'HIGH', 7, 1, 2, 3, 4, 5, 1, 2, ['KM_X', 'AM_Y'], 1),"
          + " ('A1', 30, 'M', 'SINGLE', 'LOW', 0, 3, NULL, 3, 3, 3, 3, 3, [], 0),"
          + " ('A2', 55, 'X', 'SINGLE', 'MIDDLE', 12, 2, 2, 2, 2, 2, 2, 2, ['KM_X'], NULL),"
          + " ('A0', 23, 'M', 'SINGLE_PARENT', 'LOW', 30, 5, 5, 5, 5, 5, 5, 5, ['AM_Y'], 1))"
          + " AS t(assessment_id, age, sex, household_type, education_level, benefit_months, "
          + scores + ", interventions, durable)) TO '"
          + dir.resolve("part-00000.parquet") + "' (FORMAT PARQUET)");
    }

    RPeer.Table table = RPeer.prepare(dir, "KM_X", 7);

    assertThat(table.outcome()).as("A0, A1, A3: A2 has no known outcome")
        .containsExactly(1, 0, 1);
    assertThat(table.treatment()).containsExactly(0, 0, 1);
    assertThat(table.covariateNames()).isEqualTo(CovariateEncoder.NAMES);
    assertThat(table.covariates()[1]).containsExactly(CovariateEncoder.encode(30, "M", "SINGLE",
        "LOW", 0, new Integer[] {3, null, 3, 3, 3, 3, 3}));
    assertThat(table.covariates()[2]).containsExactly(CovariateEncoder.encode(41, "F", "COUPLE",
        "HIGH", 7, new Integer[] {1, 2, 3, 4, 5, 1, 2}));
    assertThat(table.fold()).isEqualTo(AugmentedIpw.randomFolds(3, RPeer.FOLDS, 7));
  }

  @Test
  void foldsAreSeededAndBalanced() {
    int[] fold = AugmentedIpw.randomFolds(1_003, 5, 7);
    assertThat(fold).isEqualTo(AugmentedIpw.randomFolds(1_003, 5, 7));
    assertThat(fold).isNotEqualTo(AugmentedIpw.randomFolds(1_003, 5, 8));
    int[] counts = new int[5];
    for (int f : fold) {
      counts[f]++;
    }
    assertThat(counts).containsExactly(201, 201, 201, 200, 200);
  }
}
