package nl.samenspel.pipelines.run;

import java.util.List;

/**
 * How far a running stage is, as far as the driver can tell right now: what is counted, how
 * many are done out of how many, per part (subgroup or file), and the Spark tasks of the stages
 * running at the moment. A snapshot; made again for every progress event.
 *
 * @param unit what {@code done} and {@code total} count ("combinations", "rows read"), or null
 *     when the stage counts nothing of its own
 * @param done how many are finished, or -1 when nothing is counted
 * @param total how many there are, or -1 when that is not known beforehand
 * @param parts the same per subgroup or per file, in a fixed order
 * @param tasksDone Spark tasks finished in the Spark stages now running
 * @param tasksTotal Spark tasks of the Spark stages now running (0 when none is running)
 * @param work the share of the stage's work done, 0 to 1, where the parts differ in cost (the
 *     estimate stage weighs each subgroup's combinations by its episodes); -1 when
 *     {@code done / total} is the share
 */
public record StageProgress(String unit, long done, long total, List<Part> parts,
    long tasksDone, long tasksTotal, double work) {

  /**
   * One subgroup or file.
   *
   * @param name the subgroup ({@code ALL}, {@code ATTITUDE}, ...) or file name
   * @param done how many of it are finished
   * @param total how many it has, or -1 when not known
   */
  public record Part(String name, long done, long total) {}

  public StageProgress {
    parts = List.copyOf(parts);
  }

  /** Counts whose share of the work is {@code done / total}. */
  public StageProgress(String unit, long done, long total, List<Part> parts) {
    this(unit, done, total, parts, 0, 0, -1);
  }

  /** Nothing counted, only the Spark tasks. */
  public static StageProgress tasks(long tasksDone, long tasksTotal) {
    return new StageProgress(null, -1, -1, List.of(), tasksDone, tasksTotal, -1);
  }

  /** The same counts with other Spark task numbers. */
  public StageProgress withTasks(long done, long total) {
    return new StageProgress(unit, this.done, this.total, parts, done, total, work);
  }

  /** Whether both the done and the total count are known. */
  public boolean hasShare() {
    return done >= 0 && total > 0;
  }

  /** The share of the work done: {@link #work()} when known, else done / total. */
  public double share() {
    return work >= 0 ? work : hasShare() ? (double) done / total : -1;
  }
}
