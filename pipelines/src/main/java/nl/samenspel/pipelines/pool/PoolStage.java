package nl.samenspel.pipelines.pool;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.evidence.Definitions;
import nl.samenspel.grading.PooledGradingRule;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.publish.Language;
import nl.samenspel.pipelines.publish.PoolPublish;
import nl.samenspel.pipelines.publish.PooledReport;
import nl.samenspel.pipelines.run.Releases;
import nl.samenspel.pipelines.run.Run;
import nl.samenspel.pipelines.run.RunEvents;
import nl.samenspel.pipelines.run.RunLog;
import nl.samenspel.pipelines.run.RunManifest;
import nl.samenspel.pool.Pooling;
import nl.samenspel.pool.RandomEffects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.SparkSession;

/**
 * {@code samenspel pool}: evidence across municipalities from what each one published. Reads
 * the {@code evidence.json} files ({@link Publications}), refuses to mix publications that
 * measure different things or count a municipality twice, pools every combination
 * ({@link Pooling}), grades the pooled findings ({@link PooledGradingRule}) and publishes the
 * pooled report ({@link PoolPublish}) with a run manifest, like a run. No microdata is read or
 * written: the inputs are published aggregates.
 */
public final class PoolStage {

  /** The column of the moderators CSV that names the municipality. */
  public static final String MUNICIPALITY = "municipality";

  /**
   * @param evidence files and folders holding the municipalities' evidence.json
   * @param moderators a CSV of municipality moderators for meta-regression, or null
   * @param outDir output folder ({@code published/}, {@code releases/}, {@code runs/})
   * @param language language of the report
   * @param catalog the intervention catalog (names in the report; its version must match)
   */
  public record Settings(List<Path> evidence, Path moderators, Path outDir, Language language,
      List<CatalogEntry> catalog) {

    public Settings {
      evidence = List.copyOf(evidence);
      catalog = List.copyOf(catalog);
    }
  }

  /** What a pool produced. */
  public record Outcome(String runId, Path published, int publications, int pooled,
      int notPooled) {}

  private PoolStage() {}

  /** Reads and checks every publication; fails with one line before anything is written. */
  public static List<Publication> read(List<Path> evidence) {
    // Files are parsed and validated in parallel (a national pool reads 342 of them); the first
    // problem in argument order is the one reported, as when they are read one by one.
    List<Path> files = Publications.locate(evidence);
    List<Object> read = files.parallelStream().map(file -> {
      try {
        return (Object) Publications.read(file);
      } catch (SamenspelException e) {
        return e;
      }
    }).toList();
    List<Publication> publications = new ArrayList<>();
    for (Object each : read) {
      if (each instanceof SamenspelException problem) {
        throw problem;
      }
      publications.add((Publication) each);
    }
    checkCompatible(publications);
    return publications;
  }

  /** Pools and publishes; a manifest and log in {@code runs/RUN_ID/} record the run. */
  public static Outcome run(SparkSession spark, Settings settings, Consumer<String> console) {
    List<Publication> publications = read(settings.evidence());
    Definitions definitions = publications.get(0).definitions();
    String catalogVersion = Definitions.catalogVersion(settings.catalog());
    if (!catalogVersion.equals(definitions.catalogVersion())) {
      throw SamenspelException.input("The publications use catalog "
          + definitions.catalogVersion() + " but --catalog is " + catalogVersion
          + "; pass the catalog the municipalities used (docs/data-contract.md)");
    }
    Pooling.ModeratorTable moderators = settings.moderators() == null ? null
        : moderators(settings.moderators(), publications);
    Releases releases = Releases.of(settings.outDir(), null);
    // One run at a time in the output folder, as for samenspel run (OutputLock).
    try (RunEvents events = RunEvents.lines(console);
        Run run = Run.start(settings.outDir(), "pool", events)) {
      return pool(spark, settings, console, publications, definitions, moderators, releases,
          RunManifest.start(settings.outDir(), run));
    }
  }

  private static Outcome pool(SparkSession spark, Settings settings, Consumer<String> console,
      List<Publication> publications, Definitions definitions,
      Pooling.ModeratorTable moderators, Releases releases, RunManifest manifest) {
    try (RunLog log = new RunLog(manifest.log(), console)) {
      log.accept("pool     " + manifest.runId() + ": " + publications.size()
          + " publications");
      try {
        manifest.put("command", "pool");
        manifest.put("definitions_fingerprint", definitions.fingerprint());
        ArrayNode inputs = manifest.root().putArray("inputs");
        for (Publication p : publications) {
          ObjectNode input = inputs.addObject();
          input.put("file", p.file());
          input.put("municipality", p.label());
          input.put("period", p.scope().period());
          input.put("sha256", RunManifest.checksum(Path.of(p.file())));
        }
        manifest.write();
        long start = System.nanoTime();
        Pooling.Result result = new Pooling(RandomEffects.Options.DEFAULT)
            .pool(publications.stream().map(Publication::source).toList(), moderators);
        Map<String, Integer> estimatedBy = new HashMap<>();
        publications.forEach(p -> estimatedBy.put(p.label(), p.estimated().size()));
        PooledReport report = new PooledReport(settings.language(), definitions,
            publications.stream().map(Publication::scope).toList(), estimatedBy,
            PooledReport.rules(publications.stream()
                .map(p -> new DisclosureRules(p.threshold(), p.roundingBase())).toList()),
            new PooledGradingRule(PooledGradingRule.Thresholds.DEFAULT), settings.catalog(),
            result, moderators == null ? List.of() : moderators.columns());
        long few = result.findings().stream().filter(f -> f.fewMunicipalities()).count();
        log.accept(String.format("pool     %d combinations pooled (%d from fewer than 5 "
            + "municipalities: read with care), %d not pooled (%d estimated by one "
            + "municipality, %d by none)", result.findings().size(), few,
            result.notPooled().size(), result.notPooled().stream()
                .filter(n -> n.reason() == nl.samenspel.pool.NotPooled.Reason.ONE_MUNICIPALITY)
                .count(), result.notPooled().stream()
                .filter(n -> n.reason() == nl.samenspel.pool.NotPooled.Reason.NONE_ESTIMATED)
                .count()));
        manifest.stage("pool", (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        Path published = PoolPublish.publish(spark, releases, manifest.runId(), report,
            publications.stream().map(p -> Path.of(p.file())).toList());
        manifest.stage("publish", (System.nanoTime() - start) / 1e9);
        manifest.put("combinations_pooled", result.findings().size());
        manifest.put("combinations_not_pooled", result.notPooled().size());
        manifest.put("published", settings.outDir().relativize(published).toString());
        log.accept("publish  index.html, report.pdf, pooled.json, pooled.schema.json, "
            + "pooled.csv and pooled.parquet in " + published + " (disclosure audit passed)");
        manifest.finish("published", 0, null);
        return new Outcome(manifest.runId(), published, publications.size(),
            result.findings().size(), result.notPooled().size());
      } catch (SamenspelException e) {
        manifest.finish("failed", e.exitCode(), e.getMessage());
        log.accept("stopped  " + e.getMessage());
        throw e;
      } catch (RuntimeException | Error e) {
        manifest.finish("failed", SamenspelException.EXIT_INTERNAL,
            e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines()
                .findFirst().orElse(""));
        throw e;
      }
    }
  }

  /**
   * Publications can be pooled when they measure the same thing (every definition equal) and
   * no municipality appears twice; otherwise one line names the two files and what differs.
   */
  static void checkCompatible(List<Publication> publications) {
    if (publications.isEmpty()) {
      throw SamenspelException.input("--evidence: no evidence.json to pool");
    }
    Publication first = publications.get(0);
    Map<String, Publication> byMunicipality = new LinkedHashMap<>();
    for (Publication p : publications) {
      String field = first.definitions().firstDifference(p.definitions());
      if (field != null) {
        throw SamenspelException.input(first.file() + " and " + p.file() + " differ in "
            + "definitions." + field + " (" + first.definitions().fields().get(field) + " vs "
            + p.definitions().fields().get(field) + "): they measure different things and "
            + "can't be pooled; pool publications with the same definitions");
      }
      for (String code : p.scope().municipalities()) {
        Publication earlier = byMunicipality.put(code, p);
        if (earlier != null) {
          throw SamenspelException.input("Municipality " + code + " appears in both "
              + earlier.file() + " and " + p.file() + "; pool each municipality once "
              + "(one period, one publication)");
        }
      }
    }
  }

  /**
   * Reads the moderators CSV: a {@code municipality} column and one column per moderator; a
   * row for every pooled publication (by its label, the municipality code or codes joined with
   * {@code +}).
   */
  static Pooling.ModeratorTable moderators(Path csv, List<Publication> publications) {
    Map<String, Map<String, String>> values = new HashMap<>();
    List<String> columns;
    try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
            .setTrim(true).build().parse(reader)) {
      List<String> header = parser.getHeaderNames();
      if (!header.contains(MUNICIPALITY)) {
        throw SamenspelException.input("--moderators " + csv.getFileName() + ": no column '"
            + MUNICIPALITY + "' (expected municipality,<moderator>,...)");
      }
      columns = header.stream().filter(h -> !h.equals(MUNICIPALITY)).toList();
      if (columns.isEmpty()) {
        throw SamenspelException.input("--moderators " + csv.getFileName() + ": no moderator "
            + "column next to '" + MUNICIPALITY + "'");
      }
      for (CSVRecord record : parser) {
        Map<String, String> row = new LinkedHashMap<>();
        for (String column : columns) {
          row.put(column, record.isSet(column) ? record.get(column) : null);
        }
        values.put(record.get(MUNICIPALITY), row);
      }
    } catch (NoSuchFileException e) {
      throw SamenspelException.input("--moderators: file not found: " + csv);
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw SamenspelException.input("--moderators " + csv.getFileName() + " can't be read as "
          + "CSV: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    for (Publication p : publications) {
      if (!values.containsKey(p.label())) {
        throw SamenspelException.input("--moderators " + csv.getFileName() + " has no row for "
            + p.label() + " (column " + MUNICIPALITY + ")");
      }
    }
    return new Pooling.ModeratorTable(columns, values);
  }
}
