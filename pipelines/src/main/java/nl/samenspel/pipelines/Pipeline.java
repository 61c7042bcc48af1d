package nl.samenspel.pipelines;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import nl.samenspel.contract.Contract;
import nl.samenspel.contract.ValueMaps;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.Definitions;
import nl.samenspel.evidence.PopulationCount;
import nl.samenspel.evidence.PublicationScope;
import nl.samenspel.journeys.DurableDefinition;
import nl.samenspel.grading.GradingRule;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.pipelines.config.RunConfig;
import nl.samenspel.pipelines.estimate.EstimateStage;
import nl.samenspel.pipelines.estimate.Plugins;
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
import nl.samenspel.pipelines.run.Run;
import nl.samenspel.pipelines.run.RunEvents;
import nl.samenspel.pipelines.run.RunManifest;
import nl.samenspel.pipelines.run.RunMirror;
import nl.samenspel.pipelines.run.SparkProgress;
import nl.samenspel.pipelines.run.StageMeter;
import nl.samenspel.pipelines.run.StageProgress;
import nl.samenspel.pipelines.spark.Parallelism;
import nl.samenspel.pipelines.store.Location;
import nl.samenspel.pool.Comparison;
import nl.samenspel.privacy.Pseudonymizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Wires the stages of one run: ingest, the quality and drift gates, journeys, estimate, publish.
 * The stages don't know each other; this class passes the Datasets along, reports what happens
 * as events (console, run log, JSON lines: {@link RunEvents}), shows how far a running stage is
 * (rows read per extract, combinations settled per subgroup: {@link SparkProgress}), and keeps
 * the run manifest. A run holds its output folder ({@link Run}) from before it writes anything
 * there until it ends.
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
   * @param locations where the input and the output are: {@code inputDir} and {@code outDir},
   *     or a Hadoop filesystem ({@code hdfs://}, {@code s3a://}, ...); for output there,
   *     {@code outDir} is the driver's own folder for the run log and the publish before it is
   *     uploaded ({@link nl.samenspel.pipelines.run.Releases})
   */
  public record Settings(Path inputDir, Path outDir, List<CatalogEntry> catalog,
      JourneysStage.Settings journeys, SubgroupEstimation.Settings estimation,
      Publication publication, Operations operations, Locations locations) {

    /** Settings with input and output in these folders on this machine. */
    public Settings(Path inputDir, Path outDir, List<CatalogEntry> catalog,
        JourneysStage.Settings journeys, SubgroupEstimation.Settings estimation,
        Publication publication, Operations operations) {
      this(inputDir, outDir, catalog, journeys, estimation, publication, operations,
          new Locations(Location.local(inputDir), Location.local(outDir)));
    }

    /** The same settings with another publication. */
    public Settings withPublication(Publication other) {
      return new Settings(inputDir, outDir, catalog, journeys, estimation, other, operations,
          locations);
    }
  }

  /**
   * Where the extracts are read and the output is written.
   *
   * @param input the folder of extracts
   * @param out the output folder: {@code published/}, {@code releases/}, {@code work/},
   *     {@code runs/}
   */
  public record Locations(Location input, Location out) {

    /** Whether the output is on a Hadoop filesystem rather than this machine. */
    public boolean remoteOut() {
      return !out.isLocal();
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
   * Runs every stage, with a run manifest and a log in {@code runs/RUN_ID/}, as {@code run}
   * holds the output folder. Any failure is recorded in the manifest, reported as the run's last
   * event and rethrown; the previous publish is then untouched.
   */
  public static Outcome run(SparkSession spark, Settings settings, Run run) {
    return recorded(spark, settings, run, "published", (releases, files, manifest, watch) ->
        stages(spark, settings, releases, files, manifest, run.events(), watch),
        outcome -> paths(settings, outcome.runId(), Map.of(
            "evidence", readable(settings, outcome.runId(), outcome.published())
                .resolve(PublishStage.EVIDENCE_JSON).toString(),
            "report", readable(settings, outcome.runId(), outcome.published())
                .resolve(PublishStage.INDEX_HTML).toString())));
  }

  /**
   * Where readers find a publish: the link on this machine, or the release the pointer names on
   * a Hadoop filesystem.
   */
  private static Location readable(Settings settings, String runId, Path published) {
    return settings.locations().remoteOut() ? Releases.remoteRelease(
        settings.locations().out(), settings.operations().period(), runId)
        : Location.local(published);
  }

  /**
   * {@link #run(SparkSession, Settings, Run)} with text lines to {@code console} and no
   * progress (tests, notebooks); takes the output folder's lock itself.
   */
  public static Outcome run(SparkSession spark, Settings settings, Consumer<String> console) {
    try (RunEvents events = RunEvents.lines(console);
        Run run = Run.start(settings.outDir(), settings.locations().out(), "run",
            events)) {
      return run(spark, settings, run);
    }
  }

  /**
   * Only ingest and the gates ({@code samenspel check}): accounts for every row, writes the
   * quarantine and the manifest, and stops where a run would stop. Publishes nothing.
   */
  public static IngestStage.Result check(SparkSession spark, Settings settings, Run run) {
    return recorded(spark, settings, run, "checked", (releases, files, manifest, watch) -> {
      manifest.put("command", "check");
      return ingestAndGates(spark, settings, files, manifest, run.events(), workDir(settings),
          watch);
    }, result -> paths(settings, run.id(), Map.of("quarantine",
        workDir(settings).resolve(IngestStage.QUARANTINE).toString())));
  }

  /** {@link #check(SparkSession, Settings, Run)} with text lines to {@code console}. */
  public static IngestStage.Result check(SparkSession spark, Settings settings,
      Consumer<String> console) {
    try (RunEvents events = RunEvents.lines(console);
        Run run = Run.start(settings.outDir(), settings.locations().out(), "check",
            events)) {
      return check(spark, settings, run);
    }
  }

  /** Where the results of a run are, for its last event: {@code name: path} lines. */
  private static Map<String, Object> paths(Settings settings, String runId,
      Map<String, String> results) {
    Map<String, Object> paths = new LinkedHashMap<>();
    results.entrySet().stream().sorted(Map.Entry.comparingByKey(
            Comparator.comparing(List.of("evidence", "report", "quarantine")::indexOf)))
        .forEach(e -> paths.put(e.getKey(), e.getValue()));
    paths.put("manifest", settings.locations().out().resolve(RunManifest.RUNS).resolve(runId)
        .resolve(RunManifest.FILE).toString());
    return paths;
  }

  /** The body of a recorded run. */
  @FunctionalInterface
  private interface Body<T> {
    T run(Releases releases, Map<String, ExtractFile> files, RunManifest manifest, Watch watch);
  }

  /**
   * What a stage measures and shows while it runs; {@code progressMark} holds the time spent on
   * progress reports when the stage started.
   */
  private record Watch(StageMeter meter, SparkProgress progress,
      java.util.concurrent.atomic.AtomicLong progressMark, Parallelism parallelism) {

    Watch(StageMeter meter, SparkProgress progress, Parallelism parallelism) {
      this(meter, progress, new java.util.concurrent.atomic.AtomicLong(), parallelism);
    }
  }

  /** Nanoseconds spent so far counting (listener) and showing (ticker) progress. */
  private static long progressNanos(RunEvents events, Watch watch) {
    return events.progressNanos() + (watch.progress() == null ? 0
        : watch.progress().busyNanos());
  }

  private static <T> T recorded(SparkSession spark, Settings settings, Run run, String status,
      Body<T> body, Function<T, Map<String, Object>> results) {
    Operations ops = settings.operations();
    RunEvents events = run.events();
    Releases releases = Releases.of(settings.outDir(), settings.locations().out(),
        ops.period());
    RunMirror mirror = RunMirror.of(settings.outDir(), settings.locations().out());
    mirror.pullManifests();
    Map<String, ExtractFile> files = IngestStage.preflight(settings.locations().input(),
        settings.catalog(), ops.values());
    RunManifest manifest = RunManifest.start(settings.outDir(), run);
    events.attach(run.id(), manifest.log());
    Map<String, Object> started = new LinkedHashMap<>();
    started.put("command", run.command());
    started.put("started", run.started().toString());
    started.put("input", settings.locations().input().toString());
    started.put("out", settings.locations().out().toString());
    if (ops.period() != null) {
      started.put("period", ops.period().label());
    }
    events.runStarted("run      " + manifest.runId() + (ops.period() == null ? ""
        : " for period " + ops.period().label()), started);
    String manifestPath = settings.locations().out().resolve(RunManifest.RUNS)
        .resolve(manifest.runId()).resolve(RunManifest.FILE).toString();
    try {
      manifest.config(ops.config().tree(), ops.config().hash(),
          ops.pseudonymizer().keyFingerprint(), settings.estimation().aipw().seed());
      manifest.put("reference_date", ops.referenceDate().toString());
      if (ops.period() != null) {
        manifest.put("period", ops.period().label());
      }
      manifest.inputs(files);
      Parallelism parallelism = Parallelism.of(spark, ops.config(),
          settings.estimation().subgroups().size()).apply(spark);
      manifest.putFacts("spark", parallelism.describe(spark));
      T result;
      try (StageMeter meter = StageMeter.attach(spark);
          SparkProgress progress = events.showsProgress()
              ? SparkProgress.attach(spark, extractPaths(files)) : null) {
        result = body.run(releases, files, manifest, new Watch(meter, progress, parallelism));
      }
      manifest.finish(status, 0, null);
      Map<String, Object> paths = results.apply(result);
      events.runFinished(status, 0, paths.entrySet().stream()
          .map(e -> String.format("%-9s %s", e.getKey() + ":", e.getValue()))
          .collect(Collectors.joining("\n")), paths);
      push(mirror, run);
      return result;
    } catch (RuntimeException | Error e) {
      // Spark wraps what a task throws: a failure the user can act on may be a cause.
      SamenspelException known = null;
      for (Throwable t = e; t != null && known == null; t = t.getCause()) {
        known = t instanceof SamenspelException found ? found : null;
      }
      if (known != null) {
        String ended = known.exitCode() == SamenspelException.EXIT_QUALITY ? "blocked"
            : "failed";
        manifest.finish(ended, known.exitCode(), known.getMessage());
        events.runFinished(ended, known.exitCode(), "stopped  " + known.getMessage(),
            Map.of("error", known.getMessage(), "manifest", manifestPath));
        push(mirror, run);
        throw e;
      }
      String message = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage())
          .lines().findFirst().orElse("");
      manifest.finish("failed", SamenspelException.EXIT_INTERNAL, message);
      events.runFinished("failed", SamenspelException.EXIT_INTERNAL, "stopped  internal error: "
          + message, Map.of("error", "internal error: " + message, "manifest", manifestPath));
      push(mirror, run);
      throw e;
    }
  }

  /**
   * Copies the run's manifest and log (with its last event) to an output folder on a Hadoop
   * filesystem. A failure there is one line on stderr, after the run's last event: the publish,
   * if any, stands and the driver keeps both files.
   */
  private static void push(RunMirror mirror, Run run) {
    try {
      mirror.push(run.id());
    } catch (IOException | RuntimeException e) {
      System.err.println("samenspel: warning: the manifest and log of run " + run.id()
          + " stay on the driver only: " + nl.samenspel.pipelines.store.Store.firstLine(e));
    }
  }

  /** The extracts by the name the console shows, for rows-read progress. */
  private static Map<String, String> extractPaths(Map<String, ExtractFile> files) {
    Map<String, String> paths = new LinkedHashMap<>();
    files.values().forEach(file -> paths.put(file.displayName(), file.location().toString()));
    return paths;
  }

  private static Location workDir(Settings settings) {
    Location workDir = settings.locations().out().resolve("work");
    Period period = settings.operations().period();
    return period == null ? workDir : workDir.resolve(period.label());
  }

  /** Ingest, the data-quality gate and the drift gate. */
  private static IngestStage.Result ingestAndGates(SparkSession spark, Settings settings,
      Map<String, ExtractFile> files, RunManifest manifest, RunEvents events, Location workDir,
      Watch watch) {
    Operations ops = settings.operations();
    long bytes = 0;
    for (JsonNode input : manifest.root().path("inputs")) {
      bytes += input.path("bytes").asLong();
    }
    start(events, watch, "ingest", String.format("started: %d extracts, %.1f MB",
        files.size(), bytes / 1e6), Map.of("extracts", files.size(), "bytes", bytes),
        () -> rowsRead(watch.progress()));
    IngestStage.Result ingest = new IngestStage().run(spark, new IngestStage.Settings(
        settings.inputDir(), workDir, settings.catalog(), ops.pseudonymizer(),
        ops.referenceDate(), ops.values()), files);
    manifest.accounting(ingest.reports());
    manifest.quality(ingest.quality());
    for (IngestStage.TableReport report : ingest.reports()) {
      if (!report.format().isEmpty()) {
        events.note("ingest", formatLine(report), Map.of("file", report.file(),
            "format", report.format()));
      }
      events.counts("ingest", accountingLine(report), accountingFacts(report));
    }
    lap(events, manifest, "ingest", watch);

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
      Map<String, Object> facts = Map.of("compared_with", previousId, "changes", changes);
      if (changes.isEmpty()) {
        events.note("quality", "quality  no drift against run " + previousId, facts);
      } else {
        events.warning("quality", "quality  " + changes.size() + " changes against run "
            + previousId + " accepted with --accept-drift", facts);
      }
    } else {
      manifest.drift(null, List.of(), ops.acceptDrift());
      events.note("quality", "quality  no earlier published run in this folder: no drift "
          + "check", Map.of());
    }
    return ingest;
  }

  /** Starts measuring a stage and showing its progress (Spark tasks when nothing else). */
  private static void start(RunEvents events, Watch watch, String stage, String message,
      Map<String, Object> facts, Supplier<StageProgress> counted) {
    watch.meter().start();
    watch.progressMark().set(progressNanos(events, watch));
    SparkProgress spark = watch.progress();
    Supplier<StageProgress> progress = spark == null ? null : () -> {
      long[] tasks = spark.tasks();
      StageProgress own = counted == null ? null : counted.get();
      return own == null ? StageProgress.tasks(tasks[0], tasks[1])
          : own.withTasks(tasks[0], tasks[1]);
    };
    events.stageStarted(stage, message, facts, progress);
  }

  /** Rows read so far per extract, while ingest runs; null before the first scan. */
  private static StageProgress rowsRead(SparkProgress spark) {
    Map<String, Long> rows = spark.rowsRead();
    if (rows.isEmpty()) {
      return null;
    }
    List<StageProgress.Part> parts = new ArrayList<>();
    rows.forEach((file, count) -> parts.add(new StageProgress.Part(file, count, -1)));
    return new StageProgress("rows read", rows.values().stream().mapToLong(Long::longValue)
        .sum(), -1, parts);
  }

  /**
   * Combinations settled so far per subgroup, out of all, while the estimate stage runs; the
   * share of the work weighs each subgroup's combinations by its episodes with a known outcome
   * (a fit costs about in proportion to its rows), for the guess of the time left.
   */
  private static StageProgress settled(SparkProgress spark, Map<String, Integer> combinations,
      Map<String, Long> episodes) {
    Map<String, Long> finished = spark.counters(EstimateStage.FINISHED);
    List<StageProgress.Part> parts = new ArrayList<>();
    long done = 0;
    long total = 0;
    double workDone = 0;
    double work = 0;
    for (Map.Entry<String, Integer> subgroup : combinations.entrySet()) {
      long count = Math.min(subgroup.getValue(), finished.getOrDefault(subgroup.getKey(), 0L));
      parts.add(new StageProgress.Part(subgroup.getKey(), count, subgroup.getValue()));
      done += count;
      total += subgroup.getValue();
      long rows = episodes.getOrDefault(subgroup.getKey(), 0L);
      workDone += (double) rows * count;
      work += (double) rows * subgroup.getValue();
    }
    return new StageProgress("combinations", done, total, parts, 0, 0,
        work > 0 ? workDone / work : -1);
  }

  private static Outcome stages(SparkSession spark, Settings settings, Releases releases,
      Map<String, ExtractFile> files, RunManifest manifest, RunEvents events, Watch watch) {
    Operations ops = settings.operations();
    Location workDir = workDir(settings);
    checkPeriodNotPublished(settings.outDir(), releases, manifest, ops);
    IngestStage.Result ingest = ingestAndGates(spark, settings, files, manifest, events,
        workDir, watch);
    start(events, watch, "journeys", "started", Map.of(), null);
    Dataset<Row> assessments = ingest.assessments();
    if (ops.period() != null) {
      assessments = assessments.filter(col(Contract.ASSESSMENT_DATE).between(
          java.sql.Date.valueOf(ops.period().first()), java.sql.Date.valueOf(ops.period().last())));
    }
    Dataset<Row> episodes = JourneysStage.persist(new JourneysStage(settings.journeys())
        .run(ingest.clients(), assessments, ingest.interventions(), ingest.outcomes()),
        workDir);
    List<PopulationCount> population = Population.of(episodes,
        settings.estimation().profiles());
    PopulationCount everyone = population.get(0);
    long total = everyone.episodes();
    long undetermined = everyone.undetermined();
    long durable = everyone.durable();
    events.counts("journeys", String.format("journeys %,d episodes, %,d with a known outcome "
        + "(%,d durable), %,d undetermined", total, total - undetermined, durable, undetermined),
        Map.of("episodes", total, "known_outcome", total - undetermined, "durable", durable,
            "undetermined", undetermined));
    if (total - undetermined == 0) {
      throw SamenspelException.input("No episode has a known outcome: the outcomes extract "
          + "must cover " + settings.journeys().durable().followUpMonths()
          + " months after each assessment" + (ops.period() == null ? ""
              : " (in period " + ops.period().label() + ")"));
    }
    Checkpoints.reach(Checkpoints.JOURNEYS);
    lap(events, manifest, "journeys", watch);

    // The chosen estimator (checked when the settings were made) and its plug-in jars, which
    // the estimate stage's tasks load wherever they run.
    manifest.put("estimator", settings.estimation().estimator());
    Map<String, String> plugins = Plugins.addTo(spark, Plugins.jars(ops.config()));
    if (!plugins.isEmpty()) {
      manifest.put("plugins", plugins);
    }
    EstimateStage stage = new EstimateStage(settings.catalog(), settings.estimation(),
        List.copyOf(plugins.keySet()), watch.parallelism().estimateTasks());
    Map<String, Integer> combinations = stage.combinations();
    Map<String, Long> known = new LinkedHashMap<>();
    population.forEach(p -> known.put(p.element(), p.episodes() - p.undetermined()));
    int all = combinations.values().stream().mapToInt(Integer::intValue).sum();
    start(events, watch, "estimate", String.format("started: %,d combinations in %d subgroups",
        all, combinations.size()), Map.of("combinations", all, "subgroups",
            combinations.size()), watch.progress() == null ? null
                : () -> settled(watch.progress(), combinations, known));
    EstimateStage.Result estimate = stage.run(episodes, watch.progress() == null
        ? EstimateStage.Counting.NONE : EstimateStage.Counting.PER_COMBINATION);
    long tooSmall = skipped(estimate, SubgroupEstimation.SkipReason.TOO_FEW_EPISODES);
    long noOverlap = skipped(estimate, SubgroupEstimation.SkipReason.NO_OVERLAP);
    long modelFailed = skipped(estimate, SubgroupEstimation.SkipReason.MODEL_FAILED);
    long overLimit = skipped(estimate, SubgroupEstimation.SkipReason.TRIPLE_LIMIT);
    long overPairLimit = skipped(estimate, SubgroupEstimation.SkipReason.PAIR_LIMIT);
    events.counts("estimate", String.format("estimate %d combinations estimated (%d of them "
        + "triples); not estimated: %d with too few episodes, %d without overlap after "
        + "trimming, %d where a model failed, %d triples beyond estimation.max_triples, %d "
        + "pairs beyond estimation.max_profile_pairs", estimate.records().size(),
        estimate.triples().size(), tooSmall, noOverlap, modelFailed, overLimit, overPairLimit),
        Map.of("estimated", estimate.records().size(), "triples",
            estimate.triples().size(), "too_few_episodes", tooSmall, "no_overlap", noOverlap,
            "model_failed", modelFailed, "triple_limit", overLimit, "pair_limit",
            overPairLimit));
    manifest.put("episodes", total);
    manifest.put("combinations_estimated", estimate.records().size());
    manifest.put("combinations_not_estimated", estimate.skipped().size());
    Checkpoints.reach(Checkpoints.ESTIMATE);
    lap(events, manifest, "estimate", watch);

    start(events, watch, "publish", "started", Map.of(), null);
    Publication publication = settings.publication();
    PublicationScope scope = Population.scope(episodes, publication.disclosure().threshold(),
        ops.period() == null ? null : ops.period().label());
    RunFacts facts = new RunFacts(settings.journeys().windowDays(),
        settings.estimation().minimumArmSize(),
        settings.estimation().aipw().folds(), settings.journeys().durable().horizonMonths(),
        settings.journeys().durable().minimumConsecutiveMonths(), estimate.records().size(),
        (int) tooSmall, (int) noOverlap, (int) modelFailed, scope, definitions(settings));
    manifest.put("definitions_fingerprint", facts.definitions().fingerprint());
    Map<Combination, Comparison> comparisons = Map.of();
    if (publication.compareWith() != null) {
      Map<Combination, double[]> own = new LinkedHashMap<>();
      estimate.records().forEach(r -> own.put(r.combination(),
          new double[] {r.estimate(), r.standardError()}));
      comparisons = publication.compareWith().compare(scope.label(), own);
      long differ = comparisons.values().stream().filter(c -> !c.inLine()).count();
      events.counts("publish", String.format("compare  %d combinations next to the pool of "
          + "other municipalities in %s; %d differ from what they found", comparisons.size(),
          publication.compareWith().file(), differ), Map.of("compared", comparisons.size(),
              "differ", differ, "pooled_file", publication.compareWith().file().toString()));
    }
    EvidenceReport report = new EvidenceReport(publication.language(), facts,
        publication.disclosure(), new GradingRule(publication.grading()), settings.catalog(),
        estimate.records(), estimate.skipped(), population, ingest.reports(), comparisons,
        estimate.modifications(), estimate.triples(), estimate.timings());
    Path published = PublishStage.publish(spark, releases, manifest.runId(), report);
    String where = readable(settings, manifest.runId(), published).toString();
    manifest.put("published", settings.locations().remoteOut() ? where
        : settings.outDir().relativize(published).toString());
    events.counts("publish", String.format("publish  %s, %s, %s, %s, %s and %s in %s "
        + "(disclosure audit passed: threshold %d, rounding to %d)", PublishStage.INDEX_HTML,
        PublishStage.REPORT_PDF, PublishStage.EVIDENCE_JSON, PublishStage.EVIDENCE_SCHEMA,
        PublishStage.EVIDENCE_CSV, PublishStage.EVIDENCE_PARQUET, where,
        publication.disclosure().threshold(), publication.disclosure().roundingBase()),
        Map.of("published", where, "files", List.of(PublishStage.INDEX_HTML,
            PublishStage.REPORT_PDF, PublishStage.EVIDENCE_JSON, PublishStage.EVIDENCE_SCHEMA,
            PublishStage.EVIDENCE_CSV, PublishStage.EVIDENCE_PARQUET),
            "disclosure_threshold", publication.disclosure().threshold(),
            "rounding_base", publication.disclosure().roundingBase()));
    lap(events, manifest, "publish", watch);
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
        Definitions.catalogVersion(settings.catalog()), settings.estimation().estimator(),
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
          .collect(Collectors.joining(", "))).append(")");
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

  private static void lap(RunEvents events, RunManifest manifest, String stage, Watch watch) {
    StageMeter.Measure measure = watch.meter().lap();
    events.stageFinished(stage, measure);
    manifest.stage(stage, measure,
        (progressNanos(events, watch) - watch.progressMark().get()) / 1e9);
  }

  /** The accounting of one file, for its {@code counts} event. */
  static Map<String, Object> accountingFacts(IngestStage.TableReport report) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("table", report.table());
    facts.put("file", report.file());
    facts.put("rows_read", report.rowsRead());
    facts.put("rows_accepted", report.rowsAccepted());
    facts.put("rows_quarantined", report.rowsQuarantined());
    facts.put("quarantined_by_reason", report.quarantined());
    facts.put("person_key", report.bsn() ? "bsn" : "client_id");
    facts.put("dropped_columns", report.droppedColumns());
    return facts;
  }
}
