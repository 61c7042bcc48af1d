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
    Files.createDirectories(logs);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
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
        .redirectOutput(logs.resolve("stdout.txt").toFile())
        .redirectError(logs.resolve("stderr.txt").toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().put(TestKeys.ENV, TestKeys.KEY);
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionError("child run did not finish in " + minutes + " minutes: "
          + Files.readString(logs.resolve("stderr.txt")));
    }
    return new Result(process.exitValue(), logs.resolve("stdout.txt"),
        logs.resolve("stderr.txt"));
  }
}
