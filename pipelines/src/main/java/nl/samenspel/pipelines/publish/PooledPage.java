package nl.samenspel.pipelines.publish;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Discipline;
import nl.samenspel.domain.Element;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.Definitions;
import nl.samenspel.evidence.PublicationScope;
import nl.samenspel.grading.Highlights;
import nl.samenspel.pool.NotPooled;
import nl.samenspel.pool.PooledEstimate;
import nl.samenspel.pool.PooledFinding;

/**
 * Renders the pooled {@code index.html} from a {@link PooledReport} with the same house style,
 * rules and template engine as a municipality's page ({@link ReportPage}): one self-contained
 * XHTML page, no script, no external request; every pooled count carries {@code data-count}
 * for the audit.
 */
public final class PooledPage {

  private static final Mustache TEMPLATE = new DefaultMustacheFactory()
      .compile("nl/samenspel/publish/pooled.mustache");

  private PooledPage() {}

  /**
   * The most cards the PDF holds; a larger pool prints the cards of its first screen (strongest
   * and most doubtful findings) and says that every card is in index.html and pooled.json. A
   * national pool has about a thousand combinations: a thousand-page print is read by no one,
   * and rendering it takes minutes.
   */
  static final int PDF_CARDS = 100;

  /** The page readers open: every card. */
  public static String render(PooledReport report) {
    return render(report, false);
  }

  /** The page the PDF is rendered from: every card up to {@link #PDF_CARDS}, else a selection. */
  public static String renderForPrint(PooledReport report) {
    return render(report, true);
  }

  private static String render(PooledReport report, boolean print) {
    Messages messages = report.messages();
    Names names = new Names(messages, report.catalogByCode());
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("lang", report.language().code());
    scope.put("t", messages.all());
    scope.put("lead", messages.text("pool_page_lead",
        Integer.toString(report.contributors().size())));
    scope.put("strongest", highlights(report, report.strongest()));
    scope.put("doubtful", highlights(report, report.doubtful()));
    List<String> subgroups = subgroups();
    scope.put("columns", subgroups.stream().map(s -> Map.of("name", names.groupName(s)))
        .toList());
    scope.put("gridRows", gridRows(report, names, subgroups));
    List<Map<String, String>> differ = differ(report);
    scope.put("differ", differ);
    scope.put("hasDiffer", !differ.isEmpty());
    List<PooledFinding> shown = report.findings();
    if (print && shown.size() > PDF_CARDS) {
      Set<Combination> first = new HashSet<>();
      report.strongest().forEach(f -> first.add(f.record().combination()));
      report.doubtful().forEach(f -> first.add(f.record().combination()));
      shown = shown.stream().filter(f -> first.contains(f.combination())).toList();
      scope.put("cardsSelection", messages.text("pool_cards_print_selection",
          Integer.toString(shown.size()), Integer.toString(report.findings().size())));
    }
    scope.put("cards", shown.stream().map(f -> report.card(f.combination())).toList());
    List<Map<String, String>> contributors = new ArrayList<>();
    for (PublicationScope c : report.contributors()) {
      contributors.add(Map.of("municipality", c.label(), "period", c.period(),
          "estimated", Integer.toString(report.estimatedBy(c.label()))));
    }
    scope.put("contributors", contributors);
    Definitions d = report.definitions();
    scope.put("definitionsText", messages.text("pool_definitions", d.fingerprint(),
        Integer.toString(d.horizonMonths()), Integer.toString(d.durationMonths()),
        Integer.toString(d.windowDays()), d.estimator(), d.estimand(), d.catalogVersion()));
    scope.put("notPooledText", messages.text("pool_not_pooled_text",
        Long.toString(report.notPooled(NotPooled.Reason.ONE_MUNICIPALITY)),
        Long.toString(report.notPooled(NotPooled.Reason.NONE_ESTIMATED)),
        Long.toString(report.notPooled(NotPooled.Reason.NOT_CONVERGED)
            + report.notPooled(NotPooled.Reason.IDENTICAL_ESTIMATES))));
    scope.put("disclosureText", messages.text("disclosure_text",
        Integer.toString(report.rules().threshold()),
        Integer.toString(report.rules().roundingBase())));
    StringWriter out = new StringWriter();
    TEMPLATE.execute(out, scope);
    return out.toString();
  }

  private static List<Map<String, Object>> highlights(PooledReport report,
      List<Highlights.Finding<PooledFinding>> findings) {
    Messages messages = report.messages();
    List<Map<String, Object>> items = new ArrayList<>();
    for (Highlights.Finding<PooledFinding> finding : findings) {
      PooledCard card = report.card(finding.record().combination());
      PooledEstimate p = finding.record().pooled();
      items.add(Map.of("anchor", card.anchor(), "title", card.title(),
          "effect", messages.text("pool_first_effect", messages.signedPoints(p.estimate()),
              messages.signedPoints(p.ciLow()), messages.signedPoints(p.ciHigh()),
              messages.signedPoints(p.predictionLow()), messages.signedPoints(p.predictionHigh()),
              Integer.toString(finding.record().k())),
          "sentence", card.sentence(), "certainty", card.certainty(), "symbols", card.symbols(),
          "direction", card.direction(),
          "why", card.reasons().isEmpty() ? messages.text("first_no_reasons")
              : String.join("; ", card.reasons())));
    }
    return items;
  }

  static List<String> subgroups() {
    List<String> subgroups = new ArrayList<>();
    subgroups.add(Element.ALL);
    for (Element element : Element.values()) {
      subgroups.add(element.name());
    }
    return subgroups;
  }

  private static List<Map<String, Object>> gridRows(PooledReport report, Names names,
      List<String> subgroups) {
    Map<Combination, PooledFinding> byCombination = new LinkedHashMap<>();
    report.findings().forEach(f -> byCombination.put(f.combination(), f));
    Messages messages = report.messages();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Discipline discipline : Discipline.values()) {
      for (CatalogEntry entry : report.catalog()) {
        if (entry.discipline() != discipline) {
          continue;
        }
        List<Map<String, Object>> cells = new ArrayList<>();
        for (String subgroup : subgroups) {
          Combination combination = new Combination(subgroup, List.of(entry.code()));
          PooledFinding f = byCombination.get(combination);
          Map<String, Object> cell = new LinkedHashMap<>();
          if (f != null) {
            PooledCard card = report.card(combination);
            cell.put("estimated", true);
            cell.put("cls", cellClass(f));
            String points = messages.signedPoints(f.estimate());
            cell.put("text", card.direction().equals("unclear") ? "(" + points + ")" : points);
            cell.put("symbols", card.symbols());
            cell.put("certainty", card.certainty());
            cell.put("anchor", card.anchor());
            cell.put("title", card.sentence());
            cell.put("k", Integer.toString(f.k()));
          } else {
            cell.put("estimated", false);
            cell.put("text", messages.text("pool_grid_not_pooled"));
            cell.put("title", messages.text("pool_grid_not_pooled_title"));
          }
          cells.add(cell);
        }
        rows.add(Map.of("intervention", names.intervention(entry.code()), "cells", cells));
      }
    }
    return rows;
  }

  /** Colour class: direction and size (under 2, 2 to 5, 5 or more percentage points). */
  private static String cellClass(PooledFinding f) {
    String direction = Cards.direction(f.ciLow(), f.ciHigh());
    if (direction.equals("unclear")) {
      return "unclear";
    }
    double points = Math.abs(100 * f.estimate());
    int step = points < 2 ? 1 : points < 5 ? 2 : 3;
    return (direction.equals("positive") ? "pos" : "neg") + step;
  }

  private static List<Map<String, String>> differ(PooledReport report) {
    Messages messages = report.messages();
    List<Map<String, String>> rows = new ArrayList<>();
    for (PooledFinding f : report.largestDifferences()) {
      PooledCard card = report.card(f.combination());
      PooledEstimate p = f.pooled();
      rows.add(Map.of("anchor", card.anchor(), "title", card.title(),
          "tau", messages.points(p.tau()), "i2", messages.percent(p.iSquared()),
          "pooled", messages.signedPoints(p.estimate()) + " (" + messages.signedPoints(p.ciLow())
              + " .. " + messages.signedPoints(p.ciHigh()) + ")",
          "prediction", messages.signedPoints(p.predictionLow()) + " .. "
              + messages.signedPoints(p.predictionHigh())));
    }
    return rows;
  }
}
