package nl.samenspel.pipelines.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.samenspel.contract.Column;
import nl.samenspel.contract.ColumnType;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.DateFormat;
import nl.samenspel.contract.ValueMaps;
import nl.samenspel.contract.Vocabulary;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.store.Store;

/**
 * Finds out how a CSV extract is written before Spark reads it, the way DuckDB's CSV sniffer
 * does: from the header line and the first {@value #SAMPLE_ROWS} rows, on the driver, without
 * configuration. It decides
 *
 * <ul>
 *   <li>the encoding: UTF-8 (with or without byte-order mark), or Windows-1252 when the start
 *       is not valid UTF-8 and holds no UTF-8 character either (a UTF-8 file with a bad row
 *       stays UTF-8: that row is quarantined as {@code invalid_encoding});
 *   <li>the delimiter: the one of {@code ,} {@code ;} and tab that splits the header into the
 *       most contract columns;
 *   <li>per date column, the format most of its sampled values are written in
 *       ({@link DateFormat}).
 * </ul>
 *
 * <p>A column whose sampled values are mostly (more than half) unrecognisable stops the run
 * with one line naming the file, the column and up to five of those values: that is a format
 * or a code list Samenspel does not know, not a few bad rows. Identifier columns are never
 * looked at this way, and their values never appear in a message. Single bad values in a
 * recognised column are left to the row checks, which quarantine them with their reason.
 *
 * <p>Lines are split on LF, CRLF or CR, as Spark's reader splits them.
 */
final class CsvSniffer {

  /** Data rows looked at. */
  static final int SAMPLE_ROWS = 1_000;
  /** Above this share of unrecognised values in the sample, a column stops the run. */
  static final double MOSTLY = 0.5;
  /** Bytes read at most, whatever the rows hold. */
  private static final int MAX_BYTES = 16 << 20;
  /** Values shown in a message. */
  private static final int SHOWN = 5;
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]{1,10}");
  private static final Pattern MONTH = Pattern.compile("[0-9]{4}-(0[1-9]|1[0-2])");
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private CsvSniffer() {}

  /**
   * The dialect of {@code file}; fails with one line (exit 3) when the file is empty, has a
   * header but no rows, misses a contract column, or has a column the sample shows to be
   * unreadable.
   *
   * @param catalogCodes the codes of the intervention catalog
   * @param maps the municipality's value maps
   */
  static CsvDialect sniff(ExtractFile file, Collection<String> catalogCodes, ValueMaps maps) {
    if (Store.isDirectory(file.location())) {
      throw SamenspelException.input(file.displayName()
          + " is a folder; a CSV extract must be one file");
    }
    List<byte[]> lines = startLines(file);
    if (lines.isEmpty() || isBlank(lines.get(0))) {
      throw SamenspelException.input(file.displayName() + " is empty: expected a header line "
          + String.join(",", file.table().columnNames()) + " and rows");
    }
    byte[] first = lines.get(0);
    if (first.length >= 2 && ((first[0] & 0xFF) == 0xFF && (first[1] & 0xFF) == 0xFE
        || (first[0] & 0xFF) == 0xFE && (first[1] & 0xFF) == 0xFF)) {
      throw SamenspelException.input(file.displayName() + " is UTF-16 (it starts with a UTF-16 "
          + "byte-order mark); save it as UTF-8 (in Excel: CSV UTF-8)");
    }
    boolean byteOrderMark = first.length >= 3 && (first[0] & 0xFF) == 0xEF
        && (first[1] & 0xFF) == 0xBB && (first[2] & 0xFF) == 0xBF;
    if (byteOrderMark) {
      lines.set(0, java.util.Arrays.copyOfRange(first, 3, first.length));
    }
    CsvDialect.Encoding encoding = encoding(lines, byteOrderMark);
    Charset charset = encoding == CsvDialect.Encoding.UTF_8 ? StandardCharsets.UTF_8
        : WINDOWS_1252;
    String headerLine = new String(lines.get(0), charset);
    if (headerLine.isBlank()) {
      throw SamenspelException.input(file.displayName() + " is empty: expected a header line "
          + String.join(",", file.table().columnNames()) + " and rows");
    }
    char delimiter = delimiter(file, headerLine);
    List<String> header = fields(headerLine, delimiter);
    if (header == null) {
      throw SamenspelException.input(file.displayName() + ": the header line can't be read as "
          + "CSV");
    }
    ExtractReader.checkColumns(file, header, delimiter);

    List<List<String>> rows = new ArrayList<>();
    for (byte[] line : lines.subList(1, lines.size())) {
      if (isBlank(line)) {
        continue; // blank lines are not rows, for Spark's reader either
      }
      List<String> row = fields(new String(line, charset), delimiter);
      rows.add(row == null || row.size() != header.size() ? null : row);
    }
    if (rows.isEmpty()) {
      throw SamenspelException.input(file.displayName() + " has a header but no rows");
    }
    Map<String, DateFormat> dateFormats = new LinkedHashMap<>();
    for (Column column : file.table().columns()) {
      int index = header.indexOf(column.name());
      if (index < 0 || identifier(column.name())) {
        continue;
      }
      List<String> values = new ArrayList<>();
      for (List<String> row : rows) {
        if (row != null) {
          String value = row.get(index).strip();
          if (!value.isEmpty()) {
            values.add(value);
          }
        }
      }
      List<String> unrecognised = switch (column.type()) {
        case DATE -> {
          DateFormat format = dateFormat(values);
          dateFormats.put(column.name(), format);
          yield values.stream().filter(v -> format.parse(v).isEmpty()).toList();
        }
        case INTEGER -> values.stream().filter(v -> !wholeNumber(v)).toList();
        case MONTH -> values.stream().filter(v -> !MONTH.matcher(v).matches()).toList();
        case BOOLEAN, STRING -> {
          Map<String, String> words = Vocabulary.of(column, catalogCodes, maps);
          yield words.isEmpty() ? List.of()
              : values.stream().filter(v -> !words.containsKey(Vocabulary.key(v))).toList();
        }
      };
      if (!values.isEmpty() && unrecognised.size() > MOSTLY * values.size()) {
        throw SamenspelException.input(file.displayName() + ": column '" + column.name()
            + "' holds " + what(column) + ": " + shown(unrecognised) + " ("
            + unrecognised.size() + " of the " + values.size() + " values in its first "
            + rows.size() + " rows); " + expected(column, catalogCodes, unrecognised.get(0)));
      }
    }
    return new CsvDialect(delimiter, encoding, byteOrderMark, header, dateFormats);
  }

  /** The first lines (header and up to SAMPLE_ROWS non-blank rows) as bytes, without ends. */
  private static List<byte[]> startLines(ExtractFile file) {
    List<byte[]> lines = new ArrayList<>();
    try (InputStream in = new BufferedInputStream(Store.open(file.location()), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int rows = 0;
      int total = 0;
      boolean afterCarriageReturn = false;
      for (int b; (b = in.read()) != -1 && total < MAX_BYTES; total++) {
        if (b == '\n' && afterCarriageReturn) {
          afterCarriageReturn = false;
          continue;
        }
        afterCarriageReturn = b == '\r';
        if (b == '\n' || b == '\r') {
          byte[] bytes = line.toByteArray();
          line.reset();
          lines.add(bytes);
          if (lines.size() > 1 && !isBlank(bytes) && ++rows >= SAMPLE_ROWS) {
            return lines;
          }
          continue;
        }
        line.write(b);
      }
      if (line.size() > 0) {
        lines.add(line.toByteArray());
      }
      return lines;
    } catch (IOException e) {
      throw SamenspelException.input("Can't read " + file.displayName() + ": " + e.getMessage());
    }
  }

  /**
   * UTF-8, unless some line is not valid UTF-8 and no line holds a UTF-8 character: then the
   * file was written in Windows-1252. A byte-order mark settles it as UTF-8.
   */
  private static CsvDialect.Encoding encoding(List<byte[]> lines, boolean byteOrderMark) {
    boolean invalid = false;
    boolean utf8Characters = false;
    for (byte[] line : lines) {
      if (ascii(line)) {
        continue;
      }
      if (validUtf8(line)) {
        utf8Characters = true;
      } else {
        invalid = true;
      }
    }
    return byteOrderMark || !invalid || utf8Characters ? CsvDialect.Encoding.UTF_8
        : CsvDialect.Encoding.WINDOWS_1252;
  }

  /** The delimiter that finds the most contract columns in the header (else the most fields). */
  private static char delimiter(ExtractFile file, String headerLine) {
    Set<String> wanted = new LinkedHashSet<>(file.table().columnNames());
    wanted.add(ExtractReader.BSN);
    char best = CsvDialect.DELIMITERS.get(0);
    int bestColumns = -1;
    int bestFields = -1;
    for (char candidate : CsvDialect.DELIMITERS) {
      List<String> fields = fields(headerLine, candidate);
      if (fields == null) {
        continue;
      }
      int columns = (int) fields.stream().distinct().filter(wanted::contains).count();
      if (columns > bestColumns || columns == bestColumns && fields.size() > bestFields) {
        best = candidate;
        bestColumns = columns;
        bestFields = fields.size();
      }
    }
    return best;
  }

  /**
   * The fields of one line, trimmed, or null when it can't be parsed as CSV (a quote left
   * open, text after a closing quote). RFC 4180 quoting: a field may be quoted with
   * {@code "}, and a quote inside it is doubled; the line is one record, as for Spark's reader.
   */
  static List<String> fields(String line, char delimiter) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      field.setLength(0);
      while (i < n && line.charAt(i) == ' ') {
        i++;
      }
      if (i < n && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            return null; // a quote left open
          }
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < n && line.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
        while (i < n && line.charAt(i) == ' ') {
          i++;
        }
        if (i < n && line.charAt(i) != delimiter) {
          return null; // text after the closing quote
        }
      } else {
        while (i < n && line.charAt(i) != delimiter) {
          field.append(line.charAt(i++));
        }
      }
      fields.add(field.toString().trim());
      if (i >= n) {
        return fields;
      }
      i++; // the delimiter
    }
  }

  /** The format most values are written in; ISO when none or on a tie. */
  private static DateFormat dateFormat(List<String> values) {
    DateFormat best = DateFormat.ISO;
    long bestCount = -1;
    for (DateFormat format : DateFormat.values()) {
      long count = values.stream().filter(v -> format.parse(v).isPresent()).count();
      if (count > bestCount) {
        best = format;
        bestCount = count;
      }
    }
    return best;
  }

  /** Columns whose values are never examined or shown: the person key and other ids. */
  static boolean identifier(String column) {
    return column.equals(Contract.CLIENT_ID) || column.equals(ExtractReader.BSN)
        || column.endsWith("_id");
  }

  private static boolean wholeNumber(String value) {
    if (!WHOLE_NUMBER.matcher(value).matches()) {
      return false;
    }
    long number = Long.parseLong(value);
    return number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE;
  }

  private static String what(Column column) {
    return switch (column.type()) {
      case DATE -> "dates in a format Samenspel does not recognise";
      case INTEGER -> "values that are not whole numbers";
      case MONTH -> "values that are not months (YYYY-MM)";
      case BOOLEAN -> "yes/no values Samenspel does not recognise";
      case STRING -> column.name().equals(Contract.INTERVENTION_CODE)
          ? "codes that are not in the intervention catalog"
          : "codes Samenspel does not recognise";
    };
  }

  private static String expected(Column column, Collection<String> catalogCodes,
      String example) {
    String mapping = "or map them once in the configuration (values: {" + column.name()
        + ": {" + example.replaceAll("[\\s:{},]+", "_") + ": ...}}, docs/configuration.md)";
    return switch (column.type()) {
      case DATE -> "expected " + DateFormat.labels();
      case INTEGER -> "expected whole numbers such as 3";
      case MONTH -> "expected months such as 2024-01";
      case BOOLEAN -> "expected " + Vocabulary.booleanWords() + " in any case, " + mapping;
      case STRING -> column.name().equals(Contract.INTERVENTION_CODE)
          ? "expected codes of the catalog such as "
              + Vocabulary.targets(column, catalogCodes).stream().limit(3)
                  .collect(Collectors.joining(", ")) + " (--catalog for another catalog), "
              + mapping
          : "expected " + String.join(", ", Vocabulary.targets(column, catalogCodes))
              + " in any case, " + mapping;
    };
  }

  /** Up to five distinct values, quoted, made printable and short. */
  private static String shown(List<String> values) {
    return values.stream().distinct().limit(SHOWN)
        .map(v -> {
          String printable = v.replaceAll("\\p{Cntrl}", "?");
          return "'" + (printable.length() > 40 ? printable.substring(0, 40) + "..."
              : printable) + "'";
        })
        .collect(Collectors.joining(", "));
  }

  /** Blank as Spark's reader sees it: nothing but spaces and control characters. */
  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b < 0 || b > ' ') {
        return false;
      }
    }
    return true;
  }

  private static boolean ascii(byte[] line) {
    for (byte b : line) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean validUtf8(byte[] line) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
