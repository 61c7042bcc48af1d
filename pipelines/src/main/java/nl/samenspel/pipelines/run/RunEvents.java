package nl.samenspel.pipelines.run;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where a run's events go: the console (text lines, or one JSON object per line with
 * {@code --log-format json}) and, once the run has its folder, {@code runs/RUN_ID/run.log}
 * (text lines with a time stamp, whatever the console format). Every event is rendered by
 * {@link RunEvent}, so the three say the same.
 *
 * <p>While a stage runs, its progress is asked for every half second and shown: redrawn in
 * place on one line when the console is a terminal ({@code --progress auto}), else as plain
 * lines at most once per interval ({@code --progress plain}, or {@code auto} when the output
 * goes to a file, a pipe or cron; also the JSON {@code progress} events), never with
 * {@code --progress none}. The run log gets a progress line once per interval in every mode but
 * {@code none}. A stage shorter than the interval shows no progress line. Thread-safe.
 */
public final class RunEvents implements AutoCloseable {

  /** How the console shows events. */
  public enum Format {
    /** Lines for people, as the run log has them. */
    TEXT,
    /** One JSON object per line, for schedulers and log collectors. */
    JSON;

    /** {@code text} or {@code json}. */
    public static Optional<Format> parse(String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "text" -> Optional.of(TEXT);
        case "json" -> Optional.of(JSON);
        default -> Optional.empty();
      };
    }
  }

  /** How progress is shown. */
  public enum ProgressMode {
    /** In place on a terminal, plain lines otherwise. */
    AUTO,
    /** Plain lines, at most one per interval. */
    PLAIN,
    /** No progress (and no listener or counters to feed it). */
    NONE;

    /** {@code auto}, {@code plain} or {@code none}. */
    public static Optional<ProgressMode> parse(String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "auto" -> Optional.of(AUTO);
        case "plain" -> Optional.of(PLAIN);
        case "none" -> Optional.of(NONE);
        default -> Optional.empty();
      };
    }
  }

  /**
   * How a run reports.
   *
   * @param format text or JSON lines on the console
   * @param progress how progress is shown
   * @param interval at most one plain progress line (or JSON progress event) per interval, and
   *     one progress line in the run log per interval; from 1 second to 1 hour
   */
  public record Options(Format format, ProgressMode progress, Duration interval) {

    /** Plain progress lines at most every 15 seconds: readable in a cron log. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    public static final Options DEFAULT = new Options(Format.TEXT, ProgressMode.AUTO,
        DEFAULT_INTERVAL);

    public Options {
      java.util.Objects.requireNonNull(format, "format");
      java.util.Objects.requireNonNull(progress, "progress");
      if (interval.compareTo(Duration.ofSeconds(1)) < 0
          || interval.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("the progress interval must be from 1 to 3600 "
            + "seconds, got " + interval.toSeconds());
      }
    }
  }

  /** Where the console output goes. */
  private interface Console {
    void line(String text);

    /** Replaces the line in place (terminals only). */
    void redraw(String text);

    /** Removes a line drawn in place, if there is one. */
    void clear();
  }

  /** A stage whose progress is being shown. */
  private static final class Watch {
    final String stage;
    final Supplier<StageProgress> progress;
    final long startedNanos = System.nanoTime();
    long lastLineNanos = startedNanos;

    Watch(String stage, Supplier<StageProgress> progress) {
      this.stage = stage;
      this.progress = progress;
    }
  }

  private static final long TICK_MILLIS = 500;
  private static final int DEFAULT_WIDTH = 80;

  private final Options options;
  private final Console console;
  private final boolean inPlace;
  private final int width;
  private final ScheduledExecutorService ticker;
  private String runId;
  private RunLog log;
  private Watch watch;
  private boolean finished;
  /** Time spent making and showing progress reports (on the ticker thread). */
  private final java.util.concurrent.atomic.AtomicLong tickNanos =
      new java.util.concurrent.atomic.AtomicLong();

  private RunEvents(Options options, Console console, boolean inPlace, int width) {
    this.options = options;
    this.console = console;
    this.inPlace = inPlace;
    this.width = width;
    if (options.progress() == ProgressMode.NONE) {
      this.ticker = null;
    } else {
      this.ticker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "samenspel-progress");
        thread.setDaemon(true);
        return thread;
      });
      ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS,
          TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Events on a console. {@code terminal} says whether {@code out} is a terminal (in place
   * progress with {@code --progress auto}); the width of the in-place line is taken from the
   * {@code COLUMNS} environment variable, else 80.
   */
  public static RunEvents console(Options options, PrintWriter out, boolean terminal) {
    boolean inPlace = terminal && options.format() == Format.TEXT
        && options.progress() == ProgressMode.AUTO;
    return new RunEvents(options, new Console() {
      private boolean shown;

      @Override
      public void line(String text) {
        clear();
        out.println(text);
        out.flush();
      }

      @Override
      public void redraw(String text) {
        out.print("\r" + text + "\033[K");
        out.flush();
        shown = true;
      }

      @Override
      public void clear() {
        if (shown) {
          out.print("\r\033[K");
          out.flush();
          shown = false;
        }
      }
    }, inPlace, terminalWidth());
  }

  /** Text lines to {@code lines}, no progress: for tests, notebooks and {@code pool}. */
  public static RunEvents lines(Consumer<String> lines) {
    return new RunEvents(new Options(Format.TEXT, ProgressMode.NONE, Options.DEFAULT_INTERVAL),
        new Console() {
          @Override
          public void line(String text) {
            lines.accept(text);
          }

          @Override
          public void redraw(String text) {
            lines.accept(text);
          }

          @Override
          public void clear() {
            // nothing drawn in place
          }
        }, false, DEFAULT_WIDTH);
  }

  private static int terminalWidth() {
    try {
      String columns = System.getenv("COLUMNS");
      return columns == null ? DEFAULT_WIDTH : Math.max(20, Integer.parseInt(columns.trim()));
    } catch (NumberFormatException e) {
      return DEFAULT_WIDTH;
    }
  }

  /** Whether progress is shown at all: without it, no listener or counters need to run. */
  public boolean showsProgress() {
    return options.progress() != ProgressMode.NONE;
  }

  public Options options() {
    return options;
  }

  /** From now on events carry the run id and go to the run log as well. */
  public synchronized void attach(String id, Path logFile) {
    this.runId = id;
    if (log != null) {
      log.close();
    }
    this.log = new RunLog(logFile, line -> { });
  }

  public void runStarted(String message, Map<String, Object> facts) {
    emit(RunEvent.Kind.RUN_STARTED, null, message, facts);
  }

  /**
   * A stage starts; {@code progress} (may be null) tells how far it is while it runs, until
   * {@link #stageFinished} or the end of the run.
   */
  public void stageStarted(String stage, String message, Map<String, Object> facts,
      Supplier<StageProgress> progress) {
    synchronized (this) {
      emit(RunEvent.Kind.STAGE_STARTED, stage, RunEvent.prefix(stage) + message, facts);
      watch = progress == null || ticker == null ? null : new Watch(stage, progress);
    }
  }

  public void counts(String stage, String message, Map<String, Object> facts) {
    emit(RunEvent.Kind.COUNTS, stage, message, facts);
  }

  public void note(String stage, String message, Map<String, Object> facts) {
    emit(RunEvent.Kind.NOTE, stage, message, facts);
  }

  public void warning(String stage, String message, Map<String, Object> facts) {
    emit(RunEvent.Kind.WARNING, stage, message, facts);
  }

  /** A stage ended: its time, Spark jobs and memory ({@code done in ...}). */
  public void stageFinished(String stage, StageMeter.Measure measure) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("seconds", Math.round(measure.seconds() * 10) / 10.0);
    facts.put("spark_jobs", measure.sparkJobs());
    facts.put("peak_heap_mb", measure.peakHeapBytes() / (1024 * 1024));
    synchronized (this) {
      watch = null;
      emit(RunEvent.Kind.STAGE_FINISHED, stage, String.format("%-8s done in %.1f s", stage,
          measure.seconds()), facts);
    }
  }

  /**
   * The run ended: its status, its exit code and, in {@code message}, the lines to show (the
   * error, or where the results are). The last event of a run.
   */
  public void runFinished(String status, int exitCode, String message,
      Map<String, Object> facts) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("status", status);
    all.put("exit_code", exitCode);
    all.putAll(facts);
    synchronized (this) {
      watch = null;
      finished = true;
      emit(RunEvent.Kind.RUN_FINISHED, null, message, all);
    }
  }

  /** Whether the run's last event has been sent. */
  public synchronized boolean hasFinished() {
    return finished;
  }

  private synchronized void emit(RunEvent.Kind kind, String stage, String message,
      Map<String, Object> facts) {
    RunEvent event = new RunEvent(Instant.now(), runId, kind, stage, message, facts);
    if (options.format() == Format.JSON) {
      console.line(event.json());
    } else {
      event.text().lines().forEach(console::line);
    }
    if (log != null) {
      log.accept(event.text());
    }
  }

  /** Nanoseconds spent so far making and showing progress reports. */
  public long progressNanos() {
    return tickNanos.get();
  }

  /** Every half second while a stage is watched: redraw in place, or a line per interval. */
  private void tick() {
    long started = System.nanoTime();
    try {
      show();
    } finally {
      tickNanos.addAndGet(System.nanoTime() - started);
    }
  }

  private void show() {
    Watch current;
    synchronized (this) {
      current = watch;
    }
    if (current == null) {
      return;
    }
    StageProgress progress;
    try {
      progress = current.progress.get();
    } catch (RuntimeException e) {
      return; // progress is a courtesy: never let it stop a run
    }
    long now = System.nanoTime();
    RunEvent event = RunEvent.progress(Instant.now(), runId, current.stage, progress,
        (now - current.startedNanos) / 1e9);
    synchronized (this) {
      if (watch != current) {
        return;
      }
      if (inPlace && now - current.startedNanos >= TimeUnit.SECONDS.toNanos(1)) {
        console.redraw(event.compact(width - 1));
      }
      if (now - current.lastLineNanos >= options.interval().toNanos()) {
        current.lastLineNanos = now;
        if (!inPlace) {
          console.line(options.format() == Format.JSON ? event.json() : event.text());
        }
        if (log != null) {
          log.accept(event.text());
        }
      }
    }
  }

  /** Stops showing progress, removes a line drawn in place and closes the run log. */
  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    synchronized (this) {
      watch = null;
      console.clear();
      if (log != null) {
        log.close();
        log = null;
      }
    }
  }
}
