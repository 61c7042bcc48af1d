package nl.samenspel.pipelines.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import nl.samenspel.pipelines.ingest.CsvDialect;
import nl.samenspel.pipelines.ingest.ExtractFile;
import nl.samenspel.pipelines.store.Location;
import nl.samenspel.pipelines.store.Store;
import nl.samenspel.pipelines.ingest.IngestStage;

/**
 * The record of one run, {@code runs/RUN_ID/manifest.json}: run id, status, input checksums,
 * configuration (and its hash), code version, seeds, key fingerprint, row accounting per file,
 * columns dropped at ingest, data-quality metrics, drift, stage timings, and how it ended. It is
 * rewritten (atomically) after every stage, so a killed run leaves a manifest that says how far
 * it got. It holds counts and names only, never a data value.
 */
public final class RunManifest {

  public static final String RUNS = "runs";
  public static final String FILE = "manifest.json";
  public static final String LOG = "run.log";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final Path folder;
  private final ObjectNode root = JSON.createObjectNode();
  private final ObjectNode stages;

  private RunManifest(Path folder, String runId, Instant started) {
    this.folder = folder;
    root.put("run_id", runId);
    root.put("status", "running");
    root.put("started", started.truncatedTo(ChronoUnit.MILLIS).toString());
    root.put("code_version", codeVersion());
    stages = root.putObject("stage_seconds");
  }

  /** Starts the manifest of a run in {@code outDir/runs/RUN_ID/}; the run holds the folder. */
  public static RunManifest start(Path outDir, Run run) {
    RunManifest manifest = new RunManifest(outDir.resolve(RUNS).resolve(run.id()), run.id(),
        run.started());
    manifest.write();
    return manifest;
  }

  public String runId() {
    return root.get("run_id").asText();
  }

  public Path folder() {
    return folder;
  }

  public Path log() {
    return folder.resolve(LOG);
  }

  public ObjectNode root() {
    return root;
  }

  public void config(JsonNode tree, String hash, String keyFingerprint, long seed) {
    root.put("config_hash", hash);
    root.set("config", tree);
    root.put("key_fingerprint", keyFingerprint);
    root.putObject("seeds").put("estimation", seed);
  }

  /** Checksums of the extracts as they were read. */
  public void inputs(Map<String, ExtractFile> files) {
    ArrayNode inputs = root.putArray("inputs");
    for (ExtractFile file : files.values()) {
      ObjectNode input = inputs.addObject();
      input.put("table", file.table().name());
      input.put("file", file.displayName());
      input.put("sha256", checksum(file.location()));
      input.put("bytes", size(file.location()));
      if (file.dialect() != null) {
        CsvDialect dialect = file.dialect();
        ObjectNode format = input.putObject("format");
        format.put("delimiter", String.valueOf(dialect.delimiter()));
        format.put("encoding", dialect.encoding().label());
        format.put("byte_order_mark", dialect.byteOrderMark());
        ObjectNode dates = format.putObject("date_formats");
        dialect.dateFormats().forEach((column, date) -> dates.put(column, date.label()));
      }
    }
    write();
  }

  /** Row accounting and dropped columns, added to the inputs. */
  public void accounting(List<IngestStage.TableReport> reports) {
    for (JsonNode input : root.withArray("inputs")) {
      for (IngestStage.TableReport report : reports) {
        if (report.table().equals(input.get("table").asText())) {
          ObjectNode node = (ObjectNode) input;
          node.put("person_key", report.bsn() ? "bsn" : "client_id");
          node.put("rows_read", report.rowsRead());
          node.put("rows_accepted", report.rowsAccepted());
          node.put("rows_quarantined", report.rowsQuarantined());
          node.put("balanced", report.balanced());
          ObjectNode reasons = node.putObject("quarantined_by_reason");
          report.quarantined().forEach(reasons::put);
          ArrayNode dropped = node.putArray("dropped_columns");
          report.droppedColumns().forEach(dropped::add);
        }
      }
    }
    write();
  }

  public void quality(Map<String, Double> metrics) {
    ObjectNode node = root.putObject("quality");
    new TreeMap<>(metrics).forEach(node::put);
    write();
  }

  public void drift(String comparedWith, List<String> changes, boolean accepted) {
    ObjectNode node = root.putObject("drift");
    node.put("compared_with", comparedWith);
    ArrayNode list = node.putArray("changes");
    changes.forEach(list::add);
    node.put("accepted_by_flag", accepted && !changes.isEmpty());
    write();
  }

  public void stage(String name, double seconds) {
    stages.put(name, Math.round(seconds * 10) / 10.0);
    write();
  }

  /**
   * Timing, Spark jobs and memory of a stage ({@code stage_seconds} and {@code stage_metrics}),
   * with the seconds the driver spent counting and showing its progress
   * ({@code progress_seconds}).
   */
  public void stage(String name, StageMeter.Measure measure, double progressSeconds) {
    ObjectNode metrics = root.withObjectProperty("stage_metrics").putObject(name);
    metrics.put("seconds", Math.round(measure.seconds() * 10) / 10.0);
    metrics.put("spark_jobs", measure.sparkJobs());
    metrics.put("peak_heap_mb", measure.peakHeapBytes() / (1024 * 1024));
    metrics.put("peak_resident_mb", measure.peakResidentBytes() < 0 ? -1
        : measure.peakResidentBytes() / (1024 * 1024));
    metrics.put("progress_seconds", Math.round(progressSeconds * 1000) / 1000.0);
    stage(name, measure.seconds());
  }

  public void put(String key, String value) {
    root.put(key, value);
    write();
  }

  public void put(String key, long value) {
    root.put(key, value);
    write();
  }

  /** A map of texts, in its order (e.g. plug-in jars and their SHA-256). */
  public void put(String key, java.util.Map<String, String> values) {
    com.fasterxml.jackson.databind.node.ObjectNode node = root.putObject(key);
    values.forEach(node::put);
    write();
  }

  /** A map of facts (numbers, booleans, texts), in its order. */
  public void putFacts(String key, java.util.Map<String, Object> facts) {
    root.set(key, JSON.valueToTree(facts));
    write();
  }

  /** Marks the end of the run. */
  public void finish(String status, int exitCode, String message) {
    root.put("status", status);
    root.put("exit_code", exitCode);
    if (message != null) {
      root.put("message", message);
    }
    root.put("finished", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    write();
  }

  /** Writes to a temporary file and renames it over the manifest. */
  public synchronized void write() {
    try {
      Files.createDirectories(folder);
      Path temporary = folder.resolve(FILE + ".tmp");
      JSON.writeValue(temporary.toFile(), root);
      Files.move(temporary, folder.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("can't write the run manifest in " + folder, e);
    }
  }

  /** The manifest of run {@code runId} in {@code outDir}, if it exists and can be read. */
  public static Optional<JsonNode> read(Path outDir, String runId) {
    Path file = outDir.resolve(RUNS).resolve(runId).resolve(FILE);
    try {
      return Files.exists(file) ? Optional.of(JSON.readTree(file.toFile())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The manifest of the most recent run that published, for the drift gate. */
  public static Optional<JsonNode> lastPublished(Path outDir) {
    Path runs = outDir.resolve(RUNS);
    if (!Files.isDirectory(runs)) {
      return Optional.empty();
    }
    List<JsonNode> published = new ArrayList<>();
    try (Stream<Path> folders = Files.list(runs)) {
      for (Path folder : folders.toList()) {
        read(outDir, folder.getFileName().toString())
            .filter(m -> "published".equals(m.path("status").asText()))
            .ifPresent(published::add);
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return published.stream().max(Comparator.comparing(m -> m.path("finished").asText()));
  }

  /** Metrics of a manifest's {@code quality} section. */
  public static Map<String, Double> metrics(JsonNode manifest) {
    Map<String, Double> metrics = new TreeMap<>();
    manifest.path("quality").fields().forEachRemaining(e ->
        metrics.put(e.getKey(), e.getValue().asDouble()));
    return metrics;
  }

  /** The input checksums of a manifest, table → sha256. */
  public static Map<String, String> checksums(JsonNode manifest) {
    Map<String, String> sums = new TreeMap<>();
    manifest.path("inputs").forEach(i -> sums.put(i.path("table").asText(),
        i.path("sha256").asText()));
    return sums;
  }

  /** SHA-256 of a file, or of a folder's regular files in name order (names included). */
  public static String checksum(Path path) {
    return checksum(Location.local(path));
  }

  /** As {@link #checksum(Path)}, on this machine or on a Hadoop filesystem. */
  public static String checksum(Location location) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (Map.Entry<String, Location> file : Store.files(location).entrySet()) {
        digest.update(file.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (InputStream in = Store.open(file.getValue())) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
          }
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("can't read " + location, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long size(Location location) {
    try {
      return Store.length(location);
    } catch (IOException e) {
      throw new UncheckedIOException("can't read " + location, e);
    }
  }


  private static String codeVersion() {
    String version = RunManifest.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
