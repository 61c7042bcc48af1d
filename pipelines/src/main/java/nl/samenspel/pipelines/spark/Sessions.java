package nl.samenspel.pipelines.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession for a run. Under spark-submit the master and resources come from the
 * submit command; locally Samenspel uses {@code local[*]} bound to the loopback address, with
 * the UI off and UTC as session time zone so that dates never shift with the machine.
 */
public final class Sessions {

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
    boolean existing = SparkSession.getDefaultSession().isDefined()
        || SparkSession.getActiveSession().isDefined();
    return new Handle(create(master, shufflePartitions), !existing);
  }

  public static SparkSession create(String master, int shufflePartitions) {
    SparkSession.Builder builder = SparkSession.builder().appName("samenspel")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions))
        .config("spark.sql.adaptive.enabled", "true")
        // Plans of the wide validation and estimate steps exceed the default of 25 fields.
        .config("spark.sql.debug.maxToStringFields", "1000");
    boolean submitted = System.getProperty("spark.master") != null;
    if (!submitted) {
      builder.master(master == null ? "local[*]" : master)
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    } else if (master != null) {
      builder.master(master);
    }
    return builder.getOrCreate();
  }
}
