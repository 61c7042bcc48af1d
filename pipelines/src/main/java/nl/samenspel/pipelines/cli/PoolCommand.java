package nl.samenspel.pipelines.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.pool.PoolStage;
import nl.samenspel.pipelines.publish.Language;
import nl.samenspel.pipelines.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code samenspel pool}: evidence across municipalities from their published evidence.json. */
@Command(name = "pool", mixinStandardHelpOptions = true,
    description = "Pool the evidence.json that municipalities published: a random-effects "
        + "meta-analysis per combination, graded, with the differences between municipalities.")
final class PoolCommand implements Callable<Integer> {

  @Option(names = "--evidence", required = true, arity = "1..*",
      description = "evidence.json files, or folders searched for them (e.g. each "
          + "municipality's output folder).")
  List<Path> evidence;

  @Option(names = "--out", required = true,
      description = "Output folder (published/, releases/, runs/).")
  Path out;

  @Option(names = "--moderators",
      description = "CSV with a municipality column and moderator columns (e.g. size_class, "
          + "urbanity) for meta-regression.")
  Path moderators;

  @Option(names = "--catalog", description = "Intervention catalog CSV the municipalities used "
      + "(default: bundled).")
  Path catalog;

  @Option(names = "--lang", defaultValue = "nl",
      description = "Language of the report: nl or en (default: ${DEFAULT-VALUE}).")
  String language;

  @Option(names = "--master", description = "Spark master (default: local[*]).")
  String master;

  @Override
  public Integer call() {
    Language lang = Language.parse(language).orElseThrow(() -> SamenspelException.usage(
        "--lang must be nl or en, got '" + language + "'"));
    List<CatalogEntry> entries = catalog == null ? CatalogReader.bundled()
        : CatalogReader.read(catalog);
    PoolStage.Settings settings = new PoolStage.Settings(evidence, moderators, out, lang,
        entries);
    // Every file is read and checked before Spark starts: a bad input fails in a second.
    PoolStage.read(evidence);
    try (Sessions.Handle session = Sessions.open(master, 2)) {
      PoolStage.Outcome outcome = PoolStage.run(session.spark(), settings, System.out::println);
      System.out.println("pooled:   " + outcome.published().resolve("pooled.json"));
      System.out.println("report:   " + outcome.published().resolve("index.html"));
      System.out.println("manifest: " + out.resolve("runs").resolve(outcome.runId())
          .resolve("manifest.json"));
      return 0;
    }
  }
}
