package nl.samenspel.pipelines.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.pipelines.Pipeline;
import nl.samenspel.pipelines.SparkTestSession;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.journeys.JourneysStage;
import nl.samenspel.pipelines.publish.PublishStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped sample runs end to end, deterministically, and publishes aggregates only. */
class ShippedSampleTest {

  private static final Path SAMPLE = Path.of("..", "data-samples", "municipality");

  private static Pipeline.Outcome run(Path out) {
    return Pipeline.run(SparkTestSession.get(), new Pipeline.Settings(SAMPLE, out,
        CatalogReader.bundled(), JourneysStage.Settings.DEFAULT,
        SubgroupEstimation.Settings.DEFAULT, Pipeline.Publication.DEFAULT), line -> { });
  }

  @Test
  void twoRunsPublishIdenticalBytesWithoutClientIds(@TempDir Path dir) throws IOException {
    Pipeline.Outcome first = run(dir.resolve("a"));
    Pipeline.Outcome second = run(dir.resolve("b"));

    assertThat(first.tables()).allMatch(t -> t.rowsRead() == t.rowsAccepted() && t.rowsRead() > 0);
    assertThat(first.episodes()).isEqualTo(2000);
    assertThat(first.estimate().records()).isNotEmpty();
    for (String name : new String[] {PublishStage.EVIDENCE_JSON, PublishStage.INDEX_HTML}) {
      byte[] a = Files.readAllBytes(first.published().resolve(name));
      byte[] b = Files.readAllBytes(second.published().resolve(name));
      assertThat(a).as(name).isEqualTo(b);
      assertThat(new String(a, java.nio.charset.StandardCharsets.UTF_8)).as(name)
          .doesNotContainPattern("P\\d{7}");
    }
    assertThat(dir.resolve("a").resolve("work").resolve("journeys").resolve("episodes"))
        .isDirectory();
  }
}
