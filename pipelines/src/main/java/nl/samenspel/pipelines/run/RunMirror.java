package nl.samenspel.pipelines.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import nl.samenspel.pipelines.store.Location;
import nl.samenspel.pipelines.store.Store;
import org.apache.hadoop.fs.FileSystem;

/**
 * The run manifests and logs of an output folder on a Hadoop filesystem, kept on the driver
 * while a run works ({@code DRIVER_DIR/runs/}). Before a run the manifests of earlier runs are
 * copied to the driver (the drift gate and the period check read them); when the run has ended
 * its own manifest and log are copied to {@code OUT/runs/RUN_ID/}. For an output folder on this
 * machine there is nothing to copy.
 */
public final class RunMirror {

  private final Path driverDir;
  private final Location out;

  private RunMirror(Path driverDir, Location out) {
    this.driverDir = driverDir;
    this.out = out;
  }

  public static RunMirror of(Path driverDir, Location out) {
    return new RunMirror(driverDir, out);
  }

  private boolean active() {
    return !out.isLocal();
  }

  /** Copies the manifests of earlier runs that the driver does not have yet. */
  public void pullManifests() {
    if (!active()) {
      return;
    }
    Location runs = out.resolve(RunManifest.RUNS);
    try {
      for (String run : Store.list(runs)) {
        Path local = driverDir.resolve(RunManifest.RUNS).resolve(run).resolve(RunManifest.FILE);
        Location remote = runs.resolve(run).resolve(RunManifest.FILE);
        if (!Files.exists(local) && Store.exists(remote)) {
          Store.download(remote, local);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("can't read the earlier runs in " + runs + ": "
          + Store.firstLine(e), e);
    }
  }

  /** Copies the files of the driver's {@code runs/RUN_ID/} to the output folder. */
  public void push(String runId) throws IOException {
    if (!active()) {
      return;
    }
    Path folder = driverDir.resolve(RunManifest.RUNS).resolve(runId);
    Location target = out.resolve(RunManifest.RUNS).resolve(runId);
    FileSystem fs = Store.fileSystem(target);
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(file.toUri()),
            new org.apache.hadoop.fs.Path(target.resolve(file.getFileName().toString()).uri()));
      }
    }
  }
}
