package nl.samenspel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nl.samenspel.contract.QuarantineReason;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.generate.MunicipalityGenerator;
import nl.samenspel.pipelines.generate.Scenario;
import nl.samenspel.pipelines.ingest.ExtractFile;
import nl.samenspel.pipelines.ingest.IngestStage;
import nl.samenspel.pipelines.journeys.JourneysStage;
import nl.samenspel.pipelines.spark.Sessions;
import nl.samenspel.privacy.Pseudonymizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB peer against Samenspel's own ingest and journeys stages on the same extracts: a
 * generated municipality with bad rows of every kind planted in it and months missing from its
 * outcomes. Samenspel runs the two stages the benchmark compares, as {@code Pipeline.run} calls
 * them; the estimate and publish stages would triple the test's time and add nothing here. One
 * Samenspel run serves every test, since starting Spark's jobs is most of the time.
 */
class DuckDbPeerTest {

  private static final int CLIENTS = 2_000;
  private static final long SEED = 31;
  /** After every generated date, so that only the planted dates lie in the future. */
  private static final LocalDate REFERENCE = LocalDate.of(2025, 12, 31);

  @TempDir
  static Path dir;

  private static SparkSession spark;
  private static Path input;
  private static Path catalog;
  private static List<IngestStage.TableReport> reports;
  private static Path episodes;
  private static long episodeCount;
  private static long undetermined;

  @BeforeAll
  static void generateAndRunSamenspel() throws IOException {
    spark = Sessions.create("local[2]", 2);
    // The DuckDB peer reads the catalog as a file: the one Samenspel has built in.
    catalog = dir.resolve("catalog.csv");
    try (InputStream bundled = CatalogReader.class.getResourceAsStream(CatalogReader.BUNDLED)) {
      Files.copy(bundled, catalog);
    }
    input = dir.resolve("municipality");
    new MunicipalityGenerator(Scenario.defaultScenario(), CatalogReader.bundled())
        .generate(new MunicipalityGenerator.Options(CLIENTS, SEED, "GM0855"), input);
    Files.delete(input.resolve("truth.json"));
    plantBadRows(input);

    String key = System.getenv("SAMENSPEL_PSEUDONYMIZATION_KEY");
    assertThat(key).as("SAMENSPEL_PSEUDONYMIZATION_KEY (surefire sets it)").isNotBlank();
    Path work = dir.resolve("samenspel").resolve("work");
    Map<String, ExtractFile> files = IngestStage.preflight(input);
    IngestStage.Result ingest = new IngestStage().run(spark, new IngestStage.Settings(input,
        work, CatalogReader.bundled(), new Pseudonymizer(key.getBytes(StandardCharsets.UTF_8)),
        REFERENCE), files);
    reports = ingest.reports();
    Dataset<Row> persisted = JourneysStage.persist(new JourneysStage(
        JourneysStage.Settings.DEFAULT).run(ingest.clients(), ingest.assessments(),
        ingest.interventions(), ingest.outcomes()), work);
    episodes = work.resolve("journeys").resolve("episodes");
    episodeCount = persisted.count();
    undetermined = persisted.filter(persisted.col(JourneysStage.DURABLE_STATUS)
        .equalTo("UNDETERMINED")).count();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void duckDbBuildsTheSameEpisodes() {
    DuckDbPeer.Result duck = DuckDbPeer.run(input, dir.resolve("duck"),
        DuckDbPeer.Settings.defaults(REFERENCE, catalog));

    assertThat(undetermined).as("the missing months leave outcomes undetermined").isPositive();
    assertThat(duck.episodes()).isEqualTo(episodeCount);
    DuckDbPeer.Comparison comparison = DuckDbPeer.compare(duck.episodesFile(), episodes);
    assertThat(comparison.identical()).as("%s", comparison).isTrue();
    assertThat(comparison.duckDbRows()).isEqualTo(episodeCount);
  }

  @Test
  void duckDbRejectsThePlantedRowsForTheSameReasons() {
    DuckDbPeer.Result duck = DuckDbPeer.run(input, dir.resolve("duck-accounting"),
        DuckDbPeer.Settings.defaults(REFERENCE, catalog));

    // Every planted problem is there, so that equal accounting means something.
    assertThat(reports.stream().flatMap(r -> r.quarantined().keySet().stream()))
        .containsAll(Stream.of(QuarantineReason.values())
            .filter(r -> r != QuarantineReason.INVALID_BSN)
            .map(QuarantineReason::code).toList());
    for (IngestStage.TableReport report : reports) {
      assertThat(duck.acceptedRejectedPerTable().get(report.table())).as(report.table())
          .containsExactly(report.rowsAccepted(), report.rowsQuarantined());
      assertThat(duck.rejectedPerReason().get(report.table())).as(report.table())
          .isEqualTo(report.quarantined());
    }
  }

  @Test
  void comparisonFindsEpisodesBuiltWithAnotherWindow() {
    DuckDbPeer.Settings defaults = DuckDbPeer.Settings.defaults(REFERENCE, catalog);
    DuckDbPeer.Result duck = DuckDbPeer.run(input, dir.resolve("duck-window"),
        new DuckDbPeer.Settings(REFERENCE, catalog, defaults.windowDays() / 3,
            defaults.horizonMonths(), defaults.minimumMonths(), defaults.threads()));

    DuckDbPeer.Comparison comparison = DuckDbPeer.compare(duck.episodesFile(), episodes);
    assertThat(comparison.identical()).isFalse();
    assertThat(comparison.onlyInDuckDb() + comparison.onlyInSamenspel()).isZero();
    assertThat(comparison.differingPerColumn().get(JourneysStage.INTERVENTIONS)).isPositive();
    assertThat(comparison.differingPerColumn().get(JourneysStage.DURABLE_STATUS)).isZero();
  }

  // ---- planted rows -------------------------------------------------------------------------

  /**
   * One problem of each kind Samenspel quarantines for (but a BSN: the peer reads client_id
   * only), plus gaps in the outcome months.
   */
  private static void plantBadRows(Path input) throws IOException {
    Path clients = input.resolve("clients.csv");
    List<String> lines = read(clients);
    lines.add(lines.get(1));                                  // duplicate_row
    // unknown_value, and its rows orphans ("V", vrouw, would be read as F by Samenspel)
    set(lines, lines.size() - 2, 3, "Q");
    write(clients, lines);

    Path assessments = input.resolve("assessments.csv");
    lines = read(assessments);
    set(lines, 3, 4, "3.0");                                  // not_a_number (Spark's cast)
    set(lines, 4, 5, " 4 ");                                  // accepted: trimmed
    set(lines, 5, 2, REFERENCE.plusDays(1).toString());       // date_in_future
    set(lines, 6, 6, "6");                                    // out_of_range
    set(lines, 7, 3, "");                                     // missing_value
    set(lines, 8, 2, "2024-02-30");                           // not_a_date
    set(lines, 9, 2, "2001-01-01");                           // date_before_benefit
    String[] conflict = lines.get(10).split(",", -1);
    conflict[4] = conflict[4].equals("1") ? "2" : "1";
    lines.add(String.join(",", conflict));                    // key_conflict (both rows)
    String[] orphan = lines.get(11).split(",", -1);
    orphan[0] = "A9999999";
    orphan[1] = "P9999999";
    lines.add(String.join(",", orphan));                      // orphan
    write(assessments, lines);

    Path interventions = input.resolve("interventions.csv");
    lines = read(interventions);
    set(lines, 3, 3, "KM_NOT_IN_CATALOG");                    // unknown_code
    String discipline = lines.get(4).split(",", -1)[2];
    set(lines, 4, 2, discipline.equals("KM") ? "AM" : "KM");  // discipline_mismatch
    set(lines, 5, 5, "2000-01-01");                           // end_before_start
    set(lines, 6, 6, "DONE");                                 // unknown_value
    write(interventions, lines);

    Path outcomes = input.resolve("outcomes.csv");
    lines = read(outcomes);
    set(lines, 10, 3, "yes");                                 // not_a_boolean
    set(lines, 20, 1, "2024-13");                             // not_a_month
    lines.set(30, lines.get(30) + ",extra");                  // malformed_row
    lines.add(lines.get(40));                                 // duplicate_row
    // Missing months: some episodes become undetermined.
    for (int line = 100; line < 2_000; line += 97) {
      lines.remove(line);
    }
    write(outcomes, lines);
    // invalid_encoding: a copy of a row whose ladder is a byte that is not UTF-8.
    String row = lines.get(50);
    byte[] start = row.substring(0, row.lastIndexOf(',') + 1).getBytes(StandardCharsets.UTF_8);
    byte[] copy = Arrays.copyOf(start, start.length + 2);
    copy[start.length] = (byte) 0xFF;
    copy[start.length + 1] = '\n';
    Files.write(outcomes, copy, StandardOpenOption.APPEND);
  }

  private static List<String> read(Path file) throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  private static void write(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** Replaces field {@code index} of line {@code line} (0 is the header). */
  private static void set(List<String> lines, int line, int index, String value) {
    String[] fields = lines.get(line).split(",", -1);
    fields[index] = value;
    lines.set(line, String.join(",", Arrays.asList(fields)));
  }
}
