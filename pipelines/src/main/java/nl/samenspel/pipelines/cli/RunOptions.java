package nl.samenspel.pipelines.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.grading.GradingRule;
import nl.samenspel.estimate.AugmentedIpw;
import nl.samenspel.estimate.Estimand;
import nl.samenspel.estimate.PropensityModel;
import nl.samenspel.estimate.PropensityStrategy;
import nl.samenspel.estimate.Trimming;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.journeys.DurableDefinition;
import nl.samenspel.pipelines.Pipeline;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.journeys.JourneysStage;
import nl.samenspel.pipelines.publish.Language;
import picocli.CommandLine.Option;

/** Options shared by {@code run} and {@code demo}; defaults are the documented ones. */
final class RunOptions {

  @Option(names = "--catalog", description = "Intervention catalog CSV (default: bundled).")
  Path catalog;

  @Option(names = "--window-days", defaultValue = "90",
      description = "Interventions starting 0..N days after the assessment count (default: ${DEFAULT-VALUE}).")
  int windowDays;

  @Option(names = "--horizon-months", defaultValue = "12",
      description = "Work must start within N months after the assessment (default: ${DEFAULT-VALUE}).")
  int horizonMonths;

  @Option(names = "--min-months", defaultValue = "6",
      description = "Work must last N consecutive months (default: ${DEFAULT-VALUE}).")
  int minimumMonths;

  @Option(names = "--min-arm-size", defaultValue = "30",
      description = "Estimate only when both groups hold N episodes (default: ${DEFAULT-VALUE}; at least 10).")
  int minimumArmSize;

  @Option(names = "--pairs", defaultValue = "cross-discipline",
      description = "Pairs to estimate: cross-discipline or none (default: ${DEFAULT-VALUE}).")
  String pairs;

  @Option(names = "--folds", defaultValue = "5",
      description = "Cross-fitting folds of the AIPW estimator (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--trim", defaultValue = "0.05",
      description = "Trimming bound P: with --trim-rule fixed, keep propensities in [P, 1-P]; with percentile, cut below the P quantile of the treated and above the 1-P quantile of the comparison group (default: ${DEFAULT-VALUE}).")
  double trim;

  @Option(names = "--trim-pairs", defaultValue = "0.01",
      description = "Trimming bound for pairs, where \"both\" is rare by nature (default: ${DEFAULT-VALUE}).")
  double trimPairs;

  @Option(names = "--trim-rule", defaultValue = "fixed",
      description = "fixed, or percentile (asymmetric, Stürmer et al. 2010) (default: ${DEFAULT-VALUE}).")
  String trimRule;

  @Option(names = "--refuters", defaultValue = "all",
      description = "Placebo and negative-control refuters: all or none (default: ${DEFAULT-VALUE}).")
  String refuters;

  @Option(names = "--seed", defaultValue = "20261128",
      description = "Seed of the cross-fitting folds and the placebo (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--lang", defaultValue = "nl",
      description = "Language of the report and card texts: nl or en (default: ${DEFAULT-VALUE}).")
  String language;

  @Option(names = "--disclosure-threshold", defaultValue = "10",
      description = "Counts of people from 1 to N-1 are never published; at least 10 (default: ${DEFAULT-VALUE}).")
  int disclosureThreshold;

  @Option(names = "--rounding-base", defaultValue = "5",
      description = "Published counts are rounded to a multiple of N (default: ${DEFAULT-VALUE}).")
  int roundingBase;

  @Option(names = "--master", description = "Spark master (default: local[*]; ignored under spark-submit).")
  String master;

  Pipeline.Settings settings(Path input, Path out) {
    List<CatalogEntry> entries = catalog == null ? CatalogReader.bundled()
        : CatalogReader.read(catalog);
    SubgroupEstimation.PairScope scope = switch (pairs.toLowerCase(Locale.ROOT)) {
      case "cross-discipline" -> SubgroupEstimation.PairScope.CROSS_DISCIPLINE;
      case "none" -> SubgroupEstimation.PairScope.NONE;
      default -> throw SamenspelException.usage("--pairs must be cross-discipline or none, got '"
          + pairs + "'");
    };
    try {
      DurableDefinition durable = new DurableDefinition(horizonMonths, minimumMonths,
          DurableDefinition.DEFAULT.workBenefitStatuses());
      Trimming.Rule rule = switch (trimRule.toLowerCase(Locale.ROOT)) {
        case "percentile" -> Trimming.Rule.PERCENTILE;
        case "fixed" -> Trimming.Rule.FIXED;
        default -> throw SamenspelException.usage("--trim-rule must be fixed or percentile, got '"
            + trimRule + "'");
      };
      Trimming pairTrimming = new Trimming(rule, trimPairs, 1 - trimPairs);
      AugmentedIpw.Options aipw = new AugmentedIpw.Options(Estimand.ATE, folds, seed,
          new Trimming(rule, trim, 1 - trim), 0.95, PropensityModel.Options.DEFAULT,
          PropensityStrategy.JOINT);
      SubgroupEstimation.Refuters refuterChoice = switch (refuters.toLowerCase(Locale.ROOT)) {
        case "all" -> SubgroupEstimation.Refuters.ALL;
        case "none" -> SubgroupEstimation.Refuters.NONE;
        default -> throw SamenspelException.usage("--refuters must be all or none, got '"
            + refuters + "'");
      };
      Language lang = Language.parse(language).orElseThrow(() -> SamenspelException.usage(
          "--lang must be nl or en, got '" + language + "'"));
      DisclosureRules disclosure;
      try {
        disclosure = new DisclosureRules(disclosureThreshold, roundingBase);
      } catch (IllegalArgumentException e) {
        throw SamenspelException.usage("--disclosure-threshold / --rounding-base: "
            + e.getMessage());
      }
      return new Pipeline.Settings(input, out, entries,
          new JourneysStage.Settings(windowDays, durable),
          new SubgroupEstimation.Settings(minimumArmSize, scope, minimumArmSize, aipw,
              pairTrimming, refuterChoice),
          new Pipeline.Publication(lang, disclosure, GradingRule.Thresholds.DEFAULT));
    } catch (IllegalArgumentException e) {
      throw SamenspelException.usage("invalid option: " + e.getMessage());
    }
  }
}
