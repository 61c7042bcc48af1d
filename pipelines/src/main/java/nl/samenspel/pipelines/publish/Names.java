package nl.samenspel.pipelines.publish;

import java.util.List;
import java.util.Map;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Element;
import nl.samenspel.domain.Subgroup;

/** Names of interventions and client groups in one language, for every report. Pure. */
final class Names {

  private final Messages messages;
  private final Map<String, CatalogEntry> catalog;

  Names(Messages messages, Map<String, CatalogEntry> catalog) {
    this.messages = messages;
    this.catalog = catalog;
  }

  String interventions(List<String> codes) {
    return String.join(" + ", codes.stream().map(this::intervention).toList());
  }

  /**
   * The codes in discipline order (klantmanager, inkomensconsulent, accountmanager), by code
   * within a discipline; codes the catalog does not know last.
   */
  List<String> inDisciplineOrder(List<String> codes) {
    return codes.stream().sorted(java.util.Comparator.comparingInt((String code) ->
        catalog.containsKey(code) ? catalog.get(code).discipline().ordinal() : Integer.MAX_VALUE)
        .thenComparing(code -> code)).toList();
  }

  /** "Name (discipline)", or the code when the catalog does not know it. */
  String intervention(String code) {
    CatalogEntry entry = catalog.get(code);
    return entry == null ? code : messages.language().name(entry) + " ("
        + messages.language().name(entry.discipline()) + ")";
  }

  /** An element's name, or a profile's two names ("geloof in eigen kunnen en context"). */
  String elementName(String element) {
    List<Element> elements = Subgroup.elements(element);
    if (elements.size() == 2) {
      return messages.text("profile_name", messages.language().name(elements.get(0)),
          messages.language().name(elements.get(1)));
    }
    return messages.language().name(Element.valueOf(element));
  }

  /**
   * The start of a card's sentence for the clients of this subgroup ("Bij klanten voor wie …
   * een belemmering is,"); {@code suffix} picks a variant of the message ("_triple").
   */
  String subject(String element, String suffix) {
    if (Element.ALL.equals(element)) {
      return messages.text("card_subject_all" + suffix);
    }
    return messages.text((Subgroup.isProfile(element) ? "card_subject_profile"
        : "card_subject_element") + suffix, elementName(element));
  }

  /** "All clients", the element's name or the profile's names, with a capital. */
  String groupName(String element) {
    return Element.ALL.equals(element) ? messages.text("grid_all")
        : Cards.capitalised(elementName(element));
  }
}
