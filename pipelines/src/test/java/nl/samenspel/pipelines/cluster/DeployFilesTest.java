package nl.samenspel.pipelines.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.samenspel.pipelines.SamenspelException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The cluster documentation and the example schedules carry the same Java 17 flags as the build
 * (spark.jvm.flags in pom.xml), and the Airflow DAG is valid Python.
 */
class DeployFilesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DAG = ROOT.resolve("deploy/airflow/samenspel_dag.py");

  @Test
  void docsAndDagUseTheSparkJvmFlagsOfTheBuild() throws IOException {
    List<String> build = StandaloneClusterTest.sparkJvmFlags().stream().sorted().toList();
    assertThat(build).hasSize(17);

    String docs = Files.readString(ROOT.resolve("docs/cluster.md"));
    Matcher inDocs = Pattern.compile("SAMENSPEL_SPARK_JVM_FLAGS=\"([^\"]+)\"").matcher(docs);
    assertThat(inDocs.find()).as("SAMENSPEL_SPARK_JVM_FLAGS in docs/cluster.md").isTrue();
    assertThat(Arrays.stream(inDocs.group(1).split("\\s+")).sorted().toList()).isEqualTo(build);

    String dag = Files.readString(DAG);
    String block = dag.substring(dag.indexOf("SPARK_JVM_FLAGS = "),
        dag.indexOf("])", dag.indexOf("SPARK_JVM_FLAGS = ")));
    List<String> inDag = Pattern.compile("\"(-[^\"]+)\"").matcher(block).results()
        .map(m -> m.group(1)).sorted().toList();
    assertThat(inDag).isEqualTo(build);
  }

  @Test
  void theCronEntryRunsTheLauncherAndLogsItsExitCode() throws IOException {
    List<String> entries = Files.readAllLines(ROOT.resolve("deploy/cron/samenspel.cron")).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#")
            && !line.matches("[A-Z_]+=.*"))
        .toList();
    assertThat(entries).hasSize(1);
    // No flock: the run locks its output folder itself (exit code 7 when it is in use).
    assertThat(entries.get(0)).contains("./samenspel run", ">>", "exit $rc")
        .doesNotContain("flock");
  }

  /** The DAG fails without retries on exactly the documented codes that need a person. */
  @Test
  void theDagDoesNotRetryUsageInputDisclosureQualityPeriodOrBusy() throws IOException {
    String dag = Files.readString(DAG);
    String block = dag.substring(dag.indexOf("NOT_RETRIED = {"),
        dag.indexOf("}", dag.indexOf("NOT_RETRIED = {")));
    List<Integer> codes = Pattern.compile("(\\d+):").matcher(block).results()
        .map(m -> Integer.parseInt(m.group(1))).sorted().toList();
    assertThat(codes).containsExactly(SamenspelException.EXIT_USAGE,
        SamenspelException.EXIT_INPUT, SamenspelException.EXIT_DISCLOSURE,
        SamenspelException.EXIT_QUALITY, SamenspelException.EXIT_PERIOD_PUBLISHED,
        SamenspelException.EXIT_BUSY);
    assertThat(dag).contains("\"--log-format\", \"json\"");
    for (String doc : List.of("README.md", "docs/operations.md")) {
      assertThat(Files.readString(ROOT.resolve(doc))).as(doc)
          .containsPattern("\\| " + SamenspelException.EXIT_BUSY + " \\| another run");
    }
  }

  @Test
  void theDagIsValidPython() throws Exception {
    boolean python = false;
    try {
      python = new ProcessBuilder("python3", "--version").start().waitFor() == 0;
    } catch (IOException e) {
      // no python3 on this machine
    }
    Assumptions.assumeTrue(python, "python3 is not installed");
    // compile() checks the syntax without writing a __pycache__ next to the file.
    Process check = new ProcessBuilder("python3", "-c",
        "import sys; compile(open(sys.argv[1]).read(), sys.argv[1], 'exec')", DAG.toString())
        .redirectErrorStream(true).start();
    String output = new String(check.getInputStream().readAllBytes());
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(output).isZero();
  }
}
