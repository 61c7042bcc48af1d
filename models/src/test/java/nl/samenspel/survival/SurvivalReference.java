package nl.samenspel.survival;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The survival reference: the data set ({@code reference/survival/survival_reference_data.csv})
 * and the values R 4.2 with survival 3.5-3 computed on it
 * ({@code reference/survival/survival_expected.csv}), both written by
 * {@code reference/survival/survival_reference.R}. Regenerate with
 * {@code cd models/src/test/resources/reference/survival && Rscript survival_reference.R >
 * survival_reference.out 2>&1}.
 */
final class SurvivalReference {

  /** The data set, one entry per unit. */
  record Data(int[] arm, double[] propensity, double[] weight, int[] month, int[] event,
      int[] followUp) {

    int size() {
      return arm.length;
    }

    /** The units of one arm, as (months, events, weights). */
    Data arm(int which) {
      int n = 0;
      for (int a : arm) {
        n += a == which ? 1 : 0;
      }
      Data out = new Data(new int[n], new double[n], new double[n], new int[n], new int[n],
          new int[n]);
      int k = 0;
      for (int i = 0; i < size(); i++) {
        if (arm[i] == which) {
          out.arm[k] = arm[i];
          out.propensity[k] = propensity[i];
          out.weight[k] = weight[i];
          out.month[k] = month[i];
          out.event[k] = event[i];
          out.followUp[k] = followUp[i];
          k++;
        }
      }
      return out;
    }
  }

  private static final Data DATA = readData();
  private static final Map<String, Double> EXPECTED = readExpected();

  private SurvivalReference() {}

  static Data data() {
    return DATA;
  }

  /** R's value of a quantity for an arm (-1: both) and month; empty when R gave NA. */
  static OptionalDouble expected(String quantity, int arm, int month) {
    String key = quantity + "|" + arm + "|" + month;
    if (!EXPECTED.containsKey(key)) {
      throw new IllegalArgumentException("no expected value " + key);
    }
    Double value = EXPECTED.get(key);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  private static Data readData() {
    // unit, arm, propensity, weight, month, event, follow_up
    List<String[]> rows = rows("/reference/survival/survival_reference_data.csv");
    int n = rows.size();
    Data data = new Data(new int[n], new double[n], new double[n], new int[n], new int[n],
        new int[n]);
    for (int i = 0; i < n; i++) {
      String[] row = rows.get(i);
      data.arm[i] = Integer.parseInt(row[1]);
      data.propensity[i] = Double.parseDouble(row[2]);
      data.weight[i] = Double.parseDouble(row[3]);
      data.month[i] = Integer.parseInt(row[4]);
      data.event[i] = Integer.parseInt(row[5]);
      data.followUp[i] = Integer.parseInt(row[6]);
    }
    return data;
  }

  private static Map<String, Double> readExpected() {
    Map<String, Double> out = new HashMap<>();
    for (String[] row : rows("/reference/survival/survival_expected.csv")) {
      // quantity, arm, month, value
      out.put(row[0] + "|" + row[1] + "|" + row[2],
          row[3].equals("NA") ? null : Double.parseDouble(row[3]));
    }
    return out;
  }

  private static List<String[]> rows(String resource) {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(SurvivalReference.class.getResourceAsStream(resource), resource),
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
}
