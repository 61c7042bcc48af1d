package nl.samenspel.pipelines.generate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nl.samenspel.pipelines.SamenspelException;

/**
 * What the synthetic municipality plants: baseline chances of durable work, who gets which
 * intervention (the confounding), the true effects, and which combinations {@code truth.json}
 * reports. Data, not code: the default lives in {@code scenario.json} next to this class and a
 * researcher can pass their own with {@code generate --scenario FILE}.
 */
public record Scenario(String description, Study study, Baseline baseline,
    Assignment defaultAssignment, List<Assignment> assignment, List<Effect> effects,
    List<TruthSpec> truth, Exits exits) {

  /** Calendar of the synthetic extract. */
  public record Study(String assessmentFrom, String assessmentTo, String outcomesFrom,
      String outcomesTo, int windowDays) {}

  /** Log-odds of durable work without any intervention. */
  public record Baseline(double intercept, double ageCenter, double agePerYear, double female,
      Map<String, Double> household, Map<String, Double> education, double benefitYears,
      double scorePerPoint) {}

  /**
   * Log-odds of receiving one intervention. {@code targetScore} multiplies (3 - score) summed
   * over the intervention's target elements, so lower scores on its targets make it likelier.
   * All terms are linear in the covariates the estimator adjusts for.
   */
  public record Assignment(String code, double intercept, double targetScore,
      double benefitYears, double agePerDecade, double educationHigh) {}

  /**
   * A planted change in the probability of durable work, active when every code of
   * {@code whenAll} is received, none of {@code whenNone} is, and every element of
   * {@code barriers} is a barrier for the client.
   */
  public record Effect(String name, List<String> whenAll, List<String> whenNone,
      List<String> barriers, double effect) {}

  /** A combination whose exact effect in the generated sample goes into truth.json. */
  public record TruthSpec(String element, List<String> interventions, String kind) {}

  /** How outcomes unfold besides durable work. */
  public record Exits(double shortSpell, double lateExit, double durableReturns,
      double partialShare) {}

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static Scenario defaultScenario() {
    try (InputStream stream = Scenario.class.getResourceAsStream("/nl/samenspel/generate/scenario.json")) {
      return MAPPER.readValue(stream, Scenario.class);
    } catch (IOException e) {
      throw new IllegalStateException("bundled scenario.json is unreadable", e);
    }
  }

  public static Scenario read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw SamenspelException.input("Scenario file not found: " + file);
    }
    try {
      return MAPPER.readValue(file.toFile(), Scenario.class);
    } catch (IOException e) {
      throw SamenspelException.input("Scenario " + file + " is not valid: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
