package nl.samenspel.pipelines.generate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nl.samenspel.domain.Element;
import nl.samenspel.pipelines.SamenspelException;

/**
 * What the synthetic municipality plants: baseline chances of durable work, who gets which
 * intervention (the confounding), the true effects, which combinations {@code truth.json}
 * reports and, for several municipalities, how much their true effects differ. Data, not code:
 * the defaults live in {@code scenario.json} (one municipality) and
 * {@code scenario-municipalities.json} (several) in the resources, and a researcher can pass
 * their own with {@code generate --scenario FILE}.
 *
 * @param heterogeneity optional; without it several municipalities share the national effects
 *     (tau 0) unless {@code --tau} says otherwise
 */
public record Scenario(String description, Study study, Baseline baseline,
    Assignment defaultAssignment, List<Assignment> assignment, List<Effect> effects,
    List<TruthSpec> truth, Exits exits, Heterogeneity heterogeneity, List<Sooner> sooner) {

  /** A scenario without a heterogeneity block (tau 0). */
  public Scenario(String description, Study study, Baseline baseline,
      Assignment defaultAssignment, List<Assignment> assignment, List<Effect> effects,
      List<TruthSpec> truth, Exits exits) {
    this(description, study, baseline, defaultAssignment, assignment, effects, truth, exits,
        null, null);
  }

  public Scenario {
    sooner = sooner == null ? List.of() : List.copyOf(sooner);
  }

  /**
   * Calendar of the synthetic extract.
   *
   * @param recentShare share of the clients assessed after {@code assessmentTo}, up to
   *     {@code recentTo} (0 when absent): their follow-up is cut off by the end of the outcomes
   *     extract, so their twelve-month outcome may be undetermined. Drawn from a stream of its
   *     own, so that the other clients stay as they are
   * @param recentTo last assessment date of the recent clients
   */
  public record Study(String assessmentFrom, String assessmentTo, String outcomesFrom,
      String outcomesTo, int windowDays, Double recentShare, String recentTo) {

    public Study(String assessmentFrom, String assessmentTo, String outcomesFrom,
        String outcomesTo, int windowDays) {
      this(assessmentFrom, assessmentTo, outcomesFrom, outcomesTo, windowDays, 0.0, null);
    }

    public Study {
      recentShare = recentShare == null ? 0.0 : recentShare;
      if (recentShare < 0 || recentShare >= 1 || (recentShare > 0 && recentTo == null)) {
        throw new IllegalArgumentException("study.recent_share must be in [0, 1) and needs "
            + "study.recent_to, got " + recentShare + " and " + recentTo);
      }
    }
  }

  /**
   * Durable work that starts sooner without being more likely: for clients with all of
   * {@code barriers} (none: everyone) who receive {@code intervention}, the month durable work
   * starts within the twelve-month horizon is drawn early (months 1, 1, 1, 1, 2, 3, 4, 5, 6, 7,
   * 9, 11 with equal chance: 4.25 on average, against 6.5 for months 1 to 12), while the chance
   * of durable work stays as the effects make it.
   */
  public record Sooner(String name, String intervention, List<String> barriers) {
    public Sooner {
      barriers = barriers == null ? List.of() : List.copyOf(barriers);
    }
  }

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
   *
   * @param modifier optional; when given the change is {@code effect + perPoint * (score -
   *     center)} for the client's score on the modifier's element, so the effect differs
   *     between clients who are all in the same subgroup (effect modification)
   */
  public record Effect(String name, List<String> whenAll, List<String> whenNone,
      List<String> barriers, double effect, Modifier modifier) {

    /** An effect that is the same for every client it applies to (no modifier). */
    public Effect(String name, List<String> whenAll, List<String> whenNone,
        List<String> barriers, double effect) {
      this(name, whenAll, whenNone, barriers, effect, null);
    }
  }

  /**
   * How a planted effect changes with one element score: by {@code perPoint} probability
   * points per point of the score above {@code center} (a missing score counts as 3, the scale
   * midpoint, as everywhere in the generator).
   */
  public record Modifier(String element, double perPoint, double center) {
    public Modifier {
      if (Arrays.stream(Element.values()).noneMatch(e -> e.name().equals(element))) {
        throw new IllegalArgumentException("modifier.element must be one of "
            + Arrays.toString(Element.values()) + ", got " + element);
      }
      if (!Double.isFinite(perPoint) || !Double.isFinite(center)) {
        throw new IllegalArgumentException("modifier.per_point and modifier.center must be"
            + " finite numbers, got " + perPoint + " and " + center);
      }
    }

    /** The modifier's element. */
    public Element scoreElement() {
      return Element.valueOf(element);
    }
  }

  /**
   * A combination whose exact effect in the generated sample goes into truth.json: one or two
   * interventions, or three (one per discipline, in the order KM, IC, AM) with kind
   * {@value #TRIPLE}. Kind {@value #MODIFICATION} adds the projection of the clients'
   * conditional effects on their profile.
   */
  public record TruthSpec(String element, List<String> interventions, String kind) {
    /** Kind of a record of three interventions. */
    public static final String TRIPLE = "triple";
    /** Kind of a record whose truth also holds the slopes of the conditional effect. */
    public static final String MODIFICATION = "modification";
  }

  /** How outcomes unfold besides durable work. */
  public record Exits(double shortSpell, double lateExit, double durableReturns,
      double partialShare) {}

  /**
   * How much the true effects differ between municipalities: each municipality shifts every
   * planted effect by its own draw from N(0, tau^2), tau in probability points.
   */
  public record Heterogeneity(double tau) {
    public Heterogeneity {
      if (!(tau >= 0) || Double.isInfinite(tau)) {
        throw new IllegalArgumentException("heterogeneity.tau must be 0 or more, got " + tau);
      }
    }
  }

  /** The scenario's between-municipality SD of the true effects; 0 without the block. */
  public double tau() {
    return heterogeneity == null ? 0 : heterogeneity.tau();
  }

  private static final String SINGLE_RESOURCE = "/nl/samenspel/generate/scenario.json";
  private static final String MUNICIPALITIES_RESOURCE =
      "/nl/samenspel/generate/scenario-municipalities.json";

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The bundled scenario of one municipality ({@code scenario.json}). */
  public static Scenario defaultScenario() {
    return bundled(SINGLE_RESOURCE);
  }

  /**
   * The bundled scenario of several municipalities ({@code scenario-municipalities.json}): the
   * same planted effects as {@link #defaultScenario()}, more combinations in the truth (some
   * with no planted effect), assignment strong enough to estimate them all in a municipality of
   * about 1,500 clients, and a default tau.
   */
  public static Scenario municipalitiesScenario() {
    return bundled(MUNICIPALITIES_RESOURCE);
  }

  private static Scenario bundled(String resource) {
    try (InputStream stream = Scenario.class.getResourceAsStream(resource)) {
      return MAPPER.readValue(stream, Scenario.class);
    } catch (IOException e) {
      throw new IllegalStateException("bundled " + resource + " is unreadable", e);
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
