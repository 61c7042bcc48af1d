package nl.samenspel.pipelines.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession for a run. Under spark-submit the master and resources come from the
 * submit command; locally Samenspel uses {@code local[*]} bound to the loopback address, and UTC
 * as session time zone so that dates never shift with the machine. Spark's UI is off unless
 * asked for ({@code --spark-ui}); under spark-submit {@code --conf spark.ui.enabled=true} also
 * turns it on.
 */
public final class Sessions {

  /** Spark's web UI (jobs, stages, tasks, SQL plans) while the run lasts. */
  public enum Ui {
    OFF,
    /** On; locally bound to 127.0.0.1 (Spark binds it to {@code SPARK_LOCAL_IP}). */
    ON
  }

  /** The environment variable Spark binds its UI (and the driver) to. */
  static final String LOCAL_IP = "SPARK_LOCAL_IP";

  private Sessions() {}

  /** A session and whether this call started it (and so should stop it). */
  public record Handle(SparkSession spark, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned) {
        spark.stop();
      }
    }
  }

  /** Reuses the active session when there is one (tests, notebooks), else starts one. */
  public static Handle open(String master, int shufflePartitions) {
    return open(master, shufflePartitions, Ui.OFF);
  }

  /**
   * Reuses the active session when there is one (tests, notebooks; its UI stays as it is), else
   * starts one with or without the UI. A local UI is only started on the loopback address:
   * when {@code SPARK_LOCAL_IP} is set to another address it fails with a usage error.
   */
  public static Handle open(String master, int shufflePartitions, Ui ui) {
    boolean existing = SparkSession.getDefaultSession().isDefined()
        || SparkSession.getActiveSession().isDefined();
    if (ui == Ui.ON && !existing && !submitted()) {
      requireLoopback(System.getenv(LOCAL_IP));
    }
    return new Handle(create(master, shufflePartitions, ui), !existing);
  }

  /** Spark binds its UI to {@code SPARK_LOCAL_IP}, or to every address when it is not set. */
  static void requireLoopback(String localIp) {
    boolean loopback;
    try {
      loopback = localIp != null && java.net.InetAddress.getByName(localIp.trim())
          .isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      loopback = false;
    }
    if (!loopback) {
      throw nl.samenspel.pipelines.SamenspelException.usage("--spark-ui: Spark binds its UI to "
          + LOCAL_IP + (localIp == null ? ", which is not set (every network address)"
              : ", which is '" + localIp + "'")
          + "; set " + LOCAL_IP + "=127.0.0.1 to keep the UI on this machine (the ./samenspel "
          + "launcher does)");
    }
  }

  /** The UI's address, when it runs. */
  public static java.util.Optional<String> uiAddress(SparkSession spark) {
    scala.Option<String> url = spark.sparkContext().uiWebUrl();
    return url.isDefined() ? java.util.Optional.of(url.get()) : java.util.Optional.empty();
  }

  private static boolean submitted() {
    return System.getProperty("spark.master") != null;
  }

  public static SparkSession create(String master, int shufflePartitions) {
    return create(master, shufflePartitions, Ui.OFF);
  }

  public static SparkSession create(String master, int shufflePartitions, Ui ui) {
    SparkSession.Builder builder = SparkSession.builder().appName("samenspel");
    if (ui == Ui.ON) {
      builder.config("spark.ui.enabled", "true");
    } else if (!submitted() || System.getProperty("spark.ui.enabled") == null) {
      // Off by default; spark-submit's --conf spark.ui.enabled=true is respected.
      builder.config("spark.ui.enabled", "false");
    }
    builder.config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions))
        .config("spark.sql.adaptive.enabled", "true")
        // Plans of the wide validation and estimate steps exceed the default of 25 fields.
        .config("spark.sql.debug.maxToStringFields", "1000");
    if (!submitted()) {
      builder.master(master == null ? "local[*]" : master)
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    } else if (master != null) {
      builder.master(master);
    }
    return builder.getOrCreate();
  }
}
