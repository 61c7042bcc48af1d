package nl.samenspel.pipelines.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.store.Location;
import nl.samenspel.pipelines.store.Store;
import org.apache.hadoop.fs.FileAlreadyExistsException;

/**
 * One run at a time per output folder on a Hadoop filesystem: {@code OUT/.samenspel.lock},
 * created only if it does not exist ({@code create} without overwrite, which HDFS's NameNode
 * decides atomically; S3A checks first and then writes, atomic only where it sends S3's
 * conditional write), holding the run id, host, process, start and a heartbeat. A second run
 * stops with {@link SamenspelException#EXIT_BUSY} naming the holder.
 *
 * <p>A killed run cannot remove its lock, so a lock is taken over when its holder is known to be
 * gone: it was on this host and its process has ended, or its heartbeat (a time inside the
 * file, rewritten every {@value #HEARTBEAT_SECONDS} s while the run lasts, so it works on stores
 * that keep no modification times) is older than {@value #STALE_MINUTES} minutes. A lock is
 * only deleted by the run that holds it, or by a run that read it stale and finds it unchanged.
 */
public final class RemoteLock implements AutoCloseable {

  public static final String FILE = ".samenspel.lock";
  static final int HEARTBEAT_SECONDS = 30;
  static final int STALE_MINUTES = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Location file;
  private final ObjectNode content;
  private final ScheduledExecutorService heartbeat;

  private RemoteLock(Location file, ObjectNode content, ScheduledExecutorService heartbeat) {
    this.file = file;
    this.content = content;
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
    node.put("heartbeat", now());
    try {
      for (int attempt = 0; ; attempt++) {
        try {
          Store.createNew(file, JSON.writeValueAsBytes(node));
          break;
        } catch (FileAlreadyExistsException e) {
          Optional<JsonNode> gone = attempt == 0 ? stale(file, host) : Optional.empty();
          if (gone.isEmpty()) {
            throw new SamenspelException(SamenspelException.EXIT_BUSY, out + " is in use by "
                + holder(file) + "; wait for it to end (a killed run's lock is taken over "
                + "when its process has ended on the same host, or after " + STALE_MINUTES
                + " minutes without a heartbeat)");
          }
          // Only the lock that was read stale: another run may have taken it over meanwhile.
          if (sameRun(read(file), gone.get())) {
            Store.delete(file);
          }
        }
      }
    } catch (IOException e) {
      throw new SamenspelException(SamenspelException.EXIT_INPUT, "can't lock " + out + ": "
          + Store.firstLine(e));
    }
    ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "samenspel-lock-heartbeat");
      thread.setDaemon(true);
      return thread;
    });
    RemoteLock lock = new RemoteLock(file, node, beat);
    beat.scheduleAtFixedRate(lock::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
        TimeUnit.SECONDS);
    return lock;
  }

  /**
   * The lock's content when its holder is gone (process ended on this host, or no heartbeat
   * for {@value #STALE_MINUTES} minutes), else empty.
   */
  private static Optional<JsonNode> stale(Location file, String host) {
    Optional<JsonNode> holder = read(file);
    if (holder.isEmpty()) {
      // Being written this instant, or unreadable: not taken over.
      return Optional.empty();
    }
    JsonNode node = holder.get();
    if (host.equals(node.path("host").asText())) {
      long pid = node.path("pid").asLong(-1);
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      if (!alive) {
        return holder;
      }
    }
    try {
      Instant beat = Instant.parse(node.path("heartbeat").asText());
      if (Duration.between(beat, Instant.now()).toMinutes() >= STALE_MINUTES) {
        return holder;
      }
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Whether two readings of the lock are of the same run (and heartbeat). */
  private static boolean sameRun(Optional<JsonNode> now, JsonNode before) {
    return now.isPresent() && now.get().path("run_id").asText()
        .equals(before.path("run_id").asText())
        && now.get().path("heartbeat").asText().equals(before.path("heartbeat").asText());
  }

  private static Optional<JsonNode> read(Location file) {
    try {
      return Optional.of(JSON.readTree(Store.read(file)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String holder(Location file) {
    return read(file).map(holder -> "run " + holder.path("run_id").asText() + " ("
        + holder.path("command").asText() + ", started " + holder.path("started").asText()
        + ", process " + holder.path("pid").asText() + " on " + holder.path("host").asText()
        + ")").orElse("another run");
  }

  /** Rewrites the heartbeat, while the file is still this run's. */
  private synchronized void beat() {
    try {
      if (!isOurs()) {
        return;
      }
      content.put("heartbeat", now());
      try (OutputStream out = Store.fileSystem(file).create(
          new org.apache.hadoop.fs.Path(file.uri()), true)) {
        out.write(JSON.writeValueAsBytes(content));
      }
    } catch (IOException | RuntimeException e) {
      // The next beat tries again; a lock without heartbeat is taken over after STALE_MINUTES.
    }
  }

  private boolean isOurs() {
    return read(file).map(node -> node.path("run_id").asText()
        .equals(content.path("run_id").asText())).orElse(false);
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Ends the heartbeat and deletes the lock file, if it is still this run's. */
  @Override
  public synchronized void close() {
    heartbeat.shutdownNow();
    try {
      if (isOurs()) {
        Store.delete(file);
      }
    } catch (IOException e) {
      // Left for the next run to take over (this host, process ended).
    }
  }
}
