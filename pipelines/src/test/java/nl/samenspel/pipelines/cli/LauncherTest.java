package nl.samenspel.pipelines.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The ./samenspel launcher and the test JVMs must start Spark with the same JVM flags. */
class LauncherTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void launcherUsesTheSameSparkJvmFlagsAsTheBuild() throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    Matcher matcher = Pattern.compile("<spark.jvm.flags>(.*?)</spark.jvm.flags>").matcher(pom);
    assertThat(matcher.find()).isTrue();
    List<String> fromPom = Arrays.stream(matcher.group(1).trim().split("\\s+")).sorted().toList();

    String launcher = Files.readString(ROOT.resolve("samenspel"));
    String block = launcher.substring(launcher.indexOf("spark_jvm_flags=("),
        launcher.indexOf(")", launcher.indexOf("spark_jvm_flags=(")));
    List<String> fromLauncher = block.lines().skip(1).map(String::trim)
        .filter(line -> line.startsWith("-")).sorted().toList();

    assertThat(fromLauncher).isEqualTo(fromPom).hasSize(17);
  }
}
