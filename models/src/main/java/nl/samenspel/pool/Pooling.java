package nl.samenspel.pool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.samenspel.estimate.MultipleComparisons;
import nl.samenspel.evidence.Combination;

/**
 * Pools what municipalities published, combination by combination: a random-effects
 * meta-analysis ({@link RandomEffects}) of every combination at least two municipalities
 * estimated, Benjamini–Hochberg q-values across the pooled combinations, and, when moderators
 * are given, a meta-regression ({@link MetaRegression}) per combination. Works on published
 * aggregates only (DataSHIELD and vantage6 pool the same way: estimates and standard errors,
 * never rows).
 *
 * <p>Pure and deterministic: the same publications give the same findings in the same order
 * (by combination key, contributors by label).
 */
public final class Pooling {

  /**
   * One municipality's publication.
   *
   * @param municipality its label (municipality code or codes)
   * @param estimated its estimated combinations
   * @param notEstimated its combinations published as not estimated, with the reason code
   */
  public record Source(String municipality, Map<Combination, Contribution> estimated,
      Map<Combination, String> notEstimated) {

    public Source {
      Objects.requireNonNull(municipality, "municipality");
      estimated = Map.copyOf(estimated);
      notEstimated = Map.copyOf(notEstimated);
    }
  }

  /**
   * Municipality-level moderators for meta-regression.
   *
   * @param columns the moderator columns, in order
   * @param values per municipality label, column to value
   */
  public record ModeratorTable(List<String> columns, Map<String, Map<String, String>> values) {

    public ModeratorTable {
      columns = List.copyOf(columns);
      values = Map.copyOf(values);
    }
  }

  /** What a pool found: pooled findings by combination key, and what could not be pooled. */
  public record Result(List<PooledFinding> findings, List<NotPooled> notPooled) {

    public Result {
      findings = List.copyOf(findings);
      notPooled = List.copyOf(notPooled);
    }
  }

  /** The 97.5% point of the standard normal: published intervals are estimate ± 1.96 SE. */
  private static final double NORMAL_975 = 1.959963984540054;

  private final RandomEffects randomEffects;
  private final MetaRegression metaRegression;

  public Pooling(RandomEffects.Options options) {
    this.randomEffects = new RandomEffects(options);
    this.metaRegression = new MetaRegression(options);
  }

  /**
   * Pools the sources.
   *
   * @param moderators municipality moderators, or null for none
   */
  public Result pool(List<Source> sources, ModeratorTable moderators) {
    List<Source> ordered = sources.stream()
        .sorted(Comparator.comparing(Source::municipality)).toList();
    TreeSet<Combination> combinations = new TreeSet<>(Comparator.comparing(Combination::key));
    for (Source source : ordered) {
      combinations.addAll(source.estimated().keySet());
      combinations.addAll(source.notEstimated().keySet());
    }
    List<PooledFinding> findings = new ArrayList<>();
    List<NotPooled> notPooled = new ArrayList<>();
    for (Combination combination : combinations) {
      List<Contribution> contributions = new ArrayList<>();
      Map<String, String> notEstimated = new TreeMap<>();
      List<String> absent = new ArrayList<>();
      for (Source source : ordered) {
        Contribution contribution = source.estimated().get(combination);
        if (contribution != null) {
          contributions.add(contribution);
        } else if (source.notEstimated().containsKey(combination)) {
          notEstimated.put(source.municipality(), source.notEstimated().get(combination));
        } else {
          absent.add(source.municipality());
        }
      }
      if (contributions.size() < 2) {
        notPooled.add(new NotPooled(combination, contributions.isEmpty()
            ? NotPooled.Reason.NONE_ESTIMATED : NotPooled.Reason.ONE_MUNICIPALITY,
            contributions, notEstimated, absent));
        continue;
      }
      List<Study> studies = contributions.stream().map(Contribution::study).toList();
      PooledEstimate pooled = randomEffects.pool(studies);
      if (!pooled.converged() || !(pooled.standardError() > 0)) {
        notPooled.add(new NotPooled(combination, pooled.converged()
            ? NotPooled.Reason.IDENTICAL_ESTIMATES : NotPooled.Reason.NOT_CONVERGED,
            contributions, notEstimated, absent));
        continue;
      }
      double[] weights = new double[studies.size()];
      double total = 0;
      for (int i = 0; i < weights.length; i++) {
        weights[i] = 1 / (studies.get(i).variance() + pooled.tau2());
        total += weights[i];
      }
      List<Double> shares = new ArrayList<>();
      double rateComparison = 0;
      for (int i = 0; i < weights.length; i++) {
        shares.add(weights[i] / total);
        rateComparison += weights[i] / total * contributions.get(i).rateComparison();
      }
      MetaRegressionResult moderation = null;
      String problem = null;
      if (moderators != null && !moderators.columns().isEmpty()) {
        try {
          ModeratorDesign design = Moderators.design(
              studies.stream().map(Study::label).toList(), moderators.columns(),
              moderators.values());
          moderation = metaRegression.fit(studies, design);
          if (!moderation.converged()) {
            problem = "the REML iterations did not converge";
            moderation = null;
          }
        } catch (IllegalArgumentException e) {
          problem = e.getMessage();
        }
      }
      findings.add(new PooledFinding(combination, pooled, contributions, shares, notEstimated,
          absent, Double.NaN, rateComparison, moderation, problem,
          new PooledFinding.Refuters(refuter(contributions, true),
              refuter(contributions, false))));
    }
    return new Result(withQValues(findings), notPooled);
  }

  /**
   * The municipalities' placebo ({@code placebo} true) or negative-control estimates pooled
   * like the estimates themselves, each standard error taken from its published 95% interval;
   * null when fewer than two municipalities published one or the pool is degenerate.
   */
  private PooledEstimate refuter(List<Contribution> contributions, boolean placebo) {
    List<Study> studies = new ArrayList<>();
    for (Contribution c : contributions) {
      double[] r = placebo ? c.checks().placebo() : c.checks().negativeControl();
      double se = (r[2] - r[1]) / (2 * NORMAL_975);
      if (Double.isFinite(r[0]) && se > 0 && Double.isFinite(se)) {
        studies.add(new Study(c.municipality(), r[0], se));
      }
    }
    if (studies.size() < 2) {
      return null;
    }
    PooledEstimate pooled = randomEffects.pool(studies);
    return pooled.converged() && pooled.standardError() > 0 ? pooled : null;
  }

  private static List<PooledFinding> withQValues(List<PooledFinding> findings) {
    if (findings.isEmpty()) {
      return findings;
    }
    double[] q = MultipleComparisons.benjaminiHochberg(findings.stream()
        .mapToDouble(f -> f.pooled().pValue()).map(p -> Double.isNaN(p) ? 1 : p).toArray());
    List<PooledFinding> out = new ArrayList<>();
    for (int i = 0; i < q.length; i++) {
      out.add(findings.get(i).withQValue(q[i]));
    }
    return out;
  }
}
