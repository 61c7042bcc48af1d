package nl.samenspel.contract;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One table of the data contract.
 *
 * @param name table name; also the file name stem of the extract ({@code clients.csv})
 * @param columns columns in contract order
 * @param key the columns that identify a row
 */
public record Table(String name, List<Column> columns, List<String> key)
    implements java.io.Serializable {

  public Table {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    key = List.copyOf(key);
    for (String k : key) {
      if (columns.stream().noneMatch(c -> c.name().equals(k))) {
        throw new IllegalArgumentException("Key column " + k + " is not a column of " + name);
      }
    }
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  public Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }
}
