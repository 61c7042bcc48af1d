package nl.samenspel.pipelines;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CLI as a separate JVM, as an analyst's scheduler would start it: the test JVM's class
 * path and Spark flags, the test key in the environment, stdout and stderr kept in files.
 * Either run to its end ({@link #run}) or started, to be waited for at a checkpoint and then
 * released or killed ({@link #start}).
 */
public final class ChildRun {

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

  /** Runs {@code Main} with {@code args} and waits up to {@code minutes}. */
  public static Result run(Path logs, Map<String, String> env, int minutes, String... args)
      throws IOException, InterruptedException {
    return start(logs, env, args).await(minutes);
  }

  /**
   * Starts {@code Main} with {@code args} and returns at once; its stdout is copied to
   * {@code logs/stdout.txt} as it comes, so a test can wait for a line (a checkpoint's
   * {@code hold NAME}).
   */
  public static Started start(Path logs, Map<String, String> env, String... args)
      throws IOException {
    Files.createDirectories(logs);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    // Short runs on small inputs: C1 only and one GC thread use about 40% less CPU on 2 cores.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--add-opens") || argument.startsWith("-Djdk.reflect")
          || argument.startsWith("-Dio.netty")) {
        command.add(argument);
      }
    }
    Path classpath = logs.resolve("classpath.txt");
    Files.writeString(classpath, "-cp " + System.getProperty("java.class.path"));
    command.add("@" + classpath);
    command.add("nl.samenspel.pipelines.cli.Main");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(logs.resolve("stderr.txt").toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().put(TestKeys.ENV, TestKeys.KEY);
    builder.environment().remove("SAMENSPEL_HOLD_AT");
    builder.environment().remove("SAMENSPEL_HOLD_RELEASE");
    builder.environment().putAll(env);
    return new Started(builder.start(), logs);
  }

  /** A child that is running: wait for a line, for its end, or kill it. */
  public static final class Started {

    private final Process process;
    private final Path logs;
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

    /** Waits until the child prints {@code line}; fails when it ends or the time is up first. */
    public void awaitLine(String line, java.time.Duration timeout)
        throws IOException, InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (lines) {
        while (!lines.contains(line)) {
          long left = deadline - System.nanoTime();
          if (lines.contains(null) || left <= 0) {
            kill();
            throw new AssertionError("the child did not print '" + line + "' (" + (left <= 0
                ? "time out" : "it ended") + "): " + Files.readString(logs.resolve("stderr.txt")));
          }
          TimeUnit.NANOSECONDS.timedWait(lines, left);
        }
      }
    }

    /** Waits up to {@code minutes} for the child to end. */
    public Result await(int minutes) throws IOException, InterruptedException {
      if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
        kill();
        throw new AssertionError("child run did not finish in " + minutes + " minutes: "
            + Files.readString(logs.resolve("stderr.txt")));
      }
      reader.join(TimeUnit.SECONDS.toMillis(30));
      return new Result(process.exitValue(), logs.resolve("stdout.txt"),
          logs.resolve("stderr.txt"));
    }

    /** SIGKILL to the child and what it started; returns its exit code once it is gone. */
    public int kill() throws InterruptedException {
      List<ProcessHandle> descendants = process.toHandle().descendants().toList();
      process.destroyForcibly();
      descendants.forEach(ProcessHandle::destroyForcibly);
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        throw new AssertionError("the child survived SIGKILL for a minute");
      }
      reader.join(TimeUnit.SECONDS.toMillis(30));
      return process.exitValue();
    }
  }
}
