package nl.samenspel.pipelines.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import nl.samenspel.pipelines.SamenspelException;

/**
 * One run at a time per output folder: an exclusive lock on {@code OUT/.samenspel.lock}, held
 * from before the run writes anything to {@code OUT} until it ends. A second run on the same
 * folder stops at once with {@link SamenspelException#EXIT_BUSY} and a line naming the run that
 * holds the lock (its id and start time are written into the file).
 *
 * <p>The lock is the operating system's ({@link FileChannel#tryLock()}, an {@code fcntl} lock on
 * Linux): it dies with the process, also on SIGKILL or out-of-memory, so a killed run never
 * blocks the next one. The file itself stays; only a held lock means a run is going. It is never
 * deleted, because deleting a lock file lets two processes lock two different files of the same
 * name. On a network file system the lock holds where the file system supports POSIX locks
 * (NFSv4, or NFSv3 with lockd); where it does not, the run stops with a usage error.
 *
 * <p>Within one JVM the operating system would let a second lock on the same file through, and
 * closing any channel to the file drops the process's lock; so the locks this JVM holds are kept
 * in a table and checked before the file is opened. Thread-safe.
 */
public final class OutputLock implements AutoCloseable {

  public static final String FILE = ".samenspel.lock";

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Locks held by this JVM, by the lock file's path: a second run here must not open it. */
  private static final Map<Path, Holder> HELD = new HashMap<>();
  /** How often to read the holder again while it has locked but not yet written the file. */
  private static final int READ_ATTEMPTS = 20;
  private static final long READ_PAUSE_MILLIS = 50;

  /**
   * Who holds the lock, as written into the file.
   *
   * @param runId the run id (also the folder {@code runs/RUN_ID/})
   * @param started when the run started
   * @param pid the process id
   * @param command the command (run, check, demo, pool)
   */
  public record Holder(String runId, Instant started, long pid, String command) {

    /** One line for the message of a run that found the folder busy. */
    String describe() {
      return "run " + runId + " (" + command + ", started " + started + ", process " + pid + ")";
    }
  }

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code outDir} (created if missing) for {@code holder}, or fails with
   * {@link SamenspelException#EXIT_BUSY} naming the run that holds it.
   */
  public static OutputLock acquire(Path outDir, Holder holder) {
    Path file;
    try {
      Files.createDirectories(outDir);
      file = outDir.toRealPath().resolve(FILE);
    } catch (IOException e) {
      throw SamenspelException.usage("Can't create the output folder " + outDir + ": "
          + e.getMessage());
    }
    synchronized (HELD) {
      Holder here = HELD.get(file);
      if (here != null) {
        throw busy(outDir, Optional.of(here));
      }
      FileChannel channel;
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
      } catch (IOException e) {
        throw SamenspelException.usage("Can't write the lock file " + file + " in the output "
            + "folder: " + e.getMessage());
      }
      try {
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          // This JVM holds it through a path the table does not know (a hard link): closing
          // this channel would drop that lock, so the channel is left open.
          throw busy(outDir, Optional.empty());
        }
        if (lock == null) {
          Optional<Holder> other = read(channel);
          channel.close();
          throw busy(outDir, other);
        }
        byte[] content = JSON.writeValueAsBytes(json(holder));
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(content), 0);
        channel.force(false);
        HELD.put(file, holder);
        return new OutputLock(file, channel, lock);
      } catch (IOException e) {
        closeQuietly(channel);
        throw SamenspelException.usage("Can't lock " + file + ": " + e.getMessage()
            + "; the output folder must be on a file system with file locks");
      }
    }
  }


  /** The holder written into the lock file, if it can be read (it may be just being written). */
  private static Optional<Holder> read(FileChannel channel) {
    for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      try {
        long size = channel.size();
        if (size > 0 && size < 64 * 1024) {
          ByteBuffer buffer = ByteBuffer.allocate((int) size);
          while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // read it all
          }
          JsonNode node = JSON.readTree(new String(buffer.array(), StandardCharsets.UTF_8));
          return Optional.of(new Holder(node.path("run_id").asText(),
              Instant.parse(node.path("started").asText()), node.path("pid").asLong(),
              node.path("command").asText()));
        }
      } catch (IOException | RuntimeException e) {
        // half written: read again
      }
      try {
        Thread.sleep(READ_PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return Optional.empty();
  }

  private static ObjectNode json(Holder holder) {
    ObjectNode node = JSON.createObjectNode();
    node.put("run_id", holder.runId());
    node.put("started", holder.started().toString());
    node.put("pid", holder.pid());
    node.put("command", holder.command());
    return node;
  }

  private static SamenspelException busy(Path outDir, Optional<Holder> holder) {
    return new SamenspelException(SamenspelException.EXIT_BUSY, "Output folder " + outDir
        + " is in use by " + holder.map(Holder::describe).orElse("another run")
        + "; this run did not start. Wait until that run ends, or pass another --out");
  }

  /** The lock file. */
  public Path file() {
    return file;
  }

  /** Releases the lock (the file stays). */
  @Override
  public void close() {
    synchronized (HELD) {
      HELD.remove(file);
      try {
        if (lock.isValid()) {
          lock.release();
        }
      } catch (IOException e) {
        // closing the channel releases it too
      }
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
