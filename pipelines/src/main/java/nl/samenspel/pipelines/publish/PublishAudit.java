package nl.samenspel.pipelines.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.samenspel.disclosure.DisclosureAudit;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.disclosure.Relation;
import nl.samenspel.disclosure.Violation;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Re-reads every file of a publish as a reader would and checks it against the disclosure
 * rules before the publish is swapped in. It trusts nothing the writer knew: counts and
 * relations are rebuilt from {@code evidence.json}; the CSV, the Parquet file and the
 * {@code data-count} cells of {@code index.html} must carry the same counts; no field may name
 * an identifier or a minimum or maximum; the page may not reference anything outside itself;
 * no file outside the known set may be present.
 */
public final class PublishAudit {

  /** The files a publish consists of. */
  public static final Set<String> FILES = Set.of(PublishStage.EVIDENCE_JSON,
      PublishStage.EVIDENCE_SCHEMA, PublishStage.EVIDENCE_CSV, PublishStage.EVIDENCE_PARQUET,
      PublishStage.INDEX_HTML, PublishStage.REPORT_PDF);

  /** Field names that must never be published. */
  static final Pattern FORBIDDEN_FIELD = Pattern.compile(
      "(^|_)(min|max|minimum|maximum|bsn|client|client_id|pseudonym|name|birth|birth_date|"
          + "address|postcode|nationality|ethnicity)(_|$)");
  private static final Pattern DATA_COUNT = Pattern.compile("data-count=\"([^\"]*)\"");
  private static final Pattern EXTERNAL = Pattern.compile(
      "(?i)(\\b(src|href|xlink:href|action)\\s*=\\s*\"(?!#)[^\"]*\")|url\\(|@import|<script|<link"
          + "|<iframe|<object|<embed");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PublishAudit() {}

  /** The violations found in the publish folder {@code folder}; empty when it may be published. */
  public static List<Violation> check(Path folder, DisclosureRules rules, SparkSession spark) {
    List<Violation> violations = new ArrayList<>();
    try {
      unexpectedFiles(folder, FILES, violations);
      String json = Files.readString(folder.resolve(PublishStage.EVIDENCE_JSON),
          StandardCharsets.UTF_8);
      JsonNode root = MAPPER.readTree(json);
      forbiddenKeys(root, PublishStage.EVIDENCE_JSON, violations);
      Map<String, Long> counts = counts(root);
      violations.addAll(DisclosureAudit.check(counts, bounds(root, rules), relations(root),
          rules));
      try {
        List<Row> expected = EvidenceTable.rows(json);
        checkTable(csvRows(folder.resolve(PublishStage.EVIDENCE_CSV)),
            PublishStage.EVIDENCE_CSV, EvidenceTable.SCHEMA, expected, violations);
        checkTable(parquetRows(folder.resolve(PublishStage.EVIDENCE_PARQUET)),
            PublishStage.EVIDENCE_PARQUET, EvidenceTable.SCHEMA, expected, violations);
      } catch (IllegalStateException e) {
        violations.add(new Violation(Violation.Kind.INCONSISTENT, PublishStage.EVIDENCE_JSON,
            e.getMessage()));
      }
      checkPage(Files.readString(folder.resolve(PublishStage.INDEX_HTML), StandardCharsets.UTF_8),
          counts, rules, violations);
      checkPdf(folder.resolve(PublishStage.REPORT_PDF), violations);
    } catch (IOException e) {
      throw new UncheckedIOException("can't re-read the publish in " + folder, e);
    }
    return violations;
  }

  /** Every count of evidence.json by the ids of {@link PublishedCounts}; null = suppressed. */
  static Map<String, Long> counts(JsonNode root) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (JsonNode file : root.get("files")) {
      String name = file.get("file").asText();
      put(counts, PublishedCounts.file(name, PublishedCounts.ROWS_READ),
          file.get(PublishedCounts.ROWS_READ));
      put(counts, PublishedCounts.file(name, PublishedCounts.ROWS_ACCEPTED),
          file.get(PublishedCounts.ROWS_ACCEPTED));
      put(counts, PublishedCounts.file(name, PublishedCounts.ROWS_QUARANTINED),
          file.get(PublishedCounts.ROWS_QUARANTINED));
    }
    for (JsonNode row : root.get("population")) {
      String element = row.get("element").asText();
      for (String field : List.of(PublishedCounts.EPISODES, PublishedCounts.KNOWN,
          PublishedCounts.DURABLE, PublishedCounts.NOT_DURABLE, PublishedCounts.UNDETERMINED)) {
        put(counts, PublishedCounts.population(element, field), row.get(field));
      }
    }
    for (JsonNode combination : root.get("combinations")) {
      String key = key(combination.get("element").asText(), combination.get("interventions"));
      put(counts, PublishedCounts.combination(key, PublishedCounts.N_TREATED),
          combination.get(PublishedCounts.N_TREATED));
      put(counts, PublishedCounts.combination(key, PublishedCounts.N_COMPARISON),
          combination.get(PublishedCounts.N_COMPARISON));
      JsonNode timing = combination.get("timing");
      if (timing != null && timing.isObject()) {
        // The clients still at risk under every curve are counts like any other.
        for (JsonNode point : timing.get("points")) {
          for (String arm : List.of("treated", "comparison")) {
            put(counts, PublishedCounts.combination(key, "timing/" + point.get("month").asText()
                + "/" + arm + "/" + PublishedCounts.AT_RISK),
                point.get(arm).get(PublishedCounts.AT_RISK));
          }
        }
      }
    }
    return counts;
  }

  /** What the published shares trimmed tell a reader about the clients trimmed. */
  static Map<String, long[]> bounds(JsonNode root, DisclosureRules rules) {
    Map<String, long[]> bounds = new LinkedHashMap<>();
    for (JsonNode combination : root.get("combinations")) {
      if (combination.get("interventions").size() != 1) {
        continue;
      }
      JsonNode share = combination.get("share_trimmed");
      long[] known = PublishedCounts.trimmedBounds(share == null || share.isNull() ? null
          : share.asDouble(), rules);
      if (known != null) {
        bounds.put(PublishedCounts.combination(key(combination.get("element").asText(),
            combination.get("interventions")), PublishedCounts.N_TRIMMED), known);
      }
    }
    return bounds;
  }

  /** The relations a reader can build from the document. */
  static List<Relation> relations(JsonNode root) {
    List<String> elements = new ArrayList<>();
    root.get("population").forEach(row -> elements.add(row.get("element").asText()));
    List<Relation> relations = new ArrayList<>(PublishedCounts.populationRelations(elements));
    List<String> singles = new ArrayList<>();
    for (JsonNode combination : root.get("combinations")) {
      if (combination.get("interventions").size() == 1) {
        singles.add(key(combination.get("element").asText(), combination.get("interventions")));
      }
    }
    relations.addAll(PublishedCounts.combinationRelations(singles));
    List<PublishedCounts.Published> published = new ArrayList<>();
    for (JsonNode combination : root.get("combinations")) {
      JsonNode share = combination.get("share_trimmed");
      List<String> codes = new ArrayList<>();
      combination.get("interventions").forEach(code -> codes.add(code.asText()));
      published.add(new PublishedCounts.Published(combination.get("element").asText(), codes,
          share != null && share.isNumber() && share.asDouble() == 0));
    }
    relations.addAll(PublishedCounts.nestedRelations(published));
    List<String> files = new ArrayList<>();
    root.get("files").forEach(f -> files.add(f.get("file").asText()));
    relations.addAll(PublishedCounts.fileRelations(files));
    return relations;
  }

  private static String key(String element, JsonNode interventions) {
    List<String> codes = new ArrayList<>();
    interventions.forEach(code -> codes.add(code.asText()));
    return element + "|" + String.join("+", codes);
  }

  private static void put(Map<String, Long> counts, String id, JsonNode value) {
    counts.put(id, value == null || value.isNull() ? null : value.asLong());
  }

  /** A file that should be a PDF must start like one. */
  static void checkPdf(Path file, List<Violation> violations) throws IOException {
    byte[] pdf = Files.readAllBytes(file);
    if (pdf.length < 5 || !new String(pdf, 0, 5, StandardCharsets.US_ASCII).equals("%PDF-")) {
      violations.add(new Violation(Violation.Kind.INCONSISTENT,
          file.getFileName().toString(), "not a PDF file"));
    }
  }

  /** Every file in {@code folder} that is not one of {@code known}. */
  static void unexpectedFiles(Path folder, Set<String> known, List<Violation> violations)
      throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      files.map(p -> p.getFileName().toString()).filter(name -> !known.contains(name)).sorted()
          .forEach(name -> violations.add(new Violation(Violation.Kind.INCONSISTENT, name,
              "unexpected file in the publish")));
    }
  }

  static void forbiddenKeys(JsonNode node, String path, List<Violation> violations) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (FORBIDDEN_FIELD.matcher(field.getKey()).find()) {
          violations.add(new Violation(Violation.Kind.FORBIDDEN_FIELD,
              path + "/" + field.getKey(), "this field may not be published"));
        }
        forbiddenKeys(field.getValue(), path + "/" + field.getKey(), violations);
      }
    } else if (node.isArray()) {
      node.forEach(item -> forbiddenKeys(item, path, violations));
    }
  }

  /**
   * A flat table (CSV or Parquet, as text per column, "" for null) must hold exactly the
   * combinations of evidence.json, every column equal, and no forbidden column.
   */
  static void checkTable(List<Map<String, String>> rows, String file,
      org.apache.spark.sql.types.StructType schema, List<Row> expected,
      List<Violation> violations) {
    if (!rows.isEmpty()) {
      for (String column : rows.get(0).keySet()) {
        if (FORBIDDEN_FIELD.matcher(column).find()) {
          violations.add(new Violation(Violation.Kind.FORBIDDEN_FIELD, file + "/" + column,
              "this column may not be published"));
        }
      }
    }
    if (rows.size() != expected.size()) {
      violations.add(new Violation(Violation.Kind.INCONSISTENT, file, "holds " + rows.size()
          + " combinations, the JSON document " + expected.size()));
      return;
    }
    String[] columns = schema.fieldNames();
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> row = rows.get(i);
      Row want = expected.get(i);
      String key = want.getString(0) + "|" + want.getString(1);
      for (int c = 0; c < columns.length; c++) {
        if (!same(want.get(c), row.get(columns[c]))) {
          violations.add(new Violation(Violation.Kind.INCONSISTENT,
              file + "/combinations/" + key + "/" + columns[c],
              "differs from the JSON document"));
        }
      }
    }
  }

  private static boolean same(Object expected, String actual) {
    if (actual == null) {
      return false;
    }
    if (expected == null) {
      return actual.isEmpty();
    }
    try {
      if (expected instanceof Double d) {
        return Double.parseDouble(actual) == d;
      }
      if (expected instanceof Long l) {
        return Long.parseLong(actual) == l;
      }
    } catch (NumberFormatException e) {
      return false;
    }
    return expected.toString().equals(actual);
  }

  static List<Map<String, String>> csvRows(Path file) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (Reader reader = new StringReader(Files.readString(file, StandardCharsets.UTF_8));
        CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
            .build().parse(reader)) {
      for (CSVRecord record : parser) {
        rows.add(new LinkedHashMap<>(record.toMap()));
      }
    }
    return rows;
  }

  /**
   * The rows of a Parquet file as text, read on the driver with parquet-java's own reader (not
   * with Spark, which wrote it: the audit reads the file as any other reader would, and needs no
   * executor to see the driver's folder). Numbers as Java writes them, null as empty.
   */
  static List<Map<String, String>> parquetRows(Path file) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    try (org.apache.parquet.hadoop.ParquetReader<org.apache.parquet.example.data.Group> reader =
        org.apache.parquet.hadoop.ParquetReader.builder(
            new org.apache.parquet.hadoop.example.GroupReadSupport(),
            new org.apache.hadoop.fs.Path(file.toUri())).withConf(conf).build()) {
      // Bounded: one row per combination of this publish.
      for (org.apache.parquet.example.data.Group group; (group = reader.read()) != null; ) {
        org.apache.parquet.schema.GroupType type = group.getType();
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < type.getFieldCount(); i++) {
          values.put(type.getFieldName(i), group.getFieldRepetitionCount(i) == 0 ? ""
              : text(group, i, type.getType(i).asPrimitiveType().getPrimitiveTypeName()));
        }
        rows.add(values);
      }
    }
    return rows;
  }

  private static String text(org.apache.parquet.example.data.Group group, int field,
      org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName type) {
    return switch (type) {
      case BINARY -> group.getString(field, 0);
      case DOUBLE -> Double.toString(group.getDouble(field, 0));
      case INT64 -> Long.toString(group.getLong(field, 0));
      case INT32 -> Integer.toString(group.getInteger(field, 0));
      case BOOLEAN -> Boolean.toString(group.getBoolean(field, 0));
      default -> throw new IllegalStateException("unexpected Parquet type " + type);
    };
  }

  /** A page may not reference anything outside itself. */
  static void checkExternal(String html, List<Violation> violations) {
    Matcher external = EXTERNAL.matcher(html);
    while (external.find()) {
      violations.add(new Violation(Violation.Kind.EXTERNAL_REFERENCE, PublishStage.INDEX_HTML,
          "references something outside the page: " + external.group()));
    }
  }

  /** The {@code data-count} values of a page, in page order. */
  static List<String> dataCounts(String html) {
    List<String> shown = new ArrayList<>();
    Matcher cell = DATA_COUNT.matcher(html);
    while (cell.find()) {
      shown.add(cell.group(1));
    }
    return shown;
  }

  private static void checkPage(String html, Map<String, Long> counts, DisclosureRules rules,
      List<Violation> violations) {
    checkExternal(html, violations);
    Matcher cell = DATA_COUNT.matcher(html);
    List<String> shown = new ArrayList<>();
    Map<String, Long> page = new LinkedHashMap<>();
    while (cell.find()) {
      String value = cell.group(1);
      shown.add(value);
      if (!value.equals("suppressed")) {
        try {
          page.put(PublishStage.INDEX_HTML + "#count-" + shown.size(), Long.parseLong(value));
        } catch (NumberFormatException e) {
          violations.add(new Violation(Violation.Kind.INCONSISTENT, PublishStage.INDEX_HTML,
              "a count cell that is not a number"));
        }
      }
    }
    // The page shows the population table, then the files table, in evidence.json's order.
    List<String> expected = new ArrayList<>();
    counts.entrySet().stream().filter(e -> e.getKey().startsWith("population/"))
        .forEach(e -> expected.add(e.getValue() == null ? "suppressed" : e.getValue().toString()));
    counts.entrySet().stream().filter(e -> e.getKey().startsWith("files/"))
        .forEach(e -> expected.add(e.getValue() == null ? "suppressed" : e.getValue().toString()));
    if (!shown.equals(expected)) {
      violations.add(new Violation(Violation.Kind.INCONSISTENT, PublishStage.INDEX_HTML,
          "the counts shown differ from evidence.json"));
    }
    // The clients at risk under the curves of the cards: counts like any other.
    Matcher atRisk = AT_RISK.matcher(html);
    int k = 0;
    while (atRisk.find()) {
      page.put(PublishStage.INDEX_HTML + "#at-risk-" + (++k), Long.parseLong(atRisk.group(1)));
    }
    violations.addAll(DisclosureAudit.check(page, List.of(), rules));
  }

  private static final Pattern AT_RISK = Pattern.compile("class=\"at-risk\">([0-9]+)<");
}
