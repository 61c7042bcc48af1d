package nl.samenspel.pipelines.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.run.Period;
import nl.samenspel.pipelines.run.ReleaseList;
import nl.samenspel.pipelines.store.Location;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code samenspel releases}: the current release of an output folder, whether it is intact,
 * and the unreferenced releases, which {@code --clean} removes.
 */
@Command(name = "releases", mixinStandardHelpOptions = true,
    description = "List the releases of an output folder (current and unreferenced) and check "
        + "the current one; --clean removes the unreferenced ones.")
final class ReleasesCommand implements Callable<Integer> {

  @Option(names = "--out", required = true,
      description = "Output folder, a path or a URI (hdfs://, s3a://, ...).")
  String out;

  @Option(names = "--period", description = "The period's releases (2026, 2026-Q3, 2026-07).")
  String period;

  @Option(names = "--clean", description = "Remove the unreferenced releases (takes the "
      + "output folder's lock: not while a run is going).")
  boolean clean;

  @Option(names = "--driver-dir", description = "For an --out on a Hadoop filesystem: the "
      + "driver's folder for it (default: under the temporary directory).")
  Path driverDir;

  @ParentCommand
  Main main;

  @Override
  public Integer call() {
    Location location = Location.parse(out, Path.of("").toAbsolutePath(), "--out");
    Period chosen;
    try {
      chosen = period == null ? null : Period.parse(period);
    } catch (IllegalArgumentException e) {
      throw SamenspelException.usage("--period: " + e.getMessage());
    }
    PrintWriter print = main.out();
    ReleaseList list = ReleaseList.of(location, chosen);
    if (list.current().isEmpty()) {
      print.println("current   none (nothing published in " + location + ")");
    } else {
      print.println("current   " + list.current().get() + (list.intact() ? " (intact)"
          : " NOT INTACT: " + list.problem()));
    }
    if (clean) {
      Path driver = location.isLocal() ? location.path()
          : RunOptions.driverDir(driverDir, location);
      List<String> removed = ReleaseList.clean(driver, location, chosen);
      removed.forEach(id -> print.println("removed   " + id));
      print.println("cleaned   " + removed.size() + " unreferenced release"
          + (removed.size() == 1 ? "" : "s"));
    } else {
      list.unreferenced().forEach(id -> print.println("unreferenced " + id));
      print.println(list.unreferenced().size() + " unreferenced release"
          + (list.unreferenced().size() == 1 ? "" : "s")
          + (list.unreferenced().isEmpty() ? "" : "; samenspel releases --clean removes them"));
    }
    print.flush();
    return list.current().isPresent() && !list.intact() ? SamenspelException.EXIT_INTERNAL : 0;
  }
}
