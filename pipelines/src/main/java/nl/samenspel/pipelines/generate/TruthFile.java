package nl.samenspel.pipelines.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code truth.json}. For one municipality: an array of
 * {@code {element, interventions, effect}} records in the keys of the evidence records, plus the
 * kind of planted effect, the synergy of a pair and the number of episodes in the subgroup. A
 * triple (kind "triple") adds {@code three_way_interaction} and {@code pairs_versus_none} (the
 * three pairs inside it against none, keyed "A+B" in the scenario's order of the triple), all of
 * a triple's quantities averaged over the clients who received all three (the population the
 * pipeline estimates a triple for), with {@code n_treated} and {@code effect_all_clients} (the
 * effect averaged over every client of the subgroup); kind
 * "modification" adds {@code slopes} (modifier name to the least-squares slope of the clients'
 * conditional effects on their profile), or {@code slopes_not_computed} with the reason.
 *
 * <p>For several municipalities ({@link #writeNational}), one object: the options (seed, tau,
 * municipality_count, min_clients, max_clients, sizes ascending, clients in all), the scenario's
 * planted effects ({@code planted_effects}: name, effect and any modifier, in the scenario's
 * order),
 * {@code national} (records as above over all clients with no shifts, but without slopes:
 * fitting them would need every client of every municipality in memory at once) and
 * {@code municipalities} (code, clients, seed, {@code shifts} in the order of
 * {@code planted_effects}, and {@code truth}: the records of its own truth.json).
 */
final class TruthFile {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private TruthFile() {}

  static void write(Path file, MunicipalityGenerator.Summary summary,
      MunicipalityGenerator.Options options) throws IOException {
    ArrayNode array = MAPPER.createArrayNode();
    for (MunicipalityGenerator.TruthRecord record : summary.truth()) {
      ObjectNode node = addRecord(array, record);
      node.put("seed", options.seed());
      node.put("clients", options.clients());
    }
    MAPPER.writeValue(file.toFile(), array);
  }

  static void writeNational(Path file, MunicipalitiesGenerator.Summary summary,
      Scenario scenario) throws IOException {
    MunicipalitiesGenerator.Options options = summary.options();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("description", scenario.description());
    root.put("seed", options.seed());
    root.put("tau", options.tau());
    root.put("municipality_count", options.municipalities());
    root.put("min_clients", options.minClients());
    root.put("max_clients", options.maxClients());
    ArrayNode sizes = root.putArray("sizes");
    summary.sizes().forEach(sizes::add);
    root.put("clients", summary.clients());
    ArrayNode planted = root.putArray("planted_effects");
    for (Scenario.Effect effect : scenario.effects()) {
      ObjectNode node = planted.addObject().put("name", effect.name())
          .put("effect", effect.effect());
      if (effect.modifier() != null) {
        node.putObject("modifier").put("element", effect.modifier().element())
            .put("per_point", effect.modifier().perPoint())
            .put("center", effect.modifier().center());
      }
    }
    addRecords(root.putArray("national"), summary.national());
    ArrayNode municipalities = root.putArray("municipalities");
    for (MunicipalitiesGenerator.Municipality municipality : summary.municipalities()) {
      ObjectNode node = municipalities.addObject();
      node.put("code", municipality.code());
      node.put("clients", municipality.clients());
      node.put("seed", municipality.seed());
      ArrayNode shifts = node.putArray("shifts");
      municipality.shifts().forEach(shifts::add);
      addRecords(node.putArray("truth"), municipality.summary().truth());
    }
    MAPPER.writeValue(file.toFile(), root);
  }

  private static void addRecords(ArrayNode array,
      List<MunicipalityGenerator.TruthRecord> records) {
    records.forEach(record -> addRecord(array, record));
  }

  private static ObjectNode addRecord(ArrayNode array, MunicipalityGenerator.TruthRecord record) {
    ObjectNode node = array.addObject();
    node.put("element", record.element());
    ArrayNode codes = node.putArray("interventions");
    record.interventions().forEach(codes::add);
    number(node, "effect", record.effect());
    node.put("kind", record.kind());
    if (record.synergy() != null) {
      node.put("synergy", record.synergy());
    }
    if (record.effectAllClients() != null) {
      number(node, "effect_all_clients", record.effectAllClients());
      node.put("n_treated", record.nTreated());
    }
    if (record.threeWayInteraction() != null) {
      number(node, "three_way_interaction", record.threeWayInteraction());
    }
    if (record.pairsVersusNone() != null) {
      ObjectNode pairs = node.putObject("pairs_versus_none");
      record.pairsVersusNone().forEach((pair, value) -> number(pairs, pair, value));
    }
    if (record.slopes() != null) {
      ObjectNode slopes = node.putObject("slopes");
      record.slopes().forEach(slopes::put);
    }
    if (record.slopesNotComputed() != null) {
      node.put("slopes_not_computed", record.slopesNotComputed());
    }
    if (record.restrictedMeanDifference() != null) {
      number(node, "restricted_mean_difference", record.restrictedMeanDifference());
    }
    node.put("n_episodes", record.nEpisodes());
    return node;
  }

  /** A number, or null where there is none (a triple nobody received all three of). */
  private static void number(ObjectNode node, String name, double value) {
    if (Double.isNaN(value)) {
      node.putNull(name);
    } else {
      node.put(name, value);
    }
  }
}
