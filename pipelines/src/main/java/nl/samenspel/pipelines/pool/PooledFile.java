package nl.samenspel.pipelines.pool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.Definitions;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.publish.EvidenceJson;
import nl.samenspel.pipelines.publish.PoolPublish;
import nl.samenspel.pipelines.publish.SchemaCheck;
import nl.samenspel.pool.Comparison;
import nl.samenspel.pool.Contribution;
import nl.samenspel.pool.RandomEffects;
import nl.samenspel.pool.Study;

/**
 * A published {@code pooled.json} as a municipality's run reads it for
 * {@code --compare-with}: the definitions the pool shares, and per pooled combination every
 * municipality's published estimate, so a run can compare its own result with the pool of the
 * other municipalities.
 *
 * @param file the file as the user named it
 * @param definitions the definitions of the pooled publications
 * @param contributions per pooled combination, the municipalities' published estimates
 */
public record PooledFile(String file, Definitions definitions,
    Map<Combination, List<Contribution>> contributions) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public PooledFile {
    contributions = Map.copyOf(contributions);
  }

  /** Reads and validates a pooled.json; one line and exit 3 when it can't be used. */
  public static PooledFile read(Path path) {
    String name = "--compare-with " + path;
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw SamenspelException.input(name + ": file not found");
    } catch (IOException e) {
      throw SamenspelException.input(name + ": can't read it (" + e.getMessage() + ")");
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw SamenspelException.input(name + " is not a Samenspel " + PoolPublish.POOLED_JSON
          + ": not JSON");
    }
    if (root == null || !root.isObject() || !root.has("pool")) {
      throw SamenspelException.input(name + " is not a Samenspel " + PoolPublish.POOLED_JSON
          + " (made by samenspel pool)");
    }
    List<Error> problems = SchemaCheck.validate(SchemaCheck.POOLED, text);
    if (!problems.isEmpty()) {
      throw SamenspelException.input(name + " fails " + PoolPublish.POOLED_SCHEMA + " at "
          + problems.get(0).getInstanceLocation() + ": " + problems.get(0).getMessage());
    }
    Map<Combination, List<Contribution>> contributions = new LinkedHashMap<>();
    for (JsonNode c : root.path("combinations")) {
      List<String> codes = new ArrayList<>();
      c.path("interventions").forEach(code -> codes.add(code.asText()));
      List<Contribution> list = new ArrayList<>();
      for (JsonNode m : c.path("by_municipality")) {
        list.add(new Contribution(m.path("municipality").asText(), m.path("period").asText(),
            m.path("estimate").asDouble(), m.path("standard_error").asDouble(),
            m.path("ci_low").asDouble(), m.path("ci_high").asDouble(), null, null, Double.NaN,
            Double.NaN, m.path("certainty").asText(), List.of(), Contribution.Checks.NONE));
      }
      contributions.put(new Combination(c.path("element").asText(), codes), list);
    }
    return new PooledFile(path.toString(), EvidenceJson.definitions(root.path("definitions")),
        contributions);
  }

  /** Fails with one line when the run's definitions are not the pool's. */
  public void requireSameDefinitions(Definitions run) {
    String field = definitions.firstDifference(run);
    if (field != null) {
      throw SamenspelException.input("--compare-with " + file + " pools publications with "
          + "other definitions: definitions." + field + " is " + definitions.fields().get(field)
          + " there and " + run.fields().get(field) + " in this run; compare with a pool of "
          + "the same definitions");
    }
  }

  /**
   * Per combination the run estimated and the pool holds, the run's estimate against the pool
   * of the other municipalities ({@link Comparison}); combinations with fewer than two other
   * municipalities are left out.
   *
   * @param municipality the run's label (its municipality codes joined with {@code +})
   * @param own the run's estimates and standard errors by combination
   */
  public Map<Combination, Comparison> compare(String municipality,
      Map<Combination, double[]> own) {
    RandomEffects randomEffects = new RandomEffects(RandomEffects.Options.DEFAULT);
    Map<Combination, Comparison> comparisons = new LinkedHashMap<>();
    own.forEach((combination, estimate) -> {
      List<Contribution> pooled = contributions.get(combination);
      if (pooled == null || !(estimate[1] > 0)) {
        return;
      }
      Comparison comparison = Comparison.of(new Study(municipality, estimate[0], estimate[1]),
          pooled, randomEffects);
      if (comparison != null) {
        comparisons.put(combination, comparison);
      }
    });
    return comparisons;
  }
}
