package nl.samenspel.pipelines.publish;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates a published JSON document against the JSON Schema (draft 2020-12) published next to
 * it, with networknt's validator: the same check a reader's tool would make. Used by the tests
 * of every publish and by {@code samenspel pool}, which refuses a file that fails its schema.
 * Thread-safe; each schema is compiled once.
 */
public final class SchemaCheck {

  /** The schema of {@code evidence.json}. */
  public static final String EVIDENCE = "nl/samenspel/publish/evidence.schema.json";
  /** The schema of {@code pooled.json}. */
  public static final String POOLED = "nl/samenspel/publish/pooled.schema.json";

  private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

  private SchemaCheck() {}

  /** The problems of {@code json} against the schema resource; empty when it is valid. */
  public static List<Error> validate(String schemaResource, String json) {
    return SCHEMAS.computeIfAbsent(schemaResource, SchemaCheck::compile)
        .validate(json, InputFormat.JSON);
  }

  /** As {@link #validate(String, String)} for {@code evidence.json}. */
  public static List<Error> evidence(String json) {
    return validate(EVIDENCE, json);
  }

  /** The schema text of a resource, as published next to the document. */
  public static byte[] text(String schemaResource) {
    try (InputStream in = SchemaCheck.class.getClassLoader()
        .getResourceAsStream(schemaResource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + schemaResource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("can't read " + schemaResource, e);
    }
  }

  private static Schema compile(String resource) {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(new String(text(resource), StandardCharsets.UTF_8), InputFormat.JSON);
  }
}
