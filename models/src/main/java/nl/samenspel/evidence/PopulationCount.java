package nl.samenspel.evidence;

/**
 * How many episodes (assessments) a subgroup holds and how their outcome turned out: the
 * population behind the evidence, as true counts before disclosure control.
 *
 * @param element element code, or {@code ALL}
 * @param episodes all episodes of the subgroup
 * @param undetermined episodes whose outcome can't be determined yet (follow-up too short)
 * @param durable episodes with durable participation
 */
public record PopulationCount(String element, long episodes, long undetermined, long durable)
    implements java.io.Serializable {

  public PopulationCount {
    if (episodes < 0 || undetermined < 0 || durable < 0 || undetermined + durable > episodes) {
      throw new IllegalArgumentException("inconsistent population counts for " + element + ": "
          + episodes + " episodes, " + undetermined + " undetermined, " + durable + " durable");
    }
  }

  /** Episodes with a known outcome: the ones the estimates use. */
  public long known() {
    return episodes - undetermined;
  }

  public long notDurable() {
    return known() - durable;
  }
}
