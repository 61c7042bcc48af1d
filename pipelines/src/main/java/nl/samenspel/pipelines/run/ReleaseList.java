package nl.samenspel.pipelines.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.store.Location;
import nl.samenspel.pipelines.store.Store;

/**
 * The releases of an output folder ({@code samenspel releases}): which one is current, whether
 * its files are the ones the pointer names (size and SHA-256), and which are unreferenced (left
 * by killed or failed runs, or replaced), which {@link #clean} removes while it holds the output
 * folder's lock, so that no run is publishing meanwhile.
 *
 * @param current the current release's run id, if any
 * @param intact for a release behind a pointer: every file as the pointer names it (for a
 *     link on this machine: the release folder exists)
 * @param problem what is wrong with the current release, or empty
 * @param unreferenced the other release folders, by run id
 */
public record ReleaseList(Optional<String> current, boolean intact, String problem,
    List<String> unreferenced) {

  /** Reads the releases of {@code out} (for one period, or null). */
  public static ReleaseList of(Location out, Period period) {
    Location releases = out.resolve(Releases.RELEASES);
    Location folder = period == null ? releases : releases.resolve(period.label());
    try {
      Optional<String> current;
      boolean intact;
      String problem = "";
      if (out.isLocal()) {
        Releases local = Releases.of(out.path(), period);
        current = local.currentRun();
        intact = current.isPresent() && Files.isDirectory(local.link());
        if (current.isPresent() && !intact) {
          problem = local.link() + " points to a folder that is not there";
        }
      } else {
        Location published = out.resolve(Releases.PUBLISHED);
        Optional<CurrentPointer> pointer = CurrentPointer.read(
            period == null ? published : published.resolve(period.label()));
        current = pointer.map(CurrentPointer::release);
        problem = pointer.map(p -> check(p, folder.resolve(p.release()))).orElse("");
        intact = pointer.isPresent() && problem.isEmpty();
      }
      List<String> others = new ArrayList<>();
      for (String name : Store.list(folder)) {
        if (current.isPresent() && name.equals(current.get())) {
          continue;
        }
        if (period == null && isPeriod(name)) {
          continue; // a period's folder of releases
        }
        Location release = folder.resolve(name);
        boolean isFolder = release.isLocal()
            ? Files.isDirectory(release.path(), LinkOption.NOFOLLOW_LINKS)
            : Store.isDirectory(release);
        if (isFolder) {
          others.add(name);
        }
      }
      return new ReleaseList(current, intact, problem, List.copyOf(others));
    } catch (IOException e) {
      throw new UncheckedIOException("can't read the releases in " + folder + ": "
          + Store.firstLine(e), e);
    }
  }

  /** What differs between the pointer and the release it names; empty when nothing does. */
  static String check(CurrentPointer pointer, Location release) {
    try {
      Map<String, Location> files = Store.files(release);
      if (!files.keySet().equals(pointer.files().keySet())) {
        return release + " holds " + files.keySet() + ", the pointer names "
            + pointer.files().keySet();
      }
      for (Map.Entry<String, CurrentPointer.FileFacts> file : pointer.files().entrySet()) {
        if (!Store.sha256(files.get(file.getKey())).equals(file.getValue().sha256())) {
          return files.get(file.getKey()) + " is not the file the pointer names (SHA-256)";
        }
      }
      return "";
    } catch (IOException e) {
      return "can't read " + release + ": " + Store.firstLine(e);
    }
  }

  /**
   * Deletes the unreferenced releases of {@code out}, holding its lock ({@code driverDir} is the
   * driver's folder for it); returns the run ids removed.
   */
  public static List<String> clean(Path driverDir, Location out, Period period) {
    try (Run run = Run.start(driverDir, out, "releases", null)) {
      ReleaseList list = of(out, period);
      if (list.current().isPresent() && !list.intact()) {
        throw new SamenspelException(SamenspelException.EXIT_INTERNAL, "the current release "
            + "is not intact (" + list.problem() + "); nothing was removed");
      }
      Location releases = out.resolve(Releases.RELEASES);
      Location folder = period == null ? releases : releases.resolve(period.label());
      for (String name : list.unreferenced()) {
        Store.delete(folder.resolve(name));
      }
      return list.unreferenced();
    } catch (IOException e) {
      throw new UncheckedIOException("can't clean " + out + ": " + Store.firstLine(e), e);
    }
  }

  private static boolean isPeriod(String name) {
    try {
      Period.parse(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
