package nl.samenspel.contract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The words an extract may use for the values of a column with a closed list (codes,
 * intervention codes, yes/no), and the contract value each stands for. Case systems and Excel
 * write {@code completed} for {@code COMPLETED}, {@code V} (vrouw) for {@code F} and
 * {@code ja}/{@code nee} for {@code true}/{@code false}; this table reads them without any
 * configuration. A municipality's value maps (configuration {@code values}, see
 * {@link ValueMaps}) come on top and win over the built-in words.
 *
 * <p>Words are matched on their {@link #key}: surrounding spaces removed and upper case, so
 * matching ignores case. Pure data: the Spark side builds its lookups from the same tables, so
 * the sample check before a run and the row checks agree.
 */
public final class Vocabulary {

  /** The contract's spelling of a yes/no value. */
  public static final String TRUE = "true";
  public static final String FALSE = "false";

  /** Built-in words for yes/no columns (keys), in any case. */
  private static final Map<String, String> BOOLEANS = booleans();
  /** Built-in synonyms per column (keys → code), besides the codes themselves. */
  private static final Map<String, Map<String, String>> SYNONYMS = Map.of(
      Contract.SEX, Map.of("V", "F")); // V = vrouw: Dutch exports write V/M/X

  private Vocabulary() {}

  private static Map<String, String> booleans() {
    Map<String, String> words = new LinkedHashMap<>();
    words.put("TRUE", TRUE);
    words.put("FALSE", FALSE);
    words.put("JA", TRUE);
    words.put("NEE", FALSE);
    words.put("J", TRUE);
    words.put("N", FALSE);
    words.put("1", TRUE);
    words.put("0", FALSE);
    return Map.copyOf(words);
  }

  /** Whether the column's values are read through a vocabulary (and can be mapped). */
  public static boolean applies(Column column) {
    return !column.allowedValues().isEmpty() || column.type() == ColumnType.BOOLEAN
        || column.name().equals(Contract.INTERVENTION_CODE);
  }

  /** The names of the extract columns that have a vocabulary, sorted. */
  public static Set<String> columns() {
    Set<String> names = new TreeSet<>();
    for (Table table : Contract.EXTRACTS) {
      for (Column column : table.columns()) {
        if (applies(column)) {
          names.add(column.name());
        }
      }
    }
    return names;
  }

  /**
   * The contract values the column can take, sorted: its codes, the catalog's codes for
   * {@code intervention_code}, {@code true} and {@code false} for yes/no.
   */
  public static List<String> targets(Column column, Collection<String> catalogCodes) {
    if (column.type() == ColumnType.BOOLEAN) {
      return List.of(FALSE, TRUE);
    }
    if (column.name().equals(Contract.INTERVENTION_CODE)) {
      return new ArrayList<>(new TreeSet<>(catalogCodes));
    }
    return new ArrayList<>(new TreeSet<>(column.allowedValues()));
  }

  /**
   * Every word the column accepts, as its {@link #key}, with the contract value it stands for:
   * the targets themselves, the built-in synonyms, then the value maps (which win). Empty for a
   * column without a vocabulary.
   */
  public static Map<String, String> of(Column column, Collection<String> catalogCodes,
      ValueMaps maps) {
    if (!applies(column)) {
      return Map.of();
    }
    Map<String, String> words = new LinkedHashMap<>();
    for (String target : targets(column, catalogCodes)) {
      words.put(key(target), target);
    }
    if (column.type() == ColumnType.BOOLEAN) {
      words.putAll(BOOLEANS);
    }
    words.putAll(SYNONYMS.getOrDefault(column.name(), Map.of()));
    words.putAll(maps.of(column.name()));
    return words;
  }

  /**
   * The word a value is matched on: spaces around it removed (as Spark's {@code trim}) and
   * upper case (root locale).
   */
  public static String key(String text) {
    return RowReader.trimSpaces(text).toUpperCase(Locale.ROOT);
  }

  /** The built-in words of yes/no columns, for documentation and messages. */
  public static String booleanWords() {
    return "true/false, ja/nee, j/n or 1/0";
  }
}
