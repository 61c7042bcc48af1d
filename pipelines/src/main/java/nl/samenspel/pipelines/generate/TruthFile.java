package nl.samenspel.pipelines.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes {@code truth.json}: an array of {@code {element, interventions, effect}} records in the
 * keys of the evidence records, plus the kind of planted effect, the synergy of a pair and the
 * number of episodes in the subgroup.
 */
final class TruthFile {

  private TruthFile() {}

  static void write(Path file, MunicipalityGenerator.Summary summary,
      MunicipalityGenerator.Options options) throws IOException {
    ObjectMapper mapper = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode array = mapper.createArrayNode();
    for (MunicipalityGenerator.TruthRecord record : summary.truth()) {
      ObjectNode node = array.addObject();
      node.put("element", record.element());
      ArrayNode codes = node.putArray("interventions");
      record.interventions().forEach(codes::add);
      node.put("effect", record.effect());
      node.put("kind", record.kind());
      if (record.synergy() != null) {
        node.put("synergy", record.synergy());
      }
      node.put("n_episodes", record.nEpisodes());
      node.put("seed", options.seed());
      node.put("clients", options.clients());
    }
    mapper.writeValue(file.toFile(), array);
  }
}
