package nl.samenspel.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The groups of clients the evidence is estimated in, named as in the evidence records'
 * {@code element} field: {@code ALL}; an element (clients for whom that element is a barrier,
 * e.g. {@code SELF_EFFICACY}); or a profile of two elements that are both barriers, in model
 * order ({@code SELF_EFFICACY+CONTEXT}). A profile is a group of clients, never a rule about
 * one of them.
 */
public final class Subgroup {

  /** Separates the two elements of a profile's name. */
  public static final String PROFILE_SEPARATOR = "+";

  /** Which subgroups beyond ALL and the seven elements are estimated. */
  public enum Profiles {
    /** The 21 profiles of two barrier elements. */
    PAIRS,
    /** No profiles: ALL and the seven elements only. */
    NONE
  }

  private Subgroup() {}

  /**
   * The subgroups in the order they are estimated and reported: ALL, the seven elements in
   * model order and, with {@link Profiles#PAIRS}, the 21 profiles (first element in model
   * order, then the second).
   */
  public static List<String> names(Profiles profiles) {
    List<String> names = new ArrayList<>();
    names.add(Element.ALL);
    for (Element element : Element.values()) {
      names.add(element.name());
    }
    if (profiles == Profiles.PAIRS) {
      names.addAll(profiles());
    }
    return List.copyOf(names);
  }

  /** The 21 profiles of two barrier elements, in model order. */
  public static List<String> profiles() {
    List<String> names = new ArrayList<>();
    Element[] elements = Element.values();
    for (int a = 0; a < elements.length; a++) {
      for (int b = a + 1; b < elements.length; b++) {
        names.add(profile(elements[a], elements[b]));
      }
    }
    return names;
  }

  /** The name of the profile of two different elements, in model order. */
  public static String profile(Element first, Element second) {
    if (first == second) {
      throw new IllegalArgumentException("a profile needs two different elements: " + first);
    }
    Element a = first.ordinal() < second.ordinal() ? first : second;
    Element b = a == first ? second : first;
    return a.name() + PROFILE_SEPARATOR + b.name();
  }

  /**
   * The barrier elements that define a subgroup: none for ALL, one for an element, two for a
   * profile.
   *
   * @throws IllegalArgumentException for a name that is none of these (or a profile whose
   *     elements are not two different ones in model order)
   */
  public static List<Element> elements(String name) {
    if (Element.ALL.equals(name)) {
      return List.of();
    }
    String[] parts = name.split("\\" + PROFILE_SEPARATOR, -1);
    if (parts.length > 2) {
      throw invalid(name);
    }
    List<Element> elements = new ArrayList<>();
    for (String part : parts) {
      try {
        elements.add(Element.valueOf(part));
      } catch (IllegalArgumentException e) {
        throw invalid(name);
      }
    }
    if (elements.size() == 2 && elements.get(0).ordinal() >= elements.get(1).ordinal()) {
      throw invalid(name);
    }
    return List.copyOf(elements);
  }

  /** True when the name is a valid subgroup. */
  public static boolean isValid(String name) {
    try {
      elements(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** True for a profile of two elements. */
  public static boolean isProfile(String name) {
    return elements(name).size() == 2;
  }

  /**
   * True when every client of {@code inner} is also in {@code outer}: outer is ALL, the same
   * subgroup, or an element of the profile {@code inner}.
   */
  public static boolean within(String inner, String outer) {
    return elements(inner).containsAll(elements(outer));
  }

  private static IllegalArgumentException invalid(String name) {
    return new IllegalArgumentException("not a subgroup: " + name + " (ALL, one of "
        + Arrays.toString(Element.values()) + ", or two of them joined by '"
        + PROFILE_SEPARATOR + "' in this order)");
  }
}
