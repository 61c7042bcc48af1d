package nl.samenspel.pipelines.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.generate.MunicipalityGenerator;
import nl.samenspel.pipelines.generate.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code samenspel generate}: writes a synthetic municipality with planted truth. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a synthetic municipality (the four extracts and truth.json).")
final class GenerateCommand implements Callable<Integer> {

  @Option(names = "--clients", required = true, description = "Number of clients.")
  int clients;

  @Option(names = "--seed", required = true, description = "Random seed.")
  long seed;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--municipality", defaultValue = "GM0855",
      description = "CBS municipality code (default: ${DEFAULT-VALUE}).")
  String municipality;

  @Option(names = "--catalog", description = "Intervention catalog CSV (default: bundled).")
  Path catalog;

  @Option(names = "--scenario", description = "Scenario JSON (default: bundled).")
  Path scenario;

  @Override
  public Integer call() throws Exception {
    if (clients < 1) {
      throw nl.samenspel.pipelines.SamenspelException.usage(
          "--clients must be at least 1, got " + clients);
    }
    List<CatalogEntry> entries = catalog == null ? CatalogReader.bundled()
        : CatalogReader.read(catalog);
    Scenario chosen = scenario == null ? Scenario.defaultScenario() : Scenario.read(scenario);
    MunicipalityGenerator.Summary summary = new MunicipalityGenerator(chosen, entries)
        .generate(new MunicipalityGenerator.Options(clients, seed, municipality), out);
    System.out.printf(Locale.ROOT, "generated %,d clients, %,d interventions, %,d outcome months "
        + "in %s%n", summary.clients(), summary.interventions(), summary.outcomeMonths(), out);
    System.out.printf(Locale.ROOT, "exit to work within 12 months: %.1f%%, durable (6+ months): "
        + "%.1f%%%n", 100 * summary.exitToWorkWithinYear(), 100 * summary.durableWithinYear());
    for (MunicipalityGenerator.TruthRecord t : summary.truth()) {
      System.out.printf(Locale.ROOT, "planted %-8s %-18s %-50s %+.2f pp (n=%d)%n", t.kind(),
          t.element(), String.join("+", t.interventions()), 100 * t.effect(), t.nEpisodes());
    }
    return 0;
  }
}
