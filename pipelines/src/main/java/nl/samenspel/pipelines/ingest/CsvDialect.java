package nl.samenspel.pipelines.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.samenspel.contract.DateFormat;

/**
 * How one CSV extract is written, as {@link CsvSniffer} found it from its header and first
 * rows: what separates the fields, how its bytes are encoded, whether it starts with a
 * byte-order mark, and in which format each date column is written. Nothing here is
 * configured: a municipality exports the way its tools do, and Samenspel reads it.
 *
 * @param delimiter {@code ,} {@code ;} or a tab
 * @param encoding how the bytes are decoded
 * @param byteOrderMark whether the file starts with a UTF-8 byte-order mark (skipped)
 * @param header the column names in file order
 * @param dateFormats per date column of the contract, the format its values are read in
 */
public record CsvDialect(char delimiter, Encoding encoding, boolean byteOrderMark,
    List<String> header, Map<String, DateFormat> dateFormats) {

  /** The field separators Samenspel recognises, in order of preference on a tie. */
  static final List<Character> DELIMITERS = List.of(',', ';', '\t');

  /** The encodings Samenspel reads. */
  public enum Encoding {
    /** The contract's encoding. */
    UTF_8("UTF-8"),
    /**
     * What Windows and Excel write when not told otherwise; read when a file's start is not
     * valid UTF-8 and holds no UTF-8 character either.
     */
    WINDOWS_1252("Windows-1252");

    private final String label;

    Encoding(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public CsvDialect {
    header = List.copyOf(header);
    dateFormats = Collections.unmodifiableMap(new TreeMap<>(dateFormats));
  }

  /** The date format of a column: the one found, else the contract's ISO 8601. */
  public DateFormat dateFormat(String column) {
    return dateFormats.getOrDefault(column, DateFormat.ISO);
  }

  /** The delimiter as people name it: {@code ','}, {@code ';'} or {@code tab}. */
  public String delimiterName() {
    return delimiter == '\t' ? "tab" : "'" + delimiter + "'";
  }

  /**
   * What differs from the contract's own way of writing a CSV (comma, UTF-8 without
   * byte-order mark, ISO dates), as a phrase for the console; empty when nothing does.
   */
  public String differences() {
    List<String> parts = new ArrayList<>();
    if (encoding != Encoding.UTF_8) {
      parts.add("as " + encoding.label() + " (it is not UTF-8)");
    }
    if (delimiter != ',') {
      parts.add("with " + delimiterName() + " between fields");
    }
    if (byteOrderMark) {
      parts.add("skipping its UTF-8 byte-order mark");
    }
    Map<DateFormat, List<String>> byFormat = new LinkedHashMap<>();
    dateFormats.forEach((column, format) -> {
      if (format != DateFormat.ISO) {
        byFormat.computeIfAbsent(format, f -> new ArrayList<>()).add(column);
      }
    });
    byFormat.forEach((format, columns) -> parts.add("dates as " + format.label() + " in "
        + String.join(", ", columns)));
    return String.join(", ", parts);
  }
}
