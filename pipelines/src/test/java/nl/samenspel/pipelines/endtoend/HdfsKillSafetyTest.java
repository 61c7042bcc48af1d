package nl.samenspel.pipelines.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import nl.samenspel.pipelines.Checkpoints;
import nl.samenspel.pipelines.ChildRun;
import nl.samenspel.pipelines.cli.Main;
import nl.samenspel.pipelines.run.CurrentPointer;
import nl.samenspel.pipelines.run.ReleaseList;
import nl.samenspel.pipelines.run.Releases;
import nl.samenspel.pipelines.run.RunManifest;
import nl.samenspel.pipelines.store.Location;
import nl.samenspel.pipelines.store.MiniDfs;
import nl.samenspel.pipelines.store.Store;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pipeline on a real HDFS ({@link MiniDfs} in this JVM; every run a child JVM reaching it
 * over the loopback address), input and output on {@code hdfs://}:
 * <ul>
 *   <li>it publishes the same bytes as a local run of the same input and configuration;</li>
 *   <li>a run killed with SIGKILL at the checkpoints of {@link KillSafetyTest} leaves the
 *       previous pointer and its release as they were, and the next run publishes;</li>
 *   <li>{@code samenspel releases --clean} removes what the killed runs left;</li>
 *   <li>a secret in the Hadoop configuration (a canary) appears in no console, manifest, log or
 *       published file.</li>
 * </ul>
 */
@Tag("slow")
@Tag("hdfs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsKillSafetyTest {

  private static final int CLIENTS = 300;
  private static final long SEED = 11;
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A made-up object-store secret, as a cluster's core-site.xml would hold one. */
  private static final String CANARY = "CANARY-s3a-secret-7f3d9c2e41b8";
  private static final String CANARY_ACCESS = "CANARYACCESSKEY0042";

  @TempDir
  static Path dir;

  private MiniDfs hdfs;
  private Location input;
  private Location out;
  private Path driver;
  private Path localOut;
  private final String referenceDate = LocalDate.now(ZoneOffset.UTC).toString();
  private Map<String, String> baseline;
  private String baselineRun;
  private final List<ChildRun.Started> children = new ArrayList<>();
  private final Map<String, String> timings = new LinkedHashMap<>();
  private final long started = System.nanoTime();

  @BeforeAll
  void startHdfsAndPublishOnceHereAndThere() throws Exception {
    hdfs = MiniDfs.start(dir.resolve("hdfs"));
    Path localInput = dir.resolve("in");
    assertThat(Main.execute(new PrintWriter(new StringWriter()), "generate", "--clients",
        Integer.toString(CLIENTS), "--seed", Long.toString(SEED), "--out",
        localInput.toString())).isZero();
    input = hdfs.location("gemeente/extracts");
    out = hdfs.location("gemeente/samenspel");
    driver = dir.resolve("driver");
    hdfs.upload(localInput, input);

    // The local run and the first HDFS run overlap (neither keeps both cores busy).
    localOut = dir.resolve("out-local");
    ChildRun.Started local = ChildRun.start(dir.resolve("logs/local"), Map.of(),
        "run", "--input", localInput.toString(), "--out", localOut.toString(),
        "--reference-date", referenceDate, "--master", "local[2]");
    ChildRun.Started first = start("baseline", null);
    awaitSuccess(local);
    awaitSuccess(first);
    timings.put("local and first HDFS run", String.format("%.1f s", first.seconds()));
    CurrentPointer pointer = CurrentPointer.read(out.resolve(Releases.PUBLISHED))
        .orElseThrow(() -> new AssertionError("no pointer after the first run" + first.tails()));
    baselineRun = pointer.release();
    baseline = checksums(baselineRun);
    assertThat(baseline).as(first.tails()).containsKeys("evidence.json", "evidence.csv",
        "evidence.parquet", "index.html", "report.pdf", "evidence.schema.json");
    assertThat(status(baselineRun)).isEqualTo("published");
  }

  @AfterAll
  void stop() {
    for (ChildRun.Started child : children) {
      if (child.isAlive()) {
        try {
          child.kill();
        } catch (Exception | AssertionError e) {
          System.err.println("HdfsKillSafetyTest: could not stop a child: " + e);
        }
      }
    }
    if (hdfs != null) {
      hdfs.close();
    }
    timings.put("total", String.format("%.1f s", (System.nanoTime() - started) / 1e9));
    System.out.println("HdfsKillSafetyTest timings: " + timings);
  }

  @Order(0)
  @Test
  void theReleaseOnHdfsHasTheBytesOfALocalRun() throws IOException {
    Map<String, String> local = KillSafetyTest.checksums(localOut.resolve(Releases.PUBLISHED));
    assertThat(baseline).as("published files on HDFS against the local run")
        .isEqualTo(local);
    // The pointer names every file with the checksum it has.
    CurrentPointer pointer = CurrentPointer.read(out.resolve(Releases.PUBLISHED)).orElseThrow();
    Map<String, String> named = new TreeMap<>();
    pointer.files().forEach((name, facts) -> named.put(name, facts.sha256()));
    assertThat(named).isEqualTo(baseline);
    // The manifest and the log of the run are in the output folder on HDFS.
    assertThat(Store.exists(out.resolve("runs").resolve(baselineRun).resolve("run.log")))
        .isTrue();
  }

  @Order(1)
  @ParameterizedTest(name = "killed at {0}")
  @ValueSource(strings = {Checkpoints.INGEST, Checkpoints.JOURNEYS, Checkpoints.ESTIMATE,
      Checkpoints.PUBLISH_STAGING, Checkpoints.PUBLISH_SWAPPED})
  void killAtCheckpointLeavesThePreviousReleaseCurrentAndIntact(String checkpoint)
      throws Exception {
    Set<String> runsBefore = driverRuns();
    ChildRun.Started child = start("kill-" + checkpoint, checkpoint);
    double reached = child.awaitLine("hold " + checkpoint, TIMEOUT);
    timings.put(checkpoint, String.format("%.1f s", reached));
    assertThat(child.kill()).as("killed by SIGKILL (128 + 9)" + child.tails()).isEqualTo(137);
    String context = " (killed at " + checkpoint + ")" + child.tails();

    ReleaseList list = ReleaseList.of(out, null);
    assertThat(list.current()).as("the pointer still names the first release" + context)
        .contains(baselineRun);
    assertThat(list.intact()).as("the first release is intact: " + list.problem() + context)
        .isTrue();
    assertThat(checksums(baselineRun)).as("the first release, byte for byte" + context)
        .isEqualTo(baseline);

    Set<String> killedRuns = new TreeSet<>(driverRuns());
    killedRuns.removeAll(runsBefore);
    assertThat(killedRuns).as("one new run" + context).hasSize(1);
    String killed = killedRuns.iterator().next();
    assertThat(status(killed)).as("the killed run never finished" + context)
        .isEqualTo("running");
    Location release = out.resolve(Releases.RELEASES).resolve(killed);
    if (checkpoint.equals(Checkpoints.PUBLISH_SWAPPED)) {
      // Uploaded and checked in full, but never made current.
      assertThat(Store.files(release).keySet()).as(context).isEqualTo(baseline.keySet());
      assertThat(list.unreferenced()).as(context).contains(killed);
    } else {
      assertThat(Store.exists(release)).as("nothing uploaded" + context).isFalse();
    }
  }

  @Order(2)
  @Test
  void nextRunPublishesAndCleanRemovesWhatTheKilledRunsLeft() throws Exception {
    ChildRun.Started next = start("after-kills", null);
    awaitSuccess(next);
    timings.put("run after kills", String.format("%.1f s", next.seconds()));
    String context = next.tails();
    ReleaseList list = ReleaseList.of(out, null);
    String run = list.current().orElseThrow();
    String console = Files.readString(next.logs().resolve("stdout.txt"));
    System.out.println("HdfsKillSafetyTest: the console of the run after the kills:\n"
        + console);
    SoftAssertions.assertSoftly(softly -> {
      softly.assertThat(console).as("the console names the release on HDFS")
          .contains("evidence: " + out.resolve("releases").resolve(run)
              .resolve("evidence.json"))
          .contains("manifest: " + out.resolve("runs").resolve(run).resolve("manifest.json"));
      softly.assertThat(run).as("a new release" + context).isNotEqualTo(baselineRun);
      softly.assertThat(list.intact()).as(list.problem() + context).isTrue();
      softly.assertThat(status(run)).as(context).isEqualTo("published");
      softly.assertThat(uncheckedChecksums(run)).as("same input, same bytes" + context)
          .isEqualTo(baseline);
      softly.assertThat(list.unreferenced()).as("the first release and the upload of the run "
          + "killed before its pointer" + context).hasSize(2).contains(baselineRun);
    });

    StringWriter printed = new StringWriter();
    assertThat(Main.execute(new PrintWriter(printed), new PrintWriter(new StringWriter()),
        "releases", "--out", out.toString(), "--driver-dir", dir.resolve("clean").toString(),
        "--clean")).as(printed.toString()).isZero();
    assertThat(printed.toString()).contains("current   " + run + " (intact)")
        .contains("cleaned   2 unreferenced releases");
    assertThat(Store.list(out.resolve(Releases.RELEASES))).containsExactly(run);
    assertThat(Store.exists(out.resolve(".samenspel.lock"))).as("no lock left").isFalse();
  }

  @Order(3)
  @Test
  void noSecretOfTheHadoopConfigurationIsPrintedRecordedOrPublished() throws Exception {
    // The canary reaches the Hadoop configuration the way a cluster's settings do (the
    // children get it as these system properties; no Spark session runs in this JVM).
    assertThat(org.apache.spark.sql.SparkSession.getActiveSession().isDefined()).isFalse();
    System.setProperty("spark.hadoop.fs.s3a.secret.key", CANARY);
    try {
      assertThat(Store.configuration().get("fs.s3a.secret.key"))
          .as("the canary is in the Hadoop configuration a run reads").isEqualTo(CANARY);
    } finally {
      System.clearProperty("spark.hadoop.fs.s3a.secret.key");
    }
    List<String> scanned = new ArrayList<>();
    List<String> leaks = new ArrayList<>();
    for (Map.Entry<String, Location> file : Store.files(out).entrySet()) {
      byte[] bytes = Store.read(file.getValue());
      scan("hdfs " + file.getKey(), bytes, scanned, leaks);
      // Compressed content is scanned as the reader sees it: the PDF's text, Parquet's values.
      if (file.getKey().endsWith(".pdf") || file.getKey().endsWith(".parquet")) {
        Path copy = dir.resolve("scan").resolve(file.getKey());
        Files.createDirectories(copy.getParent());
        Files.write(copy, bytes);
        String text = file.getKey().endsWith(".pdf")
            ? nl.samenspel.pipelines.publish.PdfText.of(copy) : parquetText(copy);
        scan("hdfs " + file.getKey() + " (decoded)", text.getBytes(StandardCharsets.UTF_8),
            scanned, leaks);
      }
    }
    try (Stream<Path> walk = Stream.concat(Files.walk(driver), Files.walk(dir.resolve("logs")))) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        if (file.getFileName().toString().equals("command.txt")) {
          continue; // the test's own command line, which passes the canary in
        }
        scan(dir.relativize(file).toString(), Files.readAllBytes(file), scanned, leaks);
      }
    }
    assertThat(scanned).as("consoles, manifests, logs and releases were scanned")
        .anyMatch(name -> name.endsWith("stdout.txt"))
        .anyMatch(name -> name.endsWith("stderr.txt"))
        .anyMatch(name -> name.endsWith("manifest.json"))
        .anyMatch(name -> name.contains("releases/") && name.endsWith("report.pdf (decoded)"))
        .anyMatch(name -> name.contains("releases/")
            && name.endsWith("evidence.parquet (decoded)"))
        .anyMatch(name -> name.endsWith("CURRENT"));
    assertThat(leaks).as("files holding the canary secret").isEmpty();
  }

  // ------------------------------------------------------------------------------------------

  private static void scan(String name, byte[] bytes, List<String> scanned, List<String> leaks) {
    scanned.add(name);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    if (text.contains(CANARY) || text.contains(CANARY_ACCESS)) {
      leaks.add(name);
    }
  }

  /** Every value of a Parquet file as text (parquet-java's reader). */
  private static String parquetText(Path file) throws IOException {
    StringBuilder text = new StringBuilder();
    try (org.apache.parquet.hadoop.ParquetReader<org.apache.parquet.example.data.Group> reader =
        org.apache.parquet.hadoop.ParquetReader.builder(
            new org.apache.parquet.hadoop.example.GroupReadSupport(),
            new org.apache.hadoop.fs.Path(file.toUri())).build()) {
      for (org.apache.parquet.example.data.Group group; (group = reader.read()) != null; ) {
        text.append(group).append('\n');
      }
    }
    assertThat(text).as("values read from " + file).isNotEmpty();
    return text.toString();
  }

  /** SHA-256 of every file of a release on HDFS, by relative path. */
  private Map<String, String> checksums(String runId) throws IOException {
    Map<String, String> sums = new TreeMap<>();
    for (Map.Entry<String, Location> file : Store.files(out.resolve(Releases.RELEASES)
        .resolve(runId)).entrySet()) {
      sums.put(file.getKey(), Store.sha256(file.getValue()));
    }
    return sums;
  }

  private Map<String, String> uncheckedChecksums(String runId) {
    try {
      return checksums(runId);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The runs the driver knows (a killed run's manifest stays on the driver). */
  private Set<String> driverRuns() throws IOException {
    try (Stream<Path> folders = Files.list(driver.resolve(RunManifest.RUNS))) {
      return folders.map(p -> p.getFileName().toString())
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  private String status(String runId) {
    try {
      JsonNode manifest = JSON.readTree(driver.resolve(RunManifest.RUNS).resolve(runId)
          .resolve(RunManifest.FILE).toFile());
      return manifest.path("status").asText();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** One run on HDFS in a child JVM with the canary in its Hadoop configuration. */
  private ChildRun.Started start(String name, String holdAt) throws IOException {
    ChildRun.Started child = ChildRun.start(dir.resolve("logs").resolve(name),
        holdAt == null ? Map.of() : Map.of("SAMENSPEL_HOLD_AT", holdAt),
        List.of("-Dspark.hadoop.fs.s3a.secret.key=" + CANARY,
            "-Dspark.hadoop.fs.s3a.access.key=" + CANARY_ACCESS),
        "run", "--input", input.toString(), "--out", out.toString(), "--driver-dir",
        driver.toString(), "--reference-date", referenceDate, "--master", "local[2]");
    children.add(child);
    return child;
  }

  private static void awaitSuccess(ChildRun.Started child) throws Exception {
    ChildRun.Result result = child.await((int) TIMEOUT.toMinutes());
    assertThat(result.exitCode()).as("exit code" + child.tails()).isZero();
  }
}
