package nl.samenspel.pipelines.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import nl.samenspel.pipelines.ChildRun;
import nl.samenspel.pipelines.cli.Main;
import nl.samenspel.pipelines.run.CurrentPointer;
import nl.samenspel.pipelines.run.ReleaseList;
import nl.samenspel.pipelines.store.Location;
import nl.samenspel.pipelines.store.MiniDfs;
import nl.samenspel.pipelines.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a real Spark standalone cluster: a master and a worker in their own JVMs on
 * 127.0.0.1, the application handed to {@code org.apache.spark.deploy.SparkSubmit} (the class
 * behind {@code spark-submit}) in client mode, its estimates computed in an executor that the
 * worker launches, with input and output on HDFS (a {@link MiniDfs} in the test JVM, which the
 * driver and the executor reach over the loopback address): the tested form of the standalone
 * submit command in docs/cluster.md. The same extracts (a generated municipality of 400
 * clients) also go through {@code run} in local mode on the local disk, and every published file
 * of the release the cluster's pointer names must be byte-identical to the local run's
 * (evidence.parquet included: its footer is normalized, see ParquetFooter).
 *
 * <p>No Spark distribution is installed, so the test builds a throwaway SPARK_HOME whose
 * {@code jars/} links the Spark jars of the test classpath: {@code spark-sql} and every artifact
 * it names as its runtime dependencies in its {@code META-INF/DEPENDENCIES}, close to what the
 * {@code jars/} of a Spark installation holds. The worker's {@code WorkerCommandBuilder} starts
 * executors from it.
 *
 * <p>Application jar: {@code target/samenspel-pipelines-VERSION-cluster.jar}, the deliverable of
 * {@code mvn -Pcluster package} ({@code .ci/run} builds it before {@code mvn -B test}), when it
 * exists and holds the classes just compiled. Otherwise (a plain {@code mvn test}, or a stale
 * cluster jar) the test jars {@code target/classes} and passes every other non-Spark classpath
 * entry with {@code --jars}: the content of the cluster jar, plus the test-only libraries, which
 * do no harm there. The test prints which one it used; the checks on the cluster jar itself
 * run only when it was used.
 *
 * <p>Both runs are child JVMs with {@code SAMENSPEL_PSEUDONYMIZATION_KEY} set, so that they see
 * the same environment. Every child's output goes to a log file under the temporary folder;
 * when something fails, the logs (with the executors') are printed and copied to
 * {@code target/standalone-cluster-logs/}. Every child (and the executors, children of the
 * worker) is killed at the end.
 */
@Tag("cluster")
@Tag("hdfs")
class StandaloneClusterTest {

  static final String KEY = "cluster-test-key-0123456789abcdef0123456789";
  static final String APP_NAME = "samenspel";
  /** Not a value Samenspel would pick itself: 8 shuffle partitions and 2 tasks locally. */
  static final int CLUSTER_PARALLELISM = 5;
  static final List<String> PUBLISHED_FILES = List.of("evidence.json", "evidence.csv",
      "evidence.schema.json", "index.html", "evidence.parquet", "report.pdf");
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Every JVM of the test, executors too, compiles with C1 only, as the children do. */
  private static final String QUICK_JIT = ChildRun.QUICK_JIT;

  /** Deleted at the end; on a failure the logs are copied to {@link #KEPT_LOGS} first. */
  @TempDir
  static Path dir;
  private static final Path KEPT_LOGS = TARGET.resolve("standalone-cluster-logs");

  private static final List<ChildRun.Started> PROCESSES = new ArrayList<>();
  private static Path logs;
  private static List<String> jvmFlags;
  private static ClassPath classPath;
  private static Path sparkHome;
  private static AppJar app;
  private static int masterPort;
  private static int masterWebUi;
  private static Path workerDir;
  private static Path localOut;
  /** The cluster run's output on HDFS, and its published files copied here to compare. */
  private static Location clusterOut;
  private static Path clusterRelease;
  private static MiniDfs hdfs;

  /** Prints the children's logs when a test fails (a failure in setup prints them itself). */
  @RegisterExtension
  static final TestWatcher LOGS_ON_FAILURE = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      printLogs();
    }
  };

  /** What is submitted: the application jar and any jars passed with --jars. */
  record AppJar(Path jar, List<Path> extraJars, boolean isClusterJar, String description) {}

  @BeforeAll
  static void runLocallyAndOnTheCluster() throws Exception {
    long started = System.nanoTime();
    logs = Files.createDirectories(dir.resolve("logs"));
    try {
      jvmFlags = sparkJvmFlags();
      classPath = ClassPath.current();
      sparkHome = sparkHome(classPath.spark());
      app = appJar(classPath);
      System.out.println("StandaloneClusterTest: " + app.description());

      Path input = dir.resolve("municipality");
      assertThat(Main.execute("generate", "--clients", "400", "--seed", "7",
          "--out", input.toString())).as("generate").isZero();
      hdfs = MiniDfs.start(dir.resolve("hdfs"));
      Location hdfsInput = hdfs.location("gemeente/extracts");
      hdfs.upload(input, hdfsInput);
      long generated = System.nanoTime();

      // Master and worker boot while the local run works.
      masterPort = freePort();
      masterWebUi = freePort();
      workerDir = Files.createDirectories(dir.resolve("worker"));
      start("master", sparkDaemon("org.apache.spark.deploy.master.Master",
          "--host", "127.0.0.1", "--port", Integer.toString(masterPort),
          "--webui-port", Integer.toString(masterWebUi)), Map.of());
      start("worker", sparkDaemon("org.apache.spark.deploy.worker.Worker",
          "--host", "127.0.0.1", "--port", Integer.toString(freePort()),
          "--webui-port", Integer.toString(freePort()), "--cores", "2", "--memory", "2g",
          "--work-dir", workerDir.toString(), masterUrl()), Map.of());

      // The local run starts at once, the submit as soon as the master answers (the worker
      // registers while the driver starts). The runs overlap: on 2 cores neither keeps both
      // busy all the time.
      localOut = dir.resolve("out-local");
      List<String> local = ChildRun.java("-Xmx2g");
      local.addAll(List.of("-cp", appClassPath(), Main.class.getName(),
          "run", "--input", input.toString(), "--out", localOut.toString()));
      ChildRun.Started localRun = start("local", local,
          Map.of("SAMENSPEL_PSEUDONYMIZATION_KEY", KEY));

      awaitMasterState(json -> "ALIVE".equals(json.path("status").asText()));
      long clusterUp = System.nanoTime();
      clusterOut = hdfs.location("gemeente/samenspel");
      String flags = String.join(" ", jvmFlags);
      List<String> submit = ChildRun.java("-Xmx1g");
      submit.addAll(List.of("-cp", sparkHome.resolve("jars") + File.separator + "*",
          "org.apache.spark.deploy.SparkSubmit",
          "--master", masterUrl(), "--deploy-mode", "client", "--name", APP_NAME,
          "--class", Main.class.getName(),
          "--conf", "spark.executor.extraJavaOptions=" + flags + " " + QUICK_JIT,
          // Read by the spark-submit script when it starts the driver JVM; this test starts
          // that JVM itself, with the same flags on its command line.
          "--conf", "spark.driver.extraJavaOptions=" + flags,
          "--conf", "spark.executor.memory=1g",
          "--conf", "spark.cores.max=2",
          // The cluster's parallelism, which the run's shuffles and estimate tasks follow.
          "--conf", "spark.default.parallelism=" + CLUSTER_PARALLELISM));
      if (!app.extraJars().isEmpty()) {
        submit.add("--jars");
        submit.add(app.extraJars().stream().map(Path::toString)
            .collect(Collectors.joining(",")));
      }
      submit.add(app.jar().toString());
      submit.addAll(List.of("run", "--input", hdfsInput.toString(),
          "--out", clusterOut.toString(), "--driver-dir", dir.resolve("driver").toString()));
      ChildRun.Started driver = start("driver", submit,
          Map.of("SAMENSPEL_PSEUDONYMIZATION_KEY", KEY));
      awaitAliveWorker();

      long localDone = awaitExit("local", localRun);
      long clusterDone = awaitExit("driver", driver);
      clusterRelease = download(clusterOut, dir.resolve("cluster-release"));
      System.out.printf(Locale.ROOT, "StandaloneClusterTest: generate %.1f s; then, "
          + "overlapping, local run %.1f s, master up %.1f s, cluster run %.1f s; set-up in all "
          + "%.1f s%n", seconds(started, generated), seconds(generated, localDone),
          seconds(generated, clusterUp), seconds(clusterUp, clusterDone),
          seconds(started, Math.max(localDone, clusterDone)));
    } catch (Throwable t) {
      printLogs();
      throw t;
    }
  }

  /**
   * Copies the release the pointer {@code OUT/published/CURRENT} names from HDFS to
   * {@code target}, after checking it against the pointer.
   */
  private static Path download(Location out, Path target) throws IOException {
    CurrentPointer pointer = CurrentPointer.read(out.resolve("published"))
        .orElseThrow(() -> new AssertionError("no release pointer in " + out));
    ReleaseList list = ReleaseList.of(out, null);
    assertThat(list.intact()).as(list.problem()).isTrue();
    Location release = out.resolve("releases").resolve(pointer.release());
    for (Map.Entry<String, Location> file : Store.files(release).entrySet()) {
      Store.download(file.getValue(), target.resolve("published").resolve(file.getKey()));
    }
    try (Stream<String> runs = Store.list(out.resolve("runs")).stream()) {
      for (String run : runs.toList()) {
        Store.download(out.resolve("runs").resolve(run).resolve("manifest.json"),
            target.resolve("runs").resolve(run).resolve("manifest.json"));
      }
    }
    return target;
  }

  @AfterAll
  static void stopEverything() throws IOException {
    for (int i = PROCESSES.size() - 1; i >= 0; i--) {
      try {
        PROCESSES.get(i).kill();
      } catch (InterruptedException | RuntimeException | AssertionError e) {
        System.err.println("StandaloneClusterTest: could not stop child " + i + ": " + e);
      }
    }
    if (hdfs != null) {
      hdfs.close();
    }
    // The links to the Spark jars go now: JUnit would warn about each when it deletes the
    // temporary folder.
    if (sparkHome != null && Files.isDirectory(sparkHome.resolve("jars"))) {
      try (Stream<Path> jars = Files.list(sparkHome.resolve("jars"))) {
        for (Path jar : jars.toList()) {
          Files.delete(jar);
        }
      }
    }
  }

  @Test
  void theClusterPublishesTheSameBytesAsLocalMode() throws IOException {
    Map<String, Path> local = publishedFiles(localOut);
    Map<String, Path> cluster = publishedFiles(clusterRelease);
    assertThat(cluster.keySet()).containsExactlyInAnyOrderElementsOf(local.keySet())
        .containsAll(PUBLISHED_FILES);
    List<String> different = new ArrayList<>();
    for (String name : local.keySet()) {
      byte[] a = Files.readAllBytes(local.get(name));
      byte[] b = Files.readAllBytes(cluster.get(name));
      int at = Arrays.mismatch(a, b);
      if (at >= 0) {
        different.add(name + " (local " + a.length + " bytes, cluster " + b.length
            + " bytes, first difference at byte " + at + ")");
      }
    }
    assertThat(different).as("published files that differ between local mode and the cluster")
        .isEmpty();
    // Not an empty publish: the executors estimated something.
    assertThat(JSON.readTree(cluster.get("evidence.json").toFile())
        .path("run").path("combinations_estimated").asInt()).isPositive();
  }

  @Test
  void theShufflesAndEstimateTasksFollowTheClustersParallelism() throws IOException {
    JsonNode cluster = onlyManifest(clusterRelease).path("spark");
    JsonNode local = onlyManifest(localOut).path("spark");
    // Read back from the running job's own configuration (spark.sql.shuffle.partitions).
    assertThat(cluster.path("mode").asText()).isEqualTo("cluster");
    assertThat(cluster.path("default_parallelism").asInt()).isEqualTo(CLUSTER_PARALLELISM);
    assertThat(cluster.path("shuffle_partitions").asInt()).isEqualTo(CLUSTER_PARALLELISM);
    assertThat(cluster.path("adaptive").asBoolean()).isTrue();
    int subgroups = cluster.path("subgroups").asInt();
    assertThat(subgroups).isPositive();
    assertThat(cluster.path("estimate_tasks_per_subgroup").asInt())
        .isEqualTo(Math.max(2, (CLUSTER_PARALLELISM + subgroups - 1) / subgroups));
    assertThat(local.path("mode").asText()).isEqualTo("local");
    assertThat(local.path("shuffle_partitions").asInt()).isEqualTo(8);
    assertThat(local.path("estimate_tasks_per_subgroup").asInt()).isBetween(2, 4);
  }

  /** The manifest of the one run in {@code out}. */
  private static JsonNode onlyManifest(Path out) throws IOException {
    try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
      List<Path> folders = runs.filter(Files::isDirectory).toList();
      assertThat(folders).hasSize(1);
      return JSON.readTree(folders.get(0).resolve("manifest.json").toFile());
    }
  }

  @Test
  void theApplicationRanOnTheClusterInAnExecutorOfTheWorker() throws Exception {
    JsonNode master = awaitMasterState(json -> json.path("completedapps").size() > 0);
    assertThat(master.path("activeapps")).isEmpty();
    assertThat(master.path("completedapps")).hasSize(1);
    JsonNode completed = master.path("completedapps").get(0);
    assertThat(completed.path("name").asText()).isEqualTo(APP_NAME);
    assertThat(completed.path("state").asText()).isEqualTo("FINISHED");

    Path appDir = workerDir.resolve(completed.path("id").asText());
    assertThat(appDir).as("the worker's folder of the application").isDirectory();
    List<Path> stderr;
    try (Stream<Path> files = Files.walk(appDir)) {
      stderr = files.filter(p -> p.getFileName().toString().equals("stderr")).toList();
    }
    assertThat(stderr).as("executor logs").isNotEmpty();
    String executorLog = Files.readString(stderr.get(0));
    assertThat(executorLog).contains("CoarseGrainedExecutorBackend")
        .containsPattern("Finished task .* in stage");
  }

  @Test
  void theClusterJarHoldsNoSparkAndEveryServiceOfWhatItBundles() throws IOException {
    Assumptions.assumeTrue(app.isClusterJar(), "the test did not use the cluster jar: "
        + app.description());
    Map<String, Long> jar = entries(app.jar());
    assertThat(jar.keySet()).contains("nl/samenspel/pipelines/cli/Main.class",
        "nl/samenspel/estimate/Estimators.class", "smile/classification/LogisticRegression.class",
        "picocli/CommandLine.class", "com/github/mustachejava/DefaultMustacheFactory.class",
        "com/openhtmltopdf/pdfboxout/PdfRendererBuilder.class",
        "org/apache/commons/csv/CSVFormat.class");
    assertThat(jar.keySet()).noneMatch(name -> name.startsWith("org/apache/spark/")
        || name.startsWith("scala/") || name.startsWith("org/apache/hadoop/")
        || name.startsWith("com/fasterxml/jackson/core/")
        || name.startsWith("com/fasterxml/jackson/databind/") || name.startsWith("org/slf4j/")
        || name.startsWith("org/apache/logging/log4j/")
        || name.matches("META-INF/[^/]+\\.(SF|DSA|RSA)"));
    for (Path spark : classPath.spark()) {
      Set<String> classes = entries(spark).keySet().stream()
          .filter(name -> name.endsWith(".class") && !name.contains("module-info"))
          .collect(Collectors.toSet());
      classes.retainAll(jar.keySet());
      assertThat(classes).as("classes of %s in the cluster jar", spark.getFileName()).isEmpty();
    }
    // Every service file of a library in the jar is complete: shade merges, never truncates.
    String estimatorService = "META-INF/services/nl.samenspel.estimate.EstimatorProvider";
    Set<String> estimators = new LinkedHashSet<>();
    List<Path> ours = new ArrayList<>(classPath.application());
    ours.add(0, classPath.ownClasses());
    try (JarFile cluster = new JarFile(app.jar().toFile())) {
      for (Path entry : ours) {
        Map<String, String> services = services(entry);
        estimators.addAll(lines(services.getOrDefault(estimatorService, "")));
        if (services.isEmpty() || !bundled(entry, jar)) {
          continue;
        }
        for (Map.Entry<String, String> service : services.entrySet()) {
          ZipEntry merged = cluster.getEntry(service.getKey());
          assertThat(merged).as(service.getKey()).isNotNull();
          String text = new String(cluster.getInputStream(merged).readAllBytes(),
              StandardCharsets.UTF_8);
          assertThat(lines(text)).as("%s of %s", service.getKey(), entry.getFileName())
              .containsAll(lines(service.getValue()));
        }
      }
      ZipEntry merged = cluster.getEntry(estimatorService);
      assertThat(merged).as(estimatorService).isNotNull();
      assertThat(lines(new String(cluster.getInputStream(merged).readAllBytes(),
          StandardCharsets.UTF_8))).as(estimatorService).isNotEmpty()
          .containsExactlyInAnyOrderElementsOf(estimators);
    }
  }

  // ---------------------------------------------------------------------------------------
  // The application jar and the throwaway SPARK_HOME

  /**
   * The entries of the test classpath, split into what a Spark installation ships, our own
   * compiled classes ({@code target/classes}), and the rest (our other modules and libraries).
   */
  record ClassPath(List<Path> spark, Path ownClasses, List<Path> application) {

    static ClassPath current() throws IOException {
      List<Path> entries = Arrays.stream(System.getProperty("java.class.path")
              .split(Pattern.quote(File.pathSeparator)))
          .filter(s -> !s.isBlank()).map(s -> Path.of(s).toAbsolutePath().normalize())
          .filter(Files::exists).distinct().toList();
      Path sparkSql = entries.stream()
          .filter(p -> p.getFileName().toString().matches("spark-sql_2\\.13-.*\\.jar"))
          .findFirst().orElseThrow(() -> new IllegalStateException(
              "spark-sql is not on the test classpath: " + entries));
      Set<String> shipped = new LinkedHashSet<>();
      shipped.add("org/apache/spark/spark-sql_2.13");
      shipped.addAll(declaredDependencies(sparkSql));
      Path own;
      try {
        own = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toAbsolutePath().normalize();
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException(e);
      }
      List<Path> spark = new ArrayList<>();
      List<Path> application = new ArrayList<>();
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (entry.equals(own) || name.equals("test-classes") || name.endsWith("-tests.jar")) {
          continue;
        }
        Path version = entry.getParent();
        Path artifact = version == null ? null : version.getParent();
        String coordinates = artifact == null ? "" : artifact.toString().replace('\\', '/');
        if (name.endsWith(".jar") && shipped.stream().anyMatch(
            ga -> coordinates.endsWith("/" + ga))) {
          spark.add(entry);
        } else {
          application.add(entry);
        }
      }
      return new ClassPath(spark, own, application);
    }

    /**
     * "group/as/folders/artifactId" of every dependency that a Spark jar names in its
     * META-INF/DEPENDENCIES (lines like "- Name (url) group:artifact:type:version").
     */
    private static Set<String> declaredDependencies(Path jar) throws IOException {
      Pattern coordinates = Pattern.compile(
          "\\s([A-Za-z0-9_.\\-]+):([A-Za-z0-9_.\\-]+):[A-Za-z0-9_\\-]+:[^\\s:]+$");
      Set<String> found = new LinkedHashSet<>();
      try (JarFile file = new JarFile(jar.toFile())) {
        ZipEntry entry = file.getEntry("META-INF/DEPENDENCIES");
        if (entry == null) {
          throw new IllegalStateException(jar + " has no META-INF/DEPENDENCIES");
        }
        String text = new String(file.getInputStream(entry).readAllBytes(),
            StandardCharsets.UTF_8);
        for (String line : text.lines().toList()) {
          Matcher m = coordinates.matcher(line.stripTrailing());
          if (line.strip().startsWith("- ") && m.find()) {
            found.add(m.group(1).replace('.', '/') + "/" + m.group(2));
          }
        }
      }
      if (found.size() < 50) {
        throw new IllegalStateException("too few dependencies in " + jar + ": " + found);
      }
      return found;
    }
  }

  /** SPARK_HOME/jars with links to the Spark jars, as a Spark installation has them. */
  static Path sparkHome(List<Path> sparkJars) throws IOException {
    Path home = dir.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (Path jar : sparkJars) {
      Path link = jars.resolve(jar.getFileName());
      if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        link = jars.resolve(jar.getParent().getParent().getFileName() + "-"
            + jar.getFileName());
      }
      try {
        Files.createSymbolicLink(link, jar);
      } catch (UnsupportedOperationException | IOException e) {
        Files.copy(jar, link);
      }
    }
    return home;
  }

  /**
   * The cluster jar when it exists and holds exactly the classes compiled now; else a jar of
   * target/classes with the other non-Spark entries of the classpath as --jars.
   */
  static AppJar appJar(ClassPath classPath) throws IOException {
    Path clusterJar;
    try (Stream<Path> files = Files.list(TARGET)) {
      clusterJar = files.filter(p -> p.getFileName().toString()
          .matches("samenspel-pipelines-.*-cluster\\.jar")).findFirst().orElse(null);
    }
    String why;
    if (clusterJar == null) {
      why = "there is no target/samenspel-pipelines-*-cluster.jar (build it with "
          + "mvn -Pcluster -DskipTests package)";
    } else {
      List<String> stale = stale(clusterJar, classPath);
      if (stale.isEmpty()) {
        return new AppJar(clusterJar, List.of(), true, "submits the cluster jar "
            + TARGET.relativize(clusterJar) + " (" + Files.size(clusterJar) / (1024 * 1024)
            + " MiB), the deliverable of mvn -Pcluster package");
      }
      why = TARGET.relativize(clusterJar) + " is stale (" + stale.size() + " classes differ "
          + "from the compiled ones, e.g. " + stale.get(0) + ")";
    }
    Path jars = Files.createDirectories(dir.resolve("app-jars"));
    Path thin = jarOf(classPath.ownClasses(), jars.resolve("samenspel-pipelines.jar"));
    List<Path> extra = new ArrayList<>();
    for (Path entry : classPath.application()) {
      extra.add(Files.isDirectory(entry)
          ? jarOf(entry, jars.resolve(entry.getParent().getParent().getFileName() + ".jar"))
          : entry);
    }
    return new AppJar(thin, extra, false, "submits a jar of target/classes with " + extra.size()
        + " non-Spark classpath entries as --jars, because " + why);
  }

  /** Our compiled files that the cluster jar lacks or holds in another version. */
  private static List<String> stale(Path clusterJar, ClassPath classPath) throws IOException {
    Map<String, Long> jar = entries(clusterJar);
    List<Path> ours = new ArrayList<>();
    ours.add(classPath.ownClasses());
    classPath.application().stream()
        .filter(p -> Files.isDirectory(p) || p.getFileName().toString().startsWith("samenspel-"))
        .forEach(ours::add);
    List<String> stale = new ArrayList<>();
    for (Path entry : ours) {
      for (Map.Entry<String, Long> file : entries(entry).entrySet()) {
        String name = file.getKey();
        if (name.startsWith("META-INF/")) {
          continue;
        }
        if (!file.getValue().equals(jar.get(name))) {
          stale.add(name);
        }
      }
    }
    return stale;
  }

  private static Path jarOf(Path classes, Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out, manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = classes.relativize(file).toString().replace('\\', '/');
        if (name.equals("META-INF/MANIFEST.MF")) {
          continue;
        }
        zip.putNextEntry(new JarEntry(name));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    return jar;
  }

  /** The classpath of a local run: the application's jars, then Spark's. */
  private static String appClassPath() {
    List<String> parts = new ArrayList<>();
    parts.add(app.jar().toString());
    app.extraJars().forEach(p -> parts.add(p.toString()));
    parts.add(sparkHome.resolve("jars") + File.separator + "*");
    return String.join(File.pathSeparator, parts);
  }

  // ---------------------------------------------------------------------------------------
  // Child processes

  /** The --add-opens and -D flags that Spark needs on Java 17: spark.jvm.flags of pom.xml. */
  static List<String> sparkJvmFlags() throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    Matcher matcher = Pattern.compile("<spark.jvm.flags>(.*?)</spark.jvm.flags>").matcher(pom);
    if (!matcher.find()) {
      throw new IllegalStateException("no spark.jvm.flags in " + ROOT.resolve("pom.xml"));
    }
    return List.of(matcher.group(1).trim().split("\\s+"));
  }

  private static List<String> sparkDaemon(String mainClass, String... args) {
    List<String> command = ChildRun.java("-Xmx512m");
    command.addAll(List.of("-cp", sparkHome.resolve("jars") + File.separator + "*", mainClass));
    command.addAll(List.of(args));
    return command;
  }

  /** A child in the shared harness, with logs in logs/NAME/ and Spark's variables set. */
  private static ChildRun.Started start(String name, List<String> command,
      Map<String, String> env) throws IOException {
    ChildRun.Started child = ChildRun.launch(command, logs.resolve(name), dir, environment -> {
      for (String inherited : List.of("SPARK_CONF_DIR", "SPARK_DIST_CLASSPATH",
          "HADOOP_CONF_DIR", "YARN_CONF_DIR", "SPARK_CLASSPATH", "SPARK_MASTER_OPTS",
          "SPARK_WORKER_OPTS")) {
        environment.remove(inherited);
      }
      environment.put("SPARK_HOME", sparkHome.toString());
      environment.put("SPARK_LOCAL_IP", "127.0.0.1");
      environment.put("SPARK_SCALA_VERSION", "2.13");
      environment.put("JAVA_HOME", System.getProperty("java.home"));
      environment.putAll(env);
    });
    synchronized (PROCESSES) {
      PROCESSES.add(child);
    }
    return child;
  }

  /** Waits for a child's end and returns when; fails with its log when it failed or hung. */
  private static long awaitExit(String name, ChildRun.Started child) throws Exception {
    ChildRun.Result result = child.await((int) RUN_TIMEOUT.toMinutes());
    if (result.exitCode() != 0) {
      fail(name + " exited with " + result.exitCode() + "; its logs are printed below and "
          + "kept in " + KEPT_LOGS + child.tails());
    }
    return System.nanoTime();
  }

  private static String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  private static void awaitAliveWorker() throws Exception {
    awaitMasterState(json -> {
      for (JsonNode worker : json.path("workers")) {
        if ("ALIVE".equals(worker.path("state").asText())) {
          return true;
        }
      }
      return false;
    });
  }

  /** Polls the master's JSON page (http://127.0.0.1:WEBUI/json/) until the condition holds. */
  private static JsonNode awaitMasterState(java.util.function.Predicate<JsonNode> condition)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + masterWebUi + "/json/"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String last = "(no answer)";
    while (System.nanoTime() < deadline) {
      for (ChildRun.Started p : PROCESSES.subList(0, Math.min(2, PROCESSES.size()))) {
        if (!p.isAlive()) {
          fail("a Spark daemon (pid " + p.pid() + ") exited" + p.tails());
        }
      }
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          last = response.body();
          JsonNode json = JSON.readTree(last);
          if (condition.test(json)) {
            return json;
          }
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the master's state did not come about within " + START_TIMEOUT
        + "; last answer: " + last);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /**
   * Prints the tail of every child's log and of the executors' logs, and copies them to
   * target/standalone-cluster-logs/.
   */
  static void printLogs() {
    if (logs == null) {
      return;
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> own = Files.walk(logs)) {
      own.filter(p -> p.getFileName().toString().matches("(stdout|stderr)\\.txt")).sorted()
          .forEach(files::add);
    } catch (IOException e) {
      System.err.println("StandaloneClusterTest: no logs: " + e);
    }
    if (workerDir != null && Files.isDirectory(workerDir)) {
      try (Stream<Path> executors = Files.walk(workerDir)) {
        executors.filter(p -> p.getFileName().toString().matches("stdout|stderr")).sorted()
            .forEach(files::add);
      } catch (IOException e) {
        System.err.println("StandaloneClusterTest: no executor logs: " + e);
      }
    }
    for (Path file : files) {
      try {
        Files.createDirectories(KEPT_LOGS);
        Files.copy(file, KEPT_LOGS.resolve(dir.relativize(file).toString()
            .replace(File.separatorChar, '_')), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        System.err.println("===== " + file + " (last " + Math.min(150, lines.size()) + " of "
            + lines.size() + " lines)");
        lines.subList(Math.max(0, lines.size() - 150), lines.size())
            .forEach(System.err::println);
      } catch (IOException e) {
        System.err.println("===== " + file + ": " + e);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Files

  /** Files under OUT/published by relative name; follows OUT/published if it is a link. */
  static Map<String, Path> publishedFiles(Path out) throws IOException {
    Path published = out.resolve("published").toRealPath();
    Map<String, Path> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(published, FileVisitOption.FOLLOW_LINKS)) {
      walk.filter(Files::isRegularFile).forEach(p -> files.put(
          published.relativize(p).toString().replace('\\', '/'), p));
    }
    return files;
  }


  /** Name to CRC-32 of every file in a jar or a folder. */
  static Map<String, Long> entries(Path jarOrFolder) throws IOException {
    Map<String, Long> entries = new LinkedHashMap<>();
    if (Files.isDirectory(jarOrFolder)) {
      try (Stream<Path> files = Files.walk(jarOrFolder)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          CRC32 crc = new CRC32();
          crc.update(Files.readAllBytes(file));
          entries.put(jarOrFolder.relativize(file).toString().replace('\\', '/'),
              crc.getValue());
        }
      }
      return entries;
    }
    try (JarFile jar = new JarFile(jarOrFolder.toFile())) {
      jar.stream().filter(e -> !e.isDirectory()).forEach(e -> entries.put(e.getName(),
          e.getCrc()));
    }
    return entries;
  }

  /** Whether the classes of a classpath entry are in the jar (a sample of five). */
  private static boolean bundled(Path entry, Map<String, Long> jar) throws IOException {
    List<String> classes = entries(entry).keySet().stream()
        .filter(n -> n.endsWith(".class") && !n.contains("module-info")).limit(5).toList();
    return !classes.isEmpty() && jar.keySet().containsAll(classes);
  }

  /** META-INF/services files of a jar or folder, by entry name. */
  private static Map<String, String> services(Path jarOrFolder) throws IOException {
    Map<String, String> services = new TreeMap<>();
    if (Files.isDirectory(jarOrFolder)) {
      Path folder = jarOrFolder.resolve("META-INF").resolve("services");
      if (Files.isDirectory(folder)) {
        try (Stream<Path> files = Files.list(folder)) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            services.put("META-INF/services/" + file.getFileName(), Files.readString(file));
          }
        }
      }
      return services;
    }
    try (JarFile jar = new JarFile(jarOrFolder.toFile())) {
      for (JarEntry e : jar.stream().filter(e -> !e.isDirectory()
          && e.getName().startsWith("META-INF/services/")).toList()) {
        try (InputStream in = jar.getInputStream(e)) {
          services.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(jarOrFolder.toString(), e);
    }
    return services;
  }

  /** The non-comment lines of a service file. */
  private static List<String> lines(String text) {
    return text.lines().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
        .toList();
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }
}
