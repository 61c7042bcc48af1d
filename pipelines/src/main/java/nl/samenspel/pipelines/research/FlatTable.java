package nl.samenspel.pipelines.research;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.spark.Sessions;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The columns a researcher names, read from a flat CSV (Commons CSV, no Spark start-up) or
 * Parquet file (Spark, local) into numbers. Values must be numbers, or true/false for 0/1;
 * empty values are an error, never dropped. The researcher command estimates on one table in one
 * JVM by design: this reader is not part of the distributed pipeline.
 */
public final class FlatTable {

  private final List<String> columns;
  private final List<double[]> rows;

  private FlatTable(List<String> columns, List<double[]> rows) {
    this.columns = List.copyOf(columns);
    this.rows = rows;
  }

  public int size() {
    return rows.size();
  }

  /** Values of one requested column, in file order. */
  public double[] column(String name) {
    int index = columns.indexOf(name);
    double[] values = new double[rows.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = rows.get(i)[index];
    }
    return values;
  }

  public static FlatTable read(Path file, List<String> wanted) {
    if (!Files.isRegularFile(file) && !Files.isDirectory(file)) {
      throw SamenspelException.input("Table not found: " + file);
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".parquet")) {
      return readParquet(file, wanted);
    }
    if (name.endsWith(".csv")) {
      return readCsv(file, wanted);
    }
    throw SamenspelException.input(file + ": expected a .csv or .parquet file");
  }

  private static FlatTable readCsv(Path file, List<String> wanted) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
        .setTrim(true).build();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = format.parse(reader)) {
      List<String> header = parser.getHeaderNames();
      checkColumns(file, header, wanted);
      List<double[]> rows = new ArrayList<>();
      for (CSVRecord record : parser) {
        if (!record.isConsistent()) {
          throw SamenspelException.input(file.getFileName() + " line "
              + (record.getRecordNumber() + 1) + ": expected " + header.size() + " fields, found "
              + record.size());
        }
        double[] row = new double[wanted.size()];
        for (int j = 0; j < wanted.size(); j++) {
          row[j] = number(file, wanted.get(j), record.get(wanted.get(j)),
              record.getRecordNumber() + 1);
        }
        rows.add(row);
      }
      return new FlatTable(wanted, rows);
    } catch (IOException e) {
      throw SamenspelException.input("Can't read " + file + ": " + e.getMessage());
    }
  }

  private static FlatTable readParquet(Path file, List<String> wanted) {
    try (Sessions.Handle session = Sessions.open("local[2]", 2)) {
      Dataset<Row> table;
      try {
        table = session.spark().read().parquet(file.toString());
      } catch (RuntimeException e) {
        throw SamenspelException.input(file.getFileName() + " is not a readable Parquet file");
      }
      checkColumns(file, List.of(table.columns()), wanted);
      List<double[]> rows = new ArrayList<>();
      Iterator<Row> iterator = table.select(wanted.stream()
          .map(c -> table.col(c).cast("string")).toArray(org.apache.spark.sql.Column[]::new))
          .toLocalIterator();
      long line = 0;
      while (iterator.hasNext()) {
        Row r = iterator.next();
        line++;
        double[] row = new double[wanted.size()];
        for (int j = 0; j < wanted.size(); j++) {
          row[j] = number(file, wanted.get(j), r.isNullAt(j) ? "" : r.getString(j), line);
        }
        rows.add(row);
      }
      return new FlatTable(wanted, rows);
    }
  }

  private static void checkColumns(Path file, List<String> header, List<String> wanted) {
    for (String column : wanted) {
      if (!header.contains(column)) {
        throw SamenspelException.input(file.getFileName() + ": column '" + column
            + "' is missing (columns: " + String.join(",", header) + ")");
      }
    }
  }

  private static double number(Path file, String column, String text, long line) {
    if (text == null || text.isEmpty() || text.equalsIgnoreCase("NA")) {
      throw SamenspelException.input(file.getFileName() + " row " + line + ": column '"
          + column + "' is empty; drop or impute missing values before estimating");
    }
    if (text.equalsIgnoreCase("true")) {
      return 1;
    }
    if (text.equalsIgnoreCase("false")) {
      return 0;
    }
    try {
      double value = Double.parseDouble(text);
      if (!Double.isFinite(value)) {
        throw new NumberFormatException(text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw SamenspelException.input(file.getFileName() + " row " + line + ": column '"
          + column + "' is not a number ('" + text + "'); encode categories as 0/1 columns");
    }
  }
}
