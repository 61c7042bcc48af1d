package nl.samenspel.pipelines.ingest;

import java.util.ArrayList;
import java.util.List;
import nl.samenspel.contract.Column;
import nl.samenspel.contract.Table;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark schemas derived from the contract ({@link nl.samenspel.contract.Contract}), the one place
 * where columns are declared. Ingested tables get typed columns, plus a {@code month_index}
 * (year * 12 + month - 1) next to every month for arithmetic on months.
 */
public final class ExtractSchemas {

  /** Suffix of the integer month index added next to a MONTH column. */
  public static final String MONTH_INDEX_SUFFIX = "_index";

  private ExtractSchemas() {}

  /** The typed schema of an ingested table. */
  public static StructType typed(Table table) {
    List<StructField> fields = new ArrayList<>();
    for (Column column : table.columns()) {
      fields.add(DataTypes.createStructField(column.name(), sparkType(column), column.nullable()));
      if (column.type() == nl.samenspel.contract.ColumnType.MONTH) {
        fields.add(DataTypes.createStructField(column.name() + MONTH_INDEX_SUFFIX,
            DataTypes.IntegerType, column.nullable()));
      }
    }
    return DataTypes.createStructType(fields);
  }

  static DataType sparkType(Column column) {
    return switch (column.type()) {
      case STRING, MONTH -> DataTypes.StringType;
      case INTEGER -> DataTypes.IntegerType;
      case DATE -> DataTypes.DateType;
      case BOOLEAN -> DataTypes.BooleanType;
    };
  }

  /** All columns as text, in the order of a file's header, for reading CSV before validation. */
  static StructType text(List<String> header, String corruptColumn) {
    List<StructField> fields = new ArrayList<>();
    for (String name : header) {
      fields.add(DataTypes.createStructField(name, DataTypes.StringType, true));
    }
    fields.add(DataTypes.createStructField(corruptColumn, DataTypes.StringType, true));
    return DataTypes.createStructType(fields);
  }
}
