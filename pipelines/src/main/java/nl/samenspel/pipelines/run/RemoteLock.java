package nl.samenspel.pipelines.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.store.Location;
import nl.samenspel.pipelines.store.Store;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;

/**
 * One run at a time per output folder on a Hadoop filesystem: {@code OUT/.samenspel.lock},
 * created only if it does not exist ({@code create} without overwrite, which HDFS's NameNode
 * decides atomically; S3A checks first and then writes, atomic only where it sends S3's
 * conditional write), holding the run id, host, process and start. A second run stops with
 * {@link SamenspelException#EXIT_BUSY} naming the holder.
 *
 * <p>A killed run cannot remove its lock, so a lock is taken over when its holder is known to be
 * gone: it was on this host and its process has ended, or its heartbeat (the file's
 * modification time, renewed every {@value #HEARTBEAT_SECONDS} s while the run lasts) is older
 * than {@value #STALE_MINUTES} minutes. The holder deletes the file when the run ends.
 */
public final class RemoteLock implements AutoCloseable {

  public static final String FILE = ".samenspel.lock";
  static final int HEARTBEAT_SECONDS = 30;
  static final int STALE_MINUTES = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Location file;
  private final ScheduledExecutorService heartbeat;

  private RemoteLock(Location file, ScheduledExecutorService heartbeat) {
    this.file = file;
    this.heartbeat = heartbeat;
  }

  /** Takes the lock of {@code out} for {@code holder}, or fails naming who has it. */
  public static RemoteLock acquire(Location out, OutputLock.Holder holder) {
    Location file = out.resolve(FILE);
    String host = host();
    ObjectNode node = JSON.createObjectNode();
    node.put("run_id", holder.runId());
    node.put("started", holder.started().toString());
    node.put("host", host);
    node.put("pid", holder.pid());
    node.put("command", holder.command());
    try {
      byte[] bytes = JSON.writeValueAsBytes(node);
      for (int attempt = 0; ; attempt++) {
        try {
          Store.createNew(file, bytes);
          break;
        } catch (FileAlreadyExistsException e) {
          Optional<String> gone = stale(file, host);
          if (gone.isEmpty() || attempt > 0) {
            throw new SamenspelException(SamenspelException.EXIT_BUSY, out + " is in use by "
                + holder(file) + "; wait for it to end (a killed run's lock is taken over "
                + "after " + STALE_MINUTES + " minutes, or at once on the host it ran on)");
          }
          Store.delete(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("can't lock " + out + ": " + Store.firstLine(e), e);
    }
    ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "samenspel-lock-heartbeat");
      thread.setDaemon(true);
      return thread;
    });
    beat.scheduleAtFixedRate(() -> touch(file), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
        TimeUnit.SECONDS);
    return new RemoteLock(file, beat);
  }

  /** Why the lock in {@code file} is stale, or empty when its holder may be running. */
  private static Optional<String> stale(Location file, String host) throws IOException {
    JsonNode holder;
    try {
      holder = JSON.readTree(Store.read(file));
    } catch (IOException e) {
      // Being written this instant, or unreadable: not taken over.
      return Optional.empty();
    }
    if (host.equals(holder.path("host").asText())) {
      long pid = holder.path("pid").asLong(-1);
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      if (!alive) {
        return Optional.of("process " + pid + " on this host has ended");
      }
      return Optional.empty();
    }
    Optional<Long> modified = Store.modified(file);
    if (modified.isPresent() && Duration.between(Instant.ofEpochMilli(modified.get()),
        Instant.now()).toMinutes() >= STALE_MINUTES) {
      return Optional.of("no heartbeat for " + STALE_MINUTES + " minutes");
    }
    return Optional.empty();
  }

  private static String holder(Location file) {
    try {
      JsonNode holder = JSON.readTree(Store.read(file));
      return "run " + holder.path("run_id").asText() + " (" + holder.path("command").asText()
          + ", started " + holder.path("started").asText() + ", process "
          + holder.path("pid").asText() + " on " + holder.path("host").asText() + ")";
    } catch (IOException e) {
      return "another run";
    }
  }

  private static void touch(Location file) {
    try {
      FileSystem fs = Store.fileSystem(file);
      fs.setTimes(new org.apache.hadoop.fs.Path(file.uri()), System.currentTimeMillis(), -1);
    } catch (IOException | UnsupportedOperationException e) {
      // A store without modification times: only the host check takes a lock over.
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Ends the heartbeat and deletes the lock file. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      Store.delete(file);
    } catch (IOException e) {
      // Left for the next run to take over (this host, process ended).
    }
  }
}
