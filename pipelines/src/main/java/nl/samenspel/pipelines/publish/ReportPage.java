package nl.samenspel.pipelines.publish;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Element;
import nl.samenspel.evidence.EvidenceRecord;

/**
 * Renders {@code index.html}, a self-contained page (inline CSS, no external requests) with the
 * estimates in Dutch. Uses Mustache (mustache.java): a logic-less template keeps wording and
 * layout editable without touching Java, and escapes every value.
 */
public final class ReportPage {

  /** Counts shown at the top of the report. */
  public record RunFacts(int minimumArmSize, long episodes, long episodesUsed,
      long episodesUndetermined,
      int combinationsEstimated, int combinationsTooSmall, int combinationsWithoutOverlap,
      int combinationsFailed) {}

  private static final Mustache TEMPLATE = new DefaultMustacheFactory()
      .compile("nl/samenspel/publish/report.mustache");

  private ReportPage() {}

  public static String render(List<EvidenceRecord> records, List<CatalogEntry> catalog,
      RunFacts facts) {
    Map<String, CatalogEntry> byCode = catalog.stream()
        .collect(Collectors.toMap(CatalogEntry::code, Function.identity()));
    List<Map<String, Object>> rows = new ArrayList<>();
    List<EvidenceRecord> sorted = new ArrayList<>(records);
    sorted.sort(Comparator.comparing((EvidenceRecord r) -> r.interventions().size())
        .thenComparing(r -> Element.ALL.equals(r.element()) ? "" : r.element())
        .thenComparing(r -> -r.estimate()));
    for (EvidenceRecord r : sorted) {
      rows.add(Map.of(
          "element", elementName(r.element()),
          "interventions", r.interventions().stream()
              .map(code -> byCode.containsKey(code) ? byCode.get(code).nameNl() + " ("
                  + byCode.get(code).discipline().name() + ")" : code)
              .collect(Collectors.joining(" + ")),
          "estimate", pp(r.estimate()),
          "ci", pp(r.ciLow()) + " tot " + pp(r.ciHigh()),
          "naive", pp(r.naiveEstimate()),
          "nTreated", Long.toString(r.nTreated()),
          "nComparison", Long.toString(r.nComparison()),
          "direction", r.ciLow() > 0 ? "positive" : r.ciHigh() < 0 ? "negative" : "unclear",
          "directionText", r.ciLow() > 0 ? "hoger" : r.ciHigh() < 0 ? "lager" : "onduidelijk",
          "pair", r.interventions().size() == 2));
    }
    StringWriter out = new StringWriter();
    TEMPLATE.execute(out, Map.ofEntries(
        Map.entry("rows", rows),
        Map.entry("hasRows", !rows.isEmpty()),
        Map.entry("minimumArmSize", Integer.toString(facts.minimumArmSize())),
        Map.entry("episodes", Long.toString(facts.episodes())),
        Map.entry("episodesUsed", Long.toString(facts.episodesUsed())),
        Map.entry("episodesUndetermined", Long.toString(facts.episodesUndetermined())),
        Map.entry("estimated", Integer.toString(facts.combinationsEstimated())),
        Map.entry("tooSmall", Integer.toString(facts.combinationsTooSmall())),
        Map.entry("noOverlap", Integer.toString(facts.combinationsWithoutOverlap())),
        Map.entry("failed", Integer.toString(facts.combinationsFailed()))));
    return out.toString();
  }

  static String elementName(String element) {
    return Element.ALL.equals(element) ? "alle klanten"
        : Element.valueOf(element).dutchName();
  }

  /** Percentage points with one decimal and a sign, Dutch decimal comma. */
  static String pp(double riskDifference) {
    return String.format(Locale.forLanguageTag("nl-NL"), "%+.1f", 100 * riskDifference);
  }
}
