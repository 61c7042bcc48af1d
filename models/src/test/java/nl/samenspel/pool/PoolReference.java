package nl.samenspel.pool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The metafor reference: the data sets ({@code reference/pool/pool_studies.csv}) and the values
 * R printed for them ({@code reference/pool/pool_expected.csv}), both written by
 * {@code reference/pool/metafor_reference.R} (R 4.2, metafor 3.8-1). Rerun that script to
 * regenerate them: {@code cd models/src/test/resources/reference/pool && Rscript
 * metafor_reference.R > metafor_reference.out 2>&1}.
 */
final class PoolReference {

  /** One data set's rows: the studies and their moderator values. */
  record Dataset(List<Study> studies, Map<String, Map<String, String>> moderators) {

    List<String> labels() {
      return studies.stream().map(Study::label).toList();
    }
  }

  private static final Map<String, Dataset> DATASETS = readStudies();
  private static final Map<String, Map<String, Double>> EXPECTED = readExpected();

  private PoolReference() {}

  static Dataset dataset(String name) {
    return Objects.requireNonNull(DATASETS.get(name), () -> "no data set " + name);
  }

  /** Quantity to value, as R computed it for the data set (or "regression.name"). */
  static Map<String, Double> expected(String key) {
    return Objects.requireNonNull(EXPECTED.get(key), () -> "no expected values for " + key);
  }

  private static Map<String, Dataset> readStudies() {
    Map<String, List<Study>> studies = new LinkedHashMap<>();
    Map<String, Map<String, Map<String, String>>> moderators = new LinkedHashMap<>();
    for (String[] row : rows("/reference/pool/pool_studies.csv")) {
      // dataset, municipality, estimate, standard_error, size_class, urbanity
      studies.computeIfAbsent(row[0], d -> new ArrayList<>())
          .add(new Study(row[1], Double.parseDouble(row[2]), Double.parseDouble(row[3])));
      Map<String, String> values = new TreeMap<>();
      values.put("size_class", row.length > 4 ? row[4] : "");
      values.put("urbanity", row.length > 5 ? row[5] : "");
      moderators.computeIfAbsent(row[0], d -> new LinkedHashMap<>()).put(row[1], values);
    }
    Map<String, Dataset> out = new LinkedHashMap<>();
    studies.forEach((name, list) -> out.put(name, new Dataset(list, moderators.get(name))));
    return out;
  }

  private static Map<String, Map<String, Double>> readExpected() {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (String[] row : rows("/reference/pool/pool_expected.csv")) {
      out.computeIfAbsent(row[0], d -> new LinkedHashMap<>())
          .put(row[1], Double.parseDouble(row[2]));
    }
    return out;
  }

  /** The rows after the header, fields unquoted (no field holds a comma). */
  private static List<String[]> rows(String resource) {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(PoolReference.class.getResourceAsStream(resource), resource),
        StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String[] fields = line.split(",", -1);
        for (int i = 0; i < fields.length; i++) {
          fields[i] = fields[i].replace("\"", "");
        }
        rows.add(fields);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** Agreement to 1e-6: absolute, relative for values above 1 in size. */
  static double tolerance(double expected) {
    return 1e-6 * Math.max(1, Math.abs(expected));
  }
}
