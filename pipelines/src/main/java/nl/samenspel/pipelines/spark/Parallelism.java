package nl.samenspel.pipelines.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.config.RunConfig;
import org.apache.spark.sql.SparkSession;

/**
 * How many pieces a run cuts its work into: the partitions of every shuffle and the tasks the
 * estimate stage splits each subgroup into. Both follow the cluster unless the configuration
 * sets them ({@code spark.shuffle_partitions}, {@code spark.estimate_tasks}): in local mode the
 * values Samenspel has always used (the session's shuffle partitions, which are 8 in a session
 * Samenspel starts and what a test or notebook chose in one it reuses; 2 to 4 tasks per
 * subgroup); on a cluster Spark's default parallelism ({@code spark.default.parallelism}, else the cores of the
 * executors that have registered, at least 2), with adaptive execution merging partitions that
 * turn out small.
 *
 * @param local whether Spark runs in local mode
 * @param defaultParallelism Spark's default parallelism when the run started
 * @param shufflePartitions {@code spark.sql.shuffle.partitions} for the run
 * @param estimateTasks tasks per subgroup in the estimate stage
 * @param subgroups the subgroups the estimate stage fits side by side
 */
public record Parallelism(boolean local, int defaultParallelism, int shufflePartitions,
    int estimateTasks, int subgroups) {

  /** Shuffle partitions of a local session Samenspel starts ({@link Sessions}). */
  public static final int LOCAL_SHUFFLE_PARTITIONS = 8;
  /** At most this many copies of a subgroup's rows in local mode. */
  public static final int LOCAL_MAX_ESTIMATE_TASKS = 4;

  static final String SHUFFLE_KEY = "spark.shuffle_partitions";
  static final String ESTIMATE_KEY = "spark.estimate_tasks";

  /** What {@code config} asks for on the running session, for {@code subgroups} subgroups. */
  public static Parallelism of(SparkSession spark, RunConfig config, int subgroups) {
    // The configuration first: a wrong value fails before Spark is asked anything.
    int shuffle = setting(config, SHUFFLE_KEY);
    int estimate = setting(config, ESTIMATE_KEY);
    int current = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
    return of(spark.sparkContext().isLocal(), spark.sparkContext().defaultParallelism(),
        shuffle, estimate, subgroups, current);
  }

  /** {@link #of(boolean, int, int, int, int, int)} for a session Samenspel started (8). */
  static Parallelism of(boolean local, int parallelism, int shuffle, int estimate,
      int subgroups) {
    return of(local, parallelism, shuffle, estimate, subgroups, LOCAL_SHUFFLE_PARTITIONS);
  }

  /**
   * The rule itself; {@code shuffle} and {@code estimate} are 0 when not set, {@code current}
   * is the session's shuffle partitions (kept in local mode).
   */
  static Parallelism of(boolean local, int parallelism, int shuffle, int estimate,
      int subgroups, int current) {
    int partitions = shuffle > 0 ? shuffle
        : local ? current : Math.max(2, parallelism);
    int tasks;
    if (estimate > 0) {
      tasks = estimate;
    } else if (local) {
      tasks = Math.max(2, Math.min(LOCAL_MAX_ESTIMATE_TASKS, parallelism));
    } else {
      // Every core busy while the subgroups are fitted side by side: about one task per core
      // in all, and at least two per subgroup.
      tasks = Math.max(2, (parallelism + Math.max(1, subgroups) - 1) / Math.max(1, subgroups));
    }
    return new Parallelism(local, parallelism, partitions, tasks, subgroups);
  }

  /** Sets the session's shuffle partitions (a runtime SQL setting) to this value. */
  public Parallelism apply(SparkSession spark) {
    spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions));
    return this;
  }

  /**
   * For the manifest: the values as the running session has them (the shuffle partitions read
   * back from Spark's configuration, not from this record).
   */
  public Map<String, Object> describe(SparkSession spark) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("mode", local ? "local" : "cluster");
    facts.put("default_parallelism", defaultParallelism);
    facts.put("shuffle_partitions",
        Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions")));
    facts.put("adaptive", Boolean.parseBoolean(spark.conf().get("spark.sql.adaptive.enabled")));
    facts.put("estimate_tasks_per_subgroup", estimateTasks);
    facts.put("subgroups", subgroups);
    return facts;
  }

  /** A positive whole number, or 0 for null (follow the cluster). */
  private static int setting(RunConfig config, String key) {
    if (config.text(key) == null) {
      return 0;
    }
    int value = config.integer(key);
    if (value < 1) {
      throw SamenspelException.usage("configuration: '" + key + "' must be at least 1, or null "
          + "to follow the cluster (docs/configuration.md)");
    }
    return value;
  }
}
