package nl.samenspel.disclosure;

import java.util.List;
import java.util.Objects;

/**
 * An exact additive relation between counts that a reader of the published files can use:
 * {@code total = parts[0] + parts[1] + ...}, possibly across tables. A member may be a count
 * that is never published (for example the clients trimmed from a comparison); it is then an
 * unknown for the reader, just like a suppressed count.
 *
 * @param total id of the total
 * @param parts ids of the parts
 */
public record Relation(String total, List<String> parts) implements java.io.Serializable {

  public Relation {
    Objects.requireNonNull(total, "total");
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a relation needs at least one part: " + total);
    }
    if (new java.util.HashSet<>(parts).size() != parts.size() || parts.contains(total)) {
      throw new IllegalArgumentException("a relation's parts are distinct and other than its "
          + "total: " + total + " = " + parts);
    }
  }

  /** The total followed by the parts. */
  public List<String> members() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(total), parts.stream())
        .toList();
  }
}
