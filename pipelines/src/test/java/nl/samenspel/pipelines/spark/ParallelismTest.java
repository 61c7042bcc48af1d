package nl.samenspel.pipelines.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.config.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelismTest {

  @Test
  void localModeKeepsTheValuesSamenspelAlwaysUsed() {
    assertThat(Parallelism.of(true, 2, 0, 0, 7)).isEqualTo(new Parallelism(true, 2, 8, 2, 7));
    assertThat(Parallelism.of(true, 16, 0, 0, 7)).isEqualTo(new Parallelism(true, 16, 8, 4, 7));
    assertThat(Parallelism.of(true, 1, 0, 0, 1).estimateTasks()).isEqualTo(2);
    // A session a test or notebook made keeps its own shuffle partitions.
    assertThat(Parallelism.of(true, 2, 0, 0, 7, 2).shufflePartitions()).isEqualTo(2);
  }

  @Test
  void onAClusterBothFollowTheDefaultParallelism() {
    // 200 cores, 7 subgroups: 200 shuffle partitions, 29 tasks per subgroup (203 in all).
    assertThat(Parallelism.of(false, 200, 0, 0, 7)).isEqualTo(
        new Parallelism(false, 200, 200, 29, 7));
    // A small cluster still splits each subgroup in two.
    assertThat(Parallelism.of(false, 5, 0, 0, 7)).isEqualTo(new Parallelism(false, 5, 5, 2, 7));
  }

  @Test
  void theConfigurationWinsOverTheRule() {
    assertThat(Parallelism.of(false, 200, 64, 3, 7)).isEqualTo(
        new Parallelism(false, 200, 64, 3, 7));
    assertThat(Parallelism.of(true, 2, 1, 1, 7)).isEqualTo(new Parallelism(true, 2, 1, 1, 7));
  }

  @Test
  void aValueBelowOneIsAUsageErrorNamingTheKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("run.yaml");
    Files.writeString(file, "spark:\n  shuffle_partitions: 0\n");
    RunConfig config = RunConfig.load(file);
    assertThatThrownBy(() -> Parallelism.of(null, config, 3))
        .isInstanceOf(SamenspelException.class)
        .hasMessageContaining("spark.shuffle_partitions");
  }
}
