package org.example.samenspel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plug-in as a researcher uses it: this module's classes packed into a jar in a plug-in
 * folder, and the pipeline started in a JVM of its own whose class path does NOT hold them
 * ({@code ./samenspel demo --estimator overlap --plugins DIR}). The run must publish (the
 * disclosure audit runs before anything is published, so exit 0 means it passed), name the
 * estimator in evidence.json, the report and the manifest, and record the jar's digest.
 */
@Tag("slow")
class PipelineWithPluginTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theWholePipelineRunsWithThePluginFromAFolder(@TempDir Path temp) throws Exception {
    Path plugins = Files.createDirectories(temp.resolve("plugins"));
    Path jar = plugins.resolve("overlap-weights.jar");
    packClasses(Path.of("target", "classes"), jar);
    Path out = temp.resolve("out");

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--add-opens") || argument.startsWith("-Djdk.reflect")
          || argument.startsWith("-Dio.netty")) {
        command.add(argument);
      }
    }
    command.add("-Dsamenspel.home=" + Path.of("..", "..").toAbsolutePath().normalize());
    Path classpath = temp.resolve("classpath.txt");
    Files.writeString(classpath, "-cp " + withoutThisModule());
    command.add("@" + classpath);
    command.addAll(List.of("nl.samenspel.pipelines.cli.Main", "demo", "--out", out.toString(),
        "--estimator", "overlap", "--plugins", plugins.toString(), "--lang", "en"));
    Path log = temp.resolve("child.log");
    Process child = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    assertThat(child.waitFor(8, TimeUnit.MINUTES)).as("finished in time").isTrue();
    String output = Files.readString(log);
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("disclosure audit passed");

    Path published = out.resolve("published");
    JsonNode evidence = JSON.readTree(published.resolve("evidence.json").toFile());
    assertThat(evidence.path("definitions").path("estimator").asText()).isEqualTo("overlap");
    assertThat(evidence.path("combinations").size()).isGreaterThan(50);
    for (JsonNode record : evidence.path("combinations")) {
      assertThat(record.path("estimator").asText()).isEqualTo("overlap");
      // The overlap-weighted estimate has a sandwich interval that holds it.
      assertThat(record.path("ci_low").asDouble()).isLessThanOrEqualTo(
          record.path("estimate").asDouble());
      assertThat(record.path("ci_high").asDouble()).isGreaterThanOrEqualTo(
          record.path("estimate").asDouble());
      // Effect modification needs AIPW's scores: not given with another estimator.
      assertThat(record.path("effect_modification").isNull()).isTrue();
    }
    String report = Files.readString(published.resolve("index.html"));
    // The methods section and every card name the estimator (Mustache escapes the quotes).
    assertThat(report).containsPattern("Estimator (&#39;|')overlap(&#39;|'), chosen for this run");

    Path manifest;
    try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
      manifest = runs.map(run -> run.resolve("manifest.json")).filter(Files::exists)
          .findFirst().orElseThrow();
    }
    JsonNode m = JSON.readTree(manifest.toFile());
    assertThat(m.path("estimator").asText()).isEqualTo("overlap");
    assertThat(m.path("plugins").path("overlap-weights.jar").asText()).startsWith("sha256:");
    assertThat(m.path("status").asText()).isEqualTo("published");
  }

  /** The test class path without this module's own classes: those come from the jar only. */
  private static String withoutThisModule() {
    Path classes = Path.of("target", "classes").toAbsolutePath().normalize();
    Path testClasses = Path.of("target", "test-classes").toAbsolutePath().normalize();
    String joined = Arrays.stream(System.getProperty("java.class.path")
            .split(File.pathSeparator))
        .filter(entry -> {
          Path path = Path.of(entry).toAbsolutePath().normalize();
          return !path.equals(classes) && !path.equals(testClasses);
        })
        .collect(Collectors.joining(File.pathSeparator));
    assertThat(joined).doesNotContain(classes.toString() + File.pathSeparator);
    return joined;
  }

  /** Packs a classes folder (with its META-INF/services) into a jar. */
  private static void packClasses(Path folder, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(folder)) {
      for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(folder.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, out);
        out.closeEntry();
      }
    }
  }
}
