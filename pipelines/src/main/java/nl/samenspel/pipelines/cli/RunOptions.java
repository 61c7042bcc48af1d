package nl.samenspel.pipelines.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.estimate.InverseProbabilityWeighting;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.journeys.DurableDefinition;
import nl.samenspel.pipelines.Pipeline;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.journeys.JourneysStage;
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
      return new Pipeline.Settings(input, out, entries,
          new JourneysStage.Settings(windowDays, durable),
          new SubgroupEstimation.Settings(minimumArmSize, scope, minimumArmSize,
              InverseProbabilityWeighting.Options.DEFAULT));
    } catch (IllegalArgumentException e) {
      throw SamenspelException.usage("invalid option: " + e.getMessage());
    }
  }
}
