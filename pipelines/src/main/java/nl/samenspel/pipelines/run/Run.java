package nl.samenspel.pipelines.run;

import java.nio.file.Path;
import nl.samenspel.pipelines.store.Location;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run of a command on an output folder: its id, when it started, the lock that keeps other
 * runs out of the folder ({@link OutputLock}) and where its events go ({@link RunEvents}).
 * Started before anything is written to the folder; closing it releases the lock.
 */
public final class Run implements AutoCloseable {

  private static final DateTimeFormatter ID_TIME = DateTimeFormatter
      .ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String id;
  private final Instant started;
  private final String command;
  private final OutputLock lock;
  /** The lock of an output folder on a Hadoop filesystem, or null. */
  private final RemoteLock remoteLock;
  private final RunEvents events;

  private Run(String id, Instant started, String command, OutputLock lock,
      RemoteLock remoteLock, RunEvents events) {
    this.id = id;
    this.started = started;
    this.command = command;
    this.lock = lock;
    this.remoteLock = remoteLock;
    this.events = events;
  }

  /**
   * Locks {@code outDir} for a new run of {@code command}, or fails with
   * {@link nl.samenspel.pipelines.SamenspelException#EXIT_BUSY} when another run holds it.
   */
  public static Run start(Path outDir, String command, RunEvents events) {
    return start(outDir, Location.local(outDir), command, events);
  }

  /**
   * As {@link #start(Path, String, RunEvents)} for an output folder {@code out} that may be on a
   * Hadoop filesystem, with {@code driverDir} the driver's own folder for it: both are locked.
   */
  public static Run start(Path driverDir, Location out, String command, RunEvents events) {
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String id = newId(started);
    OutputLock.Holder holder = new OutputLock.Holder(id, started,
        ProcessHandle.current().pid(), command);
    OutputLock lock = OutputLock.acquire(driverDir, holder);
    if (out.isLocal()) {
      return new Run(id, started, command, lock, null, events);
    }
    try {
      return new Run(id, started, command, lock, RemoteLock.acquire(out, holder), events);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** A run id: the start time in UTC and four random hex digits, {@code 20261128T203229Z-fba4}. */
  static String newId(Instant started) {
    return ID_TIME.format(started) + "-"
        + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
  }

  public String id() {
    return id;
  }

  public Instant started() {
    return started;
  }

  public String command() {
    return command;
  }

  public RunEvents events() {
    return events;
  }

  /** Releases the output folder. */
  @Override
  public void close() {
    try {
      if (remoteLock != null) {
        remoteLock.close();
      }
    } finally {
      lock.close();
    }
  }
}
