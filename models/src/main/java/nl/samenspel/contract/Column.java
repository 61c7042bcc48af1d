package nl.samenspel.contract;

import java.util.Objects;
import java.util.Set;

/**
 * One column of a contract table: name, logical type, whether it may be empty, and the values
 * it may take (an inclusive integer range or a closed set of codes).
 *
 * @param name column name as it appears in the extract header
 * @param type logical type
 * @param nullable whether an empty value is allowed
 * @param minimum smallest allowed value for {@link ColumnType#INTEGER}, or {@code null}
 * @param maximum largest allowed value for {@link ColumnType#INTEGER}, or {@code null}
 * @param allowedValues closed set of allowed codes for {@link ColumnType#STRING}; empty means any
 */
public record Column(
    String name, ColumnType type, boolean nullable, Integer minimum, Integer maximum,
    Set<String> allowedValues) implements java.io.Serializable {

  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    allowedValues = Set.copyOf(allowedValues);
    if ((minimum != null || maximum != null) && type != ColumnType.INTEGER) {
      throw new IllegalArgumentException("Range given for non-integer column " + name);
    }
    if (!allowedValues.isEmpty() && type != ColumnType.STRING) {
      throw new IllegalArgumentException("Allowed values given for non-string column " + name);
    }
  }

  static Column required(String name, ColumnType type) {
    return new Column(name, type, false, null, null, Set.of());
  }

  static Column optional(String name, ColumnType type) {
    return new Column(name, type, true, null, null, Set.of());
  }

  static Column requiredInRange(String name, int minimum, int maximum) {
    return new Column(name, ColumnType.INTEGER, false, minimum, maximum, Set.of());
  }

  static Column optionalInRange(String name, int minimum, int maximum) {
    return new Column(name, ColumnType.INTEGER, true, minimum, maximum, Set.of());
  }

  static Column requiredCode(String name, Set<String> allowedValues) {
    return new Column(name, ColumnType.STRING, false, null, null, allowedValues);
  }
}
