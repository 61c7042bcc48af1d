package nl.samenspel.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns per-study moderator values, as read from a small CSV such as
 * {@code municipality,size_class,urbanity}, into the design matrix of a meta-regression, the
 * way R's {@code model.matrix} does for {@code ~ size_class + urbanity}: an intercept first,
 * then per column in the order given either
 *
 * <ul>
 *   <li>the values themselves, when every study's value is a plain decimal number
 *       ({@code 3}, {@code -0.25}, {@code 1e3}; not {@code NaN}, {@code Infinity} or Java's
 *       {@code 1d}), or</li>
 *   <li>dummy columns (treatment coding): the levels sorted by code point, the first the
 *       reference, one column {@code name=level} for every other level. For lowercase ASCII
 *       levels this is R's alphabetical factor order.</li>
 * </ul>
 *
 * <p>Values are trimmed. A study without a value (no entry, null or blank) is refused with an
 * {@link IllegalArgumentException} naming the study and the column, and so is a categorical
 * column with a single level (R refuses it too: a contrast needs two levels). A numeric column
 * that does not vary is left to {@link MetaRegression}, which refuses the rank-deficient
 * design.
 *
 * <p>Pure; thread-safe.
 */
public final class Moderators {

  /** Name of the intercept column, always first. */
  public static final String INTERCEPT = "intercept";

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  private Moderators() {}

  /**
   * The design matrix.
   *
   * @param studies the study labels, in the order of the studies to fit (one row each)
   * @param columns the moderator columns to use, in order (e.g. the CSV header without the
   *     municipality)
   * @param valuesByStudy per study label, column to value
   */
  public static ModeratorDesign design(List<String> studies, List<String> columns,
      Map<String, Map<String, String>> valuesByStudy) {
    Objects.requireNonNull(studies, "studies");
    Objects.requireNonNull(columns, "columns");
    Objects.requireNonNull(valuesByStudy, "valuesByStudy");
    int k = studies.size();
    List<String> names = new ArrayList<>();
    names.add(INTERCEPT);
    List<double[]> designColumns = new ArrayList<>();
    double[] ones = new double[k];
    java.util.Arrays.fill(ones, 1);
    designColumns.add(ones);

    for (String column : columns) {
      String[] raw = new String[k];
      boolean numeric = true;
      for (int i = 0; i < k; i++) {
        raw[i] = value(valuesByStudy, studies.get(i), column);
        numeric &= NUMBER.matcher(raw[i]).matches();
      }
      if (numeric) {
        double[] values = new double[k];
        for (int i = 0; i < k; i++) {
          values[i] = Double.parseDouble(raw[i]);
        }
        names.add(column);
        designColumns.add(values);
        continue;
      }
      TreeSet<String> levels = new TreeSet<>(java.util.Arrays.asList(raw));
      if (levels.size() < 2) {
        throw new IllegalArgumentException("moderator column " + column
            + " has one value (" + levels.first() + ") for every study: nothing to compare");
      }
      for (String level : levels.tailSet(levels.first(), false)) {
        double[] dummy = new double[k];
        for (int i = 0; i < k; i++) {
          dummy[i] = raw[i].equals(level) ? 1 : 0;
        }
        names.add(column + "=" + level);
        designColumns.add(dummy);
      }
    }

    double[][] matrix = new double[k][names.size()];
    for (int j = 0; j < names.size(); j++) {
      double[] values = designColumns.get(j);
      for (int i = 0; i < k; i++) {
        matrix[i][j] = values[i];
      }
    }
    return new ModeratorDesign(studies, names, matrix);
  }

  private static String value(Map<String, Map<String, String>> valuesByStudy, String study,
      String column) {
    Map<String, String> row = valuesByStudy.get(study);
    if (row == null) {
      throw new IllegalArgumentException("no moderator values for study " + study
          + " (column " + column + ")");
    }
    String value = row.get(column);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("study " + study + " has no value for moderator "
          + column);
    }
    return value.trim();
  }
}
