package nl.samenspel.pipelines.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.generate.MunicipalitiesGenerator;
import nl.samenspel.pipelines.generate.MunicipalityGenerator;
import nl.samenspel.pipelines.generate.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code samenspel generate}: writes a synthetic municipality with planted truth, or, with
 * {@code --municipalities K}, K municipalities of different sizes whose true effects differ
 * around national effects.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a synthetic municipality (the four extracts and truth.json), or with "
        + "--municipalities K, K of them in DIR/GM9001... and DIR/truth.json.")
final class GenerateCommand implements Callable<Integer> {

  private static final String DEFAULT_MUNICIPALITY = "GM0855";

  @Option(names = "--clients", description = "Number of clients of one municipality.")
  Integer clients;

  @Option(names = "--municipalities",
      description = "Number of municipalities K (2 to 999), instead of --clients.")
  Integer municipalities;

  @Option(names = "--min-clients", description = "With --municipalities: clients of the "
      + "smallest (default: " + MunicipalitiesGenerator.DEFAULT_MIN_CLIENTS + ").")
  Integer minClients;

  @Option(names = "--max-clients", description = "With --municipalities: clients of the "
      + "largest (default: " + MunicipalitiesGenerator.DEFAULT_MAX_CLIENTS + "); the K sizes "
      + "are spread evenly on a log scale in between.")
  Integer maxClients;

  @Option(names = "--tau", description = "With --municipalities: between-municipality SD of "
      + "every planted effect, in probability points (default: the scenario's).")
  Double tau;

  @Option(names = "--seed", required = true, description = "Random seed.")
  long seed;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--municipality",
      description = "CBS municipality code of one municipality (default: "
          + DEFAULT_MUNICIPALITY + ").")
  String municipality;

  @Option(names = "--catalog", description = "Intervention catalog CSV (default: bundled).")
  Path catalog;

  @Option(names = "--scenario", description = "Scenario JSON (default: bundled; "
      + "scenario-municipalities.json with --municipalities).")
  Path scenario;

  @Override
  public Integer call() throws Exception {
    if (municipalities != null) {
      return several();
    }
    if (clients == null) {
      throw SamenspelException.usage("generate needs --clients N (one municipality) or "
          + "--municipalities K (several)");
    }
    for (Object given : new Object[] {minClients, maxClients, tau}) {
      if (given != null) {
        throw SamenspelException.usage("--min-clients, --max-clients and --tau go with "
            + "--municipalities, not with --clients");
      }
    }
    if (clients < 1) {
      throw SamenspelException.usage("--clients must be at least 1, got " + clients);
    }
    Scenario chosen = scenario == null ? Scenario.defaultScenario() : Scenario.read(scenario);
    MunicipalityGenerator.Summary summary = new MunicipalityGenerator(chosen, catalogEntries())
        .generate(new MunicipalityGenerator.Options(clients, seed,
            municipality == null ? DEFAULT_MUNICIPALITY : municipality), out);
    System.out.printf(Locale.ROOT, "generated %,d clients, %,d interventions, %,d outcome months "
        + "in %s%n", summary.clients(), summary.interventions(), summary.outcomeMonths(), out);
    System.out.printf(Locale.ROOT, "exit to work within 12 months: %.1f%%, durable (6+ months): "
        + "%.1f%%%n", 100 * summary.exitToWorkWithinYear(), 100 * summary.durableWithinYear());
    printTruth(summary.truth());
    return 0;
  }

  private int several() throws Exception {
    if (clients != null) {
      throw SamenspelException.usage("--clients and --municipalities can't be combined: "
          + "--municipalities takes --min-clients and --max-clients");
    }
    if (municipality != null) {
      throw SamenspelException.usage("--municipality and --municipalities can't be combined: "
          + "several municipalities get the synthetic codes GM9001, GM9002, ...");
    }
    Scenario chosen = scenario == null ? Scenario.municipalitiesScenario()
        : Scenario.read(scenario);
    MunicipalitiesGenerator.Options options;
    try {
      options = new MunicipalitiesGenerator.Options(municipalities,
          minClients == null ? MunicipalitiesGenerator.DEFAULT_MIN_CLIENTS : minClients,
          maxClients == null ? MunicipalitiesGenerator.DEFAULT_MAX_CLIENTS : maxClients,
          tau == null ? chosen.tau() : tau, seed);
    } catch (IllegalArgumentException e) {
      throw SamenspelException.usage(e.getMessage());
    }
    MunicipalitiesGenerator.Summary summary = new MunicipalitiesGenerator(chosen,
        catalogEntries()).generate(options, out);
    for (MunicipalitiesGenerator.Municipality m : summary.municipalities()) {
      System.out.printf(Locale.ROOT, "%s %,7d clients, durable (6+ months) %.1f%%%n", m.code(),
          m.clients(), 100 * m.summary().durableWithinYear());
    }
    System.out.printf(Locale.ROOT, "generated %d municipalities, %,d clients in %s (tau %.3f); "
        + "national planted effects (no shifts, all clients):%n",
        summary.municipalities().size(), summary.clients(), out, options.tau());
    printTruth(summary.national());
    return 0;
  }

  private List<CatalogEntry> catalogEntries() {
    return catalog == null ? CatalogReader.bundled() : CatalogReader.read(catalog);
  }

  private static void printTruth(List<MunicipalityGenerator.TruthRecord> truth) {
    for (MunicipalityGenerator.TruthRecord t : truth) {
      String n = t.nTreated() == null ? "n=" + t.nEpisodes()
          : "among the " + t.nTreated() + " who received all three; "
              + String.format(Locale.ROOT, "%+.2f pp over all %d", 100 * t.effectAllClients(),
                  t.nEpisodes());
      String effect = Double.isNaN(t.effect()) ? "     n/a"
          : String.format(Locale.ROOT, "%+.2f pp", 100 * t.effect());
      System.out.printf(Locale.ROOT, "planted %-12s %-18s %-50s %s (%s)%n", t.kind(),
          t.element(), String.join("+", t.interventions()), effect, n);
    }
  }
}
