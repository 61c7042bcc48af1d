package nl.samenspel.pipelines.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.run.CurrentPointer;
import nl.samenspel.pipelines.run.OutputLock;
import nl.samenspel.pipelines.run.ReleaseList;
import nl.samenspel.pipelines.run.Releases;
import nl.samenspel.pipelines.run.RemoteLock;
import nl.samenspel.pipelines.run.RunManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store, the release pointer, the release list and the lock against a real HDFS
 * ({@link MiniDfs}, in this JVM).
 */
@Tag("hdfs")
class HdfsStoreTest {

  @TempDir
  static Path dir;
  private static MiniDfs hdfs;

  @BeforeAll
  static void startHdfs() throws IOException {
    hdfs = MiniDfs.start(dir.resolve("hdfs"));
  }

  @AfterAll
  static void stopHdfs() {
    if (hdfs != null) {
      hdfs.close();
    }
  }

  private static Path folder(String name, String... files) throws IOException {
    Path folder = Files.createDirectories(dir.resolve(name));
    for (String file : files) {
      Path path = folder.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, name + ":" + file, StandardCharsets.UTF_8);
    }
    return folder;
  }

  @Test
  void checksumsAndSizesAreTheSameOnHdfsAsOnThisMachine() throws IOException {
    Path local = folder("parquet-folder", "part-0.parquet", "part-1.parquet", "sub/x.txt");
    Location remote = hdfs.location("checksums/parquet-folder");
    hdfs.upload(local, remote);
    assertThat(Store.files(remote).keySet()).containsExactly("part-0.parquet",
        "part-1.parquet", "sub/x.txt");
    assertThat(RunManifest.checksum(remote)).isEqualTo(RunManifest.checksum(local));
    assertThat(Store.length(remote)).isEqualTo(Store.length(Location.local(local)));
    assertThat(Store.isDirectory(remote)).isTrue();
    assertThat(Store.isDirectory(remote.resolve("part-0.parquet"))).isFalse();
    assertThat(Store.exists(remote.resolve("missing"))).isFalse();
  }

  @Test
  void aReleaseIsUploadedCheckedAndMadeCurrentByThePointerAlone() throws Exception {
    Location out = hdfs.location("pointer/out");
    Path driver = dir.resolve("pointer-driver");
    Releases releases = Releases.of(driver, out, null);
    assertThat(releases.currentRun()).isEmpty();

    Path staging = releases.staging("run-1");
    Files.writeString(staging.resolve("evidence.json"), "{\"a\": 1}");
    Files.writeString(staging.resolve("index.html"), "<p>1</p>");
    boolean[] pointerAtSwap = new boolean[1];
    releases.swapIn(staging, "run-1",
        () -> pointerAtSwap[0] = CurrentPointer.exists(out.resolve("published")));
    assertThat(pointerAtSwap[0]).as("the pointer is written after the upload").isFalse();
    assertThat(Releases.of(driver, out, null).currentRun()).contains("run-1");
    CurrentPointer pointer = CurrentPointer.read(out.resolve("published")).orElseThrow();
    assertThat(pointer.files()).containsOnlyKeys("evidence.json", "index.html");
    assertThat(pointer.folder()).isEqualTo(out.resolve("releases/run-1").toString());
    // The driver keeps a copy of the current release.
    assertThat(driver.resolve("published/evidence.json")).hasContent("{\"a\": 1}");

    Path second = releases.staging("run-2");
    Files.writeString(second.resolve("evidence.json"), "{\"a\": 2}");
    releases.swapIn(second, "run-2", () -> { });
    ReleaseList list = ReleaseList.of(out, null);
    assertThat(list.current()).contains("run-2");
    assertThat(list.intact()).isTrue();
    assertThat(list.unreferenced()).as("the previous release stays until cleaned")
        .containsExactly("run-1");

    assertThat(ReleaseList.clean(dir.resolve("pointer-clean"), out, null))
        .containsExactly("run-1");
    assertThat(Store.list(out.resolve("releases"))).containsExactly("run-2");
    assertThat(ReleaseList.of(out, null).intact()).isTrue();

    // A file changed behind the pointer's back is found, and clean refuses to go on.
    try (var stream = hdfs.fileSystem().create(
        new org.apache.hadoop.fs.Path(out.resolve("releases/run-2/evidence.json").uri()), true)) {
      stream.write("{\"a\": 3}".getBytes(StandardCharsets.UTF_8));
    }
    ReleaseList changed = ReleaseList.of(out, null);
    assertThat(changed.intact()).isFalse();
    assertThat(changed.problem()).contains("evidence.json");
    assertThatThrownBy(() -> ReleaseList.clean(dir.resolve("pointer-clean"), out, null))
        .isInstanceOf(SamenspelException.class).hasMessageContaining("not intact");
  }

  @Test
  void theLockKeepsASecondRunOutAndIsTakenOverFromADeadProcess() throws Exception {
    Location out = hdfs.location("lock/out");
    OutputLock.Holder first = new OutputLock.Holder("run-a", Instant.now(),
        ProcessHandle.current().pid(), "run");
    try (RemoteLock held = RemoteLock.acquire(out, first)) {
      assertThatThrownBy(() -> RemoteLock.acquire(out, new OutputLock.Holder("run-b",
          Instant.now(), ProcessHandle.current().pid(), "run")))
          .isInstanceOf(SamenspelException.class)
          .satisfies(e -> assertThat(((SamenspelException) e).exitCode())
              .isEqualTo(SamenspelException.EXIT_BUSY))
          .hasMessageContaining("run-a");
    }
    assertThat(Store.exists(out.resolve(RemoteLock.FILE))).as("released").isFalse();

    // A lock left by a process of this host that has ended (a killed run) is taken over.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    RemoteLock.acquire(out, new OutputLock.Holder("run-killed", Instant.now(), gone.pid(),
        "run"));
    try (RemoteLock taken = RemoteLock.acquire(out, new OutputLock.Holder("run-c",
        Instant.now(), ProcessHandle.current().pid(), "run"))) {
      assertThat(new String(Store.read(out.resolve(RemoteLock.FILE)), StandardCharsets.UTF_8))
          .contains("run-c");
    }
  }

  @Test
  void aSchemeWithoutAFilesystemIsAnInputErrorNamingTheConnector() {
    Location unknown = Location.parse("nosuchfs://bucket/gemeente", Path.of("."), "--input");
    assertThatThrownBy(() -> Store.exists(unknown)).isInstanceOf(SamenspelException.class)
        .satisfies(e -> assertThat(((SamenspelException) e).exitCode())
            .isEqualTo(SamenspelException.EXIT_INPUT))
        .hasMessageContaining("nosuchfs://bucket/gemeente")
        .hasMessageContaining("connector");
  }

  @Test
  void aLockOfAnotherHostIsTakenOverOnlyWhenItsHeartbeatIsOld() throws Exception {
    Location out = hdfs.location("lock-other-host/out");
    Location file = out.resolve(RemoteLock.FILE);
    String fresh = "{\"run_id\":\"run-elsewhere\",\"host\":\"another-host\",\"pid\":1,"
        + "\"command\":\"run\",\"started\":\"2026-12-01T00:00:00Z\",\"heartbeat\":\""
        + Instant.now() + "\"}";
    Store.createNew(file, fresh.getBytes(StandardCharsets.UTF_8));
    OutputLock.Holder me = new OutputLock.Holder("run-here", Instant.now(),
        ProcessHandle.current().pid(), "run");
    assertThatThrownBy(() -> RemoteLock.acquire(out, me)).isInstanceOf(SamenspelException.class)
        .hasMessageContaining("run-elsewhere").hasMessageContaining("another-host");

    Store.delete(file);
    Store.createNew(file, fresh.replace(fresh.substring(fresh.indexOf("\"heartbeat\"")),
        "\"heartbeat\":\"" + Instant.now().minusSeconds(6 * 60) + "\"}")
        .getBytes(StandardCharsets.UTF_8));
    try (RemoteLock taken = RemoteLock.acquire(out, me)) {
      assertThat(new String(Store.read(file), StandardCharsets.UTF_8)).contains("run-here");
    }
    assertThat(Store.exists(file)).isFalse();

    // A lock that is no longer this run's is left alone when the run ends.
    RemoteLock mine = RemoteLock.acquire(out, me);
    Store.delete(file);
    Store.createNew(file, fresh.getBytes(StandardCharsets.UTF_8));
    mine.close();
    assertThat(new String(Store.read(file), StandardCharsets.UTF_8)).contains("run-elsewhere");
  }

  @Test
  void locationsAreParsedAndNeverHoldCredentials() {
    Path base = Path.of("/data");
    assertThat(Location.parse("in", base, "--input").toString()).isEqualTo("/data/in");
    assertThat(Location.parse("file:///data/x/", base, "--input").toString())
        .isEqualTo("/data/x");
    Location remote = Location.parse("hdfs://nn:8020/samenspel/out/", base, "--out");
    assertThat(remote.isLocal()).isFalse();
    assertThat(remote.toString()).isEqualTo("hdfs://nn:8020/samenspel/out");
    assertThat(remote.resolve("published").resolve("CURRENT").toString())
        .isEqualTo("hdfs://nn:8020/samenspel/out/published/CURRENT");
    assertThat(Location.parse("s3a://bucket/gemeente/in", base, "--input").name())
        .isEqualTo("in");
    assertThatThrownBy(() -> Location.parse("s3a://AKIACANARY:s3cr3tCanary@bucket/x", base,
        "--out")).isInstanceOf(SamenspelException.class)
        .hasMessageContaining("--out").hasMessageContaining("credentials")
        .hasMessageNotContaining("s3cr3tCanary").hasMessageNotContaining("AKIACANARY");
    assertThatThrownBy(() -> Location.parse("abfs://c@a.dfs.core.windows.net/x?sig=CANARYSIG",
        base, "--input")).isInstanceOf(SamenspelException.class)
        .hasMessageContaining("--input").hasMessageNotContaining("CANARYSIG");
    // A secret with '/' moves its '@' past the host; still refused, still not repeated.
    assertThatThrownBy(() -> Location.parse("s3a://AKIACANARY:se/cr3tCanary@bucket/out", base,
        "--out")).isInstanceOf(SamenspelException.class).hasMessageContaining("credentials")
        .hasMessageNotContaining("cr3tCanary").hasMessageNotContaining("AKIACANARY");
    assertThatThrownBy(() -> Location.parse("s3a:AKIACANARY:s3cr3tCanary@bucket/out", base,
        "--out")).isInstanceOf(SamenspelException.class)
        .hasMessageNotContaining("s3cr3tCanary");
    // An ABFS container before '@' is not a user.
    Location abfs = Location.parse("abfs://extracts@gemeente.dfs.core.windows.net/2026-11",
        base, "--input");
    assertThat(abfs.toString())
        .isEqualTo("abfs://extracts@gemeente.dfs.core.windows.net/2026-11");
    assertThatThrownBy(() -> Location.parse("abfs://c:s3cr3tCanary@a.dfs.core.windows.net/x",
        base, "--input")).isInstanceOf(SamenspelException.class)
        .hasMessageNotContaining("s3cr3tCanary");
    // A relative path with ':' in it is still a path.
    assertThat(Location.parse("backup:2026/out", base, "--out").toString())
        .isEqualTo("/data/backup:2026/out");
    assertThatThrownBy(() -> Location.parse("file://host/x", base, "--out"))
        .isInstanceOf(SamenspelException.class).hasMessageContaining("file:///PATH");
    // Spark always gets a full URI, so that no cluster default filesystem applies.
    assertThat(Location.parse("in", base, "--input").forSpark()).isEqualTo("file:///data/in");
    assertThatThrownBy(() -> Location.parse("hdfs:///no-host", base, "--out"))
        .isInstanceOf(SamenspelException.class).hasMessageContaining("SCHEME://HOST/PATH");
    assertThat(List.of(Location.parse("/x", base, "k").scheme(), remote.scheme()))
        .containsExactly("file", "hdfs");
  }
}
