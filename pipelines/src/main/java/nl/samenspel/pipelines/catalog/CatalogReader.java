package nl.samenspel.pipelines.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import nl.samenspel.contract.Contract;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Discipline;
import nl.samenspel.domain.Element;
import nl.samenspel.pipelines.SamenspelException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the intervention catalog ({@code code,discipline,name_nl,name_en,target_elements}, and
 * optionally {@code cost_eur}).
 * The catalog is small and needed on the driver and in the generator, so it is read with
 * Commons CSV, not Spark. Every problem is reported as one line naming the file and line.
 */
public final class CatalogReader {

  /** Classpath location of the catalog shipped in data-samples/catalog. */
  public static final String BUNDLED = "/nl/samenspel/catalog/interventions.csv";

  /**
   * Optional column: euros per started intervention, for the cost per extra durable
   * participant. Empty or absent: unknown. A decimal point or comma, no thousands separator.
   */
  public static final String COST_EUR = "cost_eur";
  private static final java.util.regex.Pattern COST =
      java.util.regex.Pattern.compile("[0-9]{1,9}([.,][0-9]{1,2})?");

  private CatalogReader() {}

  public static List<CatalogEntry> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw SamenspelException.input("Catalog file not found: " + file
          + " (pass --catalog with the intervention catalog CSV)");
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, file.toString());
    } catch (IOException e) {
      throw SamenspelException.input("Can't read catalog " + file + ": " + e.getMessage());
    }
  }

  /** The catalog shipped with Samenspel. */
  public static List<CatalogEntry> bundled() {
    InputStream stream = CatalogReader.class.getResourceAsStream(BUNDLED);
    if (stream == null) {
      throw new IllegalStateException("bundled catalog missing from the jar: " + BUNDLED);
    }
    try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
      return parse(reader, "bundled catalog");
    } catch (IOException e) {
      throw new IllegalStateException("can't read bundled catalog", e);
    }
  }

  static List<CatalogEntry> parse(Reader reader, String source) throws IOException {
    List<String> expected = Contract.CATALOG.columnNames();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
        .setTrim(true).build();
    List<CatalogEntry> entries = new ArrayList<>();
    Set<String> codes = new HashSet<>();
    try (CSVParser parser = format.parse(reader)) {
      List<String> header = parser.getHeaderNames();
      for (String column : expected) {
        if (!header.contains(column)) {
          throw SamenspelException.input("Catalog " + source + " has no column '" + column
              + "' (expected columns: " + String.join(",", expected) + ")");
        }
      }
      for (CSVRecord record : parser) {
        long line = record.getRecordNumber() + 1;
        if (!record.isConsistent()) {
          throw SamenspelException.input("Catalog " + source + " line " + line + ": expected "
              + header.size() + " fields, found " + record.size());
        }
        String code = record.get(Contract.CATALOG_CODE);
        if (code.isEmpty()) {
          throw SamenspelException.input("Catalog " + source + " line " + line
              + ": column 'code' is empty");
        }
        if (!codes.add(code)) {
          throw SamenspelException.input("Catalog " + source + " line " + line
              + ": code '" + code + "' appears twice");
        }
        Discipline discipline;
        try {
          discipline = Discipline.valueOf(record.get(Contract.DISCIPLINE));
        } catch (IllegalArgumentException e) {
          throw SamenspelException.input("Catalog " + source + " line " + line
              + ": column 'discipline' is '" + record.get(Contract.DISCIPLINE)
              + "', expected KM, IC or AM");
        }
        Set<Element> targets = EnumSet.noneOf(Element.class);
        String targetText = record.get(Contract.CATALOG_TARGET_ELEMENTS);
        if (!targetText.isEmpty()) {
          for (String part : targetText.split(";")) {
            try {
              targets.add(Element.valueOf(part.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
              throw SamenspelException.input("Catalog " + source + " line " + line
                  + ": column 'target_elements' names unknown element '" + part + "'");
            }
          }
        }
        Double cost = null;
        if (header.contains(COST_EUR) && !record.get(COST_EUR).isEmpty()) {
          String text = record.get(COST_EUR);
          if (!COST.matcher(text).matches()) {
            throw SamenspelException.input("Catalog " + source + " line " + line
                + ": column '" + COST_EUR + "' is '" + text + "', expected euros per started "
                + "intervention as a plain number (1200 or 1200.50, no thousands separator), "
                + "or empty when unknown");
          }
          cost = Double.parseDouble(text.replace(',', '.'));
        }
        entries.add(new CatalogEntry(code, discipline, record.get(Contract.CATALOG_NAME_NL),
            record.get(Contract.CATALOG_NAME_EN), targets, cost));
      }
    }
    if (entries.isEmpty()) {
      throw SamenspelException.input("Catalog " + source + " has no interventions");
    }
    return List.copyOf(entries);
  }
}
