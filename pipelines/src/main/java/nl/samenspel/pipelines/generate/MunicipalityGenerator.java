package nl.samenspel.pipelines.generate;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.Table;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Discipline;
import nl.samenspel.domain.Element;
import nl.samenspel.estimate.BestLinearProjection;
import nl.samenspel.estimate.CovariateEncoder;
import nl.samenspel.journeys.DurableDefinition;
import nl.samenspel.journeys.DurableOutcome;
import nl.samenspel.journeys.DurableParticipation;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a synthetic municipality in the data contract, with effects whose size is known
 * exactly. For every client (one assessment each) both potential outcomes of every planted
 * combination are simulated with one shared uniform draw, so {@code truth.json} holds the exact
 * average effect in the generated sample, not an expectation.
 *
 * <p>Model, per client: covariates and element scores are drawn; each catalog intervention is
 * received with a logistic probability that depends on element scores, benefit duration, age and
 * education (confounding, because the same covariates drive the baseline chance of work); the
 * chance of durable work is the baseline plus the planted effects that apply; the monthly
 * outcome series is then written so that the contract's durable-participation rule recovers
 * exactly the simulated outcome. Deterministic for a given seed, client count, catalog and
 * scenario. One call at a time per instance (not thread-safe).
 *
 * <p>{@link MunicipalitiesGenerator} uses the same model for several municipalities, each with
 * its planted effects shifted by its own amounts.
 */
public final class MunicipalityGenerator {

  /**
   * @param clients number of clients (one assessment each)
   * @param seed random seed
   * @param municipality CBS municipality code written into {@code clients}
   */
  public record Options(int clients, long seed, String municipality) {
    public Options {
      if (clients < 1) {
        throw new IllegalArgumentException("--clients must be at least 1, got " + clients);
      }
    }
  }

  /**
   * The exact effect of one planted combination in the generated sample.
   *
   * @param interventions sorted, as in the keys of the evidence records
   * @param synergy of a pair: the average of both - each alone + neither; else null
   * @param threeWayInteraction of a triple: the average of
   *     {@code y111 - y110 - y101 - y011 + y100 + y010 + y001 - y000}; else null
   * @param pairsVersusNone of a triple: the average of each pair inside it against none of the
   *     three, keyed "first+second", "first+third", "second+third" in the scenario's order of
   *     the triple; else null
   * @param slopes of kind {@value Scenario.TruthSpec#MODIFICATION}: the least-squares slopes of
   *     the clients' conditional effects on their profile ({@link BestLinearProjection#PROFILE},
   *     a modifier that does not vary left out); else null (also when the projection could not
   *     be fitted, see {@code slopesNotComputed}, and in the national records of several
   *     municipalities)
   * @param slopesNotComputed why a modification record has no slopes; else null
   * @param effectAllClients of a triple, whose {@code effect}, three-way interaction and pairs
   *     are averaged over the clients of the subgroup who received all three (the population the
   *     pipeline estimates a triple for, ATT): the effect averaged over every client of the
   *     subgroup; else null
   * @param nTreated of a triple: the clients of the subgroup who received all three; else null
   * @param restrictedMeanDifference of a single intervention or pair: the difference in
   *     restricted mean months without durable work within 24 months, all of its interventions
   *     against none (negative: sooner); else null
   */
  public record TruthRecord(String element, List<String> interventions, String kind,
      double effect, Double synergy, Double threeWayInteraction,
      Map<String, Double> pairsVersusNone, Map<String, Double> slopes, String slopesNotComputed,
      long nEpisodes, Double effectAllClients, Long nTreated, Double restrictedMeanDifference) {

    /** A record of one intervention or a pair, without slopes. */
    public TruthRecord(String element, List<String> interventions, String kind, double effect,
        Double synergy, long nEpisodes) {
      this(element, interventions, kind, effect, synergy, null, null, null, null, nEpisodes,
          null, null, null);
    }
  }

  /** The projection of one modification record, or why there is none. */
  record Slopes(Map<String, Double> values, String notComputed) {}

  /** What was written, for the console and the sample README. */
  public record Summary(int clients, long interventions, long outcomeMonths,
      double exitToWorkWithinYear, double durableWithinYear, List<TruthRecord> truth) {}

  private static final int SHORT_SPELL_MAX_MONTHS = 5;

  /**
   * Per truth record and client, the individual quantities summed for truth.json: the effect
   * (all of the record's interventions against none), a pair's synergy, a triple's three-way
   * interaction and its three pairs against none.
   */
  static final int EFFECT = 0;
  static final int SYNERGY = 1;
  static final int INTERACTION = 2;
  static final int PAIRS = 3;
  /**
   * The difference in restricted mean months without durable work within 24 months (all of
   * the record's interventions against none): negative when durable work starts sooner.
   */
  static final int RESTRICTED_MEAN = PAIRS + 3;
  static final int SUMS = RESTRICTED_MEAN + 1;
  /** Months the restricted mean covers, as the pipeline's curves. */
  static final int CURVE_MONTHS = 24;

  /** Where the columns of {@link BestLinearProjection#PROFILE} are in an encoded row. */
  private static final int[] PROFILE_COLUMNS = BestLinearProjection.PROFILE.stream()
      .mapToInt(CovariateEncoder.NAMES::indexOf).toArray();

  static {
    for (int c = 0; c < PROFILE_COLUMNS.length; c++) {
      if (PROFILE_COLUMNS[c] < 0) {
        throw new IllegalStateException("profile modifier " + BestLinearProjection.PROFILE.get(c)
            + " is not a covariate");
      }
    }
  }
  private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();

  private final Scenario scenario;
  private final List<CatalogEntry> catalog;
  private final Map<String, Scenario.Assignment> assignments = new HashMap<>();
  /** The barriers of each planted effect, in the scenario's order. */
  private final List<List<Element>> effectBarriers = new ArrayList<>();
  /** The modifier's element of each planted effect (null: none), in the scenario's order. */
  private final List<Element> effectModifiers = new ArrayList<>();

  public MunicipalityGenerator(Scenario scenario, List<CatalogEntry> catalog) {
    this.scenario = scenario;
    this.catalog = List.copyOf(catalog);
    Set<String> codes = new HashSet<>();
    catalog.forEach(entry -> codes.add(entry.code()));
    for (Scenario.Assignment assignment : scenario.assignment()) {
      requireCode(codes, assignment.code(), "assignment");
      assignments.put(assignment.code(), assignment);
    }
    for (Scenario.Effect effect : scenario.effects()) {
      effect.whenAll().forEach(code -> requireCode(codes, code, "effect '" + effect.name() + "'"));
      effect.whenNone().forEach(code -> requireCode(codes, code, "effect '" + effect.name() + "'"));
      effectBarriers.add(effect.barriers().stream().map(Element::valueOf).toList());
      effectModifiers.add(effect.modifier() == null ? null : effect.modifier().scoreElement());
    }
    Map<String, Discipline> disciplines = new HashMap<>();
    catalog.forEach(entry -> disciplines.put(entry.code(), entry.discipline()));
    for (Scenario.Sooner sooner : scenario.sooner()) {
      requireCode(codes, sooner.intervention(), "sooner '" + sooner.name() + "'");
      sooner.barriers().forEach(Element::valueOf);
    }
    for (Scenario.TruthSpec truth : scenario.truth()) {
      truth.interventions().forEach(code -> requireCode(codes, code, "truth"));
      if (!nl.samenspel.domain.Subgroup.isValid(truth.element())) {
        throw new IllegalArgumentException("scenario truth names element " + truth.element()
            + ": use ALL, an element such as SELF_EFFICACY, or a profile of two in model order"
            + " such as SELF_EFFICACY+CONTEXT");
      }
      int size = truth.interventions().size();
      if (size == 0 || size > 3) {
        throw new IllegalArgumentException("truth records name one, two or three interventions,"
            + " got " + truth.interventions());
      }
      boolean triple = Scenario.TruthSpec.TRIPLE.equals(truth.kind());
      if (triple != (size == 3)) {
        throw new IllegalArgumentException("a truth record of three interventions has kind \""
            + Scenario.TruthSpec.TRIPLE + "\", and only such a record: " + truth);
      }
      List<Discipline> order = truth.interventions().stream().map(disciplines::get).toList();
      if (triple && !order.equals(List.of(Discipline.values()))) {
        throw new IllegalArgumentException("a triple names one intervention per discipline, in"
            + " the order " + List.of(Discipline.values()) + "; got " + truth.interventions()
            + " (" + order + ")");
      }
    }
  }

  private static void requireCode(Set<String> codes, String code, String where) {
    if (!codes.contains(code)) {
      throw new IllegalArgumentException("scenario " + where + " names code " + code
          + ", which is not in the catalog");
    }
  }

  public Summary generate(Options options, Path outDir) throws IOException {
    Written written = write(options, new double[scenario.effects().size()], 1, 1, outDir);
    TruthFile.write(outDir.resolve("truth.json"), written.summary(), options);
    return written.summary();
  }

  /**
   * What {@link #write} produced: the municipality's summary (its exact effects, with its
   * shifts) and the sums behind the same effects without shifts, which
   * {@link MunicipalitiesGenerator} adds up over all municipalities into the national effects.
   */
  record Written(Summary summary, double[][] unshiftedSums, long[] counts) {}

  /**
   * Writes the four extracts of one municipality (not its truth.json).
   *
   * @param shifts added to each planted effect of the scenario, in its order (zeros: the
   *     scenario as written)
   * @param firstClient number of the first client and {@code firstIntervention} of the first
   *     intervention, so that the ids of several municipalities don't collide
   */
  Written write(Options options, double[] shifts, long firstClient, long firstIntervention,
      Path outDir) throws IOException {
    if (shifts.length != scenario.effects().size()) {
      throw new IllegalArgumentException("one shift per planted effect, got " + shifts.length);
    }
    double[] noShifts = new double[shifts.length];
    boolean shifted = !Arrays.equals(shifts, noShifts);
    Files.createDirectories(outDir);
    Scenario.Study study = scenario.study();
    LocalDate assessmentFrom = LocalDate.parse(study.assessmentFrom());
    int assessmentDays = (int) ChronoUnit.DAYS.between(assessmentFrom,
        LocalDate.parse(study.assessmentTo()));
    YearMonth outcomesFrom = YearMonth.parse(study.outcomesFrom());
    YearMonth outcomesTo = YearMonth.parse(study.outcomesTo());
    DurableDefinition durable = DurableDefinition.DEFAULT;
    String[] monthNames = new String[(int) ChronoUnit.MONTHS.between(outcomesFrom, outcomesTo)
        + 1];
    for (int m = 0; m < monthNames.length; m++) {
      monthNames[m] = outcomesFrom.plusMonths(m).toString();
    }

    int truthSize = scenario.truth().size();
    double[][] truthSums = new double[truthSize][SUMS];
    // Of a triple: the sums over the clients who received all three (its ATT).
    double[][] treatedSums = new double[truthSize][SUMS];
    long[] treatedCounts = new long[truthSize];
    double[][] unshiftedSums = new double[truthSize][SUMS];
    long[] truthCounts = new long[truthSize];
    List<Projection> projections = new ArrayList<>();
    for (Scenario.TruthSpec spec : scenario.truth()) {
      projections.add(Scenario.TruthSpec.MODIFICATION.equals(spec.kind())
          ? new Projection() : null);
    }
    long interventionCount = 0;
    long outcomeCount = 0;
    long exits = 0;
    long durableCount = 0;
    interventionSequence = firstIntervention - 1;

    SplittableRandom root = new SplittableRandom(options.seed());
    // Recent clients come from a stream of their own, so the others stay as they are.
    SplittableRandom recentRandom = new SplittableRandom(options.seed() ^ 0x726563656e74L);
    LocalDate recentFrom = LocalDate.parse(study.assessmentTo()).plusDays(1);
    int recentDays = study.recentShare() > 0 ? (int) ChronoUnit.DAYS.between(recentFrom,
        LocalDate.parse(study.recentTo())) : 0;
    try (CSVPrinter clients = printer(outDir, Contract.CLIENTS);
        CSVPrinter assessments = printer(outDir, Contract.ASSESSMENTS);
        CSVPrinter interventions = printer(outDir, Contract.INTERVENTIONS);
        CSVPrinter outcomes = printer(outDir, Contract.OUTCOMES)) {
      for (int i = 1; i <= options.clients(); i++) {
        SplittableRandom random = root.split();
        Client client = drawClient(random, firstClient - 1 + i, assessmentFrom, assessmentDays);
        if (study.recentShare() > 0 && recentRandom.nextDouble() < study.recentShare()) {
          client = client.assessedOn(recentFrom.plusDays(recentRandom.nextInt(recentDays + 1)));
        }
        Set<String> received = new HashSet<>();
        for (CatalogEntry entry : catalog) {
          if (random.nextDouble() < sigmoid(assignmentLogit(entry, client))) {
            received.add(entry.code());
          }
        }
        double baseline = sigmoid(baselineLogit(client));
        double u = random.nextDouble();
        boolean outcome = u < probability(baseline, received::contains, client, shifts);
        for (int t = 0; t < truthSize; t++) {
          Scenario.TruthSpec spec = scenario.truth().get(t);
          if (!inSubgroup(spec.element(), client)) {
            continue;
          }
          truthCounts[t]++;
          double[] arms = armProbabilities(spec, received, baseline, client, shifts);
          double[] individual = potentialEffects(arms, u,
              restrictedMeanDifference(spec, received, arms, client));
          add(truthSums[t], individual);
          if (spec.interventions().size() == 3 && received.containsAll(spec.interventions())) {
            add(treatedSums[t], individual);
            treatedCounts[t]++;
          }
          double[] unshiftedArms = shifted
              ? armProbabilities(spec, received, baseline, client, noShifts) : arms;
          add(unshiftedSums[t], shifted ? potentialEffects(unshiftedArms, u,
              restrictedMeanDifference(spec, received, unshiftedArms, client)) : individual);
          if (projections.get(t) != null) {
            projections.get(t).add(arms[arms.length - 1] - arms[0], profile(client));
          }
        }

        writeClient(clients, options, client);
        writeAssessment(assessments, client);
        interventionCount += writeInterventions(interventions, random, client, received,
            study.windowDays());
        Spells spells = drawSpells(random, outcome, sooner(received::contains, client));
        outcomeCount += writeOutcomes(outcomes, random, client, spells, outcomesFrom, monthNames,
            durable, outcome);
        if (spells.start() >= 1 && spells.start() <= durable.horizonMonths()) {
          exits++;
        }
        if (outcome) {
          durableCount++;
        }
      }
    }
    List<Slopes> slopes = new ArrayList<>();
    for (Projection projection : projections) {
      slopes.add(projection == null ? null : projection.fit());
    }
    Summary summary = new Summary(options.clients(), interventionCount, outcomeCount,
        (double) exits / options.clients(), (double) durableCount / options.clients(),
        truthRecords(truthSums, truthCounts, slopes, treatedSums, treatedCounts));
    return new Written(summary, unshiftedSums, truthCounts);
  }

  private static void add(double[] sums, double[] values) {
    for (int k = 0; k < sums.length; k++) {
      sums[k] += values[k];
    }
  }

  /**
   * Averages per truth record of the scenario, in its order.
   *
   * @param sums per record, the sums of the individual quantities ({@link #SUMS} of them)
   * @param slopes per record, its projection (null for a record of another kind); null
   *     altogether when there are none to report (the national records)
   */
  List<TruthRecord> truthRecords(double[][] sums, long[] counts, List<Slopes> slopes) {
    return truthRecords(sums, counts, slopes, null, null);
  }

  /**
   * As {@link #truthRecords(double[][], long[], List)}; a triple's quantities are averaged over
   * the clients who received all three ({@code treatedSums}, {@code treatedCounts}) when given.
   */
  List<TruthRecord> truthRecords(double[][] sums, long[] counts, List<Slopes> slopes,
      double[][] treatedSums, long[] treatedCounts) {
    List<TruthRecord> truth = new ArrayList<>();
    for (int t = 0; t < sums.length; t++) {
      Scenario.TruthSpec spec = scenario.truth().get(t);
      List<String> codes = spec.interventions();
      long n = counts[t];
      double[] mean = new double[SUMS];
      for (int k = 0; k < SUMS; k++) {
        mean[k] = n == 0 ? Double.NaN : sums[t][k] / n;
      }
      Double allClients = null;
      Long treated = null;
      if (codes.size() == 3 && treatedSums != null) {
        allClients = mean[EFFECT];
        treated = treatedCounts[t];
        for (int k = 0; k < SUMS; k++) {
          mean[k] = treated == 0 ? Double.NaN : treatedSums[t][k] / treated;
        }
      }
      Double interaction = null;
      Map<String, Double> pairs = null;
      if (codes.size() == 3 && n > 0) {
        interaction = mean[INTERACTION];
        pairs = new LinkedHashMap<>();
        pairs.put(codes.get(0) + "+" + codes.get(1), mean[PAIRS]);
        pairs.put(codes.get(0) + "+" + codes.get(2), mean[PAIRS + 1]);
        pairs.put(codes.get(1) + "+" + codes.get(2), mean[PAIRS + 2]);
      }
      Slopes projection = slopes == null ? null : slopes.get(t);
      truth.add(new TruthRecord(spec.element(), codes.stream().sorted().toList(), spec.kind(),
          mean[EFFECT], codes.size() == 2 && n > 0 ? mean[SYNERGY] : null, interaction, pairs,
          projection == null ? null : projection.values(),
          projection == null ? null : projection.notComputed(), n, allClients, treated,
          codes.size() < 3 && n > 0 ? mean[RESTRICTED_MEAN] : null));
    }
    return truth;
  }

  /**
   * The probability of durable work of one client in every arm of a truth record: arm
   * {@code m} receives the record's j-th intervention when bit j of m is set (so arm 0 none of
   * them, the last arm all of them, as the arm codes of {@link nl.samenspel.estimate.TripleAipw}
   * for a triple) and every other intervention as received.
   */
  private double[] armProbabilities(Scenario.TruthSpec spec, Set<String> received,
      double baseline, Client client, double[] shifts) {
    List<String> codes = spec.interventions();
    double[] arms = new double[1 << codes.size()];
    for (int m = 0; m < arms.length; m++) {
      int arm = m;
      Treatment treatment = code -> {
        int j = codes.indexOf(code);
        return j < 0 ? received.contains(code) : (arm >> j & 1) == 1;
      };
      arms[m] = probability(baseline, treatment, client, shifts);
    }
    return arms;
  }

  /**
   * One client's individual quantities of a truth record ({@link #SUMS} of them) from the
   * probabilities of its arms: the effect (all against none), for a pair the synergy (both -
   * each alone + neither), for a triple the three-way interaction and each pair inside it
   * against none; 0 where they don't apply. Every potential outcome uses the same uniform draw
   * {@code u}, so the average of these over the sample is the exact effect in the sample.
   */
  private static double[] potentialEffects(double[] arms, double u, double restrictedMean) {
    double[] y = new double[arms.length];
    for (int m = 0; m < arms.length; m++) {
      y[m] = indicator(u < arms[m]);
    }
    double[] values = new double[SUMS];
    values[EFFECT] = y[y.length - 1] - y[0];
    values[RESTRICTED_MEAN] = restrictedMean;
    if (y.length == 4) {
      values[SYNERGY] = y[3] - y[1] - y[2] + y[0];
    } else if (y.length == 8) {
      values[INTERACTION] = y[7] - y[3] - y[5] - y[6] + y[1] + y[2] + y[4] - y[0];
      values[PAIRS] = y[3] - y[0];
      values[PAIRS + 1] = y[5] - y[0];
      values[PAIRS + 2] = y[6] - y[0];
    }
    return values;
  }

  /**
   * A client's profile as the pipeline's projection sees it: the columns of
   * {@link BestLinearProjection#PROFILE}, encoded by {@link CovariateEncoder#encode} (a missing
   * score is 3).
   */
  private static double[] profile(Client client) {
    double[] encoded = CovariateEncoder.encode(client.age(), client.sex(), client.household(),
        client.education(), client.benefitMonths(), client.scores());
    double[] row = new double[PROFILE_COLUMNS.length];
    for (int c = 0; c < row.length; c++) {
      row[c] = encoded[PROFILE_COLUMNS[c]];
    }
    return row;
  }

  /**
   * The conditional effects (probability with all of a record's interventions minus without
   * them) and profiles of the clients of one modification record, projected at the end.
   */
  private static final class Projection {
    private double[] effects = new double[1024];
    private final List<double[]> rows = new ArrayList<>();

    void add(double effect, double[] row) {
      if (rows.size() == effects.length) {
        effects = Arrays.copyOf(effects, 2 * effects.length);
      }
      effects[rows.size()] = effect;
      rows.add(row);
    }

    Slopes fit() {
      if (rows.isEmpty()) {
        return new Slopes(null, "no clients in the subgroup");
      }
      BestLinearProjection.Result result;
      try {
        result = new BestLinearProjection().fit(Arrays.copyOf(effects, rows.size()),
            rows.toArray(double[][]::new), BestLinearProjection.PROFILE);
      } catch (IllegalArgumentException e) {
        return new Slopes(null, e.getMessage());
      }
      Map<String, Double> slopes = new LinkedHashMap<>();
      for (BestLinearProjection.Coefficient coefficient : result.coefficients()) {
        if (!coefficient.name().equals(BestLinearProjection.INTERCEPT)) {
          slopes.put(coefficient.name(), coefficient.estimate());
        }
      }
      return new Slopes(slopes, null);
    }
  }

  // ---- clients ----------------------------------------------------------------------------

  /** One synthetic client with one assessment. */
  private record Client(String clientId, String assessmentId, LocalDate assessmentDate, int age,
      String sex, String household, String education, int benefitMonths, Integer[] scores) {

    int score(Element element) {
      Integer s = scores[element.ordinal()];
      return s == null ? 3 : s;
    }

    /** The same client assessed on another date (age and time on benefit as at the draw). */
    Client assessedOn(LocalDate date) {
      return new Client(clientId, assessmentId, date, age, sex, household, education,
          benefitMonths, scores);
    }

    boolean barrier(Element element) {
      Integer s = scores[element.ordinal()];
      return s != null && Element.isBarrier(s);
    }
  }

  private static Client drawClient(SplittableRandom random, long index, LocalDate from,
      int days) {
    LocalDate assessmentDate = from.plusDays(random.nextInt(days + 1));
    int age = 18 + (int) (48 * (random.nextDouble() + random.nextDouble()) / 2);
    double u = random.nextDouble();
    String sex = u < 0.5 ? "F" : u < 0.99 ? "M" : "X";
    u = random.nextDouble();
    String household = u < 0.5 ? "SINGLE" : u < 0.7 ? "SINGLE_PARENT" : u < 0.8 ? "COUPLE"
        : "COUPLE_WITH_CHILDREN";
    u = random.nextDouble();
    String education = u < 0.45 ? "LOW" : u < 0.85 ? "MIDDLE" : "HIGH";
    int benefitMonths = (int) Math.min(240, Math.exp(Math.log(30) + 0.9 * gaussian(random)));
    double general = gaussian(random);
    double stress = gaussian(random);
    Integer[] scores = new Integer[Element.values().length];
    for (Element element : Element.values()) {
      double latent = 0.55 * general + 0.8 * gaussian(random);
      if (element == Element.SELF_EFFICACY || element == Element.CONTEXT) {
        latent += 0.5 * stress;
      }
      scores[element.ordinal()] = (int) Math.max(1, Math.min(5, Math.round(3.1 + latent)));
    }
    if (random.nextDouble() < 0.05) {
      scores[Element.PRACTICAL_BARRIERS.ordinal()] = null;
    }
    return new Client(padded('P', index, 7), padded('A', index, 7),
        assessmentDate, age, sex, household, education, benefitMonths, scores);
  }

  private double assignmentLogit(CatalogEntry entry, Client client) {
    Scenario.Assignment a = assignments.getOrDefault(entry.code(), scenario.defaultAssignment());
    double targetGap = 0;
    for (Element element : entry.targetElements()) {
      targetGap += 3 - client.score(element);
    }
    return a.intercept() + a.targetScore() * targetGap
        + a.benefitYears() * client.benefitMonths() / 12.0
        + a.agePerDecade() * (client.age() - 40) / 10.0
        + a.educationHigh() * ("HIGH".equals(client.education()) ? 1 : 0);
  }

  private double baselineLogit(Client client) {
    Scenario.Baseline b = scenario.baseline();
    double scoreSum = 0;
    for (Element element : Element.values()) {
      scoreSum += client.score(element) - 3;
    }
    return b.intercept() + b.agePerYear() * (client.age() - b.ageCenter())
        + ("F".equals(client.sex()) ? b.female() : 0)
        + b.household().getOrDefault(client.household(), 0.0)
        + b.education().getOrDefault(client.education(), 0.0)
        + b.benefitYears() * client.benefitMonths() / 12.0
        + b.scorePerPoint() * scoreSum;
  }

  /**
   * The interventions of one potential outcome: those received, or a variation of them (all of a
   * combination added, all of it removed, ...), without copying the received set per client.
   */
  @FunctionalInterface
  private interface Treatment {
    boolean has(String code);
  }

  /**
   * Baseline chance plus every planted effect that applies, each shifted by the municipality's
   * own shift and changed by its modifier, kept within [0, 1].
   */
  private double probability(double baseline, Treatment received, Client client,
      double[] shifts) {
    double p = baseline;
    List<Scenario.Effect> effects = scenario.effects();
    for (int e = 0; e < effects.size(); e++) {
      Scenario.Effect effect = effects.get(e);
      if (applies(effect, effectBarriers.get(e), received, client)) {
        p += effect.effect() + shifts[e];
        Scenario.Modifier modifier = effect.modifier();
        if (modifier != null) {
          p += modifier.perPoint() * (client.score(effectModifiers.get(e)) - modifier.center());
        }
      }
    }
    return Math.max(0, Math.min(1, p));
  }

  private static boolean applies(Scenario.Effect effect, List<Element> barriers,
      Treatment received, Client client) {
    for (String code : effect.whenAll()) {
      if (!received.has(code)) {
        return false;
      }
    }
    for (String code : effect.whenNone()) {
      if (received.has(code)) {
        return false;
      }
    }
    for (Element barrier : barriers) {
      if (!client.barrier(barrier)) {
        return false;
      }
    }
    return true;
  }

  private static boolean inSubgroup(String element, Client client) {
    for (Element barrier : nl.samenspel.domain.Subgroup.elements(element)) {
      if (!client.barrier(barrier)) {
        return false;
      }
    }
    return true;
  }

  // ---- timing -----------------------------------------------------------------------------

  /** Mean start month of durable work within the horizon: uniform, and drawn sooner. */
  private static final double MEAN_START = 6.5;
  private static final double MEAN_START_SOONER = 51 / 12.0;
  /** Mean start month of a late exit (months 13 to 24). */
  private static final double MEAN_LATE_START = 18.5;

  /** Whether durable work of this client, with these interventions, starts sooner. */
  private boolean sooner(Treatment treatment, Client client) {
    for (Scenario.Sooner sooner : scenario.sooner()) {
      if (treatment.has(sooner.intervention()) && sooner.barriers().stream()
          .allMatch(element -> client.barrier(Element.valueOf(element)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Expected months without durable work within {@link #CURVE_MONTHS} (E min(T, 24)) of a client
   * with probability {@code p} of durable work in the horizon: durable work starts in months 1
   * to 12 (on average 6.5, or 4.25 when sooner); without it, a late exit starts durable work in
   * months 13 to 24 (18.5 on average) with the scenario's late-exit chance, else never (24).
   */
  private double restrictedMean(double p, boolean sooner) {
    double late = scenario.exits().lateExit();
    return p * (sooner ? MEAN_START_SOONER : MEAN_START)
        + (1 - p) * (late * MEAN_LATE_START + (1 - late) * CURVE_MONTHS);
  }

  /**
   * One client's difference in restricted mean months (all of the record's interventions
   * against none, every other intervention as received).
   */
  private double restrictedMeanDifference(Scenario.TruthSpec spec, Set<String> received,
      double[] arms, Client client) {
    List<String> codes = spec.interventions();
    Treatment all = code -> codes.contains(code) || received.contains(code);
    Treatment none = code -> !codes.contains(code) && received.contains(code);
    return restrictedMean(arms[arms.length - 1], sooner(all, client))
        - restrictedMean(arms[0], sooner(none, client));
  }

  // ---- outcome spells ---------------------------------------------------------------------

  /**
   * One spell of work after the assessment: first month offset (0 = none) and length in months
   * ({@link Integer#MAX_VALUE} = lasts to the end of the extract).
   */
  private record Spells(int start, int length, boolean partial) {}

  private Spells drawSpells(SplittableRandom random, boolean durableOutcome, boolean sooner) {
    Scenario.Exits exits = scenario.exits();
    boolean partial = random.nextDouble() < exits.partialShare();
    int horizon = DurableDefinition.DEFAULT.horizonMonths();
    int minimum = DurableDefinition.DEFAULT.minimumConsecutiveMonths();
    if (durableOutcome) {
      // The same draw either way, so that a sooner start changes nothing else.
      int k = random.nextInt(horizon);
      int start = sooner ? 1 + k * k / horizon : 1 + k;
      int length = random.nextDouble() < exits.durableReturns()
          ? minimum + random.nextInt(19) : Integer.MAX_VALUE;
      return new Spells(start, length, partial);
    }
    double u = random.nextDouble();
    if (u < exits.shortSpell()) {
      return new Spells(1 + random.nextInt(horizon),
          1 + random.nextInt(Math.min(SHORT_SPELL_MAX_MONTHS, minimum - 1)), partial);
    }
    if (u < exits.shortSpell() + exits.lateExit()) {
      return new Spells(horizon + 1 + random.nextInt(12), Integer.MAX_VALUE, partial);
    }
    return new Spells(0, 0, partial);
  }

  // ---- writers ----------------------------------------------------------------------------

  private static CSVPrinter printer(Path outDir, Table table) throws IOException {
    Writer writer = Files.newBufferedWriter(outDir.resolve(table.name() + ".csv"),
        StandardCharsets.UTF_8);
    CSVPrinter printer = new CSVPrinter(writer, CSV);
    printer.printRecord(table.columnNames());
    return printer;
  }

  private static void writeClient(CSVPrinter out, Options options, Client client)
      throws IOException {
    out.printRecord(client.clientId(), options.municipality(),
        client.assessmentDate().getYear() - client.age(), client.sex(), client.household(),
        client.education(), client.assessmentDate().minusMonths(client.benefitMonths()));
  }

  private static void writeAssessment(CSVPrinter out, Client client) throws IOException {
    List<Object> row = new ArrayList<>(List.of(client.assessmentId(), client.clientId(),
        client.assessmentDate(), "KM"));
    for (Integer score : client.scores()) {
      row.add(score == null ? "" : score);
    }
    out.printRecord(row);
  }

  private long writeInterventions(CSVPrinter out, SplittableRandom random, Client client,
      Set<String> received, int windowDays) throws IOException {
    long written = 0;
    LocalDate benefitStart = client.assessmentDate().minusMonths(client.benefitMonths());
    for (CatalogEntry entry : catalog) {
      if (received.contains(entry.code())) {
        LocalDate start = client.assessmentDate().plusDays(random.nextInt(windowDays + 1));
        double u = random.nextDouble();
        String status = u < 0.7 ? "COMPLETED" : u < 0.85 ? "STOPPED" : "ACTIVE";
        LocalDate end = "ACTIVE".equals(status) ? null : start.plusDays(30 + random.nextInt(151));
        writeIntervention(out, client, entry, start, end, status);
        written++;
      }
    }
    // Registrations that must not count for this episode: before the assessment, after the
    // window, or cancelled. They carry no effect in the scenario.
    if (random.nextDouble() < 0.3) {
      LocalDate start = client.assessmentDate().minusDays(100 + random.nextInt(301));
      if (!start.isBefore(benefitStart)) {
        writeIntervention(out, client, pick(random), start, start.plusDays(60), "COMPLETED");
        written++;
      }
    }
    if (random.nextDouble() < 0.15) {
      LocalDate start = client.assessmentDate().plusDays(120 + random.nextInt(181));
      writeIntervention(out, client, pick(random), start, null, "ACTIVE");
      written++;
    }
    if (random.nextDouble() < 0.05) {
      CatalogEntry entry = pick(random);
      if (!received.contains(entry.code())) {
        LocalDate start = client.assessmentDate().plusDays(random.nextInt(windowDays + 1));
        writeIntervention(out, client, entry, start, null, Contract.STATUS_CANCELLED);
        written++;
      }
    }
    return written;
  }

  private CatalogEntry pick(SplittableRandom random) {
    return catalog.get(random.nextInt(catalog.size()));
  }

  private long interventionSequence = 0;

  private void writeIntervention(CSVPrinter out, Client client, CatalogEntry entry,
      LocalDate start, LocalDate end, String status) throws IOException {
    interventionSequence++;
    out.printRecord(padded('I', interventionSequence, 8), client.clientId(),
        entry.discipline().name(), entry.code(), start, end == null ? "" : end, status);
  }

  /**
   * @param monthNames the months from {@code from} to the end of the extract as written
   *     ("2022-01"), made once per municipality rather than once per row
   */
  private static long writeOutcomes(CSVPrinter out, SplittableRandom random, Client client,
      Spells spells, YearMonth from, String[] monthNames,
      DurableDefinition definition, boolean expected) throws IOException {
    YearMonth assessmentMonth = YearMonth.from(client.assessmentDate());
    YearMonth benefitStart = YearMonth.from(client.assessmentDate().minusMonths(
        client.benefitMonths()));
    YearMonth month = benefitStart.isAfter(from) ? benefitStart : from;
    int meanScore = 0;
    for (Element element : Element.values()) {
      meanScore += client.score(element);
    }
    int ladderBefore = (int) Math.max(1, Math.min(4, Math.round(meanScore / 7.0 - 0.5)));
    // Part-time work in the months before the assessment (the negative-control outcome): more
    // likely with higher education, shorter benefit duration and better scores, so it is
    // confounded like the real outcome, but no intervention of the episode can change it.
    double scoreSum = 0;
    for (Element element : Element.values()) {
      scoreSum += client.score(element) - 3;
    }
    double priorChance = 1 / (1 + Math.exp(-(-1.8 + ("HIGH".equals(client.education()) ? 0.5 : 0)
        - 0.2 * client.benefitMonths() / 12.0 + 0.15 * scoreSum)));
    boolean priorWork = random.nextDouble() < priorChance;
    int priorStart = -1 - random.nextInt(6);
    int priorEnd = Math.min(-1, priorStart + random.nextInt(3));
    long observed = 0;
    long inWork = 0;
    long written = 0;
    int firstOffset = (int) ChronoUnit.MONTHS.between(assessmentMonth, month);
    int firstMonth = (int) ChronoUnit.MONTHS.between(from, month);
    for (int index = firstMonth; index < monthNames.length; index++) {
      int offset = firstOffset + index - firstMonth;
      boolean working = spells.start() > 0 && offset >= spells.start()
          && (long) offset < (long) spells.start() + spells.length();
      boolean partTimeBefore = priorWork && offset >= priorStart && offset <= priorEnd;
      String status = working ? (spells.partial() ? "PARTIAL" : "NONE")
          : partTimeBefore ? "PARTIAL" : "FULL";
      int ladder = working ? (spells.partial() ? 5 : 6) : partTimeBefore ? 5 : ladderBefore;
      working = working || partTimeBefore;
      // The outcome rows are most of the bytes; written directly, with what CSVPrinter would
      // write for these values (none needs quoting).
      Appendable line = out.getOut();
      line.append(client.clientId()).append(',')
          .append(monthNames[index]).append(',')
          .append(status).append(',').append(working ? "true" : "false").append(',')
          .append(Integer.toString(ladder)).append('\n');
      written++;
      if (offset >= 1 && offset <= definition.followUpMonths()) {
        observed |= DurableParticipation.bit(offset);
        if (definition.isInWork(working, status)) {
          inWork |= DurableParticipation.bit(offset);
        }
      }
    }
    DurableOutcome outcome = DurableParticipation.classify(observed, inWork, definition);
    // A recent client's follow-up can end with the extract: the outcome is then undetermined.
    boolean cutOff = outcome == DurableOutcome.UNDETERMINED && assessmentMonth.plusMonths(
        definition.followUpMonths()).isAfter(YearMonth.parse(monthNames[monthNames.length - 1]));
    if (!cutOff && outcome != (expected ? DurableOutcome.DURABLE : DurableOutcome.NOT_DURABLE)) {
      throw new IllegalStateException("generated outcomes of " + client.clientId()
          + " do not encode the simulated outcome (" + expected + " vs " + outcome
          + "); the study calendar must cover the follow-up of every assessment");
    }
    return written;
  }

  /** {@code prefix} and {@code number} zero-padded to {@code width} digits, as "%07d" (faster). */
  static String padded(char prefix, long number, int width) {
    String digits = Long.toString(number);
    StringBuilder id = new StringBuilder(1 + Math.max(width, digits.length())).append(prefix);
    for (int i = digits.length(); i < width; i++) {
      id.append('0');
    }
    return id.append(digits).toString();
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static double indicator(boolean b) {
    return b ? 1 : 0;
  }

  static double gaussian(SplittableRandom random) {
    // Box-Muller on the injected generator, so the draw is reproducible.
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
