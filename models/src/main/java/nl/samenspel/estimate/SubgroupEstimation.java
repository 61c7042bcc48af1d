package nl.samenspel.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.EffectModification;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.evidence.TripleEffects;

/**
 * Fits every combination of one element subgroup: each catalog intervention (received against
 * not received) and, when enabled, each pair of interventions from different disciplines
 * (received both against received neither, plus their synergy). The adjusted estimate is AIPW
 * with cross-fitting; next to it come the naive difference, balance and overlap diagnostics, the
 * E-value, and two refuters for single interventions: a placebo (treatment randomly permuted)
 * and a negative-control outcome measured before the intervention. Pure Java; the Spark
 * estimate stage calls it once per subgroup inside an executor, so only the resulting
 * aggregates travel back to the driver. Deterministic for given settings.
 */
public final class SubgroupEstimation {

  /** Which pairs of interventions to consider. */
  public enum PairScope {
    /** Single interventions only. */
    NONE,
    /** Pairs whose two interventions come from different disciplines (KM, IC, AM). */
    CROSS_DISCIPLINE
  }

  /**
   * Where the association of each estimated combination is projected on the client profile
   * ({@link BestLinearProjection}, from the same fit's doubly robust scores).
   */
  public enum ModifierScope {
    /** Nowhere. */
    NONE,
    /** In the whole population (subgroup ALL), where every element score varies. */
    WHOLE_POPULATION
  }

  /**
   * Which triples of interventions to consider: one of each discipline (klantmanager,
   * inkomensconsulent, accountmanager), all three against none of the three
   * ({@link TripleAipw}).
   */
  public enum TripleScope {
    /** No triples. */
    NONE,
    /** Every triple of one KM, one IC and one AM intervention. */
    ONE_PER_DISCIPLINE
  }

  /** Which refuters to run next to each single-intervention estimate. */
  public enum Refuters {
    /** None: faster, for exploration. */
    NONE,
    /** Placebo treatment and, when available, the negative-control outcome. */
    ALL
  }

  /**
   * @param minimumArmSize a single intervention is estimated only when both arms hold at least
   *     this many episodes
   * @param pairs which pairs to consider
   * @param minimumPairArmSize a pair is estimated only when "both" and "neither" hold at least
   *     this many episodes
   * @param aipw options of the adjusted estimator (its trimming applies to single
   *     interventions)
   * @param pairTrimming trimming for pairs: "both" is received by few clients by nature, so its
   *     propensity against "neither" is small for most clients and needs wider bounds
   * @param refuters which refuters to run
   * @param modification where to project the associations on the client profile
   * @param triples which triples to consider; a triple is estimated when its "all three" and
   *     "none" arms hold at least {@code minimumPairArmSize} episodes of as many clients, for
   *     the clients who received all three (ATT, {@link TripleAipw})
   * @param maxTriples at most this many triples are estimated per subgroup: those with the most
   *     episodes receiving all three (others are reported as not estimated, {@link
   *     SkipReason#TRIPLE_LIMIT}), which bounds the stage's time at national scale
   * @param profiles which subgroups are estimated besides ALL and the seven elements ({@link
   *     nl.samenspel.domain.Subgroup#names}): the 21 profiles of two barrier elements, or none
   * @param maxProfilePairs at most this many pairs per profile are estimated: those with the
   *     most episodes receiving both (others are reported as not estimated, {@link
   *     SkipReason#PAIR_LIMIT}); every single intervention and triple of a profile is considered
   *     as in any subgroup. Bounds the stage's time: 21 profiles with every pair would double it
   * @param estimator the estimator of every combination's association: {@code aipw} (the
   *     pipeline's own, with effect modification, synergy and the triples' contrasts), or the
   *     name of any estimator registered through {@link EstimatorProvider} (found with the
   *     thread's context class loader where the fit runs), which gives the association, its
   *     placebo and its negative control; the rest (effect modification, synergy, the
   *     contrasts inside a triple) needs AIPW's scores and is left out. The curves of time to
   *     durable work are the same whichever estimator is chosen.
   */
  public record Settings(int minimumArmSize, PairScope pairs, int minimumPairArmSize,
      AugmentedIpw.Options aipw, Trimming pairTrimming, Refuters refuters,
      ModifierScope modification, TripleScope triples, int maxTriples,
      nl.samenspel.domain.Subgroup.Profiles profiles, int maxProfilePairs, String estimator)
      implements java.io.Serializable {
    /** Trimming of pairs by default: propensities of "both" against "neither" in 0.01–0.99. */
    public static final Trimming PAIR_TRIMMING = new Trimming(Trimming.Rule.FIXED, 0.01, 0.99);

    /**
     * Pipeline defaults: AIPW with fixed 0.05–0.95 trimming for single interventions and
     * 0.01–0.99 for pairs.
     */
    public static final Settings DEFAULT = new Settings(30, PairScope.CROSS_DISCIPLINE, 30,
        AugmentedIpw.Options.DEFAULT, PAIR_TRIMMING, Refuters.ALL,
        ModifierScope.WHOLE_POPULATION, TripleScope.ONE_PER_DISCIPLINE, 10,
        nl.samenspel.domain.Subgroup.Profiles.PAIRS, 10, AugmentedIpw.NAME);

    /** Settings with the pipeline's own estimator, AIPW. */
    public Settings(int minimumArmSize, PairScope pairs, int minimumPairArmSize,
        AugmentedIpw.Options aipw, Trimming pairTrimming, Refuters refuters,
        ModifierScope modification, TripleScope triples, int maxTriples,
        nl.samenspel.domain.Subgroup.Profiles profiles, int maxProfilePairs) {
      this(minimumArmSize, pairs, minimumPairArmSize, aipw, pairTrimming, refuters,
          modification, triples, maxTriples, profiles, maxProfilePairs, AugmentedIpw.NAME);
    }

    /** Settings without profiles (ALL and the seven elements). */
    public Settings(int minimumArmSize, PairScope pairs, int minimumPairArmSize,
        AugmentedIpw.Options aipw, Trimming pairTrimming, Refuters refuters,
        ModifierScope modification, TripleScope triples, int maxTriples) {
      this(minimumArmSize, pairs, minimumPairArmSize, aipw, pairTrimming, refuters,
          modification, triples, maxTriples, nl.samenspel.domain.Subgroup.Profiles.NONE, 10);
    }

    /** Settings without triples. */
    public Settings(int minimumArmSize, PairScope pairs, int minimumPairArmSize,
        AugmentedIpw.Options aipw, Trimming pairTrimming, Refuters refuters,
        ModifierScope modification) {
      this(minimumArmSize, pairs, minimumPairArmSize, aipw, pairTrimming, refuters,
          modification, TripleScope.NONE, 0);
    }

    /** Settings that project every association in the whole population on the profile. */
    public Settings(int minimumArmSize, PairScope pairs, int minimumPairArmSize,
        AugmentedIpw.Options aipw, Trimming pairTrimming, Refuters refuters) {
      this(minimumArmSize, pairs, minimumPairArmSize, aipw, pairTrimming, refuters,
          ModifierScope.WHOLE_POPULATION);
    }

    public Settings {
      if (minimumArmSize < 10) {
        throw new IllegalArgumentException(
            "minimum arm size must be at least 10 (disclosure floor), got " + minimumArmSize);
      }
      if (minimumPairArmSize < 10) {
        throw new IllegalArgumentException(
            "minimum pair arm size must be at least 10 (disclosure floor), got "
                + minimumPairArmSize);
      }
      Objects.requireNonNull(pairs, "pairs");
      Objects.requireNonNull(aipw, "aipw");
      Objects.requireNonNull(refuters, "refuters");
      Objects.requireNonNull(pairTrimming, "pairTrimming");
      Objects.requireNonNull(modification, "modification");
      Objects.requireNonNull(triples, "triples");
      Objects.requireNonNull(profiles, "profiles");
      Objects.requireNonNull(estimator, "estimator");
      if (estimator.isBlank()) {
        throw new IllegalArgumentException("the estimator's name is empty");
      }
      if (maxProfilePairs < 0) {
        throw new IllegalArgumentException("the maximum number of pairs per profile can't be "
            + "negative, got " + maxProfilePairs);
      }
      if (maxTriples < 0) {
        throw new IllegalArgumentException("the maximum number of triples can't be negative, got "
            + maxTriples);
      }
    }

    public Settings withModification(ModifierScope value) {
      return new Settings(minimumArmSize, pairs, minimumPairArmSize, aipw, pairTrimming,
          refuters, value, triples, maxTriples, profiles, maxProfilePairs, estimator);
    }

    /** The same settings with another estimator (a name {@link Estimators#create} knows). */
    public Settings withEstimator(String value) {
      return new Settings(minimumArmSize, pairs, minimumPairArmSize, aipw, pairTrimming,
          refuters, modification, triples, maxTriples, profiles, maxProfilePairs, value);
    }

    /** Whether the associations come from the pipeline's own AIPW. */
    public boolean ownEstimator() {
      return AugmentedIpw.NAME.equals(estimator);
    }

    /**
     * What a chosen estimator is given: these settings' estimand (or {@code estimand}),
     * folds, seed, level and learner, with the trimming of the combination's kind.
     */
    public EstimatorSettings estimatorSettings(Estimand estimand, Trimming trimming) {
      return new EstimatorSettings(estimand, aipw.folds(), aipw.seed(), trimming,
          aipw.confidenceLevel(), EstimatorSettings.DEFAULT.bootstrapReplicates(),
          aipw.models().learner());
    }

    /** The same settings with these triples, at most {@code max} estimated per subgroup. */
    public Settings withTriples(TripleScope value, int max) {
      return new Settings(minimumArmSize, pairs, minimumPairArmSize, aipw, pairTrimming,
          refuters, modification, value, max, profiles, maxProfilePairs, estimator);
    }

    /** The same settings with these profiles. */
    public Settings withProfiles(nl.samenspel.domain.Subgroup.Profiles value) {
      return withProfiles(value, maxProfilePairs);
    }

    /** The same settings with these profiles, at most {@code maxPairs} pairs per profile. */
    public Settings withProfiles(nl.samenspel.domain.Subgroup.Profiles value, int maxPairs) {
      return new Settings(minimumArmSize, pairs, minimumPairArmSize, aipw, pairTrimming,
          refuters, modification, triples, maxTriples, value, maxPairs, estimator);
    }

    /** The subgroups these settings estimate, in the order of {@code Subgroup.names}. */
    public List<String> subgroups() {
      return nl.samenspel.domain.Subgroup.names(profiles);
    }
  }

  /**
   * One episode as the estimator sees it.
   *
   * @param interventions catalog codes received in the episode's window
   * @param outcome 1 for durable participation, 0 otherwise, NaN when undetermined (such an
   *     episode counts only in the curves of time to durable work)
   * @param negativeControl an outcome measured before the assessment (NaN when unknown)
   * @param covariates encoded by {@link CovariateEncoder}
   * @param client the (pseudonymous) client the episode belongs to: a group needs enough
   *     different clients, not only enough episodes
   * @param time when durable work started or the episode was censored, for the curves of
   *     {@link nl.samenspel.survival.AdjustedCurves}; null when no curves are wanted
   */
  public record Unit(Set<String> interventions, double outcome, double negativeControl,
      double[] covariates, String client, nl.samenspel.journeys.TimeToDurableWork time) {
    public Unit {
      interventions = Set.copyOf(interventions);
      java.util.Objects.requireNonNull(client, "client");
      if (Double.isNaN(outcome) && time == null) {
        throw new IllegalArgumentException("an episode without a known outcome needs its time"
            + " to durable work");
      }
    }

    /** An episode with a known outcome and no time to durable work (no curves). */
    public Unit(Set<String> interventions, double outcome, double negativeControl,
        double[] covariates, String client) {
      this(interventions, outcome, negativeControl, covariates, client, null);
    }

    /** Whether the yes/no outcome is known (NaN: follow-up too short, only on the curves). */
    public boolean known() {
      return !Double.isNaN(outcome);
    }
  }

  /** Why a combination was not estimated. */
  public enum SkipReason {
    /** Fewer episodes in a group than the minimum. */
    TOO_FEW_EPISODES,
    /** After trimming for overlap, fewer episodes in a group than the minimum. */
    NO_OVERLAP,
    /** A model could not be fitted. */
    MODEL_FAILED,
    /**
     * A triple large enough to estimate, but not among the {@link Settings#maxTriples()} with the
     * most episodes receiving all three.
     */
    TRIPLE_LIMIT,
    /**
     * A pair in a profile large enough to estimate, but not among the {@link
     * Settings#maxProfilePairs()} with the most episodes receiving both.
     */
    PAIR_LIMIT
  }

  /**
   * A combination that was considered but not estimated.
   *
   * @param combination the combination
   * @param reason why
   * @param detail the model's message when it failed, empty otherwise
   */
  public record Skipped(Combination combination, SkipReason reason, String detail) {}

  /**
   * Estimated records, skipped combinations and, where projected, how the associations change
   * with the client profile, of one subgroup.
   */
  public record Result(List<EvidenceRecord> records, List<Skipped> skipped,
      List<EffectModification> modifications, List<TripleEffects> triples,
      List<nl.samenspel.evidence.Timing> timings) {
    public Result {
      records = List.copyOf(records);
      skipped = List.copyOf(skipped);
      modifications = List.copyOf(modifications);
      triples = List.copyOf(triples);
      timings = List.copyOf(timings);
    }

    public Result(List<EvidenceRecord> records, List<Skipped> skipped,
        List<EffectModification> modifications, List<TripleEffects> triples) {
      this(records, skipped, modifications, triples, List.of());
    }

    public Result(List<EvidenceRecord> records, List<Skipped> skipped,
        List<EffectModification> modifications) {
      this(records, skipped, modifications, List.of());
    }

    public Result(List<EvidenceRecord> records, List<Skipped> skipped) {
      this(records, skipped, List.of());
    }
  }

  /**
   * Told when a combination is settled (estimated, or found not estimable), in the order they
   * are fitted; for progress reports while a subgroup is fitted. Called on the fitting thread.
   */
  @FunctionalInterface
  public interface Progress {
    /** Reports nothing. */
    Progress NONE = combination -> { };

    void finished(Combination combination);
  }

  /** Arms of a pair with fewer units than this get no synergy estimate. */
  private static final int MINIMUM_SYNERGY_ARM = 10;

  private SubgroupEstimation() {}

  public static Result estimate(String element, List<Unit> units, List<CatalogEntry> catalog,
      Settings settings) {
    return estimate(element, units, catalog, settings, 0, 1);
  }

  /**
   * One shard of a subgroup's combinations: the single interventions whose code falls in the
   * shard, and the pairs whose first code does (so a pair finds the propensity of its first
   * intervention in the same shard, fitted once). Codes are dealt to shards by their number
   * of combinations, heaviest first. Every shard sees all units of the subgroup and derives the
   * same folds and seeds, so the union over the shards equals the unsharded result exactly.
   */
  public static Result estimate(String element, List<Unit> units, List<CatalogEntry> catalog,
      Settings settings, int shard, int shards) {
    return estimate(element, units, catalog, settings, shard, shards, Progress.NONE);
  }

  /**
   * {@link #estimate(String, List, List, Settings, int, int)}, telling {@code progress} as each
   * combination is settled.
   */
  public static Result estimate(String element, List<Unit> units, List<CatalogEntry> catalog,
      Settings settings, int shard, int shards, Progress progress) {
    if (shards < 1 || shard < 0 || shard >= shards) {
      throw new IllegalArgumentException("shard " + shard + " of " + shards);
    }
    List<Unit> known = units.stream().filter(Unit::known).toList();
    List<Unit> timed = units.stream().filter(u -> u.time() != null).toList();
    return new Fitter(element, known, timed, settings, progress).run(catalog, shard, shards);
  }

  /**
   * How many combinations a subgroup has: every catalog intervention and, with
   * cross-discipline pairs, every pair of interventions from different disciplines. Each of
   * them ends estimated or skipped with a reason.
   */
  public static int combinations(List<CatalogEntry> catalog, PairScope pairs) {
    return combinations(catalog, pairs, 0, 1);
  }

  /**
   * How many combinations a subgroup has with these settings: the single interventions and
   * pairs of {@link #combinations(List, PairScope)} and every triple of {@link
   * Settings#triples()}; each ends estimated or skipped with a reason.
   */
  public static int combinations(List<CatalogEntry> catalog, Settings settings) {
    return combinations(catalog, settings, 0, 1);
  }

  /** How many of a subgroup's combinations, triples included, fall in one shard. */
  public static int combinations(List<CatalogEntry> catalog, Settings settings, int shard,
      int shards) {
    int count = combinations(catalog, settings.pairs(), shard, shards);
    if (settings.triples() == TripleScope.ONE_PER_DISCIPLINE) {
      int triples = triples(sorted(catalog)).size();
      // Triple t belongs to shard t % shards.
      count += triples / shards + (shard < triples % shards ? 1 : 0);
    }
    return count;
  }

  /**
   * Every triple of one KM, one IC and one AM intervention, each in discipline order, in a
   * fixed order (by code within each discipline).
   */
  static List<List<String>> triples(List<CatalogEntry> sorted) {
    List<List<String>> triples = new ArrayList<>();
    for (CatalogEntry km : sorted) {
      if (km.discipline() != nl.samenspel.domain.Discipline.KM) {
        continue;
      }
      for (CatalogEntry ic : sorted) {
        if (ic.discipline() != nl.samenspel.domain.Discipline.IC) {
          continue;
        }
        for (CatalogEntry am : sorted) {
          if (am.discipline() == nl.samenspel.domain.Discipline.AM) {
            triples.add(List.of(km.code(), ic.code(), am.code()));
          }
        }
      }
    }
    return triples;
  }

  /** How many of a subgroup's combinations fall in one shard. */
  public static int combinations(List<CatalogEntry> catalog, PairScope pairs, int shard,
      int shards) {
    if (shards < 1 || shard < 0 || shard >= shards) {
      throw new IllegalArgumentException("shard " + shard + " of " + shards);
    }
    List<CatalogEntry> sorted = sorted(catalog);
    int[] weight = weights(sorted, pairs);
    java.util.Set<String> mine = codesOfShard(sorted, pairs, shard, shards);
    int count = 0;
    for (int a = 0; a < sorted.size(); a++) {
      if (mine.contains(sorted.get(a).code())) {
        count += weight[a];
      }
    }
    return count;
  }

  /** The published contrasts of a triple's result. */
  static TripleEffects tripleEffects(Combination combination, List<String> order,
      TripleAipw.Result result) {
    List<TripleEffects.Contrast> contrasts = new ArrayList<>();
    List<TripleEffects.Missing> missing = new ArrayList<>();
    for (TripleAipw.Quantity quantity : TRIPLE_ORDER) {
      boolean interaction = quantity == TripleAipw.Quantity.THREE_WAY_INTERACTION;
      String name = interaction ? TripleEffects.INTERACTION : TripleEffects.VERSUS_NONE;
      List<String> received = new ArrayList<>();
      if (!interaction) {
        int[] weights = quantity.weights();
        for (int arm = 1; arm < 8; arm++) {
          if (weights[arm] == 1) {
            for (int k = 0; k < 3; k++) {
              if ((arm >> k & 1) == 1) {
                received.add(order.get(k));
              }
            }
          }
        }
      }
      java.util.Optional<TripleAipw.Effect> effect = result.effect(quantity);
      if (effect.isPresent()) {
        TripleAipw.Effect e = effect.get();
        contrasts.add(new TripleEffects.Contrast(name, received, e.estimate(),
            e.standardError(), e.ciLow(), e.ciHigh(), e.pValue()));
      } else {
        String reason = result.notEstimated().stream().filter(q -> q.quantity() == quantity)
            .map(q -> q.reason().name()).findFirst().orElse("MODEL_FAILED");
        missing.add(new TripleEffects.Missing(name, received, reason));
      }
    }
    return new TripleEffects(combination, order, contrasts, missing);
  }

  /** The order the contrasts of a triple are published in: singles, pairs, all, interaction. */
  private static final List<TripleAipw.Quantity> TRIPLE_ORDER = List.of(
      TripleAipw.Quantity.FIRST_VERSUS_NONE, TripleAipw.Quantity.SECOND_VERSUS_NONE,
      TripleAipw.Quantity.THIRD_VERSUS_NONE, TripleAipw.Quantity.FIRST_SECOND_VERSUS_NONE,
      TripleAipw.Quantity.FIRST_THIRD_VERSUS_NONE, TripleAipw.Quantity.SECOND_THIRD_VERSUS_NONE,
      TripleAipw.Quantity.ALL_VERSUS_NONE, TripleAipw.Quantity.THREE_WAY_INTERACTION);

  private static List<CatalogEntry> sorted(List<CatalogEntry> catalog) {
    return catalog.stream().sorted((a, b) -> a.code().compareTo(b.code())).toList();
  }

  /** Per code (sorted): its single estimate plus the pairs it opens as the first code. */
  private static int[] weights(List<CatalogEntry> sorted, PairScope pairs) {
    int[] weight = new int[sorted.size()];
    for (int a = 0; a < sorted.size(); a++) {
      weight[a] = 1;
      for (int b = a + 1; b < sorted.size(); b++) {
        if (pairs == PairScope.CROSS_DISCIPLINE
            && sorted.get(a).discipline() != sorted.get(b).discipline()) {
          weight[a]++;
        }
      }
    }
    return weight;
  }

  /** The codes of one shard: dealt heaviest first (by combinations) to the lightest shard. */
  private static java.util.Set<String> codesOfShard(List<CatalogEntry> sorted, PairScope pairs,
      int shard, int shards) {
    int[] weight = weights(sorted, pairs);
    Integer[] order = java.util.stream.IntStream.range(0, sorted.size()).boxed()
        .toArray(Integer[]::new);
    java.util.Arrays.sort(order, (x, y) -> weight[y] != weight[x]
        ? Integer.compare(weight[y], weight[x]) : Integer.compare(x, y));
    long[] load = new long[shards];
    java.util.Set<String> mine = new java.util.HashSet<>();
    for (int a : order) {
      int lightest = 0;
      for (int k = 1; k < shards; k++) {
        if (load[k] < load[lightest]) {
          lightest = k;
        }
      }
      load[lightest] += weight[a];
      if (lightest == shard) {
        mine.add(sorted.get(a).code());
      }
    }
    return mine;
  }

  /** State of one subgroup's fit: the shared arrays. */
  private static final class Fitter {
    private final String element;
    private final List<Unit> units;
    private final Settings settings;
    private final Progress progress;
    private final double[][] covariates;
    private final double[] outcomes;
    private final double[] negativeControl;
    private final int[] fold;
    /** Client of each unit as a small integer; null when every unit is a different client. */
    private final int[] client;
    private final java.util.Map<String, double[]> propensityCache = new java.util.HashMap<>();
    private final List<EvidenceRecord> records = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();
    private final List<EffectModification> modifications = new ArrayList<>();
    private final List<TripleEffects> triples = new ArrayList<>();
    /** P(first | X) and P(second | first, X) of a triple, shared by the triples that start so. */
    private final java.util.Map<String, TripleAipw.FirstTwo> firstTwoCache =
        new java.util.HashMap<>();

    /** Every episode with a time to durable work, also those whose outcome is undetermined. */
    private final List<Unit> timed;
    private final List<nl.samenspel.evidence.Timing> timings = new ArrayList<>();

    /** The chosen estimator per kind of combination; null with the pipeline's own AIPW. */
    private final Estimator chosenSingle;
    private final Estimator chosenPair;
    private final Estimator chosenTriple;

    Fitter(String element, List<Unit> units, List<Unit> timed, Settings settings,
        Progress progress) {
      if (settings.ownEstimator()) {
        chosenSingle = null;
        chosenPair = null;
        chosenTriple = null;
      } else {
        Estimand estimand = settings.aipw().estimand();
        chosenSingle = Estimators.create(settings.estimator(),
            settings.estimatorSettings(estimand, settings.aipw().trimming()));
        chosenPair = Estimators.create(settings.estimator(),
            settings.estimatorSettings(estimand, settings.pairTrimming()));
        chosenTriple = Estimators.create(settings.estimator(),
            settings.estimatorSettings(Estimand.ATT, settings.pairTrimming()));
      }
      this.element = element;
      this.units = units;
      this.timed = timed;
      this.settings = settings;
      this.progress = Objects.requireNonNull(progress, "progress");
      this.covariates = units.stream().map(Unit::covariates).toArray(double[][]::new);
      this.outcomes = units.stream().mapToDouble(Unit::outcome).toArray();
      this.negativeControl = units.stream().mapToDouble(Unit::negativeControl).toArray();
      java.util.Map<String, Integer> ids = new java.util.HashMap<>();
      int[] clients = new int[units.size()];
      for (int i = 0; i < clients.length; i++) {
        clients[i] = ids.computeIfAbsent(units.get(i).client(), key -> ids.size());
      }
      this.client = ids.size() == units.size() ? null : clients;
      // One fold assignment for every combination of the subgroup, so that the cross-fitted
      // propensity of an intervention is fitted once and shared by its single estimate, its
      // negative control and every pair it is part of.
      this.fold = CrossFit.randomFolds(units.size(), settings.aipw().folds(),
          settings.aipw().seed() ^ element.hashCode());
    }

    /** Every input of the subgroup shares these units' standardised design. */
    private EstimationInput base;
    /** The units whose negative-control outcome is known, with their own shared design. */
    private EstimationInput knownBase;
    private int[] known;

    private EstimationInput binaryInput(int[] arms, double[] outcome) {
      return input(arms, outcome, 2);
    }

    private EstimationInput input(int[] arms, double[] outcome, int armCount) {
      if (base == null) {
        base = new EstimationInput(arms, outcome, covariates, CovariateEncoder.NAMES, armCount,
            false);
        return base;
      }
      return base.withArms(arms, outcome, armCount);
    }

    /** Cross-fitted P(code received | X) for every unit, fitted once per subgroup. */
    private double[] propensity(String code) {
      return propensityCache.computeIfAbsent(code, c -> column(CrossFit.propensity(
          binaryInput(received(c), outcomes), fold, PropensityStrategy.JOINT,
          settings.aipw().models()), 1));
    }

    private static double[] column(double[][] matrix, int column) {
      double[] values = new double[matrix.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = matrix[i][column];
      }
      return values;
    }

    private static double[][] binaryArms(double[] e) {
      double[][] pi = new double[e.length][2];
      for (int i = 0; i < e.length; i++) {
        pi[i][0] = 1 - e[i];
        pi[i][1] = e[i];
      }
      return pi;
    }

    /** AIPW of a binary contrast with given cross-fitted propensities. */
    private EffectEstimate aipwBinary(AugmentedIpw aipw, int[] arms, double[] outcome,
        double[][] pi) {
      EstimationInput input = binaryInput(arms, outcome);
      return aipw.estimate(input, Contrast.BINARY, binaryNuisance(input, pi));
    }

    /** The given propensities with cross-fitted outcome models of both arms. */
    private AugmentedIpw.Nuisance binaryNuisance(EstimationInput input, double[][] pi) {
      double[][] m = CrossFit.outcomes(input, fold, new int[] {0, 1}, settings.aipw().models());
      return AugmentedIpw.nuisance(pi, m);
    }

    /** Whether this subgroup's associations are projected on the client profile. */
    private boolean projecting() {
      return settings.modification() == ModifierScope.WHOLE_POPULATION
          && nl.samenspel.domain.Element.ALL.equals(element);
    }

    /**
     * The best linear projection of one comparison's doubly robust scores on the client
     * profile, from the nuisances of its estimate (nothing is refitted). Kept only when the
     * estimate itself is kept ({@link #add}); a projection that can't be computed (too few
     * units for ten slopes, aliased modifiers) is left out (null), the estimate stays.
     */
    private EffectModification project(Combination combination, AugmentedIpw aipw,
        EstimationInput input, Contrast contrast, AugmentedIpw.Nuisance nuisance) {
      if (!projecting()) {
        return null;
      }
      try {
        if (profile == null) {
          profile = BestLinearProjection.select(covariates, CovariateEncoder.NAMES,
              BestLinearProjection.PROFILE);
        }
        DoublyRobustScores scores = aipw.scores(input, contrast, nuisance);
        int treated = 0;
        int compared = 0;
        for (int k = 0; k < scores.size(); k++) {
          int arm = input.arm(scores.unit(k));
          treated += arm == contrast.treatedArm() ? 1 : 0;
          compared += arm == contrast.comparisonArm() ? 1 : 0;
        }
        if (Math.min(treated, compared)
            < UNITS_PER_MODIFIER * BestLinearProjection.PROFILE.size()) {
          // The scores' spread sits in the smaller group: with fewer than 80 of its units per
          // slope the HC3 omnibus test rejects too often (simulated with nine modifiers and no
          // modification: 20% at 100 in the smaller group, 11% at 300, 8% at 500, 6.8% at 710;
          // BestLinearProjectionSimulationTest).
          return null;
        }
        BestLinearProjection.Result fit = new BestLinearProjection(
            new BestLinearProjection.Options(settings.aipw().confidenceLevel(),
                BestLinearProjection.Centring.MEAN))
            .fit(scores, profile, BestLinearProjection.PROFILE);
        List<EffectModification.Slope> slopes = new ArrayList<>();
        for (BestLinearProjection.Coefficient c : fit.coefficients()) {
          if (!c.name().equals(BestLinearProjection.INTERCEPT)) {
            slopes.add(new EffectModification.Slope(c.name(), c.estimate(), c.standardError(),
                c.ciLow(), c.ciHigh(), c.pValue()));
          }
        }
        BestLinearProjection.Omnibus omnibus = fit.omnibus();
        return new EffectModification(combination, fit.n(), slopes,
            fit.dropped(), omnibus.statistic(), omnibus.degreesOfFreedom(),
            omnibus.residualDegreesOfFreedom(), omnibus.pValue());
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    /**
     * A projection needs at least this many units of the smaller group per modifier (720 for
     * the nine of the profile), so that its omnibus test holds its level.
     */
    private static final int UNITS_PER_MODIFIER = 80;

    /** The client profile of every unit ({@link BestLinearProjection#PROFILE}), when needed. */
    private double[][] profile;


    Result run(List<CatalogEntry> catalog, int shard, int shards) {
      List<CatalogEntry> sorted = sorted(catalog);
      java.util.Set<String> mine = codesOfShard(sorted, settings.pairs(), shard, shards);
      for (CatalogEntry entry : sorted) {
        if (mine.contains(entry.code())) {
          fitSingle(entry.code());
          progress.finished(new Combination(element, List.of(entry.code())));
        }
      }
      if (settings.pairs() == PairScope.CROSS_DISCIPLINE) {
        java.util.Set<List<String>> overLimit = nl.samenspel.domain.Subgroup.isProfile(element)
            ? profilePairsOverLimit(sorted) : java.util.Set.of();
        for (int a = 0; a < sorted.size(); a++) {
          if (!mine.contains(sorted.get(a).code())) {
            continue;
          }
          for (int b = a + 1; b < sorted.size(); b++) {
            if (sorted.get(a).discipline() != sorted.get(b).discipline()) {
              List<String> pair = List.of(sorted.get(a).code(), sorted.get(b).code());
              if (overLimit.contains(pair)) {
                skipped.add(new Skipped(new Combination(element, pair), SkipReason.PAIR_LIMIT,
                    "not among the " + settings.maxProfilePairs() + " pairs of the profile with"
                    + " the most episodes receiving both"));
              } else {
                fitPair(pair.get(0), pair.get(1));
              }
              progress.finished(new Combination(element, pair));
            }
          }
        }
      }
      if (settings.triples() == TripleScope.ONE_PER_DISCIPLINE) {
        fitTriples(sorted, shard, shards);
      }
      return new Result(records, skipped, modifications, triples, timings);
    }

    /**
     * In a profile: the cross-discipline pairs (codes in catalog order) large enough to
     * estimate but not among the {@link Settings#maxProfilePairs()} with the most episodes
     * receiving both. Arm sizes decide, never outcomes, and every shard ranks all pairs the
     * same way.
     */
    private java.util.Set<List<String>> profilePairsOverLimit(List<CatalogEntry> sorted) {
      List<List<String>> pairs = new ArrayList<>();
      for (int a = 0; a < sorted.size(); a++) {
        for (int b = a + 1; b < sorted.size(); b++) {
          if (sorted.get(a).discipline() != sorted.get(b).discipline()) {
            pairs.add(List.of(sorted.get(a).code(), sorted.get(b).code()));
          }
        }
      }
      boolean[] eligible = new boolean[pairs.size()];
      int[] both = new int[pairs.size()];
      for (int k = 0; k < pairs.size(); k++) {
        int[] arms = pairArms(received(pairs.get(k).get(0)), received(pairs.get(k).get(1)));
        eligible[k] = largeEnough(arms, BOTH_VERSUS_NEITHER, settings.minimumPairArmSize());
        both[k] = (int) java.util.Arrays.stream(arms).filter(arm -> arm == 3).count();
      }
      java.util.Set<Integer> chosen = largest(eligible, both, settings.maxProfilePairs());
      java.util.Set<List<String>> overLimit = new java.util.HashSet<>();
      for (int k = 0; k < pairs.size(); k++) {
        if (eligible[k] && !chosen.contains(k)) {
          overLimit.add(pairs.get(k));
        }
      }
      return overLimit;
    }

    /**
     * The indices of at most {@code max} eligible candidates with the largest sizes, ties to
     * the earlier one: how triples and a profile's pairs are chosen when there are too many.
     */
    private static java.util.Set<Integer> largest(boolean[] eligible, int[] sizes, int max) {
      java.util.Set<Integer> chosen = new java.util.HashSet<>();
      java.util.stream.IntStream.range(0, sizes.length).filter(k -> eligible[k]).boxed()
          .sorted((x, y) -> sizes[x] != sizes[y] ? Integer.compare(sizes[y], sizes[x])
              : Integer.compare(x, y))
          .limit(max).forEach(chosen::add);
      return chosen;
    }

    /**
     * The triples of this shard (triple t of {@link SubgroupEstimation#triples} belongs to shard
     * t % shards). Every shard ranks all triples the same way, so that the ones estimated are
     * those with the most episodes receiving all three, whatever the sharding.
     */
    private void fitTriples(List<CatalogEntry> sorted, int shard, int shards) {
      List<List<String>> all = triples(sorted);
      TripleAipw triple;
      try {
        // ATT: "all three" is rare, so the population is the clients who received it; the
        // whole population (ATE) would need their chance extrapolated to clients unlike them.
        triple = new TripleAipw(new TripleAipw.Options(settings.minimumPairArmSize(),
            settings.pairTrimming(), settings.aipw().confidenceLevel(),
            settings.aipw().models(), Estimand.ATT));
      } catch (IllegalArgumentException e) {
        for (int t = shard; t < all.size(); t += shards) {
          Combination combination = new Combination(element, all.get(t));
          skipped.add(new Skipped(combination, SkipReason.MODEL_FAILED, e.getMessage()));
          progress.finished(combination);
        }
        return;
      }
      int[] allThree = new int[all.size()];
      boolean[] eligible = new boolean[all.size()];
      for (int t = 0; t < all.size(); t++) {
        EstimationInput input = input(tripleArms(all.get(t)), outcomes, 8);
        eligible[t] = triple.largeEnough(input, client);
        for (int i = 0; i < input.size(); i++) {
          allThree[t] += input.arm(i) == TripleAipw.Arm.ALL.code() ? 1 : 0;
        }
      }
      java.util.Set<Integer> chosen = largest(eligible, allThree, settings.maxTriples());
      for (int t = shard; t < all.size(); t += shards) {
        Combination combination = new Combination(element, all.get(t));
        if (!eligible[t]) {
          skipped.add(new Skipped(combination, SkipReason.TOO_FEW_EPISODES, ""));
        } else if (!chosen.contains(t)) {
          skipped.add(new Skipped(combination, SkipReason.TRIPLE_LIMIT, "not among the "
              + settings.maxTriples() + " triples with the most episodes receiving all three"));
        } else {
          fitTriple(triple, all.get(t));
        }
        progress.finished(combination);
      }
    }

    /** Arms of a triple: first + 2 second + 4 third. */
    private int[] tripleArms(List<String> order) {
      int[] arms = received(order.get(0));
      int[] second = received(order.get(1));
      int[] third = received(order.get(2));
      for (int i = 0; i < arms.length; i++) {
        arms[i] += 2 * second[i] + 4 * third[i];
      }
      return arms;
    }

    /** One triple: all three against none as a record, the contrasts inside it beside it. */
    private void fitTriple(TripleAipw triple, List<String> order) {
      Combination combination = new Combination(element, order);
      if (chosenTriple != null) {
        fitTripleWithChosen(combination, order);
        return;
      }
      try {
        EstimationInput input = input(tripleArms(order), outcomes, 8);
        TripleAipw.FirstTwo firstTwo = firstTwoCache.get(order.get(0) + "|" + order.get(1));
        if (firstTwo == null) {
          firstTwo = triple.firstTwo(input, fold);
          firstTwoCache.put(order.get(0) + "|" + order.get(1), firstTwo);
        }
        TripleAipw.Result result = triple.estimate(input, fold, client, firstTwo);
        if (!result.estimated()) {
          TripleAipw.NotEstimated why = result.notEstimated().stream()
              .filter(q -> q.quantity() == TripleAipw.Quantity.ALL_VERSUS_NONE).findFirst()
              .orElseThrow();
          skipped.add(new Skipped(combination, SkipReason.valueOf(why.reason().name()),
              why.reason() == TripleAipw.Reason.MODEL_FAILED ? why.detail() : ""));
          return;
        }
        TripleAipw.Effect headline = result.effect(TripleAipw.Quantity.ALL_VERSUS_NONE)
            .orElseThrow();
        TripleAipw.ArmMean treated = result.mean(TripleAipw.Arm.ALL).orElseThrow();
        TripleAipw.ArmMean comparison = result.mean(TripleAipw.Arm.NONE).orElseThrow();
        if (implausible(combination, treated.mean(), comparison.mean())) {
          return;
        }
        EffectEstimate naive = new NaiveDifference(settings.aipw().confidenceLevel())
            .estimate(input, new Contrast(TripleAipw.Arm.ALL.code(), TripleAipw.Arm.NONE.code()));
        Diagnostics d = result.balance();
        EValue eValue = EValue.ofRiskDifference(headline.estimate(), headline.ciLow(),
            headline.ciHigh(), comparison.mean());
        TripleAipw.Effect interaction = result.effect(TripleAipw.Quantity.THREE_WAY_INTERACTION)
            .orElse(null);
        double nan = Double.NaN;
        records.add(new EvidenceRecord(element, combination.interventions(), "aipw",
            Estimand.ATT.name(), headline.estimate(), headline.standardError(), headline.ciLow(),
            headline.ciHigh(), headline.pValue(), nan, naive.estimate(), naive.ciLow(),
            naive.ciHigh(), treated.mean(), comparison.mean(), treated.units(),
            comparison.units(), treated.effectiveSize(), comparison.effectiveSize(),
            d.maxAbsSmdBefore(), d.maxAbsSmdAfter(), d.shareTrimmed(),
            d.propensityTreated().length == 3 ? d.propensityTreated()[1] : nan,
            d.propensityComparison().length == 3 ? d.propensityComparison()[1] : nan,
            nan, nan, nan, nan, nan, nan, eValue.estimate(), eValue.interval(),
            interaction == null ? nan : interaction.estimate(),
            interaction == null ? nan : interaction.ciLow(),
            interaction == null ? nan : interaction.ciHigh(), smallestCell(naive)));
        triples.add(tripleEffects(combination, order, result));
        curves(combination, Estimand.ATT, settings.pairTrimming(), null);
      } catch (RuntimeException e) {
        skipped.add(new Skipped(combination, SkipReason.MODEL_FAILED, String.valueOf(
            e.getMessage())));
      }
    }


    /**
     * A triple with the chosen estimator: all three against none, for the clients who received
     * all three (the estimator is made with ATT); the contrasts inside the triple and the
     * three-way interaction need AIPW's eight-arm scores and are left out.
     */
    private void fitTripleWithChosen(Combination combination, List<String> order) {
      try {
        EstimationInput input = input(tripleArms(order), outcomes, 8);
        Contrast allVersusNone = new Contrast(TripleAipw.Arm.ALL.code(),
            TripleAipw.Arm.NONE.code());
        EffectEstimate adjusted = chosenTriple.estimate(input, allVersusNone);
        EffectEstimate naive = new NaiveDifference(settings.aipw().confidenceLevel())
            .estimate(input, allVersusNone);
        add(combination, adjusted, naive, null, null, null, null,
            () -> curves(combination, Estimand.ATT, settings.pairTrimming(), null));
      } catch (RuntimeException e) {
        skipped.add(new Skipped(combination, SkipReason.MODEL_FAILED, String.valueOf(
            e.getMessage())));
      }
    }

    /** Who received each code (1) or not (0), computed once per code of the subgroup. */
    private final java.util.Map<String, int[]> receivedCache = new java.util.HashMap<>();

    /** A fresh copy of who received the code: callers may change it. */
    private int[] received(String code) {
      return receivedCache.computeIfAbsent(code, c -> {
        int[] treatment = new int[units.size()];
        for (int i = 0; i < treatment.length; i++) {
          treatment[i] = units.get(i).interventions().contains(c) ? 1 : 0;
        }
        return treatment;
      }).clone();
    }

    private void fitSingle(String code) {
      Combination combination = new Combination(element, List.of(code));
      int[] arms = received(code);
      if (!largeEnough(arms, Contrast.BINARY, settings.minimumArmSize())) {
        skipped.add(new Skipped(combination, SkipReason.TOO_FEW_EPISODES, ""));
        return;
      }
      if (chosenSingle != null) {
        fitSingleWithChosen(combination, code, arms);
        return;
      }
      AugmentedIpw aipw = new AugmentedIpw(settings.aipw());
      try {
        double[][] pi = binaryArms(propensity(code));
        if (noOverlap(combination, arms, pi, 1, 0, settings.aipw().trimming(),
            settings.minimumArmSize())) {
          return;
        }
        EstimationInput input = binaryInput(arms, outcomes);
        AugmentedIpw.Nuisance nuisance = binaryNuisance(input, pi);
        EffectEstimate adjusted = aipw.estimate(input, Contrast.BINARY, nuisance);
        EffectModification modification = project(combination, aipw, input, Contrast.BINARY,
            nuisance);
        EffectEstimate naive = new NaiveDifference(settings.aipw().confidenceLevel())
            .estimate(binaryInput(arms, outcomes), Contrast.BINARY);
        EffectEstimate placebo = null;
        EffectEstimate negative = null;
        if (settings.refuters() == Refuters.ALL) {
          int[] shuffled = permuted(arms, code);
          double[][] placeboPi = CrossFit.propensity(binaryInput(shuffled, outcomes), fold,
              PropensityStrategy.JOINT, settings.aipw().models());
          placebo = aipwBinary(aipw, shuffled, outcomes, placeboPi);
          negative = negativeControl(aipw, arms, pi);
        }
        add(combination, adjusted, naive, placebo, negative, null, modification,
            propensity(code));
      } catch (RuntimeException e) {
        skipped.add(new Skipped(combination, SkipReason.MODEL_FAILED, String.valueOf(
            e.getMessage())));
      }
    }

    /**
     * A single intervention with the chosen estimator: its association, its placebo (the same
     * shuffled labels as AIPW's) and its negative control. Nothing is projected on the
     * profile; the curves use the pipeline's own propensity, as with AIPW.
     */
    private void fitSingleWithChosen(Combination combination, String code, int[] arms) {
      try {
        EstimationInput input = binaryInput(arms, outcomes);
        EffectEstimate adjusted = chosenSingle.estimate(input, Contrast.BINARY);
        EffectEstimate naive = new NaiveDifference(settings.aipw().confidenceLevel())
            .estimate(input, Contrast.BINARY);
        EffectEstimate placebo = null;
        EffectEstimate negative = null;
        if (settings.refuters() == Refuters.ALL) {
          placebo = orNull(() -> chosenSingle.estimate(
              binaryInput(permuted(arms, code), outcomes), Contrast.BINARY));
          EstimationInput knownInput = negativeControlInput(arms);
          negative = knownInput == null ? null
              : orNull(() -> chosenSingle.estimate(knownInput, Contrast.BINARY));
        }
        add(combination, adjusted, naive, placebo, negative, null, null, propensity(code));
      } catch (RuntimeException e) {
        skipped.add(new Skipped(combination, SkipReason.MODEL_FAILED, String.valueOf(
            e.getMessage())));
      }
    }

    /** A refuter's estimate, or null when the estimator refuses it (as AIPW's refuters). */
    private static EffectEstimate orNull(java.util.function.Supplier<EffectEstimate> refuter) {
      try {
        return refuter.get();
      } catch (RuntimeException e) {
        return null;
      }
    }

    /**
     * AIPW on the negative-control outcome, over the units for which it is known (it needs six
     * months of outcomes before the assessment); null when it is known for too few or does not
     * vary.
     */
    private EffectEstimate negativeControl(AugmentedIpw aipw, int[] arms, double[][] pi) {
      EstimationInput input = negativeControlInput(arms);
      if (input == null) {
        return null;
      }
      try {
        double[][] knownPi = new double[known.length][];
        int[] knownFold = new int[known.length];
        for (int k = 0; k < known.length; k++) {
          knownPi[k] = pi[known[k]];
          knownFold[k] = fold[known[k]];
        }
        double[][] m = CrossFit.outcomes(input, knownFold, new int[] {0, 1},
            settings.aipw().models());
        return aipw.estimate(input, Contrast.BINARY, AugmentedIpw.nuisance(knownPi, m));
      } catch (RuntimeException e) {
        return null;
      }
    }

    /**
     * The units whose negative-control outcome is known, with these arms and that outcome;
     * null when it is known for too few of either arm or does not vary.
     */
    private EstimationInput negativeControlInput(int[] arms) {
      if (known == null) {
        known = java.util.stream.IntStream.range(0, arms.length)
            .filter(i -> !Double.isNaN(negativeControl[i])).toArray();
      }
      int treated = 0;
      for (int i : known) {
        treated += arms[i];
      }
      int minimum = settings.minimumArmSize();
      if (treated < minimum || known.length - treated < minimum) {
        return null;
      }
      double[] outcome = new double[known.length];
      int[] knownArms = new int[known.length];
      for (int k = 0; k < known.length; k++) {
        outcome[k] = negativeControl[known[k]];
        knownArms[k] = arms[known[k]];
      }
      if (java.util.Arrays.stream(outcome).distinct().count() < 2) {
        return null;
      }
      if (knownBase == null) {
        double[][] x = new double[known.length][];
        for (int k = 0; k < known.length; k++) {
          x[k] = covariates[known[k]];
        }
        knownBase = new EstimationInput(knownArms, outcome, x, CovariateEncoder.NAMES, 2,
            false);
        return knownBase;
      }
      return knownBase.withArms(knownArms, outcome, 2);
    }

    /** The treatment labels shuffled, seeded by the settings and the code. */
    private int[] permuted(int[] arms, String code) {
      int[] copy = arms.clone();
      SplittableRandom random = new SplittableRandom(settings.aipw().seed() ^ code.hashCode()
          ^ element.hashCode());
      for (int i = copy.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = copy[i];
        copy[i] = copy[j];
        copy[j] = swap;
      }
      return copy;
    }

    /**
     * Both against neither, with the factorised propensity P(A, B | X) = P(A | X) P(B | A, X),
     * and the synergy when every arm has at least a few episodes.
     */
    /** A pair's arms: 0 neither, 1 only the first, 2 only the second, 3 both. */
    private static int[] pairArms(int[] first, int[] second) {
      int[] arms = new int[first.length];
      for (int i = 0; i < arms.length; i++) {
        arms[i] = first[i] + 2 * second[i];
      }
      return arms;
    }

    /** The contrast a pair is estimated on: both against neither. */
    private static final Contrast BOTH_VERSUS_NEITHER = new Contrast(3, 0);

    private void fitPair(String first, String second) {
      Combination combination = new Combination(element, List.of(first, second));
      AugmentedIpw aipw = new AugmentedIpw(settings.aipw().withTrimming(settings.pairTrimming()));
      int[] a = received(first);
      int[] b = received(second);
      int[] arms = pairArms(a, b);
      int[] counts = new int[4];
      for (int arm : arms) {
        counts[arm]++;
      }
      Contrast contrast = BOTH_VERSUS_NEITHER;
      if (!largeEnough(arms, contrast, settings.minimumPairArmSize())) {
        skipped.add(new Skipped(combination, SkipReason.TOO_FEW_EPISODES, ""));
        return;
      }
      if (chosenPair != null) {
        fitPairWithChosen(combination, first, a, b, arms);
        return;
      }
      try {
        EstimationInput input = input(arms, outcomes, 4);
        boolean synergyPossible = counts[1] >= MINIMUM_SYNERGY_ARM
            && counts[2] >= MINIMUM_SYNERGY_ARM;
        double[][] pi = pairPropensity(first, a, b);
        if (noOverlap(combination, arms, pi, 3, 0, settings.pairTrimming(),
            settings.minimumPairArmSize())) {
          return;
        }
        double[][] m = CrossFit.outcomes(input, fold,
            synergyPossible ? new int[] {0, 1, 2, 3} : new int[] {0, 3},
            settings.aipw().models());
        AugmentedIpw.Nuisance nuisance = AugmentedIpw.nuisance(pi, m);
        EffectEstimate adjusted = aipw.estimate(input, contrast, nuisance);
        EffectModification modification = project(combination, aipw, input, contrast,
            nuisance);
        EffectEstimate naive = new NaiveDifference(settings.aipw().confidenceLevel())
            .estimate(input, contrast);
        AugmentedIpw.Synergy synergy = synergyPossible ? aipw.synergy(input, nuisance) : null;
        add(combination, adjusted, naive, null, null, synergy, modification,
            bothAgainstNeither(pi));
      } catch (RuntimeException e) {
        skipped.add(new Skipped(combination, SkipReason.MODEL_FAILED, String.valueOf(
            e.getMessage())));
      }
    }

    /**
     * A pair with the chosen estimator: both against neither, no synergy (it needs AIPW's
     * scores of all four arms) and no projection; the curves use the same factorised
     * propensity as with AIPW.
     */
    private void fitPairWithChosen(Combination combination, String first, int[] a, int[] b,
        int[] arms) {
      try {
        EstimationInput input = input(arms, outcomes, 4);
        EffectEstimate adjusted = chosenPair.estimate(input, BOTH_VERSUS_NEITHER);
        EffectEstimate naive = new NaiveDifference(settings.aipw().confidenceLevel())
            .estimate(input, BOTH_VERSUS_NEITHER);
        add(combination, adjusted, naive, null, null, null, null,
            bothAgainstNeither(pairPropensity(first, a, b)));
      } catch (RuntimeException e) {
        skipped.add(new Skipped(combination, SkipReason.MODEL_FAILED, String.valueOf(
            e.getMessage())));
      }
    }

    /** A pair's propensity of both against neither, from its four-arm propensities. */
    private static double[] bothAgainstNeither(double[][] pi) {
      double[] e = new double[pi.length];
      for (int i = 0; i < pi.length; i++) {
        double sum = pi[i][3] + pi[i][0];
        e[i] = sum <= 0 ? 0.5 : pi[i][3] / sum;
      }
      return e;
    }

    /**
     * Cross-fitted P(arm | X) for the four arms of a pair, factorised as P(A | X) P(B | A, X):
     * P(A | X) is the cached single-intervention propensity; P(B | A, X) is a binomial model
     * on the covariates plus A, fitted per fold.
     */
    private double[][] pairPropensity(String first, int[] a, int[] b) {
      double[] eA = propensity(first);
      int n = units.size();
      double[][] pi = new double[n][4];
      // P(B | A, X): the subgroup's design plus A as the last column.
      Design design = binaryInput(a, outcomes).design().withColumn(a);
      double[] start = null;
      for (int f = 0; f < CrossFit.foldCount(fold); f++) {
        int[][] rows = CrossFit.split(fold, f);
        if (!LogisticFit.varies(rows[0], b)) {
          throw new IllegalArgumentException("treatment does not vary; nothing to compare");
        }
        LogisticFit modelB = LogisticFit.fit(design, rows[0], b, settings.aipw().models(),
            start);
        start = modelB.coefficients();
        for (int i : rows[1]) {
          double bGivenA = LogisticFit.sigmoid(design.linearPredictorWithLast(start, i, 1));
          double bGivenNotA = LogisticFit.sigmoid(design.linearPredictorWithLast(start, i, 0));
          pi[i][0] = (1 - eA[i]) * (1 - bGivenNotA);
          pi[i][1] = eA[i] * (1 - bGivenA);
          pi[i][2] = (1 - eA[i]) * bGivenNotA;
          pi[i][3] = eA[i] * bGivenA;
        }
      }
      return pi;
    }

    /**
     * Whether too few units of either group are left after trimming on the propensities alone,
     * decided before any outcome model is fitted: a combination without overlap costs its
     * propensity model only. Skips it with the reason and the counts that the AIPW estimate
     * itself would have found.
     */
    private boolean noOverlap(Combination combination, int[] arms, double[][] pi, int t, int c,
        Trimming trimming, int minimum) {
      int n = arms.length;
      double[] e = new double[n];
      boolean[] treated = new boolean[n];
      boolean[] comparison = new boolean[n];
      for (int i = 0; i < n; i++) {
        double sum = pi[i][t] + pi[i][c];
        e[i] = sum <= 0 ? 0.5 : pi[i][t] / sum;
        treated[i] = arms[i] == t;
        comparison[i] = arms[i] == c;
      }
      boolean[] keep = trimming.keep(e, treated, comparison);
      int keptTreated = 0;
      int keptComparison = 0;
      for (int i = 0; i < n; i++) {
        if (keep[i] && treated[i]) {
          keptTreated++;
        } else if (keep[i] && comparison[i]) {
          keptComparison++;
        }
      }
      if (keptTreated >= minimum && keptComparison >= minimum) {
        return false;
      }
      skipped.add(new Skipped(combination, SkipReason.NO_OVERLAP, keptTreated + " treated and "
          + keptComparison + " comparison episodes after trimming"));
      return true;
    }

    /** Both groups hold at least {@code minimum} episodes of {@code minimum} different clients. */
    private boolean largeEnough(int[] arms, Contrast contrast, int minimum) {
      java.util.BitSet treatedClients = new java.util.BitSet();
      java.util.BitSet comparisonClients = new java.util.BitSet();
      int treated = 0;
      int comparison = 0;
      for (int i = 0; i < arms.length; i++) {
        if (arms[i] == contrast.treatedArm()) {
          treated++;
          if (client != null) {
            treatedClients.set(client[i]);
          }
        } else if (arms[i] == contrast.comparisonArm()) {
          comparison++;
          if (client != null) {
            comparisonClients.set(client[i]);
          }
        }
      }
      if (client != null) {
        treated = Math.min(treated, treatedClients.cardinality());
        comparison = Math.min(comparison, comparisonClients.cardinality());
      }
      return treated >= minimum && comparison >= minimum;
    }

    /** Folds of the timed units, their covariates, months and events; set on first use. */
    private int[] timedFold;
    private double[][] timedCovariates;
    /** The timed units' covariates standardised once, for the curves' propensity models. */
    private Design timedDesign;
    private int[] timedMonths;
    private int[] timedEvents;
    private final java.util.Map<String, double[]> timedPropensity = new java.util.HashMap<>();

    /**
     * The adjusted curves of time to durable work of an estimated single intervention
     * (received against not), pair (both against neither) or triple (all three against none of
     * the three, for the clients who received all three: ATT, as its estimate), over every timed
     * episode of the subgroup, also those whose twelve-month outcome is undetermined. The
     * propensities are cross-fitted on those episodes with the same model and the same number
     * of folds as the AIPW estimate (which sees only the episodes with a known outcome), and
     * trimmed by the same rule. Curves that can't be computed (too few units left after
     * trimming) are left out; the estimate stays.
     */
    private void curves(Combination combination, double[] propensity) {
      curves(combination, settings.aipw().estimand(), combination.isSingle()
          ? settings.aipw().trimming() : settings.pairTrimming(), propensity);
    }

    /**
     * @param estimate the estimate's own cross-fitted propensity of the treated group against
     *     the comparison group, per unit with a known outcome (null: none). When every timed
     *     episode has a known outcome the curves use it as it is, so both answers rest on the
     *     same fitted models and nothing is refitted; otherwise the curves fit their own on all
     *     timed episodes.
     */
    private void curves(Combination combination, Estimand estimand, Trimming trimming,
        double[] estimate) {
      if (timed.isEmpty()) {
        return;
      }
      int n = timed.size();
      if (timedFold == null) {
        timedFold = CrossFit.randomFolds(n, settings.aipw().folds(),
            settings.aipw().seed() ^ element.hashCode() ^ CURVE_SEED);
        timedCovariates = new double[n][];
        timedMonths = new int[n];
        timedEvents = new int[n];
        for (int i = 0; i < n; i++) {
          Unit unit = timed.get(i);
          timedCovariates[i] = unit.covariates();
          timedMonths[i] = unit.time().month();
          timedEvents[i] = unit.time().eventIndicator();
        }
      }
      List<String> codes = combination.interventions();
      try {
        nl.samenspel.survival.AdjustedCurves.Comparison comparison;
        nl.samenspel.evidence.Timing.Censoring censoring;
        java.util.Map<Integer, long[]> people;
        // Every timed episode has a known outcome: the timed units are the estimate's units, in
        // the same order (both are the subgroup's units, sorted, filtered).
        boolean same = estimate != null && timed.size() == units.size()
            && timed.stream().allMatch(Unit::known);
        if (codes.size() == 1) {
          int[] treatment = timedReceived(codes.get(0));
          double[] e = same ? estimate : timedPropensity.computeIfAbsent(codes.get(0),
              code -> curvePropensity(java.util.stream.IntStream.range(0, n).toArray(),
                  treatment));
          comparison = nl.samenspel.survival.AdjustedCurves.compare(timedMonths, timedEvents,
              treatment, e, curveOptions(estimand, trimming));
          int[] all = java.util.stream.IntStream.range(0, n).toArray();
          censoring = censoring(all, treatment, e, trimming, estimand);
          people = people(all, treatment, e, trimming, comparison);
        } else {
          // All of the codes against none of them: the units that received all or none.
          List<int[]> received = codes.stream().map(this::timedReceived).toList();
          int[] a = received.get(0);
          int[] rows = java.util.stream.IntStream.range(0, n)
              .filter(i -> received.stream().allMatch(r -> r[i] == a[i])).toArray();
          int[] treatment = new int[rows.length];
          int[] months = new int[rows.length];
          int[] events = new int[rows.length];
          for (int k = 0; k < rows.length; k++) {
            treatment[k] = a[rows[k]];
            months[k] = timedMonths[rows[k]];
            events[k] = timedEvents[rows[k]];
          }
          double[] e;
          if (same) {
            e = new double[rows.length];
            for (int k = 0; k < rows.length; k++) {
              e[k] = estimate[rows[k]];
            }
          } else {
            e = curvePropensity(rows, a);
          }
          comparison = nl.samenspel.survival.AdjustedCurves.compare(months, events, treatment,
              e, curveOptions(estimand, trimming));
          censoring = censoring(rows, treatment, e, trimming, estimand);
          people = people(rows, treatment, e, trimming, comparison);
        }
        timings.add(timing(combination, comparison, censoring, people));
      } catch (RuntimeException e) {
        // No curves for this combination: the report says they could not be determined.
      }
    }

    private boolean logisticCurves() {
      return settings.aipw().models().learner() == PropensityModel.Learner.LOGISTIC;
    }

    /**
     * The curves' cross-fitted propensity of {@code rows} of the timed units (labels indexed by
     * timed unit): with logistic models, fitted on one design of the timed units' covariates,
     * standardised once per subgroup as the estimate's design is, selected by row and started
     * from the previous fold's coefficients; otherwise with {@link PropensityModel} per fold.
     */
    private double[] curvePropensity(int[] rows, int[] labels) {
      if (!logisticCurves()) {
        int[] treatment = new int[rows.length];
        int[] fold = new int[rows.length];
        double[][] x = new double[rows.length][];
        for (int k = 0; k < rows.length; k++) {
          treatment[k] = labels[rows[k]];
          fold[k] = timedFold[rows[k]];
          x[k] = timedCovariates[rows[k]];
        }
        return nl.samenspel.survival.AdjustedCurves.crossFittedPropensity(treatment, x, fold,
            settings.aipw().models());
      }
      if (timedDesign == null) {
        timedDesign = Design.of(timedCovariates);
      }
      return CrossFit.propensity(timedDesign, rows, labels, timedFold,
          settings.aipw().models());
    }

    /**
     * The check of independent censoring for one comparison: recent clients (a follow-up
     * shorter than {@link #RECENT_BELOW_MONTHS}, from the observed months alone, so never
     * decided by the outcome) against the others, stratified by group, with the curves'
     * weights, over the units the trimming rule keeps. Null when it can't be run: fewer than
     * {@link #MINIMUM_CHECK_GROUP} recent or earlier clients in either group.
     *
     * @param rows the timed units compared
     * @param treatment 1 treated, 0 comparison, per row
     * @param e the propensity per row
     */
    private nl.samenspel.evidence.Timing.Censoring censoring(int[] rows, int[] treatment,
        double[] e, Trimming trimming, Estimand estimand) {
      boolean[] treated = new boolean[rows.length];
      boolean[] compared = new boolean[rows.length];
      for (int k = 0; k < rows.length; k++) {
        treated[k] = treatment[k] == 1;
        compared[k] = !treated[k];
      }
      boolean[] kept = trimming.keep(e, treated, compared);
      double[] w = nl.samenspel.survival.AdjustedCurves.weights(treatment, e, estimand);
      // Normalised to mean 1 within each group over the kept units, as the curves' weights.
      double[] sum = new double[2];
      int[] count = new int[2];
      for (int k = 0; k < rows.length; k++) {
        if (kept[k]) {
          sum[treatment[k]] += w[k];
          count[treatment[k]]++;
        }
      }
      for (int k = 0; k < rows.length; k++) {
        if (kept[k]) {
          w[k] *= count[treatment[k]] / sum[treatment[k]];
        }
      }
      int m = 0;
      int[][] groups = new int[2][2];
      for (int k = 0; k < rows.length; k++) {
        if (kept[k]) {
          m++;
          groups[treatment[k]][timed.get(rows[k]).time().followUpMonths()
              < RECENT_BELOW_MONTHS ? 1 : 0]++;
        }
      }
      for (int[] arm : groups) {
        if (arm[0] < MINIMUM_CHECK_GROUP || arm[1] < MINIMUM_CHECK_GROUP) {
          return null;
        }
      }
      int[] months = new int[m];
      int[] events = new int[m];
      int[] group = new int[m];
      int[] strata = new int[m];
      double[] weights = new double[m];
      int j = 0;
      for (int k = 0; k < rows.length; k++) {
        if (kept[k]) {
          months[j] = timedMonths[rows[k]];
          events[j] = timedEvents[rows[k]];
          group[j] = timed.get(rows[k]).time().followUpMonths() < RECENT_BELOW_MONTHS ? 1 : 0;
          strata[j] = treatment[k];
          weights[j] = w[k];
          j++;
        }
      }
      try {
        nl.samenspel.survival.CensoringCheck.Result r = nl.samenspel.survival.CensoringCheck
            .scoreTest(months, events, group, strata, weights,
                nl.samenspel.survival.WeightedKaplanMeier.Options.DEFAULT.maxMonth());
        return Double.isFinite(r.chiSquare()) && Double.isFinite(r.pValue())
            ? new nl.samenspel.evidence.Timing.Censoring(r.chiSquare(), r.pValue(),
                r.observedToExpected()) : null;
      } catch (RuntimeException ex) {
        return null;
      }
    }

    /**
     * Clients followed for fewer months are "recent": with the default definition exactly those
     * whose twelve-month outcome can be undetermined, the clients a complete-case estimate loses.
     */
    static final int RECENT_BELOW_MONTHS =
        nl.samenspel.journeys.DurableDefinition.DEFAULT.horizonMonths();

    /**
     * The censoring check runs only with at least this many recent and this many earlier
     * clients in each group: with fewer it says nothing, and no statistic of so few is shown.
     */
    static final int MINIMUM_CHECK_GROUP = 10;

    private nl.samenspel.survival.AdjustedCurves.Options curveOptions(Estimand estimand,
        Trimming trimming) {
      return nl.samenspel.survival.AdjustedCurves.Options.DEFAULT
          .withEstimand(estimand).withTrimming(trimming);
    }

    /** Who among the timed units received the code (1) or not (0). */
    private int[] timedReceived(String code) {
      int[] treatment = new int[timed.size()];
      for (int i = 0; i < treatment.length; i++) {
        treatment[i] = timed.get(i).interventions().contains(code) ? 1 : 0;
      }
      return treatment;
    }

    /** Salt of the curves' folds, so they are dealt apart from the AIPW folds. */
    private static final long CURVE_SEED = 0x5eedc0deL;

    /**
     * The curves as evidence: both arms at the landmark months and the last month, the
     * differences at the landmarks and the restricted mean.
     */
    static nl.samenspel.evidence.Timing timing(Combination combination,
        nl.samenspel.survival.AdjustedCurves.Comparison c,
        nl.samenspel.evidence.Timing.Censoring censoring) {
      return timing(combination, c, censoring, java.util.Map.of());
    }

    /**
     * @param people per month, the different clients at risk and started, treated then
     *     comparison ({@link #people}); a month missing counts episodes as clients
     */
    static nl.samenspel.evidence.Timing timing(Combination combination,
        nl.samenspel.survival.AdjustedCurves.Comparison c,
        nl.samenspel.evidence.Timing.Censoring censoring, java.util.Map<Integer, long[]> people) {
      int horizon = c.treated().maxMonth();
      java.util.SortedSet<Integer> months = new java.util.TreeSet<>();
      c.incidenceDifferences().forEach(d -> months.add(d.month()));
      months.add(horizon);
      List<nl.samenspel.evidence.Timing.Point> points = new ArrayList<>();
      for (int month : months) {
        long[] p = people.get(month);
        points.add(new nl.samenspel.evidence.Timing.Point(month,
            arm(c.treated(), month, p == null ? null : new long[] {p[0], p[1]}),
            arm(c.comparison(), month, p == null ? null : new long[] {p[2], p[3]})));
      }
      List<nl.samenspel.evidence.Timing.Difference> differences = new ArrayList<>();
      c.incidenceDifferences().forEach(d -> differences.add(difference(d)));
      return new nl.samenspel.evidence.Timing(combination, points, differences,
          difference(c.restrictedMeanDifference()), horizon, c.trimmed(), censoring);
    }

    private static nl.samenspel.evidence.Timing.Arm arm(nl.samenspel.survival.SurvivalCurve curve,
        int month, long[] people) {
      long starts = 0;
      for (int m = 1; m <= month; m++) {
        starts += curve.events(m);
      }
      nl.samenspel.survival.Interval interval = curve.incidenceInterval(month);
      long atRisk = curve.atRisk(month);
      return new nl.samenspel.evidence.Timing.Arm(curve.cumulativeIncidence(month),
          interval.lower(), interval.upper(), atRisk, starts,
          people == null ? atRisk : people[0], people == null ? starts : people[1]);
    }

    /**
     * Per published month: the different clients at risk and started in the treated group, then
     * in the comparison group, among the units the trimming rule keeps (as the curves): a client
     * with several episodes counts once, so the publish stage can hold the curves to the same
     * threshold of people as every other count.
     */
    private java.util.Map<Integer, long[]> people(int[] rows, int[] treatment, double[] e,
        Trimming trimming, nl.samenspel.survival.AdjustedCurves.Comparison c) {
      boolean[] treated = new boolean[rows.length];
      boolean[] compared = new boolean[rows.length];
      for (int k = 0; k < rows.length; k++) {
        treated[k] = treatment[k] == 1;
        compared[k] = !treated[k];
      }
      if (timedClient == null) {
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        timedClient = new int[timed.size()];
        for (int i = 0; i < timedClient.length; i++) {
          timedClient[i] = ids.computeIfAbsent(timed.get(i).client(), key -> ids.size());
        }
        timedClients = ids.size();
      }
      if (timedClients == timed.size()) {
        return java.util.Map.of(); // every episode a different client: the counts are people
      }
      boolean[] kept = trimming.keep(e, treated, compared);
      java.util.SortedSet<Integer> months = new java.util.TreeSet<>();
      c.incidenceDifferences().forEach(d -> months.add(d.month()));
      months.add(c.treated().maxMonth());
      java.util.Map<Integer, long[]> people = new java.util.HashMap<>();
      for (int arm = 0; arm < 2; arm++) {
        // Per client of the arm: its latest month (at risk up to it) and its first start.
        int[] last = new int[timedClients];
        int[] firstStart = new int[timedClients];
        java.util.Arrays.fill(last, -1);
        java.util.Arrays.fill(firstStart, Integer.MAX_VALUE);
        for (int k = 0; k < rows.length; k++) {
          if (!kept[k] || treatment[k] != 1 - arm) {
            continue;
          }
          Unit unit = timed.get(rows[k]);
          int who = timedClient[rows[k]];
          last[who] = Math.max(last[who], unit.time().month());
          if (unit.time().started()) {
            firstStart[who] = Math.min(firstStart[who], unit.time().month());
          }
        }
        for (int month : months) {
          long atRisk = 0;
          long started = 0;
          for (int who = 0; who < timedClients; who++) {
            atRisk += last[who] >= month ? 1 : 0;
            started += firstStart[who] <= month ? 1 : 0;
          }
          long[] counts = people.computeIfAbsent(month, m -> new long[4]);
          counts[2 * arm] = atRisk;
          counts[2 * arm + 1] = started;
        }
      }
      return people;
    }

    /** The client of each timed unit as a small integer, and how many there are. */
    private int[] timedClient;
    private int timedClients;

    private static nl.samenspel.evidence.Timing.Difference difference(
        nl.samenspel.survival.AdjustedCurves.Difference d) {
      return new nl.samenspel.evidence.Timing.Difference(d.month(), d.estimate(),
          d.standardError(), d.lower(), d.upper());
    }

    /**
     * Whether an adjusted share of clients in durable work lies outside 0–1, which no share
     * can: the weights behind it are too extreme to trust (AIPW's augmentation is not bounded,
     * and with a handful of clients weighing up to a hundred times it can overshoot). Such a
     * combination is not estimated (MODEL_FAILED, with the two shares), rather than published
     * with an impossible rate.
     */
    private boolean implausible(Combination combination, double treated, double comparison) {
      double slack = 1e-9;
      if (treated >= -slack && treated <= 1 + slack && comparison >= -slack
          && comparison <= 1 + slack) {
        return false;
      }
      if (Double.isNaN(treated) || Double.isNaN(comparison)) {
        // The estimator contract asks for both means (their difference is the estimate).
        skipped.add(new Skipped(combination, SkipReason.MODEL_FAILED, "the estimator gave no "
            + "adjusted share in durable work for a group"));
        return true;
      }
      skipped.add(new Skipped(combination, SkipReason.MODEL_FAILED, String.format(
          java.util.Locale.ROOT, "adjusted shares in durable work %.3f and %.3f lie outside 0-1:"
              + " the weights are too extreme to trust", treated, comparison)));
      return true;
    }

    /** Smallest cell of the unadjusted 2x2 table behind a naive difference in proportions. */
    static long smallestCell(EffectEstimate naive) {
      long durableTreated = Math.round(naive.meanTreated() * naive.nTreated());
      long durableComparison = Math.round(naive.meanComparison() * naive.nComparison());
      return Math.min(Math.min(durableTreated, naive.nTreated() - durableTreated),
          Math.min(durableComparison, naive.nComparison() - durableComparison));
    }

    /**
     * Keeps an estimate, with its projection on the profile ({@code modification}, else null),
     * unless too few units are left after trimming or it is not finite.
     */
    private void add(Combination combination, EffectEstimate adjusted, EffectEstimate naive,
        EffectEstimate placebo, EffectEstimate negative, AugmentedIpw.Synergy synergy,
        EffectModification modification, double[] propensity) {
      add(combination, adjusted, naive, placebo, negative, synergy, modification,
          () -> curves(combination, propensity));
    }

    /**
     * Keeps an estimate as {@link #add(Combination, EffectEstimate, EffectEstimate,
     * EffectEstimate, EffectEstimate, AugmentedIpw.Synergy, EffectModification, double[])},
     * drawing its curves with {@code curves}. An estimate without a standard error (an
     * estimator that gives none says so with NaN) is kept with its interval missing; grading
     * counts a missing interval or diagnostic against the finding.
     */
    private void add(Combination combination, EffectEstimate adjusted, EffectEstimate naive,
        EffectEstimate placebo, EffectEstimate negative, AugmentedIpw.Synergy synergy,
        EffectModification modification, Runnable curves) {
      int minimum = !combination.isSingle() ? settings.minimumPairArmSize()
          : settings.minimumArmSize();
      if (adjusted.nTreated() < minimum || adjusted.nComparison() < minimum) {
        skipped.add(new Skipped(combination, SkipReason.NO_OVERLAP, adjusted.nTreated()
            + " treated and " + adjusted.nComparison() + " comparison episodes after trimming"));
        return;
      }
      if (!Double.isFinite(adjusted.estimate()) || Double.isInfinite(adjusted.standardError())
          || adjusted.standardError() < 0) {
        skipped.add(new Skipped(combination, SkipReason.MODEL_FAILED, "estimate not finite"));
        return;
      }
      if (implausible(combination, adjusted.meanTreated(), adjusted.meanComparison())) {
        return;
      }
      if (modification != null) {
        modifications.add(modification);
      }
      Diagnostics d = adjusted.diagnostics() != null ? adjusted.diagnostics()
          : Diagnostics.MISSING;
      double shareTrimmed = d.shareTrimmed();
      if (!settings.ownEstimator()) {
        // The share left out is counted here, whatever a chosen estimator reports: the
        // naive difference holds every unit of both groups. Disclosure control relies on it.
        long all = (long) naive.nTreated() + naive.nComparison();
        long kept = (long) adjusted.nTreated() + adjusted.nComparison();
        if (kept > all || adjusted.nTreated() > naive.nTreated()
            || adjusted.nComparison() > naive.nComparison()) {
          skipped.add(new Skipped(combination, SkipReason.MODEL_FAILED, "the estimator "
              + "reports more units than the groups hold"));
          return;
        }
        shareTrimmed = all == 0 ? 0 : (double) (all - kept) / all;
      }
      EValue eValue = EValue.ofRiskDifference(adjusted.estimate(), adjusted.ciLow(),
          adjusted.ciHigh(), adjusted.meanComparison());
      double nan = Double.NaN;
      curves.run();
      records.add(new EvidenceRecord(combination.element(), combination.interventions(),
          adjusted.estimator(), adjusted.estimand().name(), adjusted.estimate(),
          adjusted.standardError(), adjusted.ciLow(), adjusted.ciHigh(), adjusted.pValue(), nan,
          naive.estimate(), naive.ciLow(), naive.ciHigh(), adjusted.meanTreated(),
          adjusted.meanComparison(), adjusted.nTreated(), adjusted.nComparison(),
          d.effectiveTreated(), d.effectiveComparison(), d.maxAbsSmdBefore(),
          d.maxAbsSmdAfter(), shareTrimmed,
          d.propensityTreated().length == 3 ? d.propensityTreated()[1] : nan,
          d.propensityComparison().length == 3 ? d.propensityComparison()[1] : nan,
          placebo == null ? nan : placebo.estimate(), placebo == null ? nan : placebo.ciLow(),
          placebo == null ? nan : placebo.ciHigh(),
          negative == null ? nan : negative.estimate(), negative == null ? nan : negative.ciLow(),
          negative == null ? nan : negative.ciHigh(), eValue.estimate(), eValue.interval(),
          synergy == null ? nan : synergy.estimate(), synergy == null ? nan : synergy.ciLow(),
          synergy == null ? nan : synergy.ciHigh(), smallestCell(naive)));
    }
  }
}
