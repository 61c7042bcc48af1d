package nl.samenspel.pipelines.run;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlanInfo;
import org.apache.spark.sql.execution.metric.SQLMetricInfo;
import org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Live counts of a run's Spark work, for progress reports, from Spark's own listener events;
 * works the same in local mode and on a cluster. Three things are counted:
 *
 * <ul>
 *   <li>Named accumulators whose name starts with {@value #PREFIX} (the estimate stage counts
 *       finished combinations per subgroup in them): the value of finished tasks plus what
 *       running tasks reported so far.
 *   <li>Rows read per extract: the "number of output rows" of every file scan whose location is
 *       one of the extracts (matched on the path in the SQL plan Spark posts), per SQL
 *       execution; an extract's count is the largest over the executions that scanned it, so a
 *       second scan of the same file is not counted twice.
 *   <li>Tasks finished and in all of the Spark stages now running.
 * </ul>
 *
 * <p>Running tasks report their accumulators with each executor heartbeat
 * ({@code spark.executor.heartbeatInterval}, 10 seconds by default), so counts move at least
 * that often while a long task runs, and exactly when a task ends. A task that fails or is
 * retried counts only once it succeeds. Where a heartbeat carries nothing (a listener bus that
 * drops events under load), counts move at task ends only. Thread-safe: Spark calls it on its
 * listener thread, the progress display reads it on another.
 */
public final class SparkProgress extends SparkListener implements AutoCloseable {

  /** Accumulators whose name starts with this are counted. */
  public static final String PREFIX = "samenspel.";
  /** The file scan metric of Spark SQL that counts the rows read. */
  private static final String OUTPUT_ROWS = "number of output rows";

  private final SparkSession spark;
  /** Extract display name → absolute path as Spark prints it in a scan's location. */
  private final Map<String, String> files;
  /** Watched accumulator → its name (counters) . */
  private final Map<Long, String> counters = new HashMap<>();
  /** Watched accumulator → the extract and SQL execution whose scan it counts. */
  private final Map<Long, Scan> scans = new HashMap<>();
  /** Accumulator → sum over finished, successful tasks. */
  private final Map<Long, Long> finished = new HashMap<>();
  /** Running task → accumulator → its value at the last heartbeat. */
  private final Map<Long, Map<Long, Long>> running = new HashMap<>();
  /** Tasks that ended: a heartbeat that arrives after the end is old news. */
  private final Set<Long> ended = new HashSet<>();
  /** Running Spark stage (id, attempt) → {tasks finished, tasks}. */
  private final Map<List<Integer>, long[]> stages = new HashMap<>();

  /** Time spent in this listener's callbacks, for the cost of progress reports. */
  private long busyNanos;

  private record Scan(String file, long execution) {}

  private SparkProgress(SparkSession spark, Map<String, String> extracts) {
    this.spark = spark;
    this.files = new LinkedHashMap<>(extracts);
  }

  /**
   * Starts listening on {@code spark}; {@code extracts} (display name → path, in the order to
   * report them) are the files whose rows read are counted.
   */
  public static SparkProgress attach(SparkSession spark, Map<String, String> extracts) {
    SparkProgress progress = new SparkProgress(spark, extracts);
    spark.sparkContext().addSparkListener(progress);
    return progress;
  }

  /** Counter values by the rest of their name after {@code prefix}. */
  public synchronized Map<String, Long> counters(String prefix) {
    Map<String, Long> values = new HashMap<>();
    counters.forEach((id, name) -> {
      if (name.startsWith(prefix)) {
        values.merge(name.substring(prefix.length()), value(id), Long::sum);
      }
    });
    return values;
  }

  /** Rows read so far per extract that has been scanned, in the order of the extracts. */
  public synchronized Map<String, Long> rowsRead() {
    Map<Scan, Long> perScan = new HashMap<>();
    scans.forEach((id, scan) -> perScan.merge(scan, value(id), Long::sum));
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String file : files.keySet()) {
      perScan.forEach((scan, count) -> {
        if (scan.file().equals(file)) {
          rows.merge(file, count, Math::max);
        }
      });
    }
    return rows;
  }

  /** {tasks finished, tasks} of the Spark stages running now. */
  public synchronized long[] tasks() {
    long done = 0;
    long total = 0;
    for (long[] stage : stages.values()) {
      done += stage[0];
      total += stage[1];
    }
    return new long[] {done, total};
  }

  private long value(long accumulator) {
    long value = finished.getOrDefault(accumulator, 0L);
    for (Map<Long, Long> task : running.values()) {
      value += task.getOrDefault(accumulator, 0L);
    }
    return value;
  }

  @Override
  public synchronized void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    timed(() -> stages.put(List.of(submitted.stageInfo().stageId(),
        submitted.stageInfo().attemptNumber()), new long[] {0, submitted.stageInfo().numTasks()}));
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted completed) {
    timed(() -> stages.remove(List.of(completed.stageInfo().stageId(),
        completed.stageInfo().attemptNumber())));
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    timed(() -> taskEnded(end));
  }

  private void taskEnded(SparkListenerTaskEnd end) {
    long task = end.taskInfo().taskId();
    running.remove(task);
    ended.add(task);
    if (!end.taskInfo().successful()) {
      return;
    }
    long[] stage = stages.get(List.of(end.stageId(), end.stageAttemptId()));
    if (stage != null) {
      stage[0]++;
    }
    for (AccumulableInfo info : CollectionConverters.asJava(end.taskInfo().accumulables())) {
      Long update = watched(info);
      if (update != null) {
        finished.merge(info.id(), update, Long::sum);
      }
    }
  }

  @Override
  public synchronized void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    timed(() -> metricsUpdated(update));
  }

  private void metricsUpdated(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task
        : CollectionConverters.asJava(update.accumUpdates())) {
      long taskId = (Long) task._1();
      if (ended.contains(taskId)) {
        continue;
      }
      for (AccumulableInfo info : CollectionConverters.asJava(task._4())) {
        Long value = watched(info);
        if (value != null) {
          running.computeIfAbsent(taskId, t -> new HashMap<>()).put(info.id(), value);
        }
      }
    }
  }

  /** The value of an accumulator update if it is one we count (learning counters by name). */
  private Long watched(AccumulableInfo info) {
    long id = info.id();
    if (!counters.containsKey(id) && !scans.containsKey(id)) {
      if (info.name().isEmpty() || !info.name().get().startsWith(PREFIX)) {
        return null;
      }
      counters.put(id, info.name().get());
    }
    return info.update().isDefined() && info.update().get() instanceof Number number
        ? number.longValue() : null;
  }

  @Override
  public synchronized void onOtherEvent(SparkListenerEvent event) {
    timed(() -> {
      if (event instanceof SparkListenerSQLExecutionStart start) {
        findScans(start.sparkPlanInfo(), start.executionId());
      } else if (event instanceof SparkListenerSQLAdaptiveExecutionUpdate adaptive) {
        findScans(adaptive.sparkPlanInfo(), adaptive.executionId());
      }
    });
  }

  /** Runs one callback's work, adding its time to {@link #busyNanos()}; under the lock. */
  private void timed(Runnable work) {
    long started = System.nanoTime();
    work.run();
    busyNanos += System.nanoTime() - started;
  }

  /**
   * Nanoseconds this listener has spent in Spark's callbacks so far (on Spark's listener thread),
   * what counting progress costs the driver besides drawing it.
   */
  public synchronized long busyNanos() {
    return busyNanos;
  }

  /** File scans of the extracts in a plan: their rows-read metric, by SQL execution. */
  private void findScans(SparkPlanInfo node, long execution) {
    scala.Option<String> located = node.metadata().get("Location");
    if (located.isDefined()) {
      String location = located.get();
      for (Map.Entry<String, String> file : files.entrySet()) {
        if (locates(location, file.getValue())) {
          for (SQLMetricInfo metric : CollectionConverters.asJava(node.metrics())) {
            if (OUTPUT_ROWS.equals(metric.name())) {
              scans.put(metric.accumulatorId(), new Scan(file.getKey(), execution));
            }
          }
        }
      }
    }
    for (SparkPlanInfo child : CollectionConverters.asJava(node.children())) {
      findScans(child, execution);
    }
  }

  /**
   * Whether a scan location such as {@code InMemoryFileIndex(1 paths)[file:/data/clients.csv]}
   * names this path (whole, not as the start of a longer name).
   */
  static boolean locates(String location, String path) {
    for (int at = location.indexOf(path); at >= 0; at = location.indexOf(path, at + 1)) {
      int after = at + path.length();
      boolean startsRight = at > 0 && (location.charAt(at - 1) == ':'
          || location.charAt(at - 1) == '[' || location.charAt(at - 1) == ' ');
      boolean endsRight = after == location.length() || location.charAt(after) == ']'
          || location.charAt(after) == ',' || location.charAt(after) == '/';
      if (startsRight && endsRight) {
        return true;
      }
    }
    return false;
  }

  /** Stops listening. */
  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
  }
}
