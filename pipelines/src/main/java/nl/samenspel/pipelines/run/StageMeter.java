package nl.samenspel.pipelines.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/**
 * What one stage of a run cost: wall time, Spark jobs started, the peak of the JVM heap and
 * the process's peak resident memory. Recorded in the run manifest for every stage (and read
 * by the benchmark). The heap peak is this JVM's: in local mode the executors run in it, on a
 * cluster it is the driver's only.
 */
public final class StageMeter implements AutoCloseable {

  /**
   * @param seconds wall time
   * @param sparkJobs Spark jobs started during the stage
   * @param peakHeapBytes the heap pools' peak use during the stage, added up: an upper bound
   *     of the heap's peak, as the pools (eden, survivor, old) peak at different moments
   * @param peakResidentBytes the process's peak resident set so far (Linux VmHWM; -1 elsewhere)
   */
  public record Measure(double seconds, int sparkJobs, long peakHeapBytes,
      long peakResidentBytes) {}

  private final SparkSession spark;
  private final AtomicInteger jobs = new AtomicInteger();
  private final SparkListener listener;
  private long started;
  private int jobsAtStart;

  private StageMeter(SparkSession spark) {
    this.spark = spark;
    this.listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) {
        jobs.incrementAndGet();
      }
    };
    if (spark != null) {
      spark.sparkContext().addSparkListener(listener);
    }
    start();
  }

  /** Starts measuring the first stage now. */
  public static StageMeter attach(SparkSession spark) {
    return new StageMeter(spark);
  }

  /** Starts a new stage: the clock, the job count and the heap peaks begin again. */
  public void start() {
    started = System.nanoTime();
    jobsAtStart = jobs.get();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The stage since {@link #start()}; then starts the next one. */
  public Measure lap() {
    long heap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        heap += pool.getPeakUsage().getUsed();
      }
    }
    // Jobs report their start on Spark's listener bus, a moment after they ran.
    if (spark != null) {
      try {
        spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
      } catch (java.util.concurrent.TimeoutException e) {
        // a busy bus: the count may then miss the last job or two; the timing stays right
      }
    }
    Measure measure = new Measure((System.nanoTime() - started) / 1e9,
        jobs.get() - jobsAtStart, heap, peakResident());
    start();
    return measure;
  }

  /** VmHWM of /proc/self/status in bytes, or -1 where there is none. */
  static long peakResident() {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() {
    if (spark != null) {
      spark.sparkContext().removeSparkListener(listener);
    }
  }
}
