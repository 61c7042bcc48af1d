package nl.samenspel.pipelines.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which file scans count as reading an extract (the rest is checked end to end). */
class SparkProgressTest {

  @Test
  void aScanLocationNamesTheExtractWholeNotAsThePrefixOfAnotherName() {
    String path = "/data/GM0855/clients.csv";
    // On HDFS the scan names the URI as given to Spark.
    assertThat(SparkProgress.locates("InMemoryFileIndex(1 paths)[hdfs://127.0.0.1:9000/gm/"
        + "clients.csv]", "hdfs://127.0.0.1:9000/gm/clients.csv")).isTrue();
    assertThat(SparkProgress.locates("InMemoryFileIndex(1 paths)[hdfs://127.0.0.1:9000/gm/"
        + "clients.csv.old]", "hdfs://127.0.0.1:9000/gm/clients.csv")).isFalse();
    assertThat(SparkProgress.locates("InMemoryFileIndex(1 paths)[file:/data/GM0855/clients.csv]",
        path)).isTrue();
    assertThat(SparkProgress.locates("InMemoryFileIndex(2 paths)[file:/x/a.csv, "
        + "file:/data/GM0855/clients.csv, ...]", path)).isTrue();
    assertThat(SparkProgress.locates("InMemoryFileIndex(1 paths)[file:/data/GM0855/clients.csv.old]",
        path)).isFalse();
    assertThat(SparkProgress.locates("InMemoryFileIndex(1 paths)[file:/other/data/GM0855/clients.csv]",
        path)).isFalse();
    assertThat(SparkProgress.locates("InMemoryFileIndex(1 paths)[file:/data/GM0855/clients.parquet]",
        "/data/GM0855/clients.parquet")).isTrue();
  }
}
