package nl.samenspel.pipelines.publish;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Discipline;
import nl.samenspel.domain.Element;
import nl.samenspel.domain.Subgroup;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.EffectModification;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.evidence.PopulationCount;
import nl.samenspel.grading.Highlights;
import nl.samenspel.pipelines.ingest.IngestStage;

/**
 * Renders {@code index.html}: one self-contained, well-formed XHTML page (inline CSS and SVG, no
 * script, no external request) that browsers show and the PDF renderer reads as is. Uses
 * Mustache (mustache.java): the logic-less template keeps wording and layout editable without
 * touching Java and escapes every value. Every count carries {@code data-count} (the published
 * value or {@code suppressed}) so the disclosure audit can re-check the page.
 */
public final class ReportPage {

  /** The version written in the model card. */
  static final String VERSION = "0.1.0";

  private static final Mustache TEMPLATE = new DefaultMustacheFactory()
      .compile("nl/samenspel/publish/report.mustache");

  private ReportPage() {}

  public static String render(EvidenceReport report) {
    Messages messages = report.messages();
    Cards wording = report.wording();
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("lang", report.language().code());
    scope.put("t", messages.all());
    scope.put("version", VERSION);
    scope.put("strongest", highlights(report, report.strongest()));
    scope.put("doubtful", highlights(report, report.doubtful()));
    scope.put("columns", columns(report, wording));
    scope.put("gridRows", gridRows(report, wording));
    scope.put("forests", forests(report, wording));
    List<Map<String, Object>> synergy = synergy(report, wording);
    scope.put("synergyRows", synergy);
    scope.put("hasSynergy", !synergy.isEmpty());
    scope.put("cards", report.records().stream().map(r -> report.card(r.combination()))
        .toList());
    List<Map<String, Object>> together = together(report);
    scope.put("togetherTables", together);
    scope.put("hasTogether", !together.isEmpty());
    List<Map<String, Object>> forWhom = forWhom(report);
    scope.put("forWhomRows", forWhom);
    scope.put("hasForWhom", !forWhom.isEmpty());
    int tested = report.modifications().size();
    scope.put("forWhomTested", tested > 0);
    scope.put("forWhomChance", messages.text("for_whom_chance", Integer.toString(tested),
        Long.toString(Math.round(tested * Cards.MODIFICATION_LEVEL))));
    List<Map<String, Object>> profiles = profiles(report);
    scope.put("profileRows", profiles);
    scope.put("hasProfiles", !profiles.isEmpty());
    List<String> profilesNone = profilesWithout(report);
    scope.put("profilesRun", report.population().stream()
        .anyMatch(p -> Subgroup.isProfile(p.element())));
    scope.put("profilesNone", profilesNone.isEmpty() ? ""
        : messages.text("profiles_not_estimated", String.join(", ", profilesNone)));
    scope.put("hasComparison", report.compared());
    scope.put("comparisonRows", comparisonRows(report));
    scope.put("population", population(report, wording));
    scope.put("files", files(report));
    RunFacts facts = report.facts();
    scope.put("estimated", Integer.toString(facts.combinationsEstimated()));
    scope.put("tooSmall", Integer.toString(facts.combinationsTooSmall()));
    scope.put("noOverlap", Integer.toString(facts.combinationsWithoutOverlap()));
    scope.put("failed", Integer.toString(facts.combinationsFailed()));
    scope.put("tripleLimit", Long.toString(report.skipped(
        SubgroupEstimation.SkipReason.TRIPLE_LIMIT)));
    scope.put("pairLimit", Long.toString(report.skipped(SubgroupEstimation.SkipReason.PAIR_LIMIT)));
    scope.put("disclosureText", messages.text("disclosure_text",
        Integer.toString(report.rules().threshold()),
        Integer.toString(report.rules().roundingBase())));
    String estimator = facts.definitions().estimator();
    boolean own = nl.samenspel.estimate.AugmentedIpw.NAME.equals(estimator);
    scope.put("methodsEstimation", own
        ? messages.text("methods_estimation", Integer.toString(facts.folds()),
            Integer.toString(facts.minimumArmSize()), Integer.toString(facts.windowDays()))
        : messages.text("methods_estimation_chosen", estimator,
            Integer.toString(facts.minimumArmSize()), Integer.toString(facts.windowDays())));
    scope.put("modelMethod", own ? messages.text("model_method")
        : messages.text("model_method_chosen", estimator));
    String base = Integer.toString(report.rules().roundingBase());
    scope.put("populationCaption", messages.text("data_population_caption", base));
    scope.put("filesCaption", messages.text("data_files_caption", base));
    scope.put("outcomeText", messages.text("card_outcome",
        Integer.toString(facts.horizonMonths()), Integer.toString(facts.minimumMonths())));
    StringWriter out = new StringWriter();
    TEMPLATE.execute(out, scope);
    return out.toString();
  }

  private static List<Map<String, Object>> highlights(EvidenceReport report,
      List<Highlights.Finding<EvidenceRecord>> findings) {
    Messages messages = report.messages();
    List<Map<String, Object>> items = new ArrayList<>();
    for (Highlights.Finding<EvidenceRecord> finding : findings) {
      Card card = report.card(finding.record().combination());
      List<String> reasons = card.reasons();
      EvidenceRecord r = finding.record();
      items.add(Map.of("anchor", card.anchor(), "title", card.title(),
          "effect", Double.isNaN(r.ciLow()) || Double.isNaN(r.ciHigh())
              ? messages.text("first_effect_no_interval", messages.signedPoints(r.estimate()))
              : messages.text("first_effect", messages.signedPoints(r.estimate()),
                  messages.signedPoints(r.ciLow()), messages.signedPoints(r.ciHigh())),
          "sentence", card.sentence(), "certainty", card.certainty(), "symbols", card.symbols(),
          "direction", card.direction(),
          "why", reasons.isEmpty() ? messages.text("first_no_reasons")
              : String.join("; ", reasons)));
    }
    return items;
  }

  private static List<String> subgroups() {
    List<String> subgroups = new ArrayList<>();
    subgroups.add(Element.ALL);
    for (Element element : Element.values()) {
      subgroups.add(element.name());
    }
    return subgroups;
  }

  private static List<Map<String, String>> columns(EvidenceReport report, Cards wording) {
    return subgroups().stream().map(s -> Map.of("name", wording.groupName(s))).toList();
  }

  private static List<Map<String, Object>> gridRows(EvidenceReport report, Cards wording) {
    Map<Combination, EvidenceRecord> byCombination = new LinkedHashMap<>();
    report.records().forEach(r -> byCombination.put(r.combination(), r));
    Map<Combination, SubgroupEstimation.Skipped> skipped = new LinkedHashMap<>();
    report.skipped().forEach(s -> skipped.put(s.combination(), s));
    Messages messages = report.messages();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Discipline discipline : Discipline.values()) {
      for (CatalogEntry entry : report.catalog()) {
        if (entry.discipline() != discipline) {
          continue;
        }
        List<Map<String, Object>> cells = new ArrayList<>();
        for (String subgroup : subgroups()) {
          Combination combination = new Combination(subgroup, List.of(entry.code()));
          EvidenceRecord r = byCombination.get(combination);
          Map<String, Object> cell = new LinkedHashMap<>();
          if (r != null) {
            Card card = report.card(combination);
            cell.put("estimated", true);
            cell.put("cls", cellClass(r));
            String points = messages.signedPoints(r.estimate());
            cell.put("text", Cards.direction(r).equals("unclear") ? "(" + points + ")" : points);
            cell.put("symbols", card.symbols());
            cell.put("certainty", card.certainty());
            cell.put("anchor", card.anchor());
            cell.put("title", card.sentence());
          } else {
            cell.put("estimated", false);
            cell.put("cls", "na");
            cell.put("text", messages.text("grid_not_estimated"));
            cell.put("title", messages.text("grid_not_estimated_title")
                + (skipped.containsKey(combination) ? ": " + messages.text("skip_"
                    + skipped.get(combination).reason().name()) : ""));
          }
          cells.add(cell);
        }
        rows.add(Map.of("intervention", wording.intervention(entry.code()), "cells", cells,
            "soon", wording.soonCell(report.timing(new Combination(nl.samenspel.domain.Element.ALL,
                List.of(entry.code()))))));
      }
    }
    return rows;
  }

  /** Colour class: direction and size (under 2, 2 to 5, 5 or more percentage points). */
  static String cellClass(EvidenceRecord r) {
    String direction = Cards.direction(r);
    if (direction.equals("unclear")) {
      return "unclear";
    }
    double points = Math.abs(100 * r.estimate());
    int step = points < 2 ? 1 : points < 5 ? 2 : 3;
    return (direction.equals("positive") ? "pos" : "neg") + step;
  }

  private static List<Map<String, String>> forests(EvidenceReport report, Cards wording) {
    Messages messages = report.messages();
    List<Map<String, String>> forests = new ArrayList<>();
    for (String subgroup : subgroups()) {
      List<Charts.Row> rows = report.records().stream()
          .filter(r -> r.element().equals(subgroup) && r.combination().isSingle())
          .sorted(java.util.Comparator.comparingDouble(EvidenceRecord::estimate).reversed())
          .map(r -> new Charts.Row(wording.intervention(r.interventions().get(0)), r.estimate(),
              r.ciLow(), r.ciHigh()))
          .toList();
      if (rows.isEmpty()) {
        continue;
      }
      String name = wording.groupName(subgroup);
      forests.add(Map.of("name", name, "svg", Charts.forest("forest-"
          + subgroup.toLowerCase(java.util.Locale.ROOT), name + ": " + messages.text("sec_forest"),
          messages.text("forest_axis"), rows, messages)));
    }
    return forests;
  }

  private static List<Map<String, Object>> synergy(EvidenceReport report, Cards wording) {
    Messages messages = report.messages();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (EvidenceRecord r : report.pairsBySynergy()) {
      Card card = report.card(r.combination());
      rows.add(Map.of("pair", wording.interventions(r.interventions()),
          "group", wording.groupName(r.element()), "anchor", card.anchor(),
          "both", messages.signedPoints(r.estimate()),
          "synergy", messages.signedPoints(r.synergy()) + " (" + messages.signedPoints(
              r.synergyCiLow()) + " .. " + messages.signedPoints(r.synergyCiHigh()) + ")",
          "cls", Cards.direction(r.synergyCiLow(), r.synergyCiHigh()),
          "reading", messages.text(Cards.synergyWord(r)), "symbols", card.symbols(),
          "certainty", card.certainty()));
    }
    return rows;
  }

  /**
   * One table per estimated triple (all three disciplines together), in the order of the
   * records: each arm of the triple against none of the three, from one intervention alone to
   * all three, then the three-way interaction in words; what could not be estimated is named.
   */
  private static List<Map<String, Object>> together(EvidenceReport report) {
    Messages messages = report.messages();
    Cards wording = report.wording();
    List<Map<String, Object>> tables = new ArrayList<>();
    for (nl.samenspel.evidence.TripleEffects t : report.triples()) {
      Card card = report.card(t.combination());
      List<Map<String, String>> rows = new ArrayList<>();
      for (nl.samenspel.evidence.TripleEffects.Contrast c : t.contrasts()) {
        if (c.isInteraction()) {
          continue;
        }
        String direction = Cards.direction(c.ciLow(), c.ciHigh());
        rows.add(Map.of("arm", arm(messages, wording, c.received()), "value",
            messages.text("together_value", messages.signedPoints(c.estimate()),
                messages.signedPoints(c.ciLow()), messages.signedPoints(c.ciHigh())),
            "cls", direction, "reading", messages.text("together_" + direction)));
      }
      for (nl.samenspel.evidence.TripleEffects.Missing m : t.notEstimated()) {
        if (!m.received().isEmpty()) {
          rows.add(Map.of("arm", arm(messages, wording, m.received()), "value",
              messages.text("together_not_estimated_" + m.reason()), "cls", "na",
              "reading", ""));
        }
      }
      String interaction = t.interaction().map(c -> messages.text("together_interaction",
          messages.signedPoints(c.estimate()), messages.signedPoints(c.ciLow()),
          messages.signedPoints(c.ciHigh()), messages.text("together_interaction_"
              + Cards.direction(c.ciLow(), c.ciHigh()))))
          .orElse(messages.text("together_interaction_not_estimated"));
      Map<String, Object> table = new LinkedHashMap<>();
      table.put("anchor", card.anchor());
      table.put("id", TOGETHER + card.anchor());
      table.put("title", messages.text("card_title", wording.interventions(t.order()),
          wording.groupName(t.combination().element())));
      table.put("rows", rows);
      table.put("interaction", interaction);
      table.put("symbols", card.symbols());
      table.put("certainty", card.certainty());
      tables.add(table);
    }
    return tables;
  }

  /** Prefix of the id of a triple's table in the "together" section. */
  private static final String TOGETHER = "together-";

  /**
   * The profile view: per profile of two barrier elements with anything estimated, the
   * combination with the clearest positive association (highest lower bound above 0) and the
   * one with the clearest negative association (lowest upper bound below 0), each with its
   * certainty, and the triples estimated there (linked to their table in "together").
   */
  private static List<Map<String, Object>> profiles(EvidenceReport report) {
    Messages messages = report.messages();
    Cards wording = report.wording();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String profile : Subgroup.profiles()) {
      List<EvidenceRecord> records = report.records().stream()
          .filter(r -> r.element().equals(profile)).toList();
      if (records.isEmpty()) {
        continue;
      }
      EvidenceRecord positive = records.stream()
          .filter(r -> Cards.direction(r).equals("positive"))
          .max(java.util.Comparator.comparingDouble(EvidenceRecord::ciLow)).orElse(null);
      EvidenceRecord negative = records.stream()
          .filter(r -> Cards.direction(r).equals("negative"))
          .min(java.util.Comparator.comparingDouble(EvidenceRecord::ciHigh)).orElse(null);
      List<Map<String, String>> triples = new ArrayList<>();
      for (EvidenceRecord r : records) {
        if (r.combination().isTriple()) {
          Card card = report.card(r.combination());
          triples.add(Map.of("anchor", TOGETHER + card.anchor(), "text", messages.text(
              "profiles_triple", wording.interventions(wording.inDisciplineOrder(
                  r.interventions())), messages.signedPoints(r.estimate()),
              messages.signedPoints(r.ciLow()), messages.signedPoints(r.ciHigh())),
              "symbols", card.symbols(), "certainty", card.certainty()));
        }
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("profile", wording.groupName(profile));
      row.put("estimated", messages.text("profiles_estimated", Integer.toString(records.size())));
      row.put("positive", finding(report, positive));
      row.put("negative", finding(report, negative));
      row.put("triples", triples);
      row.put("hasTriples", !triples.isEmpty());
      rows.add(row);
    }
    return rows;
  }

  /** The profiles of the run in which nothing could be estimated, by name. */
  private static List<String> profilesWithout(EvidenceReport report) {
    java.util.Set<String> estimated = new java.util.HashSet<>();
    report.records().forEach(r -> estimated.add(r.element()));
    return report.population().stream().map(PopulationCount::element)
        .filter(e -> Subgroup.isProfile(e) && !estimated.contains(e))
        .map(e -> report.wording().groupName(e)).toList();
  }

  /** One finding of the profile view, or "none clear" (a list of zero or one, for Mustache). */
  private static List<Map<String, String>> finding(EvidenceReport report, EvidenceRecord r) {
    if (r == null) {
      return List.of();
    }
    Messages messages = report.messages();
    Card card = report.card(r.combination());
    return List.of(Map.of("anchor", card.anchor(), "what", report.wording().interventions(
        r.combination().isTriple() ? report.wording().inDisciplineOrder(
            r.interventions()) : r.interventions()),
        "value", messages.text("together_value", messages.signedPoints(r.estimate()),
            messages.signedPoints(r.ciLow()), messages.signedPoints(r.ciHigh())),
        "symbols", card.symbols(), "certainty", card.certainty()));
  }

  /** "only X", "X + Y" or "all three", for the arm where these interventions are received. */
  private static String arm(Messages messages, Cards wording, List<String> received) {
    if (received.size() == 1) {
      return messages.text("together_only", wording.intervention(received.get(0)));
    }
    if (received.size() == 3) {
      return messages.text("together_all");
    }
    return wording.interventions(received);
  }

  /**
   * The combinations whose association differs with the client profile (omnibus p below
   * {@link Cards#MODIFICATION_LEVEL}), clearest first, with what differs in words.
   */
  private static List<Map<String, Object>> forWhom(EvidenceReport report) {
    List<Map<String, Object>> rows = new ArrayList<>();
    report.modifications().stream()
        .filter(m -> m.pValue() < Cards.MODIFICATION_LEVEL)
        .sorted(java.util.Comparator.comparingDouble(EffectModification::pValue)
            .thenComparing(m -> m.combination().key()))
        .forEach(m -> {
          Card card = report.card(m.combination());
          rows.add(Map.of("anchor", card.anchor(), "title", card.title(),
              "reading", card.forWhom(), "symbols", card.symbols(),
              "certainty", card.certainty()));
        });
    return rows;
  }

  /** Our estimate next to the other municipalities' pool, where they differ first. */
  private static List<Map<String, String>> comparisonRows(EvidenceReport report) {
    Messages messages = report.messages();
    List<Map<String, String>> rows = new ArrayList<>();
    List<EvidenceRecord> compared = report.records().stream()
        .filter(r -> report.comparison(r.combination()) != null)
        .sorted(java.util.Comparator.comparing((EvidenceRecord r) ->
            report.comparison(r.combination()).inLine()).thenComparing(r -> r.combination().key()))
        .toList();
    for (EvidenceRecord r : compared) {
      nl.samenspel.pool.Comparison c = report.comparison(r.combination());
      Card card = report.card(r.combination());
      rows.add(Map.of("anchor", card.anchor(), "title", card.title(),
          "own", messages.signedPoints(r.estimate()) + " ("
              + messages.interval(r.ciLow(), r.ciHigh()) + ")",
          "others", messages.signedPoints(c.pooled().estimate()) + " ("
              + messages.signedPoints(c.pooled().ciLow()) + " .. "
              + messages.signedPoints(c.pooled().ciHigh()) + "), k = " + c.k(),
          "prediction", messages.signedPoints(c.pooled().predictionLow()) + " .. "
              + messages.signedPoints(c.pooled().predictionHigh()),
          "cls", c.inLine() ? "" : "negative",
          "reading", messages.text(c.inLine() ? "compare_in_line" : "compare_differs")));
    }
    return rows;
  }

  private static List<Map<String, Object>> population(EvidenceReport report, Cards wording) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (PopulationCount p : report.population()) {
      rows.add(Map.of("group", wording.groupName(p.element()),
          "counts", List.of(
              count(report, PublishedCounts.population(p.element(), PublishedCounts.EPISODES)),
              count(report, PublishedCounts.population(p.element(), PublishedCounts.KNOWN)),
              count(report, PublishedCounts.population(p.element(), PublishedCounts.DURABLE)),
              count(report, PublishedCounts.population(p.element(),
                  PublishedCounts.NOT_DURABLE)),
              count(report, PublishedCounts.population(p.element(),
                  PublishedCounts.UNDETERMINED)))));
    }
    return rows;
  }

  private static List<Map<String, Object>> files(EvidenceReport report) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (IngestStage.TableReport file : report.files()) {
      rows.add(Map.of("file", file.file(), "counts", List.of(
          count(report, PublishedCounts.file(file.file(), PublishedCounts.ROWS_READ)),
          count(report, PublishedCounts.file(file.file(), PublishedCounts.ROWS_ACCEPTED)),
          count(report, PublishedCounts.file(file.file(), PublishedCounts.ROWS_QUARANTINED)))));
    }
    return rows;
  }

  /** A published count for a table cell: its text and its {@code data-count} value. */
  private static Map<String, String> count(EvidenceReport report, String id) {
    Long value = report.counts().value(id);
    return value == null ? Map.of("text", "×", "data", "suppressed")
        : Map.of("text", report.messages().count(value), "data", Long.toString(value));
  }
}
