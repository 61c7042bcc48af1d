package nl.samenspel.evidence;

/**
 * How many episodes (assessments) a subgroup holds and how their outcome turned out: the
 * population behind the evidence, as true counts before disclosure control.
 *
 * @param element element code, or {@code ALL}
 * @param episodes all episodes of the subgroup
 * @param undetermined episodes whose outcome can't be determined yet (follow-up too short)
 * @param durable episodes with durable participation
 * @param people distinct clients behind each of these counts (a client can have several
 *     assessments): disclosure control applies its threshold to both
 */
public record PopulationCount(String element, long episodes, long undetermined, long durable,
    People people) implements java.io.Serializable {

  /** Distinct clients with at least one episode of each kind. */
  public record People(long all, long known, long durable, long notDurable, long undetermined)
      implements java.io.Serializable {}

  public PopulationCount {
    if (episodes < 0 || undetermined < 0 || durable < 0 || undetermined + durable > episodes) {
      throw new IllegalArgumentException("inconsistent population counts for " + element + ": "
          + episodes + " episodes, " + undetermined + " undetermined, " + durable + " durable");
    }
    if (people.all() > episodes || people.known() > episodes - undetermined
        || people.durable() > durable || people.undetermined() > undetermined
        || people.notDurable() > episodes - undetermined - durable) {
      throw new IllegalArgumentException("more clients than episodes in " + element + ": "
          + people);
    }
  }

  /** Counts where every client has one episode. */
  public PopulationCount(String element, long episodes, long undetermined, long durable) {
    this(element, episodes, undetermined, durable, new People(episodes, episodes - undetermined,
        durable, episodes - undetermined - durable, undetermined));
  }

  /** Episodes with a known outcome: the ones the estimates use. */
  public long known() {
    return episodes - undetermined;
  }

  public long notDurable() {
    return known() - durable;
  }
}
