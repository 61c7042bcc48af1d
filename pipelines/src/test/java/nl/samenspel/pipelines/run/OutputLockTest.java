package nl.samenspel.pipelines.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import nl.samenspel.pipelines.SamenspelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output folder's lock within one JVM (two runs in one notebook or test); across
 * processes and after SIGKILL: {@code endtoend.OneRunPerFolderTest}.
 */
class OutputLockTest {

  private static final OutputLock.Holder FIRST = new OutputLock.Holder("20261128T203229Z-fba4",
      Instant.parse("2026-11-28T20:32:29.500Z"), 4242, "run");
  private static final OutputLock.Holder SECOND = new OutputLock.Holder("20261128T203300Z-0001",
      Instant.parse("2026-11-28T20:33:00Z"), 4242, "check");

  @Test
  void aSecondRunOnTheSameFolderIsRefusedWithTheFirstRunsIdAndStart(@TempDir Path dir) {
    Path out = dir.resolve("out");
    try (OutputLock lock = OutputLock.acquire(out, FIRST)) {
      assertThat(lock.file()).exists().hasFileName(OutputLock.FILE);
      assertThatThrownBy(() -> OutputLock.acquire(out, SECOND))
          .isInstanceOfSatisfying(SamenspelException.class, e -> assertThat(e.exitCode())
              .isEqualTo(SamenspelException.EXIT_BUSY))
          .hasMessageContaining("is in use by run 20261128T203229Z-fba4")
          .hasMessageContaining("started 2026-11-28T20:32:29.500Z")
          .hasMessageContaining("--out")
          .message().doesNotContain("\n");
      // Another spelling of the same folder is the same folder.
      assertThatThrownBy(() -> OutputLock.acquire(out.resolve("..").resolve("out"), SECOND))
          .isInstanceOf(SamenspelException.class);
    }
    try (OutputLock again = OutputLock.acquire(out, SECOND)) {
      assertThat(again.file()).exists();
    }
  }

  @Test
  void theLockFileSaysWhoHoldsItAndStaysAfterwards(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    try (OutputLock lock = OutputLock.acquire(out, FIRST)) {
      // Read by another process in real use; reading it here would drop this JVM's lock on
      // some systems, so only the size is looked at while it is held.
      assertThat(Files.size(lock.file())).isPositive();
    }
    assertThat(Files.readString(out.resolve(OutputLock.FILE)))
        .contains("\"run_id\":\"20261128T203229Z-fba4\"", "\"pid\":4242");
  }

  @Test
  void foldersDoNotBlockEachOther(@TempDir Path dir) {
    try (OutputLock a = OutputLock.acquire(dir.resolve("a"), FIRST);
        OutputLock b = OutputLock.acquire(dir.resolve("b"), SECOND)) {
      assertThat(a.file()).isNotEqualTo(b.file());
    }
  }
}
