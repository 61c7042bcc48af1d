package nl.samenspel.pipelines.ingest;

import nl.samenspel.contract.Table;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.store.Location;
import nl.samenspel.pipelines.store.Store;

/**
 * Where one extract table lives in the input folder: {@code NAME.csv} or {@code NAME.parquet}
 * (a file or a folder of part files).
 *
 * @param table the contract table
 * @param location the file or folder, on this machine or on a Hadoop filesystem
 * @param format CSV or PARQUET
 * @param dialect for a CSV file once {@link IngestStage#preflight} has looked at it: how it is
 *     written (delimiter, encoding, date formats); null before that and for Parquet
 */
public record ExtractFile(Table table, Location location, Format format, CsvDialect dialect) {

  /** The two formats the contract accepts. */
  public enum Format { CSV, PARQUET }

  /** Finds the extract of {@code table} in {@code inputDir}, or fails naming what is missing. */
  public static ExtractFile locate(Location inputDir, Table table) {
    Location csv = inputDir.resolve(table.name() + ".csv");
    Location parquet = inputDir.resolve(table.name() + ".parquet");
    boolean hasCsv = Store.exists(csv);
    boolean hasParquet = Store.exists(parquet);
    if (hasCsv && hasParquet) {
      throw SamenspelException.input("Both " + csv + " and " + parquet
          + " exist; keep one extract per table");
    }
    if (hasCsv) {
      return new ExtractFile(table, csv, Format.CSV, null);
    }
    if (hasParquet) {
      return new ExtractFile(table, parquet, Format.PARQUET, null);
    }
    throw SamenspelException.input("Missing extract '" + table.name() + "': expected " + csv
        + " or " + parquet + " (see docs/data-contract.md)");
  }

  /** The same file with the dialect its start was found to have. */
  ExtractFile withDialect(CsvDialect found) {
    return new ExtractFile(table, location, format, found);
  }

  /** The name used in messages: the file name, e.g. {@code clients.csv}. */
  public String displayName() {
    return location.name();
  }
}
