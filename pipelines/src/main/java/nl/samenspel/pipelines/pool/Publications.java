package nl.samenspel.pipelines.pool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.PublicationScope;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.publish.EvidenceJson;
import nl.samenspel.pipelines.publish.PublishStage;
import nl.samenspel.pipelines.publish.SchemaCheck;
import nl.samenspel.pool.Contribution;

/**
 * Finds and reads the {@code evidence.json} files a pool is made of. A file argument is read as
 * is; a folder is searched recursively for files named {@code evidence.json}, without following
 * links (a municipality's {@code published} link and its release are one publication, not two)
 * and skipping the {@code .staging} folders a killed run may leave. Every file is validated
 * against {@code evidence.schema.json} before anything is taken from it; a file that is not an
 * evidence.json of this version, or fails its schema, stops the pool with one line naming it.
 */
final class Publications {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STAGING = ".staging";
  /** Reason code of a published estimate that has no standard error, so can't be pooled. */
  static final String NO_STANDARD_ERROR = "NO_STANDARD_ERROR";

  private Publications() {}

  /** The evidence.json files the arguments name, in argument order then path order. */
  static List<Path> locate(List<Path> arguments) {
    List<Path> files = new ArrayList<>();
    for (Path argument : arguments) {
      if (Files.isRegularFile(argument)) {
        files.add(argument);
      } else if (Files.isDirectory(argument)) {
        List<Path> found;
        try (Stream<Path> walk = Files.walk(argument.toRealPath())) {
          found = walk.filter(p -> p.getFileName().toString().equals(PublishStage.EVIDENCE_JSON))
              .filter(Files::isRegularFile)
              .filter(p -> !inStaging(argument, p))
              .sorted().toList();
        } catch (IOException e) {
          throw SamenspelException.input("--evidence: can't search " + argument + ": "
              + e.getMessage());
        }
        if (found.isEmpty()) {
          throw SamenspelException.input("--evidence: no " + PublishStage.EVIDENCE_JSON
              + " under " + argument + "; name the published folder of each municipality");
        }
        found.forEach(p -> files.add(display(argument, p)));
      } else {
        throw SamenspelException.input("--evidence: " + argument + " not found");
      }
    }
    return files;
  }

  /** The file under the folder the user named, so messages show the path the user knows. */
  private static Path display(Path argument, Path found) {
    try {
      return argument.resolve(argument.toRealPath().relativize(found));
    } catch (IOException e) {
      return found;
    }
  }

  private static boolean inStaging(Path root, Path file) {
    for (Path part : file) {
      if (part.toString().endsWith(STAGING)) {
        return true;
      }
    }
    return false;
  }

  /** Reads and validates one evidence.json. */
  static Publication read(Path file) {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw SamenspelException.input("Can't read " + name + ": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw SamenspelException.input(name + " is not a Samenspel evidence.json: not JSON ("
          + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
    }
    if (root == null || !root.isObject() || !root.has("schema_version")
        || !root.has("combinations")) {
      throw SamenspelException.input(name + " is not a Samenspel evidence.json (no "
          + "schema_version or combinations); pass the evidence.json of a municipality's publish");
    }
    String version = root.path("schema_version").asText();
    if (!EvidenceJson.POOLABLE_VERSIONS.contains(version)) {
      throw SamenspelException.input(name + " has schema_version " + version + "; pooling "
          + "needs " + EvidenceJson.SCHEMA_VERSION + " (the municipality and definitions are "
          + "published since 1.1): publish it again with this version of Samenspel");
    }
    List<Error> problems = SchemaCheck.evidence(text);
    if (!problems.isEmpty()) {
      Error first = problems.get(0);
      throw SamenspelException.input(name + " fails " + PublishStage.EVIDENCE_SCHEMA + " at "
          + (first.getInstanceLocation() == null ? "/" : first.getInstanceLocation()) + ": "
          + first.getMessage() + (problems.size() > 1 ? " (and " + (problems.size() - 1)
              + " more problems)" : ""));
    }
    List<String> municipalities = new ArrayList<>();
    root.path("publication").path("municipalities").forEach(m -> municipalities.add(m.asText()));
    if (municipalities.isEmpty()) {
      throw SamenspelException.input(name + " names no municipality (publication.municipalities"
          + " is empty: no municipality reached the disclosure threshold); it can't be pooled");
    }
    PublicationScope scope = new PublicationScope(municipalities,
        root.path("publication").path("period").asText());
    Map<Combination, Contribution> estimated = new LinkedHashMap<>();
    Map<Combination, String> notEstimated = new LinkedHashMap<>();
    for (JsonNode c : root.path("combinations")) {
      Combination combination = combination(c);
      double standardError = number(c, "standard_error");
      if (!(standardError > 0) || Double.isInfinite(standardError)) {
        // An estimate without a standard error can't be weighted: named as missing.
        notEstimated.put(combination, NO_STANDARD_ERROR);
        continue;
      }
      List<String> reasons = new ArrayList<>();
      c.path("certainty_reasons").forEach(r -> reasons.add(r.asText()));
      estimated.put(combination, new Contribution(scope.label(), scope.period(),
          c.path("estimate").asDouble(), standardError,
          c.path("ci_low").asDouble(), c.path("ci_high").asDouble(), count(c, "n_treated"),
          count(c, "n_comparison"), number(c, "rate_treated"), number(c, "rate_comparison"),
          c.path("certainty").asText(), reasons, new Contribution.Checks(
              number(c, "imbalance_after"), new double[] {number(c, "placebo_estimate"),
                  number(c, "placebo_ci_low"), number(c, "placebo_ci_high")},
              new double[] {number(c, "negative_control_estimate"),
                  number(c, "negative_control_ci_low"), number(c, "negative_control_ci_high")})));
    }
    for (JsonNode c : root.path("not_estimated")) {
      notEstimated.put(combination(c), c.path("reason").asText());
    }
    JsonNode disclosure = root.path("disclosure");
    return new Publication(name, scope, EvidenceJson.definitions(root.path("definitions")),
        disclosure.path("threshold").asInt(), disclosure.path("rounding_base").asInt(),
        estimated, notEstimated);
  }

  private static Combination combination(JsonNode node) {
    List<String> codes = new ArrayList<>();
    node.path("interventions").forEach(code -> codes.add(code.asText()));
    return new Combination(node.path("element").asText(), codes);
  }

  private static Long count(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asLong();
  }

  private static double number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Double.NaN : value.asDouble();
  }
}
