package nl.samenspel.pipelines.estimate;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import nl.samenspel.estimate.AugmentedIpw;
import nl.samenspel.estimate.Estimators;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.config.RunConfig;
import org.apache.spark.sql.SparkSession;

/**
 * Plug-in estimators: every {@code *.jar} in the folder of {@code estimation.plugins}
 * ({@code --plugins}). The driver looks for the chosen estimator in them before any data is
 * read; the estimate stage's tasks find it because the jars are added to the Spark context
 * (its executors load them, locally as on a cluster).
 */
public final class Plugins {

  private Plugins() {}

  /**
   * The chosen estimator's name, checked: it must be registered in this project or in one of
   * the plug-in jars; otherwise a usage error that lists the names there are.
   */
  public static String estimator(RunConfig config) {
    // The folder is checked first, also for aipw: a wrong --plugins stops the run before any
    // data is read, not when the estimate stage starts.
    List<Path> jars = jars(config);
    String name = config.text("estimation.estimator");
    name = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (AugmentedIpw.NAME.equals(name)) {
      return name;
    }
    List<String> known = Estimators.names(loader(jars));
    if (!known.contains(name)) {
      Path folder = config.path("estimation.plugins");
      throw SamenspelException.usage("--estimator (estimation.estimator): "
          + (name.isEmpty() ? "empty" : "no estimator '" + name + "' in this build"
              + (folder == null ? "" : " or in the plug-ins of " + folder))
          + "; known: " + String.join(", ", known)
          + (folder == null ? " (a plug-in's jar goes in a folder given with --plugins)" : ""));
    }
    return name;
  }

  /** The plug-in jars of {@code estimation.plugins}, sorted; empty when it is not set. */
  public static List<Path> jars(RunConfig config) {
    Path folder = config.path("estimation.plugins");
    if (folder == null) {
      return List.of();
    }
    if (!Files.isDirectory(folder)) {
      throw SamenspelException.usage("--plugins (estimation.plugins): " + folder
          + " is not a folder");
    }
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> jars = files.filter(f -> f.getFileName().toString().endsWith(".jar"))
          .filter(Files::isRegularFile).sorted().toList();
      if (jars.isEmpty()) {
        throw SamenspelException.usage("--plugins (estimation.plugins): " + folder
            + " holds no .jar file");
      }
      return jars;
    } catch (IOException e) {
      throw SamenspelException.usage("--plugins (estimation.plugins): can't list " + folder
          + ": " + e.getMessage());
    }
  }

  /** A class loader over the jars with this project's classes as its parent. */
  static ClassLoader loader(List<Path> jars) {
    if (jars.isEmpty()) {
      return Plugins.class.getClassLoader();
    }
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw SamenspelException.usage("--plugins (estimation.plugins): " + jar + ": "
            + e.getMessage());
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), Plugins.class.getClassLoader());
  }

  /**
   * Adds the jars to the Spark context as files, which Spark copies to every executor (locally
   * as on a cluster), so that the estimate stage's tasks load the estimator from them ({@link
   * #inTask}); returns each jar's file name with its SHA-256 (for the run manifest).
   */
  public static Map<String, String> addTo(SparkSession spark, List<Path> jars) {
    Map<String, String> added = new LinkedHashMap<>();
    for (Path jar : jars) {
      spark.sparkContext().addFile(jar.toAbsolutePath().toString());
      added.put(jar.getFileName().toString(), "sha256:" + sha256(jar));
    }
    return added;
  }

  /** One class loader per executor JVM and set of plug-in files, so classes load once. */
  private static final Map<List<String>, ClassLoader> TASK_LOADERS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Runs {@code body} in an executor's task with the plug-in files added by {@link #addTo}
   * on the thread's context class loader (where {@link Estimators#create} looks); just runs it
   * when there are none.
   */
  static <T> T inTask(List<String> files, java.util.function.Supplier<T> body) {
    if (files.isEmpty()) {
      return body.get();
    }
    Thread thread = Thread.currentThread();
    ClassLoader parent = thread.getContextClassLoader();
    ClassLoader loader = TASK_LOADERS.computeIfAbsent(List.copyOf(files), names -> {
      List<URL> urls = new ArrayList<>();
      for (String name : names) {
        try {
          urls.add(Path.of(org.apache.spark.SparkFiles.get(name)).toUri().toURL());
        } catch (MalformedURLException e) {
          throw new IllegalStateException("plug-in " + name + ": " + e.getMessage(), e);
        }
      }
      return new URLClassLoader(urls.toArray(URL[]::new), parent);
    });
    thread.setContextClassLoader(loader);
    try {
      return body.get();
    } finally {
      thread.setContextClassLoader(parent);
    }
  }

  private static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file),
        MessageDigest.getInstance("SHA-256"))) {
      MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw SamenspelException.input("can't read plug-in " + file + ": " + e.getMessage());
    }
  }
}
