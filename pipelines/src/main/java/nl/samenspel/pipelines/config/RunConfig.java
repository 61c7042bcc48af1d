package nl.samenspel.pipelines.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.samenspel.pipelines.SamenspelException;

/**
 * The configuration of a run: the documented defaults ({@code defaults.yaml}, also in
 * docs/configuration.md), overlaid by the analyst's YAML file, overlaid by command-line flags.
 * Keys are addressed with dots ({@code journeys.window_days}). A key the defaults don't have, or
 * a value of the wrong kind, is refused with one line naming the file and the key.
 */
public final class RunConfig {

  /** The resource holding every key and its default. */
  public static final String DEFAULTS_RESOURCE = "nl/samenspel/config/defaults.yaml";
  /** The municipality's own codes per column: {@code values: {sex: {vrouw: F}}}. */
  public static final String VALUES = "values";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final ObjectNode tree;
  private final Path baseDir;
  private final String source;

  private RunConfig(ObjectNode tree, Path baseDir, String source) {
    this.tree = tree;
    this.baseDir = baseDir;
    this.source = source;
  }

  /** The built-in defaults. */
  public static RunConfig defaults() {
    return new RunConfig(defaultsTree(), Path.of("."), "defaults");
  }

  /** The defaults overlaid by {@code file}; paths in it are relative to its folder. */
  public static RunConfig load(Path file) {
    JsonNode user;
    try {
      user = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw SamenspelException.usage("--config: file not found: " + file);
    } catch (JsonProcessingException e) {
      throw SamenspelException.usage(file.getFileName() + " is not valid YAML: "
          + e.getOriginalMessage().lines().findFirst().orElse("") + " (line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
    } catch (IOException e) {
      throw SamenspelException.usage("--config: can't read " + file + ": " + e.getMessage());
    }
    ObjectNode tree = defaultsTree();
    if (user != null && !user.isNull() && !user.isMissingNode()) {
      if (!user.isObject()) {
        throw SamenspelException.usage(file.getFileName()
            + ": expected keys such as 'journeys:' at the top level");
      }
      overlay(tree, (ObjectNode) user, "", file.getFileName().toString());
    }
    Path parent = file.toAbsolutePath().getParent();
    return new RunConfig(tree, parent == null ? Path.of(".") : parent,
        file.getFileName().toString());
  }

  /** A copy with {@code key} set to {@code value} (from a command-line flag); null: no change. */
  public RunConfig with(String key, Object value) {
    if (value == null) {
      return this;
    }
    ObjectNode copy = tree.deepCopy();
    JsonNode current = node(key);
    ObjectNode parent = parentOf(copy, key);
    String leaf = key.substring(key.lastIndexOf('.') + 1);
    JsonNode converted = JSON.valueToTree(value instanceof Path p ? p.toString() : value);
    if (!current.isNull() && !sameKind(current, converted)) {
      throw new IllegalArgumentException(key + " expects " + kind(current));
    }
    parent.set(leaf, converted);
    return new RunConfig(copy, baseDir, source);
  }

  /** Sets paths given on the command line, which are relative to the working directory. */
  public RunConfig withPath(String key, Path value) {
    return value == null ? this : with(key, value.toAbsolutePath().toString());
  }

  public String text(String key) {
    JsonNode node = node(key);
    if (node.isNull()) {
      return null;
    }
    if (!node.isValueNode()) {
      throw wrongKind(key, "a value");
    }
    return node.asText();
  }

  public int integer(String key) {
    JsonNode node = node(key);
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw wrongKind(key, "a whole number");
    }
    return node.intValue();
  }

  public long longValue(String key) {
    JsonNode node = node(key);
    if (!node.isIntegralNumber()) {
      throw wrongKind(key, "a whole number");
    }
    return node.longValue();
  }

  public double number(String key) {
    JsonNode node = node(key);
    if (!node.isNumber()) {
      throw wrongKind(key, "a number");
    }
    return node.doubleValue();
  }

  public List<String> list(String key) {
    JsonNode node = node(key);
    if (!node.isArray()) {
      throw wrongKind(key, "a list such as [a, b]");
    }
    List<String> values = new ArrayList<>();
    node.forEach(v -> values.add(v.asText()));
    return values;
  }

  /** A map of numbers, such as {@code quality.max_quarantine_share_by_reason}. */
  public Map<String, Double> numbers(String key) {
    JsonNode node = node(key);
    if (!node.isObject()) {
      throw wrongKind(key, "keys with numbers, such as {duplicate_row: 0.05}");
    }
    Map<String, Double> values = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isNumber()) {
        throw wrongKind(key + "." + entry.getKey(), "a number");
      }
      values.put(entry.getKey(), entry.getValue().doubleValue());
    }
    return values;
  }

  /**
   * A map of maps of text, such as {@code values} (column → word → code). A value that is not
   * text (a number, true or false) is read as its text.
   */
  public Map<String, Map<String, String>> textMaps(String key) {
    JsonNode node = node(key);
    if (!node.isObject()) {
      throw wrongKind(key, "keys with maps, such as {household_type: {alleenstaande: SINGLE}}");
    }
    Map<String, Map<String, String>> values = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isObject()) {
        throw wrongKind(key + "." + entry.getKey(), "a map such as {alleenstaande: SINGLE}");
      }
      Map<String, String> inner = new java.util.LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> words = entry.getValue().fields();
          words.hasNext(); ) {
        Map.Entry<String, JsonNode> word = words.next();
        if (!word.getValue().isValueNode() || word.getValue().isNull()) {
          throw wrongKind(key + "." + entry.getKey() + "." + word.getKey(), "a code");
        }
        inner.put(word.getKey(), word.getValue().asText());
      }
      values.put(entry.getKey(), inner);
    }
    return values;
  }

  /**
   * A one-line configuration error about {@code key}, naming the file it came from (exit 2).
   */
  public SamenspelException invalid(String problem) {
    return SamenspelException.usage(source + ": " + problem + " (see docs/configuration.md)");
  }

  /** A path value resolved against the configuration file's folder; null when unset. */
  public Path path(String key) {
    String value = text(key);
    return value == null ? null : baseDir.resolve(value).normalize();
  }

  /**
   * A folder on this machine (relative to the configuration file) or on a Hadoop filesystem
   * ({@code hdfs://...}, {@code s3a://...}); null when not set.
   */
  public nl.samenspel.pipelines.store.Location location(String key) {
    String value = text(key);
    return value == null ? null
        : nl.samenspel.pipelines.store.Location.parse(value, baseDir, key);
  }

  /**
   * Sets a location given on the command line: a URI as given, a path relative to the working
   * directory.
   */
  public RunConfig withLocation(String key, String value) {
    if (value == null) {
      return this;
    }
    nl.samenspel.pipelines.store.Location location = nl.samenspel.pipelines.store.Location
        .parse(value, Path.of("").toAbsolutePath(), "--" + key);
    return with(key, location.toString());
  }

  /**
   * SHA-256 of the effective configuration (keys sorted, compact JSON), for the run manifest.
   * The key material is never in the configuration, so it is never in this hash either.
   */
  public String hash() {
    try {
      byte[] canonical = JSON.writeValueAsBytes(JSON.treeToValue(tree, Object.class));
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("can't hash the configuration", e);
    }
  }

  /** The effective configuration as a tree (for the run manifest). */
  public JsonNode tree() {
    return tree.deepCopy();
  }

  /** Every key of the defaults with its value, dotted, in file order (for docs and tests). */
  public static Map<String, JsonNode> flatten(JsonNode node) {
    Map<String, JsonNode> flat = new java.util.LinkedHashMap<>();
    flatten(node, "", flat);
    return flat;
  }

  private static void flatten(JsonNode node, String prefix, Map<String, JsonNode> flat) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = prefix + entry.getKey();
      JsonNode value = entry.getValue();
      // A nested section is walked; a map-valued setting stays one value.
      if (value.isObject() && !isMapSetting(key)) {
        flatten(value, key + ".", flat);
      } else {
        flat.put(key, value);
      }
    }
  }

  private JsonNode node(String key) {
    JsonNode node = tree;
    for (String part : key.split("\\.")) {
      node = node.get(part);
      if (node == null) {
        throw new IllegalArgumentException("no configuration key " + key);
      }
    }
    return node;
  }

  private SamenspelException wrongKind(String key, String expected) {
    return SamenspelException.usage(source + ": '" + key + "' must be " + expected
        + " (see docs/configuration.md)");
  }

  private static ObjectNode parentOf(ObjectNode root, String key) {
    ObjectNode node = root;
    String[] parts = key.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      node = (ObjectNode) node.get(parts[i]);
    }
    return node;
  }

  private static void overlay(ObjectNode target, ObjectNode user, String prefix, String file) {
    for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = prefix + entry.getKey();
      JsonNode current = target.get(entry.getKey());
      if (current == null) {
        throw SamenspelException.usage(file + ": unknown key '" + key + "' (the keys and "
            + "their defaults are in docs/configuration.md)");
      }
      JsonNode value = entry.getValue();
      if (current.isObject() && !isMapSetting(key)) {
        if (!value.isObject()) {
          throw SamenspelException.usage(file + ": '" + key + "' must hold keys such as "
              + current.fieldNames().next());
        }
        overlay((ObjectNode) current, (ObjectNode) value, key + ".", file);
      } else {
        if (!value.isNull() && !current.isNull() && !sameKind(current, value)) {
          throw SamenspelException.usage(file + ": '" + key + "' must be " + kind(current)
              + " (see docs/configuration.md)");
        }
        target.set(entry.getKey(), value);
      }
    }
  }

  /** Keys whose value is a map of the analyst's choosing, not a section of fixed keys. */
  private static boolean isMapSetting(String key) {
    return key.endsWith("_by_reason") || key.equals(VALUES);
  }

  private static boolean sameKind(JsonNode expected, JsonNode value) {
    if (expected.isNumber()) {
      return value.isNumber() && (!expected.isIntegralNumber() || value.isIntegralNumber());
    }
    return expected.getNodeType() == value.getNodeType();
  }

  private static String kind(JsonNode node) {
    if (node.isIntegralNumber()) {
      return "a whole number";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "keys with values";
    }
    return "text";
  }

  private static ObjectNode defaultsTree() {
    try (InputStream in = RunConfig.class.getClassLoader()
        .getResourceAsStream(DEFAULTS_RESOURCE)) {
      JsonNode node = YAML.readTree(in);
      return node == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) node;
    } catch (IOException e) {
      throw new IllegalStateException("can't read " + DEFAULTS_RESOURCE, e);
    }
  }
}
