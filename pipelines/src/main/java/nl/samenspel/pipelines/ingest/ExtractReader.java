package nl.samenspel.pipelines.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.translate;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import nl.samenspel.contract.Column;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.RowReader;
import nl.samenspel.contract.ValueMaps;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.privacy.Bsn;
import nl.samenspel.privacy.Pseudonymizer;
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
 * <p>A CSV extract is read the way {@link CsvSniffer} found it to be written (delimiter,
 * UTF-8 or Windows-1252, byte-order mark). File-level problems (missing or empty file, missing
 * or duplicated columns, a column the sample shows to be unreadable, a Parquet file that is not
 * Parquet or has a column of another type) stop the run with one line naming the file and the
 * column.
 */
final class ExtractReader {

  static final String CORRUPT = "_corrupt_record";
  /** The optional direct identifier an extract may carry instead of {@code client_id}. */
  static final String BSN = RowReader.BSN;
  /** What a {@code bsn} that fails the elfproef turns into; checks read it as INVALID_BSN. */
  static final String INVALID_BSN = RowReader.INVALID_BSN;

  private ExtractReader() {}

  /** What the header of an extract says: the person key's source and the dropped columns. */
  record Header(ExtractFile file, boolean hasBsn, List<String> dropped) {}

  /** Contract columns as text (client_id pseudonymized) and the corrupt-record marker. */
  record RawExtract(Dataset<Row> rows, Header header) {}

  /**
   * Looks at a CSV extract without Spark (header, columns, encoding, delimiter, date formats;
   * see {@link CsvSniffer}) and returns it with its dialect. A Parquet extract is returned as
   * it is: it is checked when its footer is read, which needs Spark.
   */
  static ExtractFile inspect(ExtractFile file, Collection<String> catalogCodes,
      ValueMaps maps) {
    if (file.format() == ExtractFile.Format.CSV) {
      return file.withDialect(CsvSniffer.sniff(file, catalogCodes, maps));
    }
    return file;
  }

  static RawExtract read(SparkSession spark, ExtractFile file, Pseudonymizer pseudonymizer) {
    return file.format() == ExtractFile.Format.CSV ? readCsv(spark, file, pseudonymizer)
        : readParquet(spark, file, pseudonymizer);
  }

  private static RawExtract readCsv(SparkSession spark, ExtractFile file,
      Pseudonymizer pseudonymizer) {
    CsvDialect dialect = file.dialect();
    if (dialect == null) {
      throw new IllegalStateException(file.displayName() + " was read before its preflight");
    }
    Header header = checkColumns(file, dialect.header(), dialect.delimiter());
    boolean windows1252 = dialect.encoding() == CsvDialect.Encoding.WINDOWS_1252;
    Dataset<Row> rows = spark.read()
        .option("header", "true")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        // Spark 4 reads a few charsets only; Windows-1252 is read as ISO-8859-1 (one
        // character per byte) and its 32 differing characters are translated below.
        .option("encoding", windows1252 ? "ISO-8859-1" : "UTF-8")
        .option("sep", String.valueOf(dialect.delimiter()))
        // RFC 4180: a quote inside a quoted field is doubled (Spark's default escape is \).
        .option("escape", "\"")
        .schema(ExtractSchemas.text(dialect.header(), CORRUPT))
        .csv(file.location().forSpark());
    if (windows1252) {
      for (String name : header.file().table().columnNames()) {
        String source = name.equals(Contract.CLIENT_ID) && header.hasBsn() ? BSN : name;
        rows = rows.withColumn(source, translate(col(source), Windows1252.LATIN_1_CONTROLS,
            Windows1252.CHARACTERS));
      }
    }
    return new RawExtract(contractColumns(rows, header, pseudonymizer, col(CORRUPT)), header);
  }

  /**
   * The bytes 0x80–0x9F, where Windows-1252 differs from ISO-8859-1: as ISO-8859-1 decodes
   * them (control characters) and as Windows-1252 does (€, ‘, ’, …; U+FFFD for the five
   * bytes it leaves undefined, which the row checks then quarantine as invalid_encoding).
   */
  private static final class Windows1252 {
    static final String LATIN_1_CONTROLS;
    static final String CHARACTERS;

    static {
      byte[] bytes = new byte[0x20];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (0x80 + i);
      }
      LATIN_1_CONTROLS = new String(bytes, StandardCharsets.ISO_8859_1);
      CHARACTERS = new String(bytes, java.nio.charset.Charset.forName("windows-1252"));
    }
  }

  private static RawExtract readParquet(SparkSession spark, ExtractFile file,
      Pseudonymizer pseudonymizer) {
    Dataset<Row> rows;
    try {
      rows = spark.read().parquet(file.location().forSpark());
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

  /** Fails when a contract column is missing or a name repeats; lists the dropped columns. */
  static Header checkColumns(ExtractFile file, List<String> header) {
    return checkColumns(file, header, ',');
  }

  /**
   * As {@link #checkColumns(ExtractFile, List)}, for a CSV header split on {@code delimiter}
   * (named in the message when a column is missing).
   */
  static Header checkColumns(ExtractFile file, List<String> header, char delimiter) {
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
            + (file.format() == ExtractFile.Format.CSV ? "; the header was split on "
                + (delimiter == '\t' ? "tabs" : "'" + delimiter + "'") + ", which found "
                + header.size() + (header.size() == 1 ? " column" : " columns") : "")
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
