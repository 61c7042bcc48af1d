package nl.samenspel.pipelines.store;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import nl.samenspel.pipelines.SamenspelException;
import org.apache.spark.sql.SparkSession;

/**
 * Files on a {@link Location} that is not on this machine, through Hadoop's {@code FileSystem}
 * API. The configuration (and so any credentials) is the cluster's: the running Spark session's
 * Hadoop configuration, or before Spark starts the one Spark would build from the same sources
 * ({@code core-site.xml} on the class path, {@code HADOOP_CONF_DIR}, the {@code spark.hadoop.*}
 * properties spark-submit sets).
 * Nothing here logs or returns a configuration value.
 */
public final class Store {

  private Store() {}

  /** The Hadoop configuration in force now. */
  public static Configuration configuration() {
    Optional<SparkSession> active = activeSession();
    if (active.isPresent()) {
      return active.get().sparkContext().hadoopConfiguration();
    }
    // Built as Spark builds its own (spark.hadoop.* and spark-submit's properties, the AWS
    // variables of the environment, core-site.xml), so that the filesystem Hadoop caches now
    // is the one Spark's session would have made (Spark's SparkHadoopUtil: public in the
    // bytecode, internal to Spark in its sources).
    return org.apache.spark.deploy.SparkHadoopUtil.get()
        .newConfiguration(new org.apache.spark.SparkConf());
  }

  private static Optional<SparkSession> activeSession() {
    scala.Option<SparkSession> active = SparkSession.getActiveSession();
    if (active.isDefined()) {
      return Optional.of(active.get());
    }
    scala.Option<SparkSession> fallback = SparkSession.getDefaultSession();
    return fallback.isDefined() ? Optional.of(fallback.get()) : Optional.empty();
  }

  static org.apache.hadoop.fs.Path hadoop(Location location) {
    return new org.apache.hadoop.fs.Path(location.uri());
  }

  /** The filesystem of {@code location} (cached by Hadoop per scheme and authority). */
  public static FileSystem fileSystem(Location location) {
    try {
      return hadoop(location).getFileSystem(configuration());
    } catch (IOException e) {
      throw unreachable(location, e);
    }
  }

  /**
   * A store that can't be reached or has no filesystem for its scheme (exit 3, one line): the
   * address, the connector or the cluster's configuration needs a look.
   */
  static SamenspelException unreachable(Location location, IOException e) {
    String hint = e instanceof org.apache.hadoop.fs.UnsupportedFileSystemException
        ? " (no Hadoop filesystem for '" + location.scheme() + "://' on the class path: add its"
            + " connector, docs/cluster.md)" : "";
    return SamenspelException.input("can't reach " + location + ": " + firstLine(e) + hint);
  }

  public static boolean exists(Location location) {
    if (location.isLocal()) {
      return Files.exists(location.path());
    }
    try {
      return fileSystem(location).exists(hadoop(location));
    } catch (IOException e) {
      throw unreachable(location, e);
    }
  }

  public static boolean isDirectory(Location location) {
    if (location.isLocal()) {
      return Files.isDirectory(location.path());
    }
    try {
      return fileSystem(location).getFileStatus(hadoop(location)).isDirectory();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw unreachable(location, e);
    }
  }

  public static InputStream open(Location location) throws IOException {
    return location.isLocal() ? Files.newInputStream(location.path())
        : fileSystem(location).open(hadoop(location));
  }

  /** The regular files under {@code location} (itself when it is a file), by relative name. */
  public static Map<String, Location> files(Location location) throws IOException {
    Map<String, Location> files = new TreeMap<>();
    if (location.isLocal()) {
      Path root = location.path();
      if (!Files.isDirectory(root)) {
        files.put("", location);
        return files;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile).forEach(p -> files.put(
            root.relativize(p).toString().replace('\\', '/'), Location.local(p)));
      }
      return files;
    }
    FileSystem fs = fileSystem(location);
    org.apache.hadoop.fs.Path root = hadoop(location);
    FileStatus status = fs.getFileStatus(root);
    if (!status.isDirectory()) {
      files.put("", location);
      return files;
    }
    String prefix = fs.makeQualified(root).toUri().getPath();
    RemoteIterator<LocatedFileStatus> walk = fs.listFiles(root, true);
    while (walk.hasNext()) {
      LocatedFileStatus file = walk.next();
      String path = file.getPath().toUri().getPath();
      String relative = path.substring(prefix.length()).replaceFirst("^/", "");
      files.put(relative, location.resolve(relative));
    }
    return files;
  }

  /** The names directly in a folder (files and folders), or none when it does not exist. */
  public static List<String> list(Location folder) throws IOException {
    List<String> names = new ArrayList<>();
    if (folder.isLocal()) {
      if (Files.isDirectory(folder.path())) {
        try (Stream<Path> entries = Files.list(folder.path())) {
          entries.forEach(p -> names.add(p.getFileName().toString()));
        }
      }
    } else {
      FileSystem fs = fileSystem(folder);
      try {
        for (FileStatus status : fs.listStatus(hadoop(folder))) {
          names.add(status.getPath().getName());
        }
      } catch (FileNotFoundException e) {
        return names;
      }
    }
    names.sort(null);
    return names;
  }

  /** The bytes of every regular file under {@code location}. */
  public static long length(Location location) throws IOException {
    if (location.isLocal()) {
      try (Stream<Path> walk = Files.walk(location.path())) {
        return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
    }
    return fileSystem(location).getContentSummary(hadoop(location)).getLength();
  }

  /** The whole of a small file. */
  public static byte[] read(Location file) throws IOException {
    try (InputStream in = open(file)) {
      return in.readAllBytes();
    }
  }

  /**
   * Writes a new file; fails with {@link FileAlreadyExistsException} when one is there
   * ({@code create} without overwrite, which HDFS decides at the NameNode).
   */
  public static void createNew(Location file, byte[] bytes) throws IOException {
    FileSystem fs = fileSystem(file);
    try (OutputStream out = fs.create(hadoop(file), false)) {
      out.write(bytes);
    }
  }

  /** Copies a local file to a new remote file, and returns the SHA-256 of what was sent. */
  public static String upload(Path local, Location target) throws IOException {
    MessageDigest digest = sha256();
    FileSystem fs = fileSystem(target);
    try (InputStream in = Files.newInputStream(local);
        OutputStream out = fs.create(hadoop(target), false)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Copies a remote file to a local one (replacing it). */
  public static void download(Location source, Path local) throws IOException {
    Files.createDirectories(local.toAbsolutePath().getParent());
    try (InputStream in = open(source)) {
      Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** SHA-256 of a file as the store gives it back. */
  public static String sha256(Location file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = open(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Deletes a file or a folder tree; false when there was nothing. */
  public static boolean delete(Location location) throws IOException {
    if (location.isLocal()) {
      boolean existed = Files.exists(location.path(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
      nl.samenspel.pipelines.run.Releases.deleteTree(location.path());
      return existed;
    }
    return fileSystem(location).delete(hadoop(location), true);
  }

  /** The modification time of a file in milliseconds, or empty when it does not exist. */
  public static Optional<Long> modified(Location file) throws IOException {
    try {
      return Optional.of(fileSystem(file).getFileStatus(hadoop(file)).getModificationTime());
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first line of an exception's message (Hadoop's can span pages). */
  public static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    return e.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse("");
  }
}
