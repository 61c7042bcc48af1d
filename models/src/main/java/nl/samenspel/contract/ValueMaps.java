package nl.samenspel.contract;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A municipality's own codes mapped once to the contract's (configuration {@code values}, e.g.
 * {@code household_type: {alleenstaande: SINGLE}}): per column, a word of the case system (as
 * its {@link Vocabulary#key}, so matched without regard to case) and the contract value it
 * stands for. Valid by construction: {@link #of} refuses a column without codes, a target that
 * is not one of the column's values, and two spellings of one word with different targets.
 *
 * @param byColumn column name → (word key → contract value)
 */
public record ValueMaps(Map<String, Map<String, String>> byColumn) {

  /** No value maps: only the built-in vocabulary. */
  public static final ValueMaps NONE = new ValueMaps(Map.of());

  public ValueMaps {
    Map<String, Map<String, String>> copy = new TreeMap<>();
    byColumn.forEach((column, words) -> copy.put(column,
        Collections.unmodifiableMap(new TreeMap<>(words))));
    byColumn = Collections.unmodifiableMap(copy);
  }

  /**
   * Checks the configured maps (column → word → value) and normalises them. The message of
   * the {@link IllegalArgumentException} starts with the configuration key it is about, e.g.
   * {@code values.household_type.alleenstaande}.
   *
   * @param catalogCodes the codes of the run's intervention catalog (targets of
   *     {@code intervention_code})
   */
  public static ValueMaps of(Map<String, Map<String, String>> configured,
      Collection<String> catalogCodes) {
    Map<String, Map<String, String>> maps = new TreeMap<>();
    for (Map.Entry<String, Map<String, String>> entry : configured.entrySet()) {
      String name = entry.getKey();
      Optional<Column> column = column(name);
      if (column.isEmpty()) {
        throw new IllegalArgumentException("values." + name + ": not a column with codes; value "
            + "maps are for " + String.join(", ", Vocabulary.columns()));
      }
      List<String> targets = Vocabulary.targets(column.get(), catalogCodes);
      Map<String, String> words = new TreeMap<>();
      Map<String, String> spelledAs = new TreeMap<>();
      for (Map.Entry<String, String> word : entry.getValue().entrySet()) {
        String key = "values." + name + "." + word.getKey();
        String source = Vocabulary.key(word.getKey());
        if (source.isEmpty()) {
          throw new IllegalArgumentException(key + ": the word to map is empty");
        }
        String target = word.getValue() == null ? null : targets.stream()
            .filter(t -> Vocabulary.key(t).equals(Vocabulary.key(word.getValue())))
            .findFirst().orElse(null);
        if (target == null) {
          throw new IllegalArgumentException(key + ": '" + word.getValue() + "' is not "
              + (column.get().name().equals(Contract.INTERVENTION_CODE)
                  ? "a code of the intervention catalog" : "a value of " + name)
              + "; expected one of " + String.join(", ", targets));
        }
        String before = words.put(source, target);
        if (before != null && !before.equals(target)) {
          throw new IllegalArgumentException(key + ": '" + spelledAs.get(source) + "' and '"
              + word.getKey() + "' are the same word (case is ignored) but map to " + before
              + " and " + target);
        }
        spelledAs.putIfAbsent(source, word.getKey());
      }
      maps.put(column.get().name(), words);
    }
    return new ValueMaps(maps);
  }

  /** The map of one column (word key → contract value); empty when there is none. */
  public Map<String, String> of(String column) {
    return byColumn.getOrDefault(column, Map.of());
  }

  private static Optional<Column> column(String name) {
    return Contract.EXTRACTS.stream().flatMap(t -> t.columns().stream())
        .filter(c -> c.name().equals(name) && Vocabulary.applies(c)).findFirst();
  }
}
