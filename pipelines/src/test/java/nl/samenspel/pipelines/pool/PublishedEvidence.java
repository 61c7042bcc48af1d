package nl.samenspel.pipelines.pool;

import static nl.samenspel.evidence.EvidenceFixtures.finding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.evidence.Combination;
import nl.samenspel.evidence.Definitions;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.evidence.PopulationCount;
import nl.samenspel.evidence.PublicationScope;
import nl.samenspel.grading.GradingRule;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.ingest.IngestStage;
import nl.samenspel.pipelines.publish.EvidenceJson;
import nl.samenspel.pipelines.publish.EvidenceReport;
import nl.samenspel.pipelines.publish.Language;
import nl.samenspel.pipelines.publish.RunFacts;

/**
 * A municipality's evidence.json made the way a run makes it ({@link EvidenceReport} rendered
 * by {@link EvidenceJson}), from hand-made records, without running the pipeline: fixtures for
 * the pool's tests.
 */
final class PublishedEvidence {

  static final List<String> COVARIATES = List.of("age", "sex", "household_type",
      "education_level", "benefit_duration", "element_scores");

  private PublishedEvidence() {}

  /** The definitions of the bundled catalog and the default configuration. */
  static Definitions definitions(int windowDays) {
    return new Definitions(Definitions.CONTRACT_VERSION, 12, 6, List.of("NONE", "PARTIAL"),
        windowDays, COVARIATES, Definitions.catalogVersion(CatalogReader.bundled()), "aipw",
        "ATE");
  }

  /** One published finding: estimate, interval half-width and counts. */
  record Finding(Combination combination, double estimate, double halfWidth, long treated,
      long comparison) {}

  static Finding single(String element, String code, double estimate, double halfWidth,
      long treated, long comparison) {
    return new Finding(new Combination(element, List.of(code)), estimate, halfWidth, treated,
        comparison);
  }

  /** The evidence.json text of a municipality. */
  static String json(String municipality, Definitions definitions, List<Finding> findings,
      Map<Combination, SubgroupEstimation.SkipReason> skipped) {
    List<EvidenceRecord> records = new ArrayList<>();
    for (Finding f : findings) {
      records.add(finding(f.combination().element(),
          f.combination().interventions().toArray(String[]::new))
          .estimate(f.estimate(), f.estimate() - f.halfWidth(), f.estimate() + f.halfWidth())
          .counts(f.treated(), f.comparison()).build());
    }
    List<SubgroupEstimation.Skipped> notEstimated = new ArrayList<>();
    skipped.forEach((c, reason) -> notEstimated.add(new SubgroupEstimation.Skipped(c, reason, "")));
    RunFacts facts = new RunFacts(definitions.windowDays(), 30, 5, definitions.horizonMonths(),
        definitions.durationMonths(), records.size(), 0, 0, 0,
        new PublicationScope(List.of(municipality), "2023"), definitions);
    long all = 4000;
    EvidenceReport report = new EvidenceReport(Language.NL, facts, DisclosureRules.DEFAULT,
        new GradingRule(GradingRule.Thresholds.DEFAULT), CatalogReader.bundled(), records,
        notEstimated, List.of(new PopulationCount("ALL", all, 400, 0)),
        List.of(new IngestStage.TableReport("clients", "clients.csv", all, all, 0, Map.of(),
            Map.of(), List.of(), false)), Map.of());
    return EvidenceJson.render(report);
  }

  /** Writes {@code json} as {@code dir/releases/RUN/evidence.json}, as a run leaves it. */
  static Path write(Path dir, String json) throws IOException {
    Path release = dir.resolve("releases").resolve("20261130T000000Z-0001");
    Files.createDirectories(release);
    Path file = release.resolve("evidence.json");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return file;
  }
}
