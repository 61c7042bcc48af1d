package nl.samenspel.pipelines;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one harness for child processes of the tests: the CLI as a separate JVM, as an analyst's
 * scheduler would start it (the test JVM's class path and Spark flags, the test key in the
 * environment), or any other command (the standalone cluster's master, worker and
 * spark-submit). Stdout is copied to {@code LOGS/stdout.txt} as it comes and watched, so a test
 * can wait for a line (a checkpoint's {@code hold NAME}); stderr goes to
 * {@code LOGS/stderr.txt}. A child is run to its end ({@link #run}), or started and then waited
 * for, released or killed with everything it started ({@link #start}, {@link #launch}). Used by
 * the kill, canary, one-run-per-folder and standalone-cluster tests.
 */
public final class ChildRun {

  /**
   * Short runs on small inputs compile with C1 only: on 2 cores that about halves their CPU
   * time. Java 17 arithmetic is strict in every tier, so results are the same.
   */
  public static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";
  /** Lines of stdout and of stderr that {@link Started#tails()} shows. */
  private static final int TAIL_LINES = 40;

  private ChildRun() {}

  /** How a child run ended. */
  public record Result(int exitCode, Path stdout, Path stderr) {
    public String out() throws IOException {
      return Files.readString(stdout);
    }

    public String err() throws IOException {
      return Files.readString(stderr);
    }
  }

  /**
   * The flags Spark needs on Java 17 ({@code spark.jvm.flags} of pom.xml, which Surefire passes
   * to the test JVM): the {@code --add-opens} list and the {@code -Djdk.}/{@code -Dio.netty.}
   * properties, as this JVM got them.
   */
  public static List<String> sparkFlags() {
    List<String> flags = new ArrayList<>();
    List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      if (argument.startsWith("--add-opens=") || argument.startsWith("-Djdk.")
          || argument.startsWith("-Dio.netty.")) {
        flags.add(argument);
      } else if (argument.equals("--add-opens") && i + 1 < arguments.size()) {
        flags.add(argument);
        flags.add(arguments.get(++i));
      }
    }
    if (flags.stream().noneMatch(flag -> flag.startsWith("--add-opens"))) {
      throw new IllegalStateException("the test JVM runs without Spark's --add-opens flags "
          + "(spark.jvm.flags of pom.xml)");
    }
    return flags;
  }

  /**
   * A {@code java} command of this JVM's Java with the given heap ({@code -Xmx1g}), C1 only,
   * the serial collector (one GC thread) and Spark's flags; the caller adds class path and
   * class.
   */
  public static List<String> java(String heap) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(heap);
    command.add(QUICK_JIT);
    command.add("-XX:+UseSerialGC");
    command.addAll(sparkFlags());
    return command;
  }

  /** Runs {@code Main} with {@code args} and waits up to {@code minutes}. */
  public static Result run(Path logs, Map<String, String> env, int minutes, String... args)
      throws IOException, InterruptedException {
    return start(logs, env, args).await(minutes);
  }

  /**
   * Starts {@code Main} with {@code args} in a JVM of its own (1 GB heap) and returns at once.
   * The environment is this one's with the test key and SPARK_LOCAL_IP, without any checkpoint
   * hold, and with {@code env} on top.
   */
  public static Started start(Path logs, Map<String, String> env, String... args)
      throws IOException {
    return start(logs, env, List.of(), args);
  }

  /** As {@link #start(Path, Map, String...)} with {@code jvm} options such as {@code -Dx=y}. */
  public static Started start(Path logs, Map<String, String> env, List<String> jvm,
      String... args) throws IOException {
    Files.createDirectories(logs);
    List<String> command = java("-Xmx1g");
    command.addAll(jvm);
    Path classpath = logs.resolve("classpath.txt");
    Files.writeString(classpath, "-cp " + System.getProperty("java.class.path"));
    command.add("@" + classpath);
    command.add("nl.samenspel.pipelines.cli.Main");
    command.addAll(List.of(args));
    return launch(command, logs, logs, environment -> {
      environment.put("SPARK_LOCAL_IP", "127.0.0.1");
      environment.put(TestKeys.ENV, TestKeys.KEY);
      environment.remove("SAMENSPEL_HOLD_AT");
      environment.remove("SAMENSPEL_HOLD_RELEASE");
      environment.putAll(env);
    });
  }

  /**
   * Starts any command in {@code directory}, with the inherited environment as
   * {@code environment} leaves it, and returns at once. The command line is kept in
   * {@code LOGS/command.txt}.
   */
  public static Started launch(List<String> command, Path logs, Path directory,
      Consumer<Map<String, String>> environment) throws IOException {
    Files.createDirectories(logs);
    Files.writeString(logs.resolve("command.txt"), String.join(" ", command) + "\n");
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
        .redirectError(logs.resolve("stderr.txt").toFile());
    environment.accept(builder.environment());
    return new Started(builder.start(), logs);
  }

  /** A child that is running: wait for a line, for its end, or kill it. */
  public static final class Started {

    private final Process process;
    private final Path logs;
    private final long startedNanos = System.nanoTime();
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private Started(Process process, Path logs) throws IOException {
      this.process = process;
      this.logs = logs;
      java.io.Writer copy = Files.newBufferedWriter(logs.resolve("stdout.txt"));
      reader = new Thread(() -> {
        try (java.io.BufferedReader in = new java.io.BufferedReader(
            new java.io.InputStreamReader(process.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8)); copy) {
          for (String line; (line = in.readLine()) != null; ) {
            copy.write(line + "\n");
            copy.flush();
            synchronized (lines) {
              lines.add(line);
              lines.notifyAll();
            }
          }
        } catch (IOException e) {
          // the pipe closes when the child dies
        } finally {
          synchronized (lines) {
            lines.add(null); // end of output
            lines.notifyAll();
          }
        }
      }, "child-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    public long pid() {
      return process.pid();
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** The folder with the child's stdout.txt, stderr.txt and command.txt. */
    public Path logs() {
      return logs;
    }

    /** Seconds since the child was started. */
    public double seconds() {
      return (System.nanoTime() - startedNanos) / 1e9;
    }

    /**
     * Waits until the child prints {@code line} and returns the seconds since its start; kills
     * it and fails, with the tails of its output, when it ends or the time is up first.
     */
    public double awaitLine(String line, java.time.Duration timeout)
        throws IOException, InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (lines) {
        while (!lines.contains(line)) {
          long left = deadline - System.nanoTime();
          if (lines.contains(null) || left <= 0) {
            break;
          }
          TimeUnit.NANOSECONDS.timedWait(lines, left);
        }
        if (lines.contains(line)) {
          return seconds();
        }
      }
      boolean timedOut = process.isAlive();
      kill();
      throw new AssertionError("the child did not print '" + line + "' (" + (timedOut
          ? "not within " + timeout : "it ended") + ")" + tails());
    }

    /** Waits up to {@code minutes} for the child to end; kills it and fails when it does not. */
    public Result await(int minutes) throws IOException, InterruptedException {
      if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
        kill();
        throw new AssertionError("the child did not finish in " + minutes + " minutes"
            + tails());
      }
      reader.join(TimeUnit.SECONDS.toMillis(30));
      return new Result(process.exitValue(), logs.resolve("stdout.txt"),
          logs.resolve("stderr.txt"));
    }

    /**
     * SIGKILL to the child and to everything it started; returns the child's exit code once
     * it and its descendants are gone (137, 128 + 9, for a JVM).
     */
    public int kill() throws InterruptedException {
      List<ProcessHandle> descendants = process.toHandle().descendants().toList();
      process.destroyForcibly();
      descendants.forEach(ProcessHandle::destroyForcibly);
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        throw new AssertionError("the child survived SIGKILL for a minute" + tails());
      }
      for (ProcessHandle descendant : descendants) {
        try {
          descendant.onExit().orTimeout(1, TimeUnit.MINUTES).join();
        } catch (java.util.concurrent.CompletionException e) {
          throw new AssertionError("a process the child started (pid " + descendant.pid()
              + ") survived SIGKILL for a minute" + tails(), e);
        }
      }
      reader.join(TimeUnit.SECONDS.toMillis(30));
      return process.exitValue();
    }

    /** The last lines of the child's stdout and stderr, for assertion messages. */
    public String tails() {
      List<String> out;
      synchronized (lines) {
        out = lines.stream().filter(java.util.Objects::nonNull).toList();
      }
      List<String> err;
      try {
        Path stderr = logs.resolve("stderr.txt");
        // Decoded leniently: a stray byte must not hide the rest of the message.
        err = Files.exists(stderr) ? new String(Files.readAllBytes(stderr),
            java.nio.charset.StandardCharsets.UTF_8).lines().toList() : List.of();
      } catch (IOException e) {
        err = List.of("(stderr unreadable: " + e + ")");
      }
      return "\n--- child stdout (tail) ---\n" + String.join("\n", tail(out))
          + "\n--- child stderr (tail) ---\n" + String.join("\n", tail(err)) + "\n---";
    }

    private static List<String> tail(List<String> lines) {
      return lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
    }
  }
}
