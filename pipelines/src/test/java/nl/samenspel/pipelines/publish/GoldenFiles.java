package nl.samenspel.pipelines.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files for rendered text, under {@code pipelines/src/test/resources/golden/}. To
 * regenerate after an intended wording change, run the tests with
 * {@code -Dsamenspel.updateGolden=true} (from the {@code pipelines} folder) and review the diff.
 */
final class GoldenFiles {

  private static final Path FOLDER = Path.of("src", "test", "resources", "golden");

  private GoldenFiles() {}

  static void assertMatches(String name, String actual) throws IOException {
    Path file = FOLDER.resolve(name);
    if (Boolean.getBoolean("samenspel.updateGolden")) {
      Files.createDirectories(FOLDER);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(file).as("golden file %s (regenerate with -Dsamenspel.updateGolden=true)", file)
        .exists();
    assertThat(actual).as("text differs from golden file %s", file)
        .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
