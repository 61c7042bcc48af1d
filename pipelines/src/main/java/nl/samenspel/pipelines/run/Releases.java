package nl.samenspel.pipelines.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.store.Location;
import nl.samenspel.pipelines.store.Store;

/**
 * Where a publish lives and how it is swapped in. Each run writes its files into its own
 * release folder ({@code releases/RUN_ID/}, or {@code releases/PERIOD/RUN_ID/}).
 *
 * <p>On this machine (a POSIX filesystem), {@code published} (or {@code published/PERIOD}) is a
 * symbolic link to the current release. The swap replaces the link with one {@code rename(2)},
 * which is atomic: a reader, or a run killed at any moment, sees either the previous release or
 * the new one, complete. Older releases are removed after the swap.
 *
 * <p>On a Hadoop filesystem (HDFS, an object store: no atomic rename of folders, no links), the
 * audited release is uploaded once into its own folder {@code releases/[PERIOD/]RUN_ID/} and
 * never changed, read back and checked file by file (size and SHA-256) against what was
 * audited, and only then made current by writing one small pointer last,
 * {@code published/[PERIOD/]CURRENT} ({@link CurrentPointer}): a JSON object naming the release
 * and its files' checksums. Readers follow the pointer. A run killed at any moment leaves the
 * previous pointer and its release as they were; what it uploaded is an unreferenced release,
 * which {@code samenspel releases --clean} removes. The driver keeps a copy of the current
 * release in its own folder, swapped in as on a POSIX filesystem.
 */
public final class Releases {

  public static final String PUBLISHED = "published";
  public static final String RELEASES = "releases";

  private final Path link;
  private final Path folder;
  /** The output on a Hadoop filesystem, or null when it is {@link #link}'s own folder. */
  private final Location remote;
  /** The period's label, or null. */
  private final String period;

  private Releases(Path link, Path folder, Location remote, String period) {
    this.link = link;
    this.folder = folder;
    this.remote = remote;
    this.period = period;
  }

  /**
   * The publish of {@code out} for one period or (null) for everything; {@code driverDir} is the
   * driver's own folder, which is {@code out} itself when that is on this machine.
   */
  public static Releases of(Path driverDir, Location out, Period period) {
    Releases local = of(driverDir, period);
    if (out.isLocal()) {
      return local;
    }
    boolean whole = CurrentPointer.exists(out.resolve(PUBLISHED));
    if (period == null && !whole && hasPeriodPointers(out)) {
      throw SamenspelException.usage(out + " holds publishes per period (published/PERIOD);"
          + " pass --period or use another --out");
    }
    if (period != null && whole) {
      throw SamenspelException.usage(out + " holds a publish of all periods; use another "
          + "--out for publishes per period");
    }
    return new Releases(local.link, local.folder, out, period == null ? null : period.label());
  }

  private static boolean hasPeriodPointers(Location out) {
    try {
      for (String name : Store.list(out.resolve(PUBLISHED))) {
        if (CurrentPointer.exists(out.resolve(PUBLISHED).resolve(name))) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("can't read " + out.resolve(PUBLISHED), e);
    }
  }

  /** The folder on the Hadoop filesystem where {@code runId}'s release goes. */
  public static Location remoteRelease(Location out, Period period, String runId) {
    return remoteRelease(out, period == null ? null : period.label(), runId);
  }

  private static Location remoteRelease(Location out, String period, String runId) {
    Location releases = out.resolve(RELEASES);
    return (period == null ? releases : releases.resolve(period)).resolve(runId);
  }

  /** Where readers find the publish: the pointer's folder on a Hadoop filesystem. */
  public Location pointerFolder() {
    Location published = remote.resolve(PUBLISHED);
    return period == null ? published : published.resolve(period);
  }

  /**
   * Where Spark writes the publish's Parquet file before it is copied into the staging folder:
   * {@code OUT/work/publish} on the Hadoop filesystem, which the executors share; null for an
   * output on this machine (next to the file, as the staging folder is shared).
   */
  public Location scratch() {
    return remote == null ? null : remote.resolve("work").resolve("publish")
        .resolve(period == null ? "all" : period);
  }

  /** Whether the publish goes to a Hadoop filesystem (through a pointer). */
  public boolean remote() {
    return remote != null;
  }

  /** The publish of {@code outDir}, for one period or (null) for everything. */
  public static Releases of(Path outDir, Period period) {
    Path published = outDir.resolve(PUBLISHED);
    if (period == null) {
      if (Files.isDirectory(published, LinkOption.NOFOLLOW_LINKS) && hasLinks(published)) {
        throw SamenspelException.usage(outDir + " holds publishes per period (published/PERIOD);"
            + " pass --period or use another --out");
      }
      return new Releases(published, outDir.resolve(RELEASES), null, null);
    }
    if (Files.isSymbolicLink(published)) {
      throw SamenspelException.usage(outDir + " holds a publish of all periods; use another "
          + "--out for publishes per period");
    }
    return new Releases(published.resolve(period.label()),
        outDir.resolve(RELEASES).resolve(period.label()), null, null);
  }

  /** The link readers open: {@code published} or {@code published/PERIOD}. */
  public Path link() {
    return link;
  }

  /** The run id of the current release, if there is one. */
  public Optional<String> currentRun() {
    if (remote != null) {
      return CurrentPointer.read(pointerFolder()).map(CurrentPointer::release);
    }
    if (!Files.isSymbolicLink(link)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readSymbolicLink(link).getFileName().toString());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** An empty staging folder for {@code runId}, removing leftovers of killed runs. */
  public Path staging(String runId) {
    try {
      Files.createDirectories(folder);
      Path staging = folder.resolve(runId + ".staging");
      deleteTree(staging);
      Files.createDirectories(staging);
      return staging;
    } catch (IOException e) {
      throw new UncheckedIOException("can't create a staging folder in " + folder, e);
    }
  }

  /**
   * Makes the audited staging folder the current release: renames it to its release folder,
   * then atomically replaces the link, then removes every other release (including what killed
   * runs left behind). {@code beforeSwap} runs between the two renames (a test checkpoint).
   */
  public Path swapIn(Path staging, String runId, Runnable beforeSwap) {
    if (remote != null) {
      // Upload and check the release, then write the pointer last; the driver's copy follows.
      Location release = remoteRelease(remote, period, runId);
      CurrentPointer pointer = CurrentPointer.upload(staging, release, runId);
      beforeSwap.run();
      pointer.write(pointerFolder());
      return swapLocally(staging, runId, () -> { });
    }
    return swapLocally(staging, runId, beforeSwap);
  }

  private Path swapLocally(Path staging, String runId, Runnable beforeSwap) {
    try {
      Path release = folder.resolve(runId);
      deleteTree(release);
      Files.move(staging, release, StandardCopyOption.ATOMIC_MOVE);
      beforeSwap.run();
      Files.createDirectories(link.getParent());
      if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
        // A publish written by an earlier version (a plain folder): keep it as a release
        // once, so the link can take its place. Not atomic; happens only on upgrade.
        Files.move(link, folder.resolve("legacy-" + runId), StandardCopyOption.ATOMIC_MOVE);
      }
      Path temporary = link.resolveSibling("." + link.getFileName() + "." + runId + ".link");
      Files.deleteIfExists(temporary);
      Files.createSymbolicLink(temporary, link.getParent().relativize(release));
      Files.move(temporary, link, StandardCopyOption.ATOMIC_MOVE);
      try (Stream<Path> others = Files.list(folder)) {
        for (Path other : others.filter(p -> !p.getFileName().toString().equals(runId))
            .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
          deleteTree(other);
        }
      }
      return link;
    } catch (IOException e) {
      throw new UncheckedIOException("can't publish to " + link, e);
    }
  }

  private static boolean hasLinks(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.anyMatch(Files::isSymbolicLink);
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes a folder tree without following links. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
