package nl.samenspel.pipelines.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import nl.samenspel.contract.Column;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.Table;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.privacy.Bsn;
import nl.samenspel.privacy.Pseudonymizer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one extract as text: the contract's columns (every other column is dropped here and
 * only its name is kept, for the run manifest), plus a corrupt-record marker. The person key is
 * pseudonymized before anything else sees it: a {@code bsn} column is checked with the elfproef
 * and replaced by its HMAC-SHA256 pseudonym in {@code client_id}; without one, the source's
 * {@code client_id} is replaced by its keyed pseudonym. Neither the BSN nor the source's
 * client number goes further than this class.
 *
 * <p>File-level problems (missing file, byte-order mark, not UTF-8 in the header, empty file,
 * missing or duplicated columns, a Parquet file that is not Parquet or has a column of another
 * type) stop the run with one line naming the file and the column.
 */
final class ExtractReader {

  static final String CORRUPT = "_corrupt_record";
  /** The optional direct identifier an extract may carry instead of {@code client_id}. */
  static final String BSN = "bsn";
  /** What a {@code bsn} that fails the elfproef turns into; checks read it as INVALID_BSN. */
  static final String INVALID_BSN = "!invalid-bsn";

  private ExtractReader() {}

  /** What the header of an extract says: the person key's source and the dropped columns. */
  record Header(ExtractFile file, boolean hasBsn, List<String> dropped) {}

  /** Contract columns as text (client_id pseudonymized) and the corrupt-record marker. */
  record RawExtract(Dataset<Row> rows, Header header) {}

  /** Checks header and columns without Spark. */
  static Header header(ExtractFile file) {
    if (file.format() == ExtractFile.Format.CSV) {
      return checkColumns(file, csvHeader(file));
    }
    return null; // Parquet: checked when its footer is read (needs Spark).
  }

  static RawExtract read(SparkSession spark, ExtractFile file, Pseudonymizer pseudonymizer) {
    return file.format() == ExtractFile.Format.CSV ? readCsv(spark, file, pseudonymizer)
        : readParquet(spark, file, pseudonymizer);
  }

  private static RawExtract readCsv(SparkSession spark, ExtractFile file,
      Pseudonymizer pseudonymizer) {
    List<String> names = csvHeader(file);
    Header header = checkColumns(file, names);
    Dataset<Row> rows = spark.read()
        .option("header", "true")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .option("encoding", "UTF-8")
        // RFC 4180: a quote inside a quoted field is doubled (Spark's default escape is \).
        .option("escape", "\"")
        .schema(ExtractSchemas.text(names, CORRUPT))
        .csv(file.path().toString());
    return new RawExtract(contractColumns(rows, header, pseudonymizer, col(CORRUPT)), header);
  }

  private static RawExtract readParquet(SparkSession spark, ExtractFile file,
      Pseudonymizer pseudonymizer) {
    Dataset<Row> rows;
    try {
      rows = spark.read().parquet(file.path().toString());
    } catch (Exception e) { // SparkException is checked in Java but thrown undeclared
      throw SamenspelException.input(file.displayName() + " is not a readable Parquet file "
          + "(not Parquet, truncated or empty); export it again");
    }
    Header header = checkColumns(file, Arrays.asList(rows.columns()));
    for (Column column : file.table().columns()) {
      if (column.name().equals(Contract.CLIENT_ID) && header.hasBsn()) {
        checkParquetType(file, rows.schema(), BSN, Set.of(DataTypes.StringType,
            DataTypes.IntegerType, DataTypes.LongType), "string");
        continue;
      }
      checkParquetType(file, rows.schema(), column.name(), allowedTypes(column),
          column.type().name().toLowerCase(java.util.Locale.ROOT) + " or string");
    }
    List<String> kept = new ArrayList<>(file.table().columnNames());
    if (header.hasBsn()) {
      kept.remove(Contract.CLIENT_ID);
      kept.add(BSN);
    }
    Dataset<Row> text = rows.select(kept.stream()
        .map(name -> col(name).cast(DataTypes.StringType).as(name))
        .toArray(org.apache.spark.sql.Column[]::new));
    return new RawExtract(contractColumns(text, header, pseudonymizer,
        lit(null).cast(DataTypes.StringType)), header);
  }

  private static Set<DataType> allowedTypes(Column column) {
    return switch (column.type()) {
      case STRING, MONTH -> Set.of(DataTypes.StringType);
      case INTEGER -> Set.of(DataTypes.StringType, DataTypes.IntegerType, DataTypes.LongType,
          DataTypes.ShortType, DataTypes.ByteType);
      case DATE -> Set.of(DataTypes.StringType, DataTypes.DateType);
      case BOOLEAN -> Set.of(DataTypes.StringType, DataTypes.BooleanType);
    };
  }

  private static void checkParquetType(ExtractFile file, StructType schema, String name,
      Set<DataType> allowed, String expected) {
    DataType found = schema.apply(name).dataType();
    if (!allowed.contains(found)) {
      throw SamenspelException.input(file.displayName() + ": column '" + name + "' has type "
          + found.simpleString() + ", expected " + expected + "; export it with the contract's "
          + "types (docs/data-contract.md)");
    }
  }

  /** Selects the contract columns in order, pseudonymizing the person key. */
  private static Dataset<Row> contractColumns(Dataset<Row> rows, Header header,
      Pseudonymizer pseudonymizer, org.apache.spark.sql.Column corrupt) {
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    for (String name : header.file().table().columnNames()) {
      if (name.equals(Contract.CLIENT_ID)) {
        columns.add(header.hasBsn()
            ? pseudonymizeBsn(pseudonymizer).apply(col(BSN)).as(Contract.CLIENT_ID)
            : pseudonymizeId(pseudonymizer).apply(col(Contract.CLIENT_ID)).as(Contract.CLIENT_ID));
      } else {
        columns.add(col(name));
      }
    }
    columns.add(corrupt.as(CORRUPT));
    return rows.select(columns.toArray(org.apache.spark.sql.Column[]::new));
  }

  private static UserDefinedFunction pseudonymizeBsn(Pseudonymizer pseudonymizer) {
    UDF1<String, String> f = text -> {
      if (text == null || text.isBlank()) {
        return null;
      }
      String bsn = Bsn.normalize(text);
      return bsn == null ? INVALID_BSN : pseudonymizer.pseudonym(BSN, bsn);
    };
    return org.apache.spark.sql.functions.udf(f, DataTypes.StringType);
  }

  private static UserDefinedFunction pseudonymizeId(Pseudonymizer pseudonymizer) {
    UDF1<String, String> f = text -> text == null || text.isBlank() ? null
        : pseudonymizer.pseudonym(Contract.CLIENT_ID, text.trim());
    return org.apache.spark.sql.functions.udf(f, DataTypes.StringType);
  }

  static List<String> csvHeader(ExtractFile file) {
    if (Files.isDirectory(file.path())) {
      throw SamenspelException.input(file.path().getFileName()
          + " is a folder; a CSV extract must be one file");
    }
    try (InputStream in = Files.newInputStream(file.path())) {
      byte[] start = in.readNBytes(3);
      if (start.length == 3 && (start[0] & 0xFF) == 0xEF && (start[1] & 0xFF) == 0xBB
          && (start[2] & 0xFF) == 0xBF) {
        throw SamenspelException.input(file.displayName()
            + " starts with a byte-order mark; save it as UTF-8 without BOM");
      }
    } catch (IOException e) {
      throw SamenspelException.input("Can't read " + file.displayName() + ": " + e.getMessage());
    }
    // Only the first line is decoded here (strictly); bad bytes further down are a row problem
    // (INVALID_ENCODING), found by the row checks.
    byte[] firstLine;
    try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file.path()))) {
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      for (int b; (b = in.read()) != -1 && b != '\n'; ) {
        line.write(b);
      }
      firstLine = line.toByteArray();
    } catch (IOException e) {
      throw SamenspelException.input("Can't read " + file.displayName() + ": " + e.getMessage());
    }
    String line;
    try {
      line = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(firstLine)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw SamenspelException.input(file.displayName() + " is not UTF-8 (its header line holds "
          + "other bytes); save it as UTF-8");
    }
    if (line.isBlank()) {
      throw SamenspelException.input(file.displayName() + " is empty: expected a header line "
          + String.join(",", file.table().columnNames()) + " and rows");
    }
    try (CSVParser parser = CSVParser.parse(line.strip(), CSVFormat.DEFAULT)) {
      return parser.getRecords().get(0).toList().stream().map(String::trim).toList();
    } catch (IOException | RuntimeException e) {
      throw SamenspelException.input(file.displayName() + ": the header line can't be read as "
          + "CSV");
    }
  }

  /** Fails when a contract column is missing or a name repeats; lists the dropped columns. */
  private static Header checkColumns(ExtractFile file, List<String> header) {
    Set<String> seen = new TreeSet<>();
    for (String name : header) {
      if (!seen.add(name)) {
        throw SamenspelException.input(file.displayName() + ": column '" + name
            + "' appears twice in the header");
      }
    }
    List<String> contract = file.table().columnNames();
    boolean hasBsn = header.contains(BSN) && contract.contains(Contract.CLIENT_ID);
    for (String expected : contract) {
      if (expected.equals(Contract.CLIENT_ID) && hasBsn) {
        continue;
      }
      if (!header.contains(expected)) {
        throw SamenspelException.input(file.displayName() + ": column '" + expected
            + "' is missing (expected columns: " + String.join(",", contract)
            + (contract.contains(Contract.CLIENT_ID) ? "; bsn may replace client_id" : "")
            + ")");
      }
    }
    List<String> dropped = header.stream()
        .filter(h -> !contract.contains(h) || (hasBsn && h.equals(Contract.CLIENT_ID)))
        .filter(h -> !(hasBsn && h.equals(BSN)))
        .toList();
    return new Header(file, hasBsn, dropped);
  }

  /** Trimmed text of a column, null when empty. */
  static org.apache.spark.sql.Column text(String name) {
    org.apache.spark.sql.Column t = trim(col(name));
    return when(t.notEqual(""), t);
  }
}
