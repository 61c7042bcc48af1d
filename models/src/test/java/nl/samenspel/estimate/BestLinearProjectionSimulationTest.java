package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The full path, repeated: cross-fitted AIPW on a confounded process, its doubly robust scores,
 * and their projection on the client profile. Treatment is more likely at low self-efficacy,
 * high attitude, higher age and shorter benefit duration; the outcome depends on the same
 * characteristics. The planted effect falls by 2 percentage points per point of
 * self-efficacy (0.10 at the midpoint 3) and does not change with the other modifiers, so the
 * best linear projection has slopes -0.02, 0, 0, 0. The outcome probability is additive, so the
 * logistic outcome models are misspecified and only the (right) propensity model carries the
 * adjustment. The HC3 t intervals of the four slopes must cover the planted slopes in 92-98% of
 * replications; with the same process but a constant effect, the omnibus test must reject in
 * at most 7% at the 5% level. 400 replications of 2,000 units each, seeded.
 */
@Tag("slow")
class BestLinearProjectionSimulationTest {

  private static final int REPLICATIONS = 400;
  private static final int UNITS = 2000;
  private static final List<String> COVARIATES = List.of("self_efficacy_score",
      "attitude_score", "age", "benefit_months", "sex_f");
  private static final List<String> MODIFIERS = List.of("self_efficacy_score",
      "attitude_score", "age", "benefit_months");
  private static final double[] PLANTED = {-0.02, 0, 0, 0};

  @Test
  void slopeIntervalsCoverThePlantedModificationAndTheOmnibusTestHoldsItsLevel() {
    SplittableRandom root = new SplittableRandom(20_261_212L);
    int[] covered = new int[PLANTED.length];
    int rejectedWithModification = 0;
    int rejectedWithout = 0;
    double[] meanSlope = new double[PLANTED.length];
    long start = System.nanoTime();
    for (int r = 0; r < REPLICATIONS; r++) {
      SplittableRandom random = root.split();
      double[][] x = new double[UNITS][];
      int[] t = new int[UNITS];
      double[] modified = new double[UNITS];
      double[] constant = new double[UNITS];
      for (int i = 0; i < UNITS; i++) {
        double selfEfficacy = 1 + random.nextInt(5);
        double attitude = 1 + random.nextInt(5);
        double age = 18 + 47 * random.nextDouble();
        double months = Math.min(120, Math.floor(-30 * Math.log(1 - random.nextDouble())));
        double female = random.nextDouble() < 0.5 ? 1 : 0;
        x[i] = new double[] {selfEfficacy, attitude, age, months, female};
        double logit = -0.3 - 0.35 * (selfEfficacy - 3) + 0.2 * (attitude - 3)
            + 0.015 * (age - 40) - 0.008 * (months - 30);
        t[i] = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
        double base = 0.32 + 0.05 * (selfEfficacy - 3) + 0.03 * (attitude - 3)
            - 0.003 * (age - 40) - 0.0015 * (months - 30) + 0.02 * female;
        base = Math.min(0.75, Math.max(0.03, base));
        double u = random.nextDouble();
        modified[i] = u < base + t[i] * (0.10 - 0.02 * (selfEfficacy - 3)) ? 1 : 0;
        constant[i] = u < base + t[i] * 0.10 ? 1 : 0;
      }
      AugmentedIpw aipw = new AugmentedIpw(AugmentedIpw.Options.DEFAULT.withSeed(r));
      double[][] z = BestLinearProjection.select(x, COVARIATES, MODIFIERS);
      BestLinearProjection projection = new BestLinearProjection();

      EstimationInput input = EstimationInput.binary(t, modified, x, COVARIATES);
      BestLinearProjection.Result fit = projection.fit(aipw.scores(input, Contrast.BINARY), z,
          MODIFIERS);
      for (int j = 0; j < PLANTED.length; j++) {
        BestLinearProjection.Coefficient slope = fit.coefficient(MODIFIERS.get(j));
        covered[j] += slope.covers(PLANTED[j]) ? 1 : 0;
        meanSlope[j] += slope.estimate() / REPLICATIONS;
      }
      rejectedWithModification += fit.omnibus().pValue() < 0.05 ? 1 : 0;

      EstimationInput nullInput = EstimationInput.binary(t, constant, x, COVARIATES);
      BestLinearProjection.Result nullFit = projection.fit(
          aipw.scores(nullInput, Contrast.BINARY), z, MODIFIERS);
      rejectedWithout += nullFit.omnibus().pValue() < 0.05 ? 1 : 0;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    StringBuilder report = new StringBuilder();
    for (int j = 0; j < PLANTED.length; j++) {
      report.append(String.format("%s slope %+.3f: coverage %.3f, mean %+.4f; ",
          MODIFIERS.get(j), PLANTED[j], (double) covered[j] / REPLICATIONS, meanSlope[j]));
    }
    double size = (double) rejectedWithout / REPLICATIONS;
    double power = (double) rejectedWithModification / REPLICATIONS;
    report.append(String.format("omnibus rejects %.3f without modification, %.3f with;"
        + " %d replications in %.1f s", size, power, REPLICATIONS, seconds));
    System.out.println("BestLinearProjectionSimulationTest: " + report);

    for (int j = 0; j < PLANTED.length; j++) {
      assertThat((double) covered[j] / REPLICATIONS).as(report.toString()).isBetween(0.92, 0.98);
    }
    assertThat(size).as(report.toString()).isLessThanOrEqualTo(0.07);
    assertThat(power).as("the planted modification is found more often than without: " + report)
        .isGreaterThan(size);
  }

  /**
   * The omnibus test where the pipeline projects with the least data: the nine modifiers of
   * the client profile (seven element scores, age, months on benefit) and about 760 treated
   * units, just above the pipeline's floor of 80 units of the smaller group per modifier (720).
   * With a constant effect it must still reject in at most 7% at the 5% level. Below the floor
   * it does not: with the same process it rejected 20% at about 100 treated, 15% at 200, 11% at
   * 300 and 8% at 500. 400 replications of 3,750 units, treatment about 20%, seeded.
   */
  @Test
  void theOmnibusTestHoldsItsLevelInTheSmallestGroupsThePipelineProjects() {
    int units = 3750;
    int scores = 7;
    List<String> names = new java.util.ArrayList<>();
    for (int k = 0; k < scores; k++) {
      names.add("score_" + k);
    }
    names.add("age");
    names.add("benefit_months");
    SplittableRandom root = new SplittableRandom(20_261_201L);
    int rejected = 0;
    int smallest = Integer.MAX_VALUE;
    long treatedTotal = 0;
    for (int r = 0; r < REPLICATIONS; r++) {
      SplittableRandom random = root.split();
      double[][] x = new double[units][];
      int[] t = new int[units];
      double[] y = new double[units];
      int treated = 0;
      for (int i = 0; i < units; i++) {
        double[] row = new double[scores + 2];
        for (int k = 0; k < scores; k++) {
          row[k] = 1 + random.nextInt(5);
        }
        row[scores] = 18 + 47 * random.nextDouble();
        row[scores + 1] = Math.min(120, Math.floor(-30 * Math.log(1 - random.nextDouble())));
        x[i] = row;
        double logit = -1.45 - 0.3 * (row[0] - 3) + 0.15 * (row[1] - 3)
            + 0.01 * (row[scores] - 40);
        t[i] = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
        treated += t[i];
        double base = 0.15 + 0.03 * (row[0] - 3) + 0.02 * (row[2] - 3)
            - 0.002 * (row[scores] - 40) - 0.001 * (row[scores + 1] - 30);
        base = Math.min(0.7, Math.max(0.03, base));
        y[i] = random.nextDouble() < base + t[i] * 0.10 ? 1 : 0;
      }
      smallest = Math.min(smallest, treated);
      treatedTotal += treated;
      AugmentedIpw aipw = new AugmentedIpw(AugmentedIpw.Options.DEFAULT.withSeed(r));
      EstimationInput input = EstimationInput.binary(t, y, x, names);
      BestLinearProjection.Result fit = new BestLinearProjection().fit(
          aipw.scores(input, Contrast.BINARY), BestLinearProjection.select(x, names, names),
          names);
      rejected += fit.omnibus().pValue() < 0.05 ? 1 : 0;
    }
    double size = (double) rejected / REPLICATIONS;
    String report = String.format("nine modifiers, %.0f treated of %d on average (smallest %d):"
        + " omnibus rejects %.3f without modification", (double) treatedTotal / REPLICATIONS,
        units, smallest, size);
    System.out.println("BestLinearProjectionSimulationTest: " + report);
    assertThat((double) treatedTotal / REPLICATIONS).as(report)
        .isBetween(720.0, 800.0);
    assertThat(size).as(report).isLessThanOrEqualTo(0.07);
  }
}
