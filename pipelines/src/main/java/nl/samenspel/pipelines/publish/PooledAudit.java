package nl.samenspel.pipelines.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.samenspel.disclosure.DisclosureAudit;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.disclosure.Relation;
import nl.samenspel.disclosure.Violation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Re-reads a pooled publish as a reader would, together with the municipalities' own
 * {@code evidence.json} files it was made from, before the publish is swapped in. It trusts
 * nothing the writer knew:
 *
 * <ul>
 *   <li>{@code pooled.json} must pass {@code pooled.schema.json} and carry no forbidden field;
 *       the CSV, the Parquet file and the page's {@code data-count} cells must hold the same
 *       combinations and counts;</li>
 *   <li>no pooled count may lie between 1 and the threshold, and each must be rounded;</li>
 *   <li>differencing: every municipality count a pooled total adds up must be published in that
 *       municipality's own file (a suppressed count added in could be recovered by subtracting
 *       the other municipalities' tables from the pooled one), the total must equal their
 *       rounded sum, and the relation total = sum of parts must leave no suppressed count
 *       recoverable ({@link DisclosureAudit});</li>
 *   <li>every municipality's estimate and counts shown must be what it published.</li>
 * </ul>
 */
public final class PooledAudit {

  /** The files a pooled publish consists of. */
  public static final Set<String> FILES = Set.of(PoolPublish.POOLED_JSON,
      PoolPublish.POOLED_SCHEMA, PoolPublish.POOLED_CSV, PoolPublish.POOLED_PARQUET,
      PublishStage.INDEX_HTML, PublishStage.REPORT_PDF);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> FIELDS = List.of(PooledReport.N_TREATED,
      PooledReport.N_COMPARISON);
  private static final Map<String, String> IN_TOTAL = Map.of(
      PooledReport.N_TREATED, "in_total_treated",
      PooledReport.N_COMPARISON, "in_total_comparison");

  private PooledAudit() {}

  /**
   * The violations found in the pooled publish {@code folder}, checked against the
   * municipalities' files {@code sources}; empty when it may be published.
   */
  public static List<Violation> check(Path folder, List<Path> sources, DisclosureRules rules,
      SparkSession spark) {
    List<Violation> violations = new ArrayList<>();
    try {
      PublishAudit.unexpectedFiles(folder, FILES, violations);
      String json = Files.readString(folder.resolve(PoolPublish.POOLED_JSON),
          StandardCharsets.UTF_8);
      SchemaCheck.validate(SchemaCheck.POOLED, json).forEach(e -> violations.add(
          new Violation(Violation.Kind.INCONSISTENT, PoolPublish.POOLED_JSON
              + e.getInstanceLocation(), "fails pooled.schema.json: " + e.getMessage())));
      JsonNode root = MAPPER.readTree(json);
      PublishAudit.forbiddenKeys(root, PoolPublish.POOLED_JSON, violations);
      Map<String, Map<String, JsonNode>> published = municipalities(sources);
      Map<String, Long> counts = new LinkedHashMap<>();
      List<Relation> relations = new ArrayList<>();
      List<String> pageCounts = new ArrayList<>();
      for (JsonNode combination : root.path("combinations")) {
        String key = key(combination);
        for (String field : FIELDS) {
          String total = "pooled/" + key + "/" + field;
          JsonNode value = combination.get(field);
          counts.put(total, value == null || value.isNull() ? null : value.asLong());
          pageCounts.add(value == null || value.isNull() ? "suppressed" : value.asText());
          List<String> parts = new ArrayList<>();
          long sum = 0;
          for (JsonNode m : combination.path("by_municipality")) {
            String label = m.path("municipality").asText();
            JsonNode own = published.getOrDefault(label, Map.of()).get(key);
            if (own == null) {
              violations.add(new Violation(Violation.Kind.INCONSISTENT, PoolPublish.POOLED_JSON
                  + "/combinations/" + key + "/" + label, "this municipality did not publish "
                  + "this combination"));
              continue;
            }
            sameNumber(m, own, "estimate", key, label, violations);
            sameNumber(m, own, "standard_error", key, label, violations);
            JsonNode ownCount = own.get(field);
            Long ownValue = ownCount == null || ownCount.isNull() ? null : ownCount.asLong();
            JsonNode shown = m.get(field);
            Long shownValue = shown == null || shown.isNull() ? null : shown.asLong();
            if (!java.util.Objects.equals(ownValue, shownValue)) {
              violations.add(new Violation(Violation.Kind.INCONSISTENT, PoolPublish.POOLED_JSON
                  + "/combinations/" + key + "/" + label + "/" + field,
                  "differs from what the municipality published"));
            }
            if (!m.path(IN_TOTAL.get(field)).asBoolean()) {
              continue;
            }
            String part = "municipality/" + label + "/" + key + "/" + field;
            parts.add(part);
            counts.put(part, ownValue);
            if (ownValue == null) {
              violations.add(new Violation(Violation.Kind.RECOVERABLE, total,
                  "adds in a count " + label + " suppressed: subtracting the other "
                      + "municipalities' published counts would recover it"));
            } else {
              sum += ownValue;
            }
          }
          Long published_ = counts.get(total);
          if (!parts.isEmpty()) {
            relations.add(new Relation(total, parts));
            long expected = rules.isSmall(sum) ? -1 : rules.round(sum);
            if (published_ != null && published_ != expected) {
              violations.add(new Violation(Violation.Kind.INCONSISTENT, total, "is not the "
                  + "rounded sum of the published counts it names (" + sum + ")"));
            }
          } else if (published_ != null) {
            violations.add(new Violation(Violation.Kind.INCONSISTENT, total,
                "a total without any municipality count added in"));
          }
        }
      }
      violations.addAll(DisclosureAudit.check(pooledOnly(counts), List.of(), rules));
      violations.addAll(DisclosureAudit.check(counts, Map.of(), relations, rules).stream()
          .filter(v -> v.kind() == Violation.Kind.RECOVERABLE
              || v.kind() == Violation.Kind.SMALL_BY_SUBTRACTION).toList());
      try {
        List<Row> expected = PooledTable.rows(json);
        PublishAudit.checkTable(PublishAudit.csvRows(folder.resolve(PoolPublish.POOLED_CSV)),
            PoolPublish.POOLED_CSV, PooledTable.SCHEMA, expected, violations);
        PublishAudit.checkTable(PublishAudit.parquetRows(
                folder.resolve(PoolPublish.POOLED_PARQUET)), PoolPublish.POOLED_PARQUET,
            PooledTable.SCHEMA, expected, violations);
      } catch (IllegalStateException e) {
        violations.add(new Violation(Violation.Kind.INCONSISTENT, PoolPublish.POOLED_JSON,
            e.getMessage()));
      }
      String html = Files.readString(folder.resolve(PublishStage.INDEX_HTML),
          StandardCharsets.UTF_8);
      PublishAudit.checkExternal(html, violations);
      if (!PublishAudit.dataCounts(html).equals(pageCounts)) {
        violations.add(new Violation(Violation.Kind.INCONSISTENT, PublishStage.INDEX_HTML,
            "the counts shown differ from pooled.json"));
      }
      PublishAudit.checkPdf(folder.resolve(PublishStage.REPORT_PDF), violations);
    } catch (IOException e) {
      throw new UncheckedIOException("can't re-read the pooled publish in " + folder, e);
    }
    return violations;
  }

  /** The pooled totals only (municipality counts follow their own rules and rounding). */
  private static Map<String, Long> pooledOnly(Map<String, Long> counts) {
    Map<String, Long> pooled = new LinkedHashMap<>();
    counts.forEach((id, value) -> {
      if (id.startsWith("pooled/")) {
        pooled.put(id, value);
      }
    });
    return pooled;
  }

  /** Per municipality label, its published combinations by key, re-read from its file. */
  private static Map<String, Map<String, JsonNode>> municipalities(List<Path> sources)
      throws IOException {
    // Read in parallel: a national pool re-reads 342 files (about 570 MB).
    Map<String, Map<String, JsonNode>> byLabel = new java.util.concurrent.ConcurrentHashMap<>();
    try {
      sources.parallelStream().forEach(source -> {
        JsonNode root;
        try {
          root = MAPPER.readTree(Files.readString(source, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        List<String> codes = new ArrayList<>();
        root.path("publication").path("municipalities").forEach(c -> codes.add(c.asText()));
        Map<String, JsonNode> combinations = new HashMap<>();
        root.path("combinations").forEach(c -> combinations.put(key(c), c));
        byLabel.put(String.join("+", codes.stream().sorted().toList()), combinations);
      });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    return byLabel;
  }

  private static void sameNumber(JsonNode shown, JsonNode own, String field, String key,
      String label, List<Violation> violations) {
    if (shown.path(field).asDouble() != own.path(field).asDouble()) {
      violations.add(new Violation(Violation.Kind.INCONSISTENT, PoolPublish.POOLED_JSON
          + "/combinations/" + key + "/" + label + "/" + field,
          "differs from what the municipality published"));
    }
  }

  private static String key(JsonNode combination) {
    List<String> codes = new ArrayList<>();
    combination.path("interventions").forEach(code -> codes.add(code.asText()));
    return combination.path("element").asText() + "|" + String.join("+", codes);
  }
}
