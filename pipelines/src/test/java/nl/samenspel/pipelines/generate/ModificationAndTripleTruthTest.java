package nl.samenspel.pipelines.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nl.samenspel.estimate.BestLinearProjection;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.catalog.CatalogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planted effect modification (an effect that changes with an element score) and the truth of
 * the kinds "modification" (slopes of the conditional effect on the profile) and "triple" (all
 * three disciplines together), on small scenarios whose answers are known.
 */
class ModificationAndTripleTruthTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String KM = "KM_SELF_EFFICACY_COACHING";
  private static final String IC = "IC_SANCTION_ANNOUNCEMENT";
  private static final String AM = "AM_BARRIER_REMOVAL";

  /**
   * The default scenario with only the given effects and truth records, and a baseline
   * intercept of -2.5 instead of -1.65: the highest baseline chance any client can then have is
   * below sigmoid(-2.5 + 0.51 (age 18) + 0.15 + 0.6 + 1.68 (all scores 5)) = 0.61, so adding
   * at most 0.2 never reaches 1, and the effects below are never negative: no chance is clipped.
   */
  private static Scenario scenario(List<Scenario.Effect> effects,
      List<Scenario.TruthSpec> truth) {
    Scenario base = Scenario.defaultScenario();
    Scenario.Baseline b = base.baseline();
    Scenario.Baseline lower = new Scenario.Baseline(-2.5, b.ageCenter(), b.agePerYear(),
        b.female(), b.household(), b.education(), b.benefitYears(), b.scorePerPoint());
    return new Scenario("test", base.study(), lower, base.defaultAssignment(),
        base.assignment(), effects, truth, base.exits());
  }

  /**
   * As {@link #scenario}, with each of the three interventions of the triple given to a client
   * with chance sigmoid(1.4) = 0.80 whatever the client's covariates, so about half of the
   * clients receive all three: a triple's truth is averaged over those clients (its ATT, the
   * estimand the pipeline estimates), and with about 2,000 of them its averages are near the
   * planted effects, while they are the same clients as everyone else in distribution.
   */
  private static Scenario tripleScenario(List<Scenario.Effect> effects,
      List<Scenario.TruthSpec> truth) {
    Scenario base = scenario(effects, truth);
    List<Scenario.Assignment> assignment = new ArrayList<>();
    for (Scenario.Assignment a : base.assignment()) {
      if (!List.of(KM, IC, AM).contains(a.code())) {
        assignment.add(a);
      }
    }
    for (String code : List.of(KM, IC, AM)) {
      assignment.add(new Scenario.Assignment(code, 1.4, 0, 0, 0, 0));
    }
    return new Scenario("test", base.study(), base.baseline(), base.defaultAssignment(),
        assignment, effects, truth, base.exits());
  }

  private static JsonNode generate(Scenario scenario, int clients, long seed, Path dir)
      throws IOException {
    new MunicipalityGenerator(scenario, CatalogReader.bundled())
        .generate(new MunicipalityGenerator.Options(clients, seed, "GM0855"), dir);
    return MAPPER.readTree(dir.resolve("truth.json").toFile());
  }

  // ---- modification ------------------------------------------------------------------------

  /**
   * Known answer: with no barrier condition and no clipping, every client's conditional effect
   * is exactly 0.10 - 0.015 (attitude - 3), a linear function of the attitude score column
   * alone, so its least-squares projection on the profile has slope -0.015 for that column and
   * 0 for every other modifier (up to rounding).
   */
  @Test
  void slopesOfAnUnclippedModifiedEffectAreItsPerPoint(@TempDir Path dir) throws IOException {
    Scenario scenario = scenario(List.of(new Scenario.Effect(
        "Vacancy matching helps the more the lower the attitude",
        List.of("AM_VACANCY_MATCHING"), List.of(), List.of(), 0.10,
        new Scenario.Modifier("ATTITUDE", -0.015, 3))),
        List.of(new Scenario.TruthSpec("ALL", List.of("AM_VACANCY_MATCHING"),
            Scenario.TruthSpec.MODIFICATION)));
    JsonNode record = generate(scenario, 2000, 41, dir).get(0);

    assertThat(record.get("kind").asText()).isEqualTo("modification");
    assertThat(record.get("n_episodes").asInt()).isEqualTo(2000);
    assertThat(record.has("slopes_not_computed")).isFalse();
    JsonNode slopes = record.get("slopes");
    List<String> names = new ArrayList<>();
    slopes.fieldNames().forEachRemaining(names::add);
    assertThat(names).as("every profile modifier varies among 2,000 clients")
        .isEqualTo(BestLinearProjection.PROFILE);
    for (String name : names) {
      double slope = slopes.get(name).asDouble();
      if (name.equals("score_attitude")) {
        assertThat(slope).as(name).isCloseTo(-0.015, within(1e-9));
      } else {
        assertThat(Math.abs(slope)).as(name).isLessThan(1e-9);
      }
    }
    assertThat(record.get("effect").asDouble()).as("the usual exact effect is still there")
        .isBetween(0.05, 0.15);
  }

  /** A modifier on another element moves the slope to that element's column. */
  @Test
  void theSlopeFollowsTheModifiersElement(@TempDir Path dir) throws IOException {
    Scenario scenario = scenario(List.of(new Scenario.Effect("Skills modify",
        List.of("AM_VACANCY_MATCHING"), List.of(), List.of(), 0.10,
        new Scenario.Modifier("SKILLS", 0.02, 2))),
        List.of(new Scenario.TruthSpec("ALL", List.of("AM_VACANCY_MATCHING"),
            Scenario.TruthSpec.MODIFICATION)));
    JsonNode slopes = generate(scenario, 1000, 42, dir).get(0).get("slopes");
    assertThat(slopes.get("score_skills").asDouble()).isCloseTo(0.02, within(1e-9));
    assertThat(Math.abs(slopes.get("score_attitude").asDouble())).isLessThan(1e-9);
  }

  /** Only a modification record gets slopes; a triple and a single record don't. */
  @Test
  void onlyModificationRecordsHaveSlopes(@TempDir Path dir) throws IOException {
    JsonNode truth = generate(scenario(List.of(), List.of(
        new Scenario.TruthSpec("ALL", List.of("AM_VACANCY_MATCHING"), "benefit"),
        new Scenario.TruthSpec("ALL", List.of(KM, IC, AM), Scenario.TruthSpec.TRIPLE))),
        300, 43, dir);
    for (JsonNode record : truth) {
      assertThat(record.has("slopes")).as(record.toString()).isFalse();
    }
    assertThat(truth.get(0).has("three_way_interaction")).isFalse();
    assertThat(truth.get(0).has("pairs_versus_none")).isFalse();
  }

  // ---- triple ------------------------------------------------------------------------------

  /**
   * Known answer: only an all-three effect is planted, so every arm but "all three" has the
   * baseline chance, and per client the three-way interaction is y111 - y000, the effect
   * itself, while each pair inside the triple changes nothing. The averages are over the
   * clients who received all three (about 2,000 here: binomial SE of the effect near 0.007);
   * {@code effect_all_clients} is the same effect over all 4,000 clients.
   */
  @Test
  void aTripleWithOnlyAnAllThreeEffectHasInteractionEqualToItsEffect(@TempDir Path dir)
      throws IOException {
    JsonNode record = generate(tripleScenario(
        List.of(new Scenario.Effect("All three", List.of(IC, KM, AM), List.of(), List.of(),
            0.10)),
        List.of(new Scenario.TruthSpec("ALL", List.of(KM, IC, AM), Scenario.TruthSpec.TRIPLE))),
        4000, 44, dir).get(0);
    assertThat(record.get("kind").asText()).isEqualTo("triple");
    assertThat(MAPPER.convertValue(record.get("interventions"), String[].class))
        .as("sorted, as every record").containsExactly(AM, IC, KM);
    assertThat(record.get("n_episodes").asLong()).isEqualTo(4000);
    assertThat(record.get("n_treated").asLong()).as("0.8^3 of 4,000 is 2,048")
        .isBetween(1850L, 2250L);
    double effect = record.get("effect").asDouble();
    assertThat(effect).isBetween(0.08, 0.12);
    assertThat(record.get("effect_all_clients").asDouble()).isBetween(0.085, 0.115)
        .isNotEqualTo(effect);
    assertThat(record.get("three_way_interaction").asDouble()).isEqualTo(effect);
    JsonNode pairs = record.get("pairs_versus_none");
    List<String> keys = new ArrayList<>();
    pairs.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).as("in the triple's order").containsExactly(KM + "+" + IC, KM + "+" + AM,
        IC + "+" + AM);
    pairs.forEach(pair -> assertThat(pair.asDouble()).isZero());
  }

  /**
   * Known answer with layers: KM alone +0.05, KM with IC +0.03 more, all three +0.10 more. With
   * the client's uniform draw u and baseline b, the arms' chances are b (none, IC, AM, IC+AM),
   * b + 0.05 (KM, KM+AM), b + 0.08 (KM+IC) and b + 0.18 (all three), so per client the effect
   * is 1[b <= u < b + 0.18], the three-way interaction y111 - y110 = 1[b + 0.08 <= u < b +
   * 0.18], KM+IC against none 1[b <= u < b + 0.08], KM+AM 1[b <= u < b + 0.05] and IC+AM 0:
   * effect = interaction + (KM+IC) exactly, IC+AM exactly 0, and the averages over the about
   * 2,000 clients who received all three near 0.18, 0.10, 0.08 and 0.05 (binomial SEs at most
   * 0.009; the bounds are about 2.5 SE).
   */
  @Test
  void aTriplesInteractionAndPairsMatchTheLayeredPlantedEffects(@TempDir Path dir)
      throws IOException {
    JsonNode record = generate(tripleScenario(List.of(
        new Scenario.Effect("KM", List.of(KM), List.of(), List.of(), 0.05),
        new Scenario.Effect("KM with IC", List.of(KM, IC), List.of(), List.of(), 0.03),
        new Scenario.Effect("All three", List.of(KM, IC, AM), List.of(), List.of(), 0.10)),
        List.of(new Scenario.TruthSpec("ALL", List.of(KM, IC, AM), Scenario.TruthSpec.TRIPLE))),
        4000, 45, dir).get(0);
    double effect = record.get("effect").asDouble();
    double interaction = record.get("three_way_interaction").asDouble();
    JsonNode pairs = record.get("pairs_versus_none");
    double kmIc = pairs.get(KM + "+" + IC).asDouble();
    double kmAm = pairs.get(KM + "+" + AM).asDouble();
    double icAm = pairs.get(IC + "+" + AM).asDouble();
    assertThat(effect).isCloseTo(interaction + kmIc, within(1e-12));
    assertThat(icAm).isZero();
    assertThat(kmAm).isLessThanOrEqualTo(kmIc);
    assertThat(effect).isCloseTo(0.18, within(0.022));
    assertThat(interaction).isCloseTo(0.10, within(0.02));
    assertThat(kmIc).isCloseTo(0.08, within(0.016));
    assertThat(kmAm).isCloseTo(0.05, within(0.013));
  }

  // ---- validation and old files ------------------------------------------------------------

  @Test
  void aTripleMustNameOneInterventionPerDisciplineInOrderWithKindTriple() {
    List<List<String>> wrong = List.of(List.of(IC, KM, AM), List.of(KM, "KM_APPLICATION_TRAINING",
        AM));
    for (List<String> codes : wrong) {
      Scenario scenario = scenario(List.of(), List.of(new Scenario.TruthSpec("ALL", codes,
          Scenario.TruthSpec.TRIPLE)));
      assertThatThrownBy(() -> new MunicipalityGenerator(scenario, CatalogReader.bundled()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[KM, IC, AM]");
    }
    Scenario notTriple = scenario(List.of(), List.of(new Scenario.TruthSpec("ALL",
        List.of(KM, IC, AM), "benefit")));
    assertThatThrownBy(() -> new MunicipalityGenerator(notTriple, CatalogReader.bundled()))
        .hasMessageContaining("kind \"triple\"");
    Scenario pairAsTriple = scenario(List.of(), List.of(new Scenario.TruthSpec("ALL",
        List.of(KM, IC), Scenario.TruthSpec.TRIPLE)));
    assertThatThrownBy(() -> new MunicipalityGenerator(pairAsTriple, CatalogReader.bundled()))
        .hasMessageContaining("kind \"triple\"");
  }

  @Test
  void aModifierOnAnUnknownElementIsRejected(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> new Scenario.Modifier("MOTIVATION", 0.01, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("modifier.element must be one of")
        .hasMessageContaining("MOTIVATION");
    assertThatThrownBy(() -> new Scenario.Modifier("ALL", 0.01, 3))
        .isInstanceOf(IllegalArgumentException.class);
    ObjectNode root = bundledScenarioJson();
    ((ObjectNode) root.get("effects").get(0)).putObject("modifier").put("element", "MOTIVATION")
        .put("per_point", 0.01).put("center", 3);
    Path file = dir.resolve("scenario.json");
    MAPPER.writeValue(file.toFile(), root);
    assertThatThrownBy(() -> Scenario.read(file)).isInstanceOf(SamenspelException.class)
        .hasMessageContaining("modifier.element must be one of");
  }

  /** A scenario file written before modifiers existed reads as before: no effect modified. */
  @Test
  void aScenarioWithoutModifiersStillReads(@TempDir Path dir) throws IOException {
    ObjectNode root = bundledScenarioJson();
    root.get("effects").forEach(effect -> ((ObjectNode) effect).remove("modifier"));
    assertThat(root.toString()).doesNotContain("modifier");
    Path file = dir.resolve("scenario.json");
    MAPPER.writeValue(file.toFile(), root);
    Scenario read = Scenario.read(file);
    assertThat(read.effects()).hasSameSizeAs(Scenario.defaultScenario().effects());
    for (int e = 0; e < read.effects().size(); e++) {
      Scenario.Effect effect = read.effects().get(e);
      Scenario.Effect bundled = Scenario.defaultScenario().effects().get(e);
      assertThat(effect.modifier()).isNull();
      assertThat(effect).isEqualTo(new Scenario.Effect(bundled.name(), bundled.whenAll(),
          bundled.whenNone(), bundled.barriers(), bundled.effect()));
    }
  }

  private static ObjectNode bundledScenarioJson() throws IOException {
    try (InputStream in = Scenario.class.getResourceAsStream(
        "/nl/samenspel/generate/scenario.json")) {
      return (ObjectNode) MAPPER.readTree(in);
    }
  }
}
