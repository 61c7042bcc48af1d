package nl.samenspel.pipelines.publish;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Validates evidence.json documents against the published JSON Schema (draft 2020-12). */
public final class EvidenceSchema {

  private EvidenceSchema() {}

  public static List<Error> validate(String json) throws IOException {
    String schemaText;
    try (InputStream in = EvidenceSchema.class.getClassLoader()
        .getResourceAsStream("nl/samenspel/publish/evidence.schema.json")) {
      schemaText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(schemaText, InputFormat.JSON);
    return schema.validate(json, InputFormat.JSON);
  }
}
