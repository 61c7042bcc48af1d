package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Discipline;
import nl.samenspel.domain.Element;
import nl.samenspel.evidence.EffectModification;
import nl.samenspel.evidence.EvidenceRecord;
import org.junit.jupiter.api.Test;

/**
 * The estimate stage's projection of each association on the client profile: from the same
 * fit's scores, only in the whole population, recovering a planted slope, and off when asked.
 */
class SubgroupEstimationModificationTest {

  private static final List<CatalogEntry> CATALOG = List.of(
      new CatalogEntry("KM_A", Discipline.KM, "KM_A", "KM_A", EnumSet.noneOf(Element.class)),
      new CatalogEntry("IC_B", Discipline.IC, "IC_B", "IC_B", EnumSet.noneOf(Element.class)));
  private static final int ATTITUDE = CovariateEncoder.NAMES.indexOf(
      Element.ATTITUDE.scoreColumn());
  private static final int AGE = CovariateEncoder.NAMES.indexOf("age");
  private static final int BENEFIT = CovariateEncoder.NAMES.indexOf("benefit_months");
  /** Planted: KM_A adds 0.10 - 0.05 (attitude - 3) to the chance of durable work. */
  private static final double SLOPE = -0.05;

  /** Confounded on attitude and age; the effect of KM_A changes with attitude only. */
  private static List<SubgroupEstimation.Unit> units(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<SubgroupEstimation.Unit> units = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[CovariateEncoder.NAMES.size()];
      for (Element element : Element.values()) {
        x[CovariateEncoder.NAMES.indexOf(element.scoreColumn())] = 1 + random.nextInt(5);
      }
      x[AGE] = 18 + random.nextInt(48);
      x[BENEFIT] = random.nextInt(120);
      double attitude = x[ATTITUDE];
      Set<String> received = new HashSet<>();
      boolean a = random.nextDouble() < 0.25 + 0.08 * (3 - attitude) + 0.002 * (x[AGE] - 40);
      if (a) {
        received.add("KM_A");
      }
      if (random.nextDouble() < 0.4) {
        received.add("IC_B");
      }
      double p = 0.30 + 0.03 * (attitude - 3) + (a ? 0.10 + SLOPE * (attitude - 3) : 0);
      units.add(new SubgroupEstimation.Unit(received, random.nextDouble() < p ? 1 : 0,
          Double.NaN, x, "c" + i));
    }
    return units;
  }

  @Test
  void thePlantedSlopeIsRecoveredInTheWholePopulationOnly() {
    List<SubgroupEstimation.Unit> units = units(20_000, 11);
    SubgroupEstimation.Result all = SubgroupEstimation.estimate("ALL", units, CATALOG,
        SubgroupEstimation.Settings.DEFAULT);
    // Every estimated combination has its projection, nothing else does.
    assertThat(all.modifications()).extracting(EffectModification::combination)
        .containsExactlyInAnyOrderElementsOf(all.records().stream()
            .map(EvidenceRecord::combination).toList());
    EffectModification a = all.modifications().stream()
        .filter(m -> m.combination().interventions().equals(List.of("KM_A"))).findFirst()
        .orElseThrow();
    EffectModification.Slope attitude = a.slope(Element.ATTITUDE.scoreColumn());
    assertThat(attitude.ciLow()).isLessThanOrEqualTo(SLOPE);
    assertThat(attitude.ciHigh()).isGreaterThanOrEqualTo(SLOPE).isNegative();
    assertThat(attitude.estimate()).isCloseTo(SLOPE, within(4 * attitude.standardError()));
    assertThat(a.pValue()).isLessThan(0.001);
    assertThat(a.degreesOfFreedom()).isEqualTo(9);
    assertThat(a.slopes()).hasSize(9);
    assertThat(a.units()).isEqualTo(a.residualDegreesOfFreedom() + 10);
    // No modification was planted for IC_B: its test does not find one at this level.
    EffectModification b = all.modifications().stream()
        .filter(m -> m.combination().interventions().equals(List.of("IC_B"))).findFirst()
        .orElseThrow();
    assertThat(b.pValue()).isGreaterThan(0.001);

    List<SubgroupEstimation.Unit> barrier = units.stream()
        .filter(u -> u.covariates()[ATTITUDE] <= 2).toList();
    assertThat(SubgroupEstimation.estimate(Element.ATTITUDE.name(), barrier, CATALOG,
        SubgroupEstimation.Settings.DEFAULT).modifications()).isEmpty();
    SubgroupEstimation.Result off = SubgroupEstimation.estimate("ALL", units, CATALOG,
        SubgroupEstimation.Settings.DEFAULT.withModification(
            SubgroupEstimation.ModifierScope.NONE));
    assertThat(off.modifications()).isEmpty();
    // Projecting changes nothing in the estimates.
    assertThat(off.records()).isEqualTo(all.records());
  }
}
