package nl.samenspel.pipelines;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.evidence.PopulationCount;
import nl.samenspel.grading.GradingRule;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.pipelines.estimate.EstimateStage;
import nl.samenspel.pipelines.ingest.IngestStage;
import nl.samenspel.pipelines.journeys.JourneysStage;
import nl.samenspel.pipelines.journeys.Population;
import nl.samenspel.pipelines.publish.EvidenceReport;
import nl.samenspel.pipelines.publish.Language;
import nl.samenspel.pipelines.publish.RunFacts;
import nl.samenspel.pipelines.publish.PublishStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Wires the stages of one run: ingest, journeys, estimate, publish. The stages don't know each
 * other; this class passes the Datasets along and reports progress.
 */
public final class Pipeline {

  /**
   * @param inputDir folder with the four extracts
   * @param outDir output folder; {@code published/} and {@code work/} are created in it
   * @param catalog the intervention catalog
   * @param journeys window and durable-participation definition
   * @param estimation minimum group sizes, pairs and estimator options
   * @param publication language, disclosure rules and grading of the publish
   */
  public record Settings(Path inputDir, Path outDir, List<CatalogEntry> catalog,
      JourneysStage.Settings journeys, SubgroupEstimation.Settings estimation,
      Publication publication) {}

  /**
   * How the evidence is published.
   *
   * @param language language of the report and card texts
   * @param disclosure disclosure control rules
   * @param grading certainty grading thresholds
   */
  public record Publication(Language language, DisclosureRules disclosure,
      GradingRule.Thresholds grading) {

    public static final Publication DEFAULT = new Publication(Language.NL,
        DisclosureRules.DEFAULT, GradingRule.Thresholds.DEFAULT);
  }

  /** What a run produced. */
  public record Outcome(Path published, List<IngestStage.TableReport> tables, long episodes,
      long episodesUndetermined, EstimateStage.Result estimate) {}

  private Pipeline() {}

  public static Outcome run(SparkSession spark, Settings settings, Consumer<String> progress) {
    Path workDir = settings.outDir().resolve("work");
    long started = System.nanoTime();
    IngestStage.Result ingest = new IngestStage().run(spark,
        new IngestStage.Settings(settings.inputDir(), workDir, settings.catalog()));
    for (IngestStage.TableReport report : ingest.reports()) {
      progress.accept(String.format("ingest   %-14s %,10d rows read, %,10d accepted%s",
          report.file(), report.rowsRead(), report.rowsAccepted(),
          report.ignoredColumns().isEmpty() ? ""
              : " (ignored columns outside the contract: "
                  + String.join(", ", report.ignoredColumns()) + ")"));
    }
    started = lap(progress, "ingest", started);

    Dataset<Row> episodes = JourneysStage.persist(new JourneysStage(settings.journeys())
        .run(ingest.clients(), ingest.assessments(), ingest.interventions(), ingest.outcomes()),
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
          + " months after each assessment");
    }
    started = lap(progress, "journeys", started);

    EstimateStage.Result estimate = new EstimateStage(settings.catalog(),
        settings.estimation()).run(episodes);
    long tooSmall = skipped(estimate, SubgroupEstimation.SkipReason.TOO_FEW_EPISODES);
    long noOverlap = skipped(estimate, SubgroupEstimation.SkipReason.NO_OVERLAP);
    progress.accept(String.format("estimate %d combinations estimated; not estimated: %d with "
        + "too few episodes, %d without overlap after trimming, %d where a model failed",
        estimate.records().size(), tooSmall, noOverlap,
        skipped(estimate, SubgroupEstimation.SkipReason.MODEL_FAILED)));
    started = lap(progress, "estimate", started);

    Publication publication = settings.publication();
    RunFacts facts = new RunFacts(settings.journeys().windowDays(),
        settings.estimation().minimumArmSize(),
        settings.estimation().aipw().folds(), settings.journeys().durable().horizonMonths(),
        settings.journeys().durable().minimumConsecutiveMonths(), estimate.records().size(),
        (int) tooSmall, (int) noOverlap,
        (int) skipped(estimate, SubgroupEstimation.SkipReason.MODEL_FAILED));
    EvidenceReport report = new EvidenceReport(publication.language(), facts,
        publication.disclosure(), new GradingRule(publication.grading()), settings.catalog(),
        estimate.records(), estimate.skipped(), population, ingest.reports());
    Path published = PublishStage.publish(spark, settings.outDir(), report);
    progress.accept(String.format("publish  %s, %s, %s, %s, %s and %s in %s (disclosure audit "
        + "passed: threshold %d, rounding to %d)", PublishStage.INDEX_HTML,
        PublishStage.REPORT_PDF, PublishStage.EVIDENCE_JSON, PublishStage.EVIDENCE_SCHEMA,
        PublishStage.EVIDENCE_CSV, PublishStage.EVIDENCE_PARQUET, published,
        publication.disclosure().threshold(), publication.disclosure().roundingBase()));
    lap(progress, "publish", started);
    return new Outcome(published, ingest.reports(), total, undetermined, estimate);
  }

  private static long skipped(EstimateStage.Result estimate,
      SubgroupEstimation.SkipReason reason) {
    return estimate.skipped().stream().filter(s -> s.reason() == reason).count();
  }

  private static long lap(Consumer<String> progress, String stage, long started) {
    long now = System.nanoTime();
    progress.accept(String.format("%-8s done in %.1f s", stage, (now - started) / 1e9));
    return now;
  }
}
