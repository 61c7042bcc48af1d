package nl.samenspel.pool;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The design matrix of a meta-regression: one row per study, an intercept column first, then
 * the moderator columns ({@code urbanity}, {@code size_class=large}, ...). Validated when built
 * and immutable: the matrix is copied in and out.
 *
 * @param studies the study labels, one per row, in the order of the studies to fit
 * @param columns the column names, {@value Moderators#INTERCEPT} first
 * @param values the matrix, rows by columns
 */
public record ModeratorDesign(List<String> studies, List<String> columns, double[][] values) {

  public ModeratorDesign {
    studies = List.copyOf(studies);
    columns = List.copyOf(columns);
    Objects.requireNonNull(values, "values");
    if (columns.isEmpty() || !columns.get(0).equals(Moderators.INTERCEPT)) {
      throw new IllegalArgumentException("the first column must be the "
          + Moderators.INTERCEPT + ", got columns " + columns);
    }
    if (new HashSet<>(columns).size() != columns.size()) {
      throw new IllegalArgumentException("column names repeat: " + columns);
    }
    if (values.length != studies.size()) {
      throw new IllegalArgumentException("the design has " + values.length + " rows for "
          + studies.size() + " studies");
    }
    double[][] copy = new double[values.length][];
    for (int i = 0; i < values.length; i++) {
      if (values[i].length != columns.size()) {
        throw new IllegalArgumentException("row of study " + studies.get(i) + " has "
            + values[i].length + " values for " + columns.size() + " columns");
      }
      if (values[i][0] != 1) {
        throw new IllegalArgumentException("intercept of study " + studies.get(i)
            + " must be 1, got " + values[i][0]);
      }
      for (int j = 0; j < values[i].length; j++) {
        if (!Double.isFinite(values[i][j])) {
          throw new IllegalArgumentException("study " + studies.get(i) + ", column "
              + columns.get(j) + ": value must be finite, got " + values[i][j]);
        }
      }
      copy[i] = values[i].clone();
    }
    values = copy;
  }

  /** A copy of the matrix. */
  @Override
  public double[][] values() {
    double[][] copy = new double[values.length][];
    for (int i = 0; i < values.length; i++) {
      copy[i] = values[i].clone();
    }
    return copy;
  }

  public double value(int row, int column) {
    return values[row][column];
  }

  public int rowCount() {
    return values.length;
  }

  public int columnCount() {
    return columns.size();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ModeratorDesign that && studies.equals(that.studies)
        && columns.equals(that.columns) && java.util.Arrays.deepEquals(values, that.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(studies, columns, java.util.Arrays.deepHashCode(values));
  }

  @Override
  public String toString() {
    return "ModeratorDesign[studies=" + studies + ", columns=" + columns + "]";
  }
}
