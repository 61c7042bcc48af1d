package nl.samenspel.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import nl.samenspel.evidence.EvidenceRecord;
import nl.samenspel.grading.Certainty;
import nl.samenspel.grading.GradingRule;
import nl.samenspel.grading.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A subgroup estimated with another registered estimator than the pipeline's own AIPW. */
class SubgroupEstimationChosenTest {

  private static final SubgroupEstimation.Settings IPW = SubgroupEstimation.Settings.DEFAULT
      .withTriples(SubgroupEstimation.TripleScope.NONE, 0).withEstimator("ipw");

  @Test
  void everyCombinationIsTheChosenEstimatorsOwnEstimateWithItsRefuters() {
    List<SubgroupEstimation.Unit> units = SubgroupEstimationTest.units();
    SubgroupEstimation.Result result = SubgroupEstimation.estimate("ALL", units,
        SubgroupEstimationTest.CATALOG, IPW);

    assertThat(result.records()).extracting(r -> r.combination().key())
        .contains("ALL|KM_A", "ALL|IC_C+KM_A");
    assertThat(result.records()).allMatch(r -> r.estimator().equals("ipw"));
    assertThat(result.modifications()).as("effect modification needs AIPW's scores").isEmpty();
    EvidenceRecord single = result.records().stream()
        .filter(r -> r.combination().key().equals("ALL|KM_A")).findFirst().orElseThrow();
    // The same estimate as IPW made with the settings' estimand and trimming on these units.
    int[] arms = units.stream().mapToInt(u -> u.interventions().contains("KM_A") ? 1 : 0)
        .toArray();
    EffectEstimate direct = Estimators.create("ipw", IPW.estimatorSettings(Estimand.ATE,
        IPW.aipw().trimming())).estimate(new EstimationInput(arms,
            units.stream().mapToDouble(SubgroupEstimation.Unit::outcome).toArray(),
            units.stream().map(SubgroupEstimation.Unit::covariates).toArray(double[][]::new),
            CovariateEncoder.NAMES, 2), Contrast.BINARY);
    assertThat(single.estimate()).isEqualTo(direct.estimate());
    assertThat(single.ciLow()).isEqualTo(direct.ciLow());
    assertThat(single.nTreated()).isEqualTo(direct.nTreated());
    assertThat(single.placeboEstimate()).as("placebo with the chosen estimator").isNotNaN();
    EvidenceRecord pair = result.records().stream()
        .filter(r -> r.combination().key().equals("ALL|IC_C+KM_A")).findFirst().orElseThrow();
    assertThat(pair.synergy()).as("synergy needs AIPW's four-arm scores").isNaN();
  }

  @Test
  void anEstimatorWithoutIntervalOrDiagnosticsIsKeptAndGradedAsMissingThem(
      @TempDir Path services) throws Exception {
    SubgroupEstimation.Result result = withProvider(services, PointOnly.class,
        () -> SubgroupEstimation.estimate("ALL", SubgroupEstimationTest.units(),
            SubgroupEstimationTest.CATALOG, IPW.withEstimator("pointonly")));

    assertThat(result.records()).isNotEmpty();
    GradingRule grading = new GradingRule(GradingRule.Thresholds.DEFAULT);
    for (EvidenceRecord r : result.records()) {
      assertThat(r.estimator()).isEqualTo("pointonly");
      assertThat(r.estimate()).isFinite();
      assertThat(r.standardError()).isNaN();
      assertThat(r.ciLow()).isNaN();
      assertThat(r.pValue()).isNaN();
      assertThat(r.maxAbsSmdAfter()).as("no diagnostics").isNaN();
      assertThat(r.shareTrimmed()).as("counted by the pipeline: nobody left out").isZero();
      var grade = grading.grade(r, java.util.Map.of());
      assertThat(grade.certainty()).isEqualTo(Certainty.VERY_LOW);
      assertThat(grade.reasons()).contains(Reason.INTERVAL_INCLUDES_ZERO, Reason.WIDE_INTERVAL,
          Reason.IMBALANCE);
    }
  }

  @Test
  void anEstimateWithAnImpossibleShareInDurableWorkIsNotPublished(@TempDir Path services)
      throws Exception {
    SubgroupEstimation.Result result = withProvider(services, Overshooting.class,
        () -> SubgroupEstimation.estimate("ALL", SubgroupEstimationTest.units(),
            SubgroupEstimationTest.CATALOG, IPW.withEstimator("overshooting")));
    assertThat(result.records()).isEmpty();
    assertThat(result.skipped()).filteredOn(s -> s.combination().key().equals("ALL|KM_A"))
        .singleElement().satisfies(s -> {
          assertThat(s.reason()).isEqualTo(SubgroupEstimation.SkipReason.MODEL_FAILED);
          assertThat(s.detail()).contains("outside 0-1", "-0.040");
        });
  }

  @Test
  void anEstimatorThatIsNotRegisteredStopsTheSubgroupWithItsName() {
    assertThatThrownBy(() -> SubgroupEstimation.estimate("ALL", SubgroupEstimationTest.units(),
        SubgroupEstimationTest.CATALOG, IPW.withEstimator("nosuch")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown estimator 'nosuch'");
  }

  /**
   * Runs {@code body} with {@code provider} registered (a services file in {@code folder} on
   * the thread's context class loader, as a plug-in jar would be).
   */
  private static <T> T withProvider(Path folder, Class<? extends EstimatorProvider> provider,
      Supplier<T> body) throws Exception {
    Path file = folder.resolve("META-INF/services/" + EstimatorProvider.class.getName());
    Files.createDirectories(file.getParent());
    Files.writeString(file, provider.getName() + "\n");
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {folder.toUri().toURL()},
        before)) {
      thread.setContextClassLoader(loader);
      return body.get();
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  /** An estimator whose comparison group's share in durable work comes out at -0.04. */
  public static final class Overshooting implements EstimatorProvider, Estimator {
    @Override
    public String name() {
      return "overshooting";
    }

    @Override
    public Estimator create(EstimatorSettings s) {
      return this;
    }

    @Override
    public EffectEstimate estimate(EstimationInput input, Contrast contrast) {
      EffectEstimate plain = new NaiveDifference(0.95).estimate(input, contrast);
      return new EffectEstimate(name(), Estimand.ATE, plain.meanTreated() + 0.04,
          plain.standardError(), plain.meanTreated() + 0.04 - 0.1,
          plain.meanTreated() + 0.04 + 0.1, 0.95, plain.nTreated(), plain.nComparison(),
          plain.meanTreated(), -0.04, plain.diagnostics());
    }
  }

  /** A difference in means that gives no standard error and no diagnostics. */
  public static final class PointOnly implements EstimatorProvider, Estimator {
    private final EstimatorSettings settings;

    public PointOnly() {
      this(EstimatorSettings.DEFAULT);
    }

    private PointOnly(EstimatorSettings settings) {
      this.settings = settings;
    }

    @Override
    public String name() {
      return "pointonly";
    }

    @Override
    public Estimator create(EstimatorSettings s) {
      return new PointOnly(s);
    }

    @Override
    public EffectEstimate estimate(EstimationInput input, Contrast contrast) {
      input.requireArms(contrast);
      double[] sum = new double[2];
      int[] n = new int[2];
      for (int i = 0; i < input.size(); i++) {
        int k = input.arm(i) == contrast.treatedArm() ? 0
            : input.arm(i) == contrast.comparisonArm() ? 1 : -1;
        if (k >= 0) {
          sum[k] += input.outcome(i);
          n[k]++;
        }
      }
      double nan = Double.NaN;
      return new EffectEstimate(name(), settings.estimand(), sum[0] / n[0] - sum[1] / n[1], nan,
          nan, nan, settings.confidenceLevel(), n[0], n[1], sum[0] / n[0], sum[1] / n[1], null);
    }
  }
}
