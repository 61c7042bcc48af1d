package nl.samenspel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Element;
import nl.samenspel.evidence.Definitions;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.evidence.PopulationCount;
import nl.samenspel.evidence.PublicationScope;
import nl.samenspel.grading.GradingRule;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.ingest.IngestStage;
import nl.samenspel.pipelines.pool.PoolStage;
import nl.samenspel.pipelines.publish.EvidenceJson;
import nl.samenspel.pipelines.publish.EvidenceReport;
import nl.samenspel.pipelines.publish.Language;
import nl.samenspel.pipelines.publish.RunFacts;
import nl.samenspel.pipelines.run.Releases;
import nl.samenspel.pipelines.spark.Sessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The national pooling benchmark: K municipalities (342 by default, every Dutch municipality)
 * each publishing an evidence.json with every poolable combination the bundled catalog allows
 * (984: 18 interventions and 105 cross-discipline pairs in 8 subgroups; triples are not pooled),
 * made the way a run makes it
 * ({@link EvidenceReport}, {@link EvidenceJson}), then {@code samenspel pool} on all of them in
 * this JVM. Reports the time of reading and validating the files, of pooling and grading, and of
 * the publish (every format, the audit against the municipalities' files), and writes them into
 * the report between its own markers.
 */
@Command(name = "pool-bench", mixinStandardHelpOptions = true,
    description = "Time samenspel pool on K synthetic publications of ~1,000 combinations.")
public final class PoolBenchmark implements Callable<Integer> {

  static final String BEGIN = "<!-- pool-bench:begin (written by bench/pool; edit outside) -->";
  static final String END = "<!-- pool-bench:end -->";

  @Option(names = "--municipalities", defaultValue = "342",
      description = "Publications to pool (default: ${DEFAULT-VALUE}).")
  int municipalities;

  @Option(names = "--work", defaultValue = "target/pool-bench",
      description = "Folder for the publications and the pool (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--report", defaultValue = "docs/benchmarks.md",
      description = "The Markdown report to write into (default: ${DEFAULT-VALUE}).")
  Path report;

  @Option(names = "--seed", defaultValue = "342", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PoolBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<CatalogEntry> catalog = CatalogReader.bundled();
    Releases.deleteTree(work);
    Path in = work.resolve("publications");
    long start = System.nanoTime();
    int combinations = 0;
    for (int m = 0; m < municipalities; m++) {
      String code = String.format(Locale.ROOT, "GM%04d", 9001 + m);
      List<EvidenceRecord> records = records(catalog, new SplittableRandom(seed * 1000 + m));
      combinations = records.size();
      Path file = in.resolve(code).resolve("evidence.json");
      Files.createDirectories(file.getParent());
      Files.writeString(file, json(code, catalog, records));
    }
    double writing = seconds(start);
    System.out.printf(Locale.ROOT, "pool-bench: %d publications of %d combinations written in "
        + "%.1f s (%.0f MB)%n", municipalities, combinations, writing, size(in) / 1e6);

    try (Sessions.Handle session = Sessions.open("local[*]", 2)) {
      SparkSession spark = session.spark();
      start = System.nanoTime();
      PoolStage.read(List.of(in));
      double reading = seconds(start);
      start = System.nanoTime();
      PoolStage.Outcome outcome = PoolStage.run(spark, new PoolStage.Settings(List.of(in), null,
          work.resolve("pooled"), Language.NL, catalog), System.out::println);
      double total = seconds(start);
      JsonNode manifest = new ObjectMapper().readTree(work.resolve("pooled").resolve("runs")
          .resolve(outcome.runId()).resolve("manifest.json").toFile());
      double pooling = manifest.path("stage_seconds").path("pool").asDouble();
      double publishing = manifest.path("stage_seconds").path("publish").asDouble();
      String figures = String.format(Locale.ROOT, "%s%n%nPooling %d publications of %d "
          + "combinations each (%.0f MB of evidence.json, made by `bench/pool`), one run of "
          + "`samenspel pool` in one JVM on %d cores:%n%n"
          + "| step | seconds |%n|---|---:|%n"
          + "| read and validate every evidence.json against its schema, check definitions | "
          + "%.1f |%n"
          + "| pool (REML + Knapp–Hartung + prediction interval + fixed effect) and grade "
          + "%d combinations | %.1f |%n"
          + "| publish: pooled.json, CSV, Parquet, index.html, report.pdf and the audit against "
          + "the municipalities' files | %.1f |%n"
          + "| whole `pool` command (reading again included) | %.1f |%n%n"
          + "Target: pooling 342 municipalities × 1,000 combinations under 30 s. Reading, "
          + "validating, pooling and grading: %.1f s, %s. With the publish in every format and "
          + "its audit against every municipality's file: %.0f s, %s.%n%n%s",
          BEGIN, municipalities, combinations, size(in) / 1e6,
          Runtime.getRuntime().availableProcessors(), reading, outcome.pooled(), pooling,
          publishing, total, reading + pooling, reading + pooling < 30 ? "met" : "not met",
          total, total < 30 ? "met" : "not met", END);
      System.out.println(figures);
      writeReport(figures);
    }
    return 0;
  }

  /** Every single and cross-discipline pair in every subgroup, with plausible figures. */
  static List<EvidenceRecord> records(List<CatalogEntry> catalog, SplittableRandom random) {
    List<String> subgroups = new ArrayList<>(List.of(Element.ALL));
    for (Element e : Element.values()) {
      subgroups.add(e.name());
    }
    List<EvidenceRecord> records = new ArrayList<>();
    for (String subgroup : subgroups) {
      long known = Element.ALL.equals(subgroup) ? KNOWN_ALL : KNOWN_ELEMENT;
      for (int i = 0; i < catalog.size(); i++) {
        records.add(record(subgroup, List.of(catalog.get(i).code()), random, known));
        for (int j = i + 1; j < catalog.size(); j++) {
          if (catalog.get(i).discipline() != catalog.get(j).discipline()) {
            records.add(record(subgroup, List.of(catalog.get(i).code(),
                catalog.get(j).code()).stream().sorted().toList(), random, known));
          }
        }
      }
    }
    return records;
  }

  /** Episodes with a known outcome in ALL and in each element subgroup. */
  private static final long KNOWN_ALL = 18_000;
  private static final long KNOWN_ELEMENT = 7_200;
  private static final double SHARE_TRIMMED = 0.03;

  /**
   * A plausible record whose counts add up as a run's do: for a single intervention, treated +
   * comparison + trimmed = the subgroup's episodes with a known outcome.
   */
  private static EvidenceRecord record(String element, List<String> codes,
      SplittableRandom random, long known) {
    double effect = random.nextDouble(-0.05, 0.10);
    double se = random.nextDouble(0.01, 0.06);
    long trimmed = Math.round(SHARE_TRIMMED * known);
    long treated = 60 + random.nextInt(400);
    long comparison = codes.size() == 1 ? known - trimmed - treated : 200 + random.nextInt(3000);
    double share = codes.size() == 1 ? SHARE_TRIMMED : 0.01;
    double base = random.nextDouble(0.08, 0.2);
    return new EvidenceRecord(element, codes, "aipw", "ATE", effect, se, effect - 1.96 * se,
        effect + 1.96 * se, 0.05, 0.2, effect, effect - 0.1, effect + 0.1, base + effect, base,
        treated, comparison, treated * 0.9, comparison * 0.9, 0.3, 0.05, share, 0.3, 0.2, 0.0,
        -0.05, 0.05, 0.0, -0.05, 0.05, 1.5, 1.1, Double.NaN, Double.NaN, Double.NaN, 40);
  }

  private static String json(String code, List<CatalogEntry> catalog,
      List<EvidenceRecord> records) {
    Definitions definitions = new Definitions(Definitions.CONTRACT_VERSION, 12, 6,
        List.of("NONE", "PARTIAL"), 90, List.of("age", "sex", "household_type",
            "education_level", "benefit_duration", "element_scores"),
        Definitions.catalogVersion(catalog), "aipw", "ATE");
    RunFacts facts = new RunFacts(90, 30, 5, 12, 6, records.size(), 0, 0, 0,
        new PublicationScope(List.of(code), "2025"), definitions);
    List<PopulationCount> population = new ArrayList<>();
    population.add(new PopulationCount(Element.ALL, KNOWN_ALL + 2_000, 2_000, 1_800));
    for (Element e : Element.values()) {
      population.add(new PopulationCount(e.name(), KNOWN_ELEMENT + 800, 800, 700));
    }
    EvidenceReport report = new EvidenceReport(Language.NL, facts, DisclosureRules.DEFAULT,
        new GradingRule(GradingRule.Thresholds.DEFAULT), catalog, records, List.of(),
        population, List.of(new IngestStage.TableReport("clients", "clients.csv", 20_000,
            20_000, 0, Map.of(), Map.of(), List.of(), false)), Map.of());
    return EvidenceJson.render(report);
  }

  private void writeReport(String figures) throws IOException {
    String old = Files.exists(report) ? Files.readString(report) : "# Benchmarks\n";
    int begin = old.indexOf(BEGIN);
    int end = old.indexOf(END);
    String text = begin >= 0 && end > begin
        ? old.substring(0, begin) + figures + old.substring(end + END.length())
        : old + "\n## Pooling across municipalities\n\n" + figures + "\n";
    Files.writeString(report, text);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static long size(Path folder) throws IOException {
    try (var files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
