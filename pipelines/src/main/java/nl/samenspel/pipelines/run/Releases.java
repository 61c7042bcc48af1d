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

/**
 * Where a publish lives and how it is swapped in. Each run writes its files into its own
 * release folder ({@code releases/RUN_ID/}, or {@code releases/PERIOD/RUN_ID/}), and
 * {@code published} (or {@code published/PERIOD}) is a symbolic link to the current release.
 * The swap replaces the link with one {@code rename(2)}, which is atomic: a reader, or a run
 * killed at any moment, sees either the previous release or the new one, complete. Older
 * releases are removed after the swap.
 */
public final class Releases {

  public static final String PUBLISHED = "published";
  public static final String RELEASES = "releases";

  private final Path link;
  private final Path folder;

  private Releases(Path link, Path folder) {
    this.link = link;
    this.folder = folder;
  }

  /** The publish of {@code outDir}, for one period or (null) for everything. */
  public static Releases of(Path outDir, Period period) {
    Path published = outDir.resolve(PUBLISHED);
    if (period == null) {
      if (Files.isDirectory(published, LinkOption.NOFOLLOW_LINKS) && hasLinks(published)) {
        throw SamenspelException.usage(outDir + " holds publishes per period (published/PERIOD);"
            + " pass --period or use another --out");
      }
      return new Releases(published, outDir.resolve(RELEASES));
    }
    if (Files.isSymbolicLink(published)) {
      throw SamenspelException.usage(outDir + " holds a publish of all periods; use another "
          + "--out for publishes per period");
    }
    return new Releases(published.resolve(period.label()),
        outDir.resolve(RELEASES).resolve(period.label()));
  }

  /** The link readers open: {@code published} or {@code published/PERIOD}. */
  public Path link() {
    return link;
  }

  /** The run id of the current release, if there is one. */
  public Optional<String> currentRun() {
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
