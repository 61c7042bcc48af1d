package nl.samenspel.pipelines.publish;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.disclosure.Relation;
import nl.samenspel.disclosure.Suppression;
import nl.samenspel.domain.Subgroup;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.evidence.PopulationCount;
import nl.samenspel.pipelines.ingest.IngestStage;

/**
 * Every count of episodes (or rows) a publish contains, named by a stable id, with the additive
 * relations a reader could use across the tables of one run, protected by {@link Suppression}.
 * The same ids and relations are rebuilt from the published files by {@link PublishAudit}.
 *
 * <p>Ids: {@code population/<ELEMENT>/<field>}, {@code files/<file>/<field>} and
 * {@code combinations/<element>|<codes>/<field>}. Relations: per subgroup, episodes = outcome
 * known + undetermined and outcome known = durable + not durable; per single intervention,
 * outcome known of its subgroup = treated + comparison + trimmed (trimmed is never published);
 * and between two combinations of one subgroup whose codes nest (a single inside a pair or a
 * triple, a pair inside a triple), or whose subgroups nest (an element inside ALL, a profile
 * inside its elements), when nobody was trimmed from either (a published share trimmed of 0; a
 * triple is never trimmed), the larger one's groups inside the smaller one's
 * ({@link #nestedRelations}); and between the population counts of nested subgroups. A pair's
 * "only one of the two" groups are never published.
 *
 * <p>Population counts are episodes; the threshold applies to them and to the distinct clients
 * behind them, so 15 durable episodes of 8 clients are suppressed.
 */
public final class PublishedCounts {

  static final String EPISODES = "episodes";
  static final String KNOWN = "outcome_known";
  static final String DURABLE = "durable";
  static final String NOT_DURABLE = "not_durable";
  static final String UNDETERMINED = "undetermined";
  /** Clients still at risk at a month of a curve (evidence.json {@code timing}). */
  static final String AT_RISK = "at_risk";
  static final String ROWS_READ = "rows_read";
  static final String ROWS_ACCEPTED = "rows_accepted";
  static final String ROWS_QUARANTINED = "rows_quarantined";
  static final String N_TREATED = "n_treated";
  static final String N_COMPARISON = "n_comparison";
  static final String N_TRIMMED = "n_trimmed";

  private final Suppression.Protected result;

  private PublishedCounts(Suppression.Protected result) {
    this.result = result;
  }

  public static PublishedCounts protect(List<PopulationCount> population,
      List<IngestStage.TableReport> files, List<EvidenceRecord> records, DisclosureRules rules) {
    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, Long> unpublished = new LinkedHashMap<>();
    Map<String, long[]> bounds = new LinkedHashMap<>();
    Map<String, Long> people = new LinkedHashMap<>();
    List<Relation> relations = new ArrayList<>();
    for (PopulationCount p : population) {
      counts.put(population(p.element(), EPISODES), p.episodes());
      counts.put(population(p.element(), KNOWN), p.known());
      counts.put(population(p.element(), DURABLE), p.durable());
      counts.put(population(p.element(), NOT_DURABLE), p.notDurable());
      counts.put(population(p.element(), UNDETERMINED), p.undetermined());
      people.put(population(p.element(), EPISODES), p.people().all());
      people.put(population(p.element(), KNOWN), p.people().known());
      people.put(population(p.element(), DURABLE), p.people().durable());
      people.put(population(p.element(), NOT_DURABLE), p.people().notDurable());
      people.put(population(p.element(), UNDETERMINED), p.people().undetermined());
    }
    relations.addAll(populationRelations(population.stream().map(PopulationCount::element)
        .toList()));
    for (IngestStage.TableReport file : files) {
      counts.put(file(file.file(), ROWS_READ), file.rowsRead());
      counts.put(file(file.file(), ROWS_ACCEPTED), file.rowsAccepted());
      counts.put(file(file.file(), ROWS_QUARANTINED), file.rowsQuarantined());
    }
    relations.addAll(fileRelations(files.stream().map(IngestStage.TableReport::file).toList()));
    for (EvidenceRecord r : records) {
      String key = r.combination().key();
      counts.put(combination(key, N_TREATED), r.nTreated());
      counts.put(combination(key, N_COMPARISON), r.nComparison());
      if (r.combination().isSingle()) {
        unpublished.put(combination(key, N_TRIMMED), r.nTrimmed());
        long[] known = trimmedBounds(shareTrimmed(r, rules), rules);
        if (known != null) {
          bounds.put(combination(key, N_TRIMMED), known);
        }
      }
    }
    relations.addAll(combinationRelations(records.stream()
        .filter(r -> r.combination().isSingle()).map(r -> r.combination().key()).toList()));
    relations.addAll(nestedRelations(records.stream().map(r -> new Published(
        r.combination().element(), r.combination().interventions(), r.nTrimmed() == 0))
        .toList()));
    return new PublishedCounts(Suppression.protect(counts, people, unpublished, bounds,
        relations, rules));
  }

  /**
   * The relations among the population counts of these subgroups: within each, episodes =
   * outcome known + undetermined and outcome known = durable + not durable; and between two
   * nested subgroups (an element inside ALL, a profile inside ALL and inside each of its two
   * elements), every count of the outer one is the inner one's plus the episodes outside it
   * ({@code .../outside/<inner>}, never published), so a small difference is protected.
   */
  static List<Relation> populationRelations(List<String> elements) {
    List<Relation> relations = new ArrayList<>();
    for (String element : elements) {
      relations.add(new Relation(population(element, EPISODES),
          List.of(population(element, KNOWN), population(element, UNDETERMINED))));
      relations.add(new Relation(population(element, KNOWN),
          List.of(population(element, DURABLE), population(element, NOT_DURABLE))));
    }
    for (String outer : elements) {
      for (String inner : elements) {
        if (!inner.equals(outer) && Subgroup.within(inner, outer)) {
          for (String field : List.of(EPISODES, KNOWN, DURABLE, NOT_DURABLE, UNDETERMINED)) {
            String total = population(outer, field);
            relations.add(new Relation(total, List.of(population(inner, field),
                total + "/outside/" + inner)));
          }
        }
      }
    }
    return relations;
  }

  /** Per file: rows read = rows accepted + rows quarantined. */
  static List<Relation> fileRelations(List<String> files) {
    return files.stream().map(f -> new Relation(file(f, ROWS_READ),
        List.of(file(f, ROWS_ACCEPTED), file(f, ROWS_QUARANTINED)))).toList();
  }

  /** The relations of single-intervention combinations (keys {@code element|code}). */
  static List<Relation> combinationRelations(List<String> singleKeys) {
    return singleKeys.stream().map(key -> new Relation(
        population(key.substring(0, key.indexOf('|')), KNOWN),
        List.of(combination(key, N_TREATED), combination(key, N_COMPARISON),
            combination(key, N_TRIMMED)))).toList();
  }

  /**
   * A published combination as a reader of the evidence sees it.
   *
   * @param untrimmed nobody was trimmed (its published share trimmed is 0)
   */
  record Published(String element, List<String> codes, boolean untrimmed) {

    String key() {
      return element + "|" + String.join("+", codes);
    }
  }

  /**
   * The relations between nested combinations of which nobody was trimmed: whoever received
   * every code of the larger one (a triple, or a pair around a single) received those of the
   * smaller one, and whoever received none of the larger one's codes received none of the
   * smaller one's; and a subgroup inside another (an element inside ALL, a profile inside its
   * elements) holds only clients of the outer one. So the smaller one's {@code n_treated} is
   * the larger one's plus the clients who received the smaller one's codes but not all of the
   * larger's (or who are outside its subgroup), and its {@code n_comparison} the larger one's
   * plus those who received some of the larger one's other codes only (or are outside): two
   * groups that are never published ({@code .../outside/<larger key>}), which a reader could
   * otherwise find by subtraction. Same codes in the same subgroup is the same combination.
   */
  static List<Relation> nestedRelations(List<Published> combinations) {
    List<Relation> relations = new ArrayList<>();
    // Candidates by code: a combination around a smaller one holds its first code.
    Map<String, List<Published>> byCode = new LinkedHashMap<>();
    for (Published c : combinations) {
      if (c.untrimmed()) {
        c.codes().forEach(code -> byCode.computeIfAbsent(code, k -> new ArrayList<>()).add(c));
      }
    }
    Map<String, Boolean> within = new java.util.HashMap<>();
    for (Published smaller : combinations) {
      if (!smaller.untrimmed()) {
        continue;
      }
      for (Published larger : byCode.get(smaller.codes().get(0))) {
        boolean nested = larger != smaller && larger.codes().containsAll(smaller.codes())
            && (larger.codes().size() > smaller.codes().size()
                || !larger.element().equals(smaller.element()))
            && within.computeIfAbsent(larger.element() + " " + smaller.element(),
                k -> Subgroup.within(larger.element(), smaller.element()));
        if (nested) {
          for (String field : List.of(N_TREATED, N_COMPARISON)) {
            String total = combination(smaller.key(), field);
            relations.add(new Relation(total, List.of(combination(larger.key(), field),
                total + "/outside/" + larger.key())));
          }
        }
      }
    }
    return relations;
  }

  static String population(String element, String field) {
    return "population/" + element + "/" + field;
  }

  static String file(String file, String field) {
    return "files/" + file + "/" + field;
  }

  static String combination(String key, String field) {
    return "combinations/" + key + "/" + field;
  }

  /**
   * The share of clients trimmed as published: whole percentages (at least 1% when anyone was
   * trimmed), and {@code null} when between 1 and threshold - 1 clients were trimmed (the report
   * then says "fewer than the threshold"), so no small number can be read back from the share.
   */
  public static Double shareTrimmed(EvidenceRecord record, DisclosureRules rules) {
    if (rules.isSmall(record.nTrimmed())) {
      return null;
    }
    if (record.nTrimmed() == 0) {
      return 0.0;
    }
    return Math.max(1, Math.round(record.shareTrimmed() * 100)) / 100.0;
  }

  /**
   * What a reader learns about the clients trimmed from the published share: none for a share
   * of 0, 1 to threshold - 1 for a withheld share; {@code null} when the share says nothing
   * exact.
   */
  static long[] trimmedBounds(Double publishedShare, DisclosureRules rules) {
    if (publishedShare == null) {
      return new long[] {1, rules.threshold() - 1};
    }
    return publishedShare == 0 ? new long[] {0, 0} : null;
  }

  /** True when the unadjusted difference may be published: no small cell behind it. */
  public static boolean naivePublishable(EvidenceRecord record, DisclosureRules rules) {
    return !rules.isSmall(record.smallestNaiveCell());
  }

  /** The published (rounded) count, or {@code null} when it is suppressed. */
  public Long value(String id) {
    return result.value(id);
  }
}
