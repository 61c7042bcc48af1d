package nl.samenspel.pipelines;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.ValueMaps;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.estimate.AugmentedIpw;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.Definitions;
import nl.samenspel.evidence.PopulationCount;
import nl.samenspel.evidence.PublicationScope;
import nl.samenspel.journeys.DurableDefinition;
import nl.samenspel.grading.GradingRule;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.pipelines.config.RunConfig;
import nl.samenspel.pipelines.estimate.EstimateStage;
import nl.samenspel.pipelines.ingest.ExtractFile;
import nl.samenspel.pipelines.ingest.IngestStage;
import nl.samenspel.pipelines.journeys.JourneysStage;
import nl.samenspel.pipelines.journeys.Population;
import nl.samenspel.pipelines.pool.PooledFile;
import nl.samenspel.pipelines.publish.EvidenceReport;
import nl.samenspel.pipelines.publish.Language;
import nl.samenspel.pipelines.publish.RunFacts;
import nl.samenspel.pipelines.publish.PublishStage;
import nl.samenspel.pipelines.quality.DriftGate;
import nl.samenspel.pipelines.quality.QualityGate;
import nl.samenspel.pipelines.run.Period;
import nl.samenspel.pipelines.run.Releases;
import nl.samenspel.pipelines.run.RunLog;
import nl.samenspel.pipelines.run.RunManifest;
import nl.samenspel.pipelines.run.StageMeter;
import nl.samenspel.pool.Comparison;
import nl.samenspel.privacy.Pseudonymizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Wires the stages of one run: ingest, the quality and drift gates, journeys, estimate, publish.
 * The stages don't know each other; this class passes the Datasets along, reports progress to
 * the console and the run log, and keeps the run manifest.
 */
public final class Pipeline {

  /**
   * @param inputDir folder with the four extracts
   * @param outDir output folder; {@code published/}, {@code work/} and {@code runs/} are in it
   * @param catalog the intervention catalog
   * @param journeys window and durable-participation definition
   * @param estimation minimum group sizes, pairs and estimator options
   * @param publication language, disclosure rules and grading of the publish
   * @param operations pseudonymization, gates, period and the configuration on record
   */
  public record Settings(Path inputDir, Path outDir, List<CatalogEntry> catalog,
      JourneysStage.Settings journeys, SubgroupEstimation.Settings estimation,
      Publication publication, Operations operations) {

    /** The same settings with another publication. */
    public Settings withPublication(Publication other) {
      return new Settings(inputDir, outDir, catalog, journeys, estimation, other, operations);
    }
  }

  /**
   * How the evidence is published.
   *
   * @param language language of the report and card texts
   * @param disclosure disclosure control rules
   * @param grading certainty grading thresholds
   * @param compareWith a pool of other municipalities to put next to the results, or null
   */
  public record Publication(Language language, DisclosureRules disclosure,
      GradingRule.Thresholds grading, PooledFile compareWith) {

    public static final Publication DEFAULT = new Publication(Language.NL,
        DisclosureRules.DEFAULT, GradingRule.Thresholds.DEFAULT, null);
  }

  /**
   * What makes a run safe to schedule.
   *
   * @param pseudonymizer keyed pseudonyms of the person key
   * @param referenceDate dates after this day are quarantined as in the future
   * @param period the reporting period, or null for everything
   * @param quality limits on quarantined rows
   * @param drift limits on changes against the previous published run
   * @param acceptDrift publish despite drift (the analyst checked it)
   * @param replacePeriod publish a period again from different input
   * @param config the effective configuration, for the manifest
   * @param values the municipality's own codes mapped to the contract's (configuration
   *     {@code values})
   */
  public record Operations(Pseudonymizer pseudonymizer, LocalDate referenceDate, Period period,
      QualityGate.Limits quality, DriftGate.Limits drift, boolean acceptDrift,
      boolean replacePeriod, RunConfig config, ValueMaps values) {

    /** Defaults around a key: today, no period, default limits, no value maps. */
    public static Operations of(Pseudonymizer pseudonymizer) {
      return new Operations(pseudonymizer, LocalDate.now(ZoneOffset.UTC), null,
          QualityGate.Limits.DEFAULT, DriftGate.Limits.DEFAULT, false, false,
          RunConfig.defaults(), ValueMaps.NONE);
    }
  }

  /** What a run produced. */
  public record Outcome(String runId, Path published, List<IngestStage.TableReport> tables,
      long episodes, long episodesUndetermined, EstimateStage.Result estimate) {}

  private Pipeline() {}

  /**
   * Runs every stage, with a run manifest and a log in {@code runs/RUN_ID/}. Any failure is
   * recorded in the manifest and rethrown; the previous publish is then untouched.
   */
  public static Outcome run(SparkSession spark, Settings settings, Consumer<String> console) {
    return recorded(settings, console, "published", (releases, files, manifest, log) -> {
      try (StageMeter meter = StageMeter.attach(spark)) {
        return stages(spark, settings, releases, files, manifest, log, meter);
      }
    });
  }

  /**
   * Only ingest and the gates ({@code samenspel check}): accounts for every row, writes the
   * quarantine and the manifest, and stops where a run would stop. Publishes nothing.
   */
  public static IngestStage.Result check(SparkSession spark, Settings settings,
      Consumer<String> console) {
    return recorded(settings, console, "checked", (releases, files, manifest, log) -> {
      manifest.put("command", "check");
      try (StageMeter meter = StageMeter.attach(spark)) {
        return ingestAndGates(spark, settings, files, manifest, log, workDir(settings), meter);
      }
    });
  }

  /** The body of a recorded run. */
  @FunctionalInterface
  private interface Body<T> {
    T run(Releases releases, Map<String, ExtractFile> files, RunManifest manifest,
        Consumer<String> log);
  }

  private static <T> T recorded(Settings settings, Consumer<String> console, String status,
      Body<T> body) {
    Operations ops = settings.operations();
    Releases releases = Releases.of(settings.outDir(), ops.period());
    Map<String, ExtractFile> files = IngestStage.preflight(settings.inputDir(),
        settings.catalog(), ops.values());
    RunManifest manifest = RunManifest.start(settings.outDir());
    try (RunLog log = new RunLog(manifest.log(), console)) {
      log.accept("run      " + manifest.runId() + (ops.period() == null ? ""
          : " for period " + ops.period().label()));
      try {
        manifest.config(ops.config().tree(), ops.config().hash(),
            ops.pseudonymizer().keyFingerprint(), settings.estimation().aipw().seed());
        manifest.put("reference_date", ops.referenceDate().toString());
        if (ops.period() != null) {
          manifest.put("period", ops.period().label());
        }
        manifest.inputs(files);
        T result = body.run(releases, files, manifest, log);
        manifest.finish(status, 0, null);
        return result;
      } catch (SamenspelException e) {
        manifest.finish(e.exitCode() == SamenspelException.EXIT_QUALITY ? "blocked" : "failed",
            e.exitCode(), e.getMessage());
        log.accept("stopped  " + e.getMessage());
        throw e;
      } catch (RuntimeException | Error e) {
        String message = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage())
            .lines().findFirst().orElse("");
        manifest.finish("failed", SamenspelException.EXIT_INTERNAL, message);
        log.accept("stopped  internal error: " + message);
        throw e;
      }
    }
  }

  private static Path workDir(Settings settings) {
    Path workDir = settings.outDir().resolve("work");
    Period period = settings.operations().period();
    return period == null ? workDir : workDir.resolve(period.label());
  }

  /** Ingest, the data-quality gate and the drift gate. */
  private static IngestStage.Result ingestAndGates(SparkSession spark, Settings settings,
      Map<String, ExtractFile> files, RunManifest manifest, Consumer<String> progress,
      Path workDir, StageMeter meter) {
    Operations ops = settings.operations();
    meter.start();
    IngestStage.Result ingest = new IngestStage().run(spark, new IngestStage.Settings(
        settings.inputDir(), workDir, settings.catalog(), ops.pseudonymizer(),
        ops.referenceDate(), ops.values()), files);
    manifest.accounting(ingest.reports());
    manifest.quality(ingest.quality());
    for (IngestStage.TableReport report : ingest.reports()) {
      if (!report.format().isEmpty()) {
        progress.accept(formatLine(report));
      }
      progress.accept(accountingLine(report));
    }
    lap(progress, manifest, "ingest", meter);

    QualityGate.enforce(ingest.reports(), ops.quality());
    Checkpoints.reach(Checkpoints.QUALITY);
    Optional<JsonNode> previous = RunManifest.lastPublished(settings.outDir());
    if (previous.isPresent()) {
      List<String> changes = DriftGate.changes(RunManifest.metrics(previous.get()),
          ingest.quality(), ops.drift());
      String previousId = previous.get().path("run_id").asText();
      manifest.drift(previousId, changes, ops.acceptDrift());
      if (!changes.isEmpty() && !ops.acceptDrift()) {
        throw new SamenspelException(SamenspelException.EXIT_QUALITY, "Drift gate: against run "
            + previousId + ", " + changes.get(0) + (changes.size() > 1 ? "; and "
                + (changes.size() - 1) + " more changes" : "") + " (all in runs/"
            + manifest.runId() + "/manifest.json). Nothing was published; check the extract, "
            + "then run again with --accept-drift to publish");
      }
      progress.accept("quality  " + (changes.isEmpty() ? "no drift against run " + previousId
          : changes.size() + " changes against run " + previousId + " accepted with "
              + "--accept-drift"));
    } else {
      manifest.drift(null, List.of(), ops.acceptDrift());
      progress.accept("quality  no earlier published run in this folder: no drift check");
    }
    return ingest;
  }

  private static Outcome stages(SparkSession spark, Settings settings, Releases releases,
      Map<String, ExtractFile> files, RunManifest manifest, Consumer<String> progress,
      StageMeter meter) {
    Operations ops = settings.operations();
    Path workDir = workDir(settings);
    checkPeriodNotPublished(settings.outDir(), releases, manifest, ops);
    IngestStage.Result ingest = ingestAndGates(spark, settings, files, manifest, progress,
        workDir, meter);
    meter.start();
    Dataset<Row> assessments = ingest.assessments();
    if (ops.period() != null) {
      assessments = assessments.filter(col(Contract.ASSESSMENT_DATE).between(
          java.sql.Date.valueOf(ops.period().first()), java.sql.Date.valueOf(ops.period().last())));
    }
    Dataset<Row> episodes = JourneysStage.persist(new JourneysStage(settings.journeys())
        .run(ingest.clients(), assessments, ingest.interventions(), ingest.outcomes()),
        workDir);
    List<PopulationCount> population = Population.of(episodes);
    PopulationCount everyone = population.get(0);
    long total = everyone.episodes();
    long undetermined = everyone.undetermined();
    long durable = everyone.durable();
    progress.accept(String.format("journeys %,d episodes, %,d with a known outcome "
        + "(%,d durable), %,d undetermined", total, total - undetermined, durable, undetermined));
    if (total - undetermined == 0) {
      throw SamenspelException.input("No episode has a known outcome: the outcomes extract "
          + "must cover " + settings.journeys().durable().followUpMonths()
          + " months after each assessment" + (ops.period() == null ? ""
              : " (in period " + ops.period().label() + ")"));
    }
    Checkpoints.reach(Checkpoints.JOURNEYS);
    lap(progress, manifest, "journeys", meter);

    EstimateStage.Result estimate = new EstimateStage(settings.catalog(),
        settings.estimation()).run(episodes);
    long tooSmall = skipped(estimate, SubgroupEstimation.SkipReason.TOO_FEW_EPISODES);
    long noOverlap = skipped(estimate, SubgroupEstimation.SkipReason.NO_OVERLAP);
    progress.accept(String.format("estimate %d combinations estimated; not estimated: %d with "
        + "too few episodes, %d without overlap after trimming, %d where a model failed",
        estimate.records().size(), tooSmall, noOverlap,
        skipped(estimate, SubgroupEstimation.SkipReason.MODEL_FAILED)));
    manifest.put("episodes", total);
    manifest.put("combinations_estimated", estimate.records().size());
    manifest.put("combinations_not_estimated", estimate.skipped().size());
    Checkpoints.reach(Checkpoints.ESTIMATE);
    lap(progress, manifest, "estimate", meter);

    Publication publication = settings.publication();
    PublicationScope scope = Population.scope(episodes, publication.disclosure().threshold(),
        ops.period() == null ? null : ops.period().label());
    RunFacts facts = new RunFacts(settings.journeys().windowDays(),
        settings.estimation().minimumArmSize(),
        settings.estimation().aipw().folds(), settings.journeys().durable().horizonMonths(),
        settings.journeys().durable().minimumConsecutiveMonths(), estimate.records().size(),
        (int) tooSmall, (int) noOverlap,
        (int) skipped(estimate, SubgroupEstimation.SkipReason.MODEL_FAILED), scope,
        definitions(settings));
    manifest.put("definitions_fingerprint", facts.definitions().fingerprint());
    Map<Combination, Comparison> comparisons = Map.of();
    if (publication.compareWith() != null) {
      Map<Combination, double[]> own = new java.util.LinkedHashMap<>();
      estimate.records().forEach(r -> own.put(r.combination(),
          new double[] {r.estimate(), r.standardError()}));
      comparisons = publication.compareWith().compare(scope.label(), own);
      progress.accept(String.format("compare  %d combinations next to the pool of other "
          + "municipalities in %s; %d differ from what they found", comparisons.size(),
          publication.compareWith().file(), comparisons.values().stream()
              .filter(c -> !c.inLine()).count()));
    }
    EvidenceReport report = new EvidenceReport(publication.language(), facts,
        publication.disclosure(), new GradingRule(publication.grading()), settings.catalog(),
        estimate.records(), estimate.skipped(), population, ingest.reports(), comparisons);
    Path published = PublishStage.publish(spark, releases, manifest.runId(), report);
    manifest.put("published", settings.outDir().relativize(published).toString());
    progress.accept(String.format("publish  %s, %s, %s, %s, %s and %s in %s (disclosure audit "
        + "passed: threshold %d, rounding to %d)", PublishStage.INDEX_HTML,
        PublishStage.REPORT_PDF, PublishStage.EVIDENCE_JSON, PublishStage.EVIDENCE_SCHEMA,
        PublishStage.EVIDENCE_CSV, PublishStage.EVIDENCE_PARQUET, published,
        publication.disclosure().threshold(), publication.disclosure().roundingBase()));
    lap(progress, manifest, "publish", meter);
    return new Outcome(manifest.runId(), published, ingest.reports(), total, undetermined,
        estimate);
  }

  /** What the run's estimates mean, as published for pooling across municipalities. */
  public static Definitions definitions(Settings settings) {
    DurableDefinition durable = settings.journeys().durable();
    return new Definitions(Definitions.CONTRACT_VERSION, durable.horizonMonths(),
        durable.minimumConsecutiveMonths(), List.copyOf(durable.workBenefitStatuses()),
        settings.journeys().windowDays(),
        settings.operations().config().list("estimation.covariates"),
        Definitions.catalogVersion(settings.catalog()), AugmentedIpw.NAME,
        settings.estimation().aipw().estimand().name());
  }

  /** A period published before from other input is only replaced on request. */
  private static void checkPeriodNotPublished(Path outDir, Releases releases,
      RunManifest manifest, Operations ops) {
    if (ops.period() == null || ops.replacePeriod()) {
      return;
    }
    Optional<String> current = releases.currentRun();
    if (current.isEmpty()) {
      return;
    }
    Optional<JsonNode> before = RunManifest.read(outDir, current.get());
    Map<String, String> now = RunManifest.checksums(manifest.root());
    if (before.isEmpty() || !RunManifest.checksums(before.get()).equals(now)) {
      throw new SamenspelException(SamenspelException.EXIT_PERIOD_PUBLISHED, "Period "
          + ops.period().label() + " was already published by run " + current.get()
          + " from other input; pass --replace-period to publish it again from this extract");
    }
  }

  /** How a file not written the contract's way was read (never silently). */
  static String formatLine(IngestStage.TableReport report) {
    return String.format("ingest   %-18s read %s", report.file(), report.format());
  }

  /** One line per file: rows read = accepted + quarantined, reasons and dropped columns. */
  static String accountingLine(IngestStage.TableReport report) {
    StringBuilder line = new StringBuilder(String.format("ingest   %-18s %,d rows read = %,d "
        + "accepted + %,d quarantined", report.file(), report.rowsRead(), report.rowsAccepted(),
        report.rowsQuarantined()));
    if (!report.quarantined().isEmpty()) {
      line.append(" (").append(report.quarantined().entrySet().stream()
          .map(e -> String.format("%,d %s", e.getValue(), e.getKey()))
          .collect(java.util.stream.Collectors.joining(", "))).append(")");
    }
    if (report.bsn()) {
      line.append("; bsn checked and pseudonymized");
    }
    if (!report.droppedColumns().isEmpty()) {
      line.append("; dropped columns outside the contract: ")
          .append(String.join(", ", report.droppedColumns()));
    }
    return line.toString();
  }

  private static long skipped(EstimateStage.Result estimate,
      SubgroupEstimation.SkipReason reason) {
    return estimate.skipped().stream().filter(s -> s.reason() == reason).count();
  }

  private static void lap(Consumer<String> progress, RunManifest manifest, String stage,
      StageMeter meter) {
    StageMeter.Measure measure = meter.lap();
    progress.accept(String.format("%-8s done in %.1f s", stage, measure.seconds()));
    manifest.stage(stage, measure);
  }
}
