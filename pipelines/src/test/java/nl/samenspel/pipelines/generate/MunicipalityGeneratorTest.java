package nl.samenspel.pipelines.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.Table;
import nl.samenspel.pipelines.catalog.CatalogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MunicipalityGeneratorTest {

  private static MunicipalityGenerator.Summary generate(int clients, long seed, Path out)
      throws IOException {
    return new MunicipalityGenerator(Scenario.defaultScenario(), CatalogReader.bundled())
        .generate(new MunicipalityGenerator.Options(clients, seed, "GM0855"), out);
  }

  @Test
  void sameSeedGivesIdenticalFilesAndAnotherSeedDoesNot(@TempDir Path dir) throws IOException {
    generate(300, 1, dir.resolve("a"));
    generate(300, 1, dir.resolve("b"));
    generate(300, 2, dir.resolve("c"));
    for (Table table : Contract.EXTRACTS) {
      String name = table.name() + ".csv";
      assertThat(Files.readAllBytes(dir.resolve("a").resolve(name)))
          .as(name).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(name)));
    }
    assertThat(Files.readAllBytes(dir.resolve("a").resolve("truth.json")))
        .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve("truth.json")));
    assertThat(Files.readAllBytes(dir.resolve("a").resolve("outcomes.csv")))
        .isNotEqualTo(Files.readAllBytes(dir.resolve("c").resolve("outcomes.csv")));
  }

  @Test
  void writesTheContractHeaders(@TempDir Path dir) throws IOException {
    generate(50, 3, dir);
    for (Table table : Contract.EXTRACTS) {
      String header = Files.readAllLines(dir.resolve(table.name() + ".csv")).get(0);
      assertThat(header).isEqualTo(String.join(",", table.columnNames()));
    }
  }

  /**
   * Realism: CBS reports about 12% of the bijstand population leaving for work per year and
   * about 82% of those still working after 6 months. The generator must land near that.
   */
  @Test
  void exitRatesAreRealistic(@TempDir Path dir) throws IOException {
    MunicipalityGenerator.Summary summary = generate(5000, 11, dir);
    assertThat(summary.exitToWorkWithinYear()).isBetween(0.10, 0.18);
    assertThat(summary.durableWithinYear() / summary.exitToWorkWithinYear())
        .as("share of exits that last six months").isBetween(0.7, 0.9);
  }

  @Test
  void truthHoldsThePlantedCombinationsInEvidenceKeys(@TempDir Path dir) throws IOException {
    generate(3000, 12, dir);
    JsonNode truth = new ObjectMapper().readTree(dir.resolve("truth.json").toFile());
    assertThat(truth.isArray()).isTrue();
    assertThat(truth).hasSize(5);
    List<String> kinds = new java.util.ArrayList<>();
    for (JsonNode record : truth) {
      assertThat(record.has("element")).isTrue();
      assertThat(record.get("interventions").isArray()).isTrue();
      assertThat(record.get("effect").isNumber()).isTrue();
      kinds.add(record.get("kind").asText());
    }
    assertThat(kinds).containsExactlyInAnyOrder("benefit", "benefit", "benefit", "harm",
        "synergy");
    for (JsonNode record : truth) {
      double effect = record.get("effect").asDouble();
      switch (record.get("kind").asText()) {
        case "benefit" -> assertThat(effect).as(record.toString()).isGreaterThan(0.03);
        case "harm" -> assertThat(effect).as(record.toString()).isLessThan(-0.02);
        case "synergy" -> {
          assertThat(record.get("interventions")).hasSize(2);
          assertThat(record.get("synergy").asDouble()).as("both beat the sum of the parts")
              .isGreaterThan(0.01);
        }
        default -> throw new AssertionError(record.toString());
      }
    }
  }

  @Test
  void scenarioNamingAnUnknownCodeIsRejected() {
    Scenario base = Scenario.defaultScenario();
    Scenario broken = new Scenario(base.description(), base.study(), base.baseline(),
        base.defaultAssignment(), List.of(new Scenario.Assignment("KM_UNKNOWN", 0, 0, 0, 0, 0)),
        base.effects(), base.truth(), base.exits());
    assertThatThrownBy(() -> new MunicipalityGenerator(broken, CatalogReader.bundled()))
        .hasMessageContaining("KM_UNKNOWN");
  }
}
