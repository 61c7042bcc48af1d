package nl.samenspel.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.EvidenceRecord;

/**
 * Fits every combination of one element subgroup: each catalog intervention (received against
 * not received) and, when enabled, each pair of interventions from different disciplines
 * (received both against received neither). Pure Java; the
 * Spark estimate stage calls it once per subgroup inside an executor, so only the resulting
 * aggregates travel back to the driver.
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
   * @param minimumArmSize a single intervention is estimated only when both arms hold at least
   *     this many episodes
   * @param pairs which pairs to consider
   * @param minimumPairArmSize a pair is estimated only when "both" and "neither" hold at least
   *     this many episodes
   * @param ipw options of the adjusted estimator
   */
  public record Settings(int minimumArmSize, PairScope pairs, int minimumPairArmSize,
      InverseProbabilityWeighting.Options ipw) implements java.io.Serializable {
    public static final Settings DEFAULT = new Settings(30, PairScope.CROSS_DISCIPLINE, 30,
        InverseProbabilityWeighting.Options.DEFAULT);

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
      Objects.requireNonNull(ipw, "ipw");
    }
  }

  /**
   * One episode as the estimator sees it.
   *
   * @param interventions catalog codes received in the episode's window
   * @param outcome 1 for durable participation, 0 otherwise
   * @param covariates encoded by {@link CovariateEncoder}
   */
  public record Unit(Set<String> interventions, double outcome, double[] covariates) {
    public Unit {
      interventions = Set.copyOf(interventions);
    }
  }

  /** Why a combination was not estimated. */
  public enum SkipReason { TOO_FEW_EPISODES, MODEL_FAILED }

  /** A combination that was considered but not estimated. */
  public record Skipped(Combination combination, SkipReason reason) {}

  /** Estimated records and skipped combinations of one subgroup. */
  public record Result(List<EvidenceRecord> records, List<Skipped> skipped) {
    public Result {
      records = List.copyOf(records);
      skipped = List.copyOf(skipped);
    }
  }

  private SubgroupEstimation() {}

  public static Result estimate(String element, List<Unit> units, List<CatalogEntry> catalog,
      Settings settings) {
    return new Fitter(element, units, settings).run(catalog);
  }

  /** State of one subgroup's fit: the shared arrays and the cached single propensities. */
  private static final class Fitter {
    private final String element;
    private final List<Unit> units;
    private final Settings settings;
    private final double[][] covariates;
    private final double[] outcomes;
    private final Map<String, double[]> singlePropensity = new HashMap<>();
    private final List<EvidenceRecord> records = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();

    Fitter(String element, List<Unit> units, Settings settings) {
      this.element = element;
      this.units = units;
      this.settings = settings;
      this.covariates = units.stream().map(Unit::covariates).toArray(double[][]::new);
      this.outcomes = units.stream().mapToDouble(Unit::outcome).toArray();
    }

    Result run(List<CatalogEntry> catalog) {
      List<CatalogEntry> sorted = catalog.stream()
          .sorted((a, b) -> a.code().compareTo(b.code())).toList();
      for (CatalogEntry entry : sorted) {
        fitSingle(entry.code());
      }
      if (settings.pairs() == PairScope.CROSS_DISCIPLINE) {
        for (int a = 0; a < sorted.size(); a++) {
          for (int b = a + 1; b < sorted.size(); b++) {
            if (sorted.get(a).discipline() != sorted.get(b).discipline()) {
              fitPair(sorted.get(a).code(), sorted.get(b).code());
            }
          }
        }
      }
      return new Result(records, skipped);
    }

    private int[] received(String code) {
      int[] treatment = new int[units.size()];
      for (int i = 0; i < treatment.length; i++) {
        treatment[i] = units.get(i).interventions().contains(code) ? 1 : 0;
      }
      return treatment;
    }

    /** P(code received | covariates) for every unit, fitted once per code and subgroup. */
    private double[] propensity(String code) {
      return singlePropensity.computeIfAbsent(code, c -> PropensityModel
          .fitBinary(covariates, received(c), settings.ipw().propensity())
          .probabilities(covariates));
    }

    private void fitSingle(String code) {
      Combination combination = new Combination(element, List.of(code));
      int[] arms = received(code);
      if (!largeEnough(arms, Contrast.BINARY, settings.minimumArmSize())) {
        skipped.add(new Skipped(combination, SkipReason.TOO_FEW_EPISODES));
        return;
      }
      fit(combination, arms, 2, Contrast.BINARY, () -> {
        double[] e = propensity(code);
        double[][] probabilities = new double[e.length][2];
        for (int i = 0; i < e.length; i++) {
          probabilities[i][0] = 1 - e[i];
          probabilities[i][1] = e[i];
        }
        return probabilities;
      });
    }

    /**
     * Both against neither, with the factorised propensity P(A, B | X) = P(A | X) P(B | A, X):
     * the single model for A, and a binomial model for B on the covariates plus A. Exact when
     * both are logistic in those terms (as with independent logistic assignment), and two
     * binomial fits instead of a slow four-class multinomial one.
     */
    private void fitPair(String first, String second) {
      Combination combination = new Combination(element, List.of(first, second));
      int[] a = received(first);
      int[] b = received(second);
      int[] arms = new int[units.size()];
      for (int i = 0; i < arms.length; i++) {
        arms[i] = a[i] + 2 * b[i];
      }
      Contrast contrast = new Contrast(3, 0);
      if (!largeEnough(arms, contrast, settings.minimumPairArmSize())) {
        skipped.add(new Skipped(combination, SkipReason.TOO_FEW_EPISODES));
        return;
      }
      fit(combination, arms, 4, contrast, () -> {
        double[] eA = propensity(first);
        double[][] withA = new double[covariates.length][];
        for (int i = 0; i < covariates.length; i++) {
          withA[i] = Arrays.copyOf(covariates[i], covariates[i].length + 1);
          withA[i][covariates[i].length] = a[i];
        }
        PropensityModel modelB = PropensityModel.fitBinary(withA, b,
            settings.ipw().propensity());
        double[][] probabilities = new double[covariates.length][4];
        for (int i = 0; i < covariates.length; i++) {
          double[] row = withA[i].clone();
          row[row.length - 1] = 1;
          double bGivenA = modelB.probability(row);
          row[row.length - 1] = 0;
          double bGivenNotA = modelB.probability(row);
          probabilities[i][0] = (1 - eA[i]) * (1 - bGivenNotA);
          probabilities[i][1] = eA[i] * (1 - bGivenA);
          probabilities[i][2] = (1 - eA[i]) * bGivenNotA;
          probabilities[i][3] = eA[i] * bGivenA;
        }
        return probabilities;
      });
    }

    private static boolean largeEnough(int[] arms, Contrast contrast, int minimum) {
      int treated = 0;
      int comparison = 0;
      for (int arm : arms) {
        if (arm == contrast.treatedArm()) {
          treated++;
        } else if (arm == contrast.comparisonArm()) {
          comparison++;
        }
      }
      return treated >= minimum && comparison >= minimum;
    }

    private void fit(Combination combination, int[] arms, int armCount, Contrast contrast,
        Supplier<double[][]> probabilities) {
      EstimationInput input = new EstimationInput(arms, outcomes, covariates,
          CovariateEncoder.NAMES, armCount, false);
      EffectEstimate naive;
      EffectEstimate adjusted;
      try {
        naive = new NaiveDifference(settings.ipw().confidenceLevel()).estimate(input, contrast);
        adjusted = new InverseProbabilityWeighting(settings.ipw())
            .estimateWithPropensities(input, contrast, probabilities.get());
      } catch (RuntimeException e) {
        skipped.add(new Skipped(combination, SkipReason.MODEL_FAILED));
        return;
      }
      if (!Double.isFinite(adjusted.estimate()) || !Double.isFinite(adjusted.standardError())) {
        skipped.add(new Skipped(combination, SkipReason.MODEL_FAILED));
        return;
      }
      records.add(new EvidenceRecord(combination.element(), combination.interventions(),
          adjusted.estimator(), adjusted.estimate(), adjusted.standardError(), adjusted.ciLow(),
          adjusted.ciHigh(), naive.estimate(), naive.ciLow(), naive.ciHigh(),
          adjusted.meanTreated(), adjusted.meanComparison(), adjusted.nTreated(),
          adjusted.nComparison(), adjusted.effectiveTreated(), adjusted.effectiveComparison()));
    }
  }
}
