package nl.samenspel.pipelines.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.store.Location;
import nl.samenspel.pipelines.store.Store;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;

/**
 * The pointer that makes a release current on a Hadoop filesystem: {@code CURRENT}, a small
 * JSON object with the release's run id, its folder and every file's size and SHA-256. It is
 * written last and in one step: on S3 and GCS as one PUT of a whole object, which readers see
 * whole or not at all; everywhere else (HDFS, ABFS, WebHDFS, ...) as a new file renamed over the
 * old one ({@code FileContext.rename} with {@code OVERWRITE}, atomic on HDFS and ABFS with
 * hierarchical namespace), never by truncating the pointer in place. Readers open {@code CURRENT}, then the files of the release it names.
 *
 * @param release the run id of the release
 * @param folder where the release is
 * @param written when the pointer was written (UTC)
 * @param files file name → {bytes, sha256}, in name order
 */
public record CurrentPointer(String release, String folder, Instant written,
    Map<String, FileFacts> files) {

  public static final String FILE = "CURRENT";
  /** Object stores where closing a new stream is one PUT of the whole object. */
  private static final java.util.Set<String> SINGLE_PUT = java.util.Set.of("s3a", "s3", "gs");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** Size and checksum of one file of a release. */
  public record FileFacts(long bytes, String sha256) {}

  /** Whether {@code folder} holds a pointer. */
  public static boolean exists(Location folder) {
    return Store.exists(folder.resolve(FILE));
  }

  /** The pointer in {@code folder}, if there is one. */
  public static Optional<CurrentPointer> read(Location folder) {
    Location file = folder.resolve(FILE);
    if (!Store.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(Store.read(file));
      Map<String, FileFacts> files = new TreeMap<>();
      node.path("files").fields().forEachRemaining(e -> files.put(e.getKey(),
          new FileFacts(e.getValue().path("bytes").asLong(),
              e.getValue().path("sha256").asText())));
      return Optional.of(new CurrentPointer(node.path("release").asText(),
          node.path("folder").asText(), Instant.parse(node.path("written").asText()), files));
    } catch (IOException | RuntimeException e) {
      throw new SamenspelException(SamenspelException.EXIT_INTERNAL, file
          + " can't be read as a release pointer (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Uploads the audited files of {@code staging} into {@code release} (a new folder), then
   * reads every file back and checks its size and SHA-256 against the audited file. Returns
   * the pointer to write; fails (exit 1) naming the first file that differs.
   */
  static CurrentPointer upload(Path staging, Location release, String runId) {
    try {
      if (Store.exists(release)) {
        throw new SamenspelException(SamenspelException.EXIT_INTERNAL, release
            + " exists already; a release is written once");
      }
      Map<String, FileFacts> sent = new TreeMap<>();
      Map<String, Path> local = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(staging)) {
        walk.filter(Files::isRegularFile).forEach(p -> local.put(
            staging.relativize(p).toString().replace('\\', '/'), p));
      }
      for (Map.Entry<String, Path> file : local.entrySet()) {
        String sha = Store.upload(file.getValue(), release.resolve(file.getKey()));
        sent.put(file.getKey(), new FileFacts(Files.size(file.getValue()), sha));
      }
      Map<String, Location> back = Store.files(release);
      if (!back.keySet().equals(sent.keySet())) {
        throw new SamenspelException(SamenspelException.EXIT_INTERNAL, release
            + " holds " + back.keySet() + " after the upload, not " + sent.keySet()
            + "; the previous publish is untouched");
      }
      for (Map.Entry<String, FileFacts> file : sent.entrySet()) {
        Location copy = back.get(file.getKey());
        String sha = Store.sha256(copy);
        if (!sha.equals(file.getValue().sha256())) {
          throw new SamenspelException(SamenspelException.EXIT_INTERNAL, copy
              + " reads back differently from the audited file; the previous publish is "
              + "untouched");
        }
      }
      return new CurrentPointer(runId, release.toString(),
          Instant.now().truncatedTo(ChronoUnit.MILLIS), sent);
    } catch (IOException e) {
      throw new UncheckedIOException("can't upload the release to " + release + ": "
          + Store.firstLine(e), e);
    }
  }

  /** Writes this pointer as {@code folder/CURRENT}, in one step. */
  void write(Location folder) {
    Location target = folder.resolve(FILE);
    try {
      byte[] bytes = JSON.writeValueAsBytes(json());
      FileSystem fs = Store.fileSystem(target);
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(target.uri());
      fs.mkdirs(path.getParent());
      if (!SINGLE_PUT.contains(target.scheme())) {
        // A new file, then a rename over the pointer (atomic at HDFS's NameNode).
        org.apache.hadoop.fs.Path temporary = new org.apache.hadoop.fs.Path(path.getParent(),
            "." + FILE + "." + release + ".tmp");
        try (OutputStream out = fs.create(temporary, true)) {
          out.write(bytes);
        }
        FileContext.getFileContext(fs.getUri(), fs.getConf())
            .rename(temporary, path, Options.Rename.OVERWRITE);
      } else {
        // An object store: one PUT of the whole object when the stream closes.
        try (OutputStream out = fs.create(path, true)) {
          out.write(bytes);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("can't write the pointer " + target + ": "
          + Store.firstLine(e), e);
    }
  }

  ObjectNode json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("release", release);
    root.put("folder", folder);
    root.put("written", written.toString());
    ObjectNode list = root.putObject("files");
    files.forEach((name, facts) -> list.putObject(name)
        .put("bytes", facts.bytes()).put("sha256", facts.sha256()));
    return root;
  }
}
