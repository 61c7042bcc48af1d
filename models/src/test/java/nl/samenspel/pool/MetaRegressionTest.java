package nl.samenspel.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MetaRegression (with the design built by Moderators from the CSV's strings) against R's
 * metafor 3.8-1 ({@code rma(yi, vi, mods = ~ ..., method = "REML", test = "knha",
 * control = list(threshold = 1e-12, maxiter = 1000))}) on the data sets of
 * {@code reference/pool/metafor_reference.R}: a categorical (size_class, three levels) and a
 * numeric (urbanity, 1-5) moderator together and apart on k = 24; both on k = 12 where they
 * explain nearly all heterogeneity; a numeric moderator that explains none (R^2 truncated at
 * 0); and a homogeneous data set (tau^2 = 0 without moderators, so R^2 = 0). Every
 * coefficient, SE, interval and p-value, tau^2, I^2, H^2, R^2, QM with its F p-value, QE with
 * its p-value to 1e-6 (absolute, relative above 1).
 */
class MetaRegressionTest {

  /** Largest absolute difference from metafor per quantity (coefficients pooled). */
  private static final Map<String, Double> LARGEST = new TreeMap<>();

  private final MetaRegression regression = new MetaRegression(RandomEffects.Options.DEFAULT);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "moderators, moderators, size_class;urbanity",
      "moderators_categorical, moderators, size_class",
      "moderators_numeric, moderators, urbanity",
      "explained, explained, size_class;urbanity",
      "heterogeneous, heterogeneous, urbanity",
      "homogeneous, homogeneous, urbanity;size_class"})
  void agreesWithMetafor(String name, String dataset, String columns) {
    PoolReference.Dataset data = PoolReference.dataset(dataset);
    ModeratorDesign design = Moderators.design(data.labels(), List.of(columns.split(";")),
        data.moderators());
    MetaRegressionResult result = regression.fit(data.studies(), design);
    Map<String, Double> expected = PoolReference.expected("regression." + name);

    int compared = 0;
    for (MetaRegressionResult.Coefficient c : result.coefficients()) {
      String prefix = "coefficient." + c.name() + ".";
      compared += check(name, prefix + "estimate", c.estimate(), expected);
      compared += check(name, prefix + "standardError", c.standardError(), expected);
      compared += check(name, prefix + "ciLow", c.ciLow(), expected);
      compared += check(name, prefix + "ciHigh", c.ciHigh(), expected);
      compared += check(name, prefix + "pValue", c.pValue(), expected);
    }
    compared += check(name, "tau2", result.tau2(), expected);
    compared += check(name, "iSquared", result.iSquared(), expected);
    compared += check(name, "hSquared", result.hSquared(), expected);
    compared += check(name, "rSquared", result.rSquared(), expected);
    compared += check(name, "qm", result.qm(), expected);
    compared += check(name, "qmPValue", result.qmPValue(), expected);
    compared += check(name, "qe", result.qe(), expected);
    compared += check(name, "qePValue", result.qePValue(), expected);
    assertThat(compared).as("every value R wrote was compared").isEqualTo(expected.size());
    assertThat(result.converged()).isTrue();
    assertThat(result.degreesOfFreedom()).isEqualTo(data.studies().size() - design.columnCount());
    assertThat(result.qmDegreesOfFreedom()).isEqualTo(design.columnCount() - 1);
  }

  private static int check(String name, String quantity, double got,
      Map<String, Double> expected) {
    Double want = expected.get(quantity);
    assertThat(want).as("R has %s for %s", quantity, name).isNotNull();
    String kind = quantity.startsWith("coefficient.")
        ? "coefficient " + quantity.substring(quantity.lastIndexOf('.') + 1) : quantity;
    synchronized (LARGEST) {
      LARGEST.merge(kind, Math.abs(got - want), Math::max);
    }
    assertThat(got).as("%s of %s", quantity, name)
        .isCloseTo(want, within(PoolReference.tolerance(want)));
    return 1;
  }

  @AfterAll
  static void printLargestDifferences() {
    System.out.println("MetaRegression vs metafor, largest absolute difference per quantity:");
    LARGEST.forEach((quantity, difference) ->
        System.out.printf("  %-28s %.3g%n", quantity, difference));
  }

  /** The general REML (QR, O(k^2 p)) with only the intercept is the O(k) one. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"two", "heterogeneous",
      "homogeneous", "extreme_se_ratio", "near_zero", "national342"})
  void generalRemlWithOnlyTheInterceptIsRandomEffectsReml(String dataset) {
    List<Study> studies = PoolReference.dataset(dataset).studies();
    double[] y = studies.stream().mapToDouble(Study::estimate).toArray();
    double[] v = studies.stream().mapToDouble(Study::variance).toArray();
    double[][] ones = new double[y.length][];
    for (int i = 0; i < ones.length; i++) {
      ones[i] = new double[] {1};
    }
    RandomEffects.Reml general = MetaRegression.reml(y, v, ones, RandomEffects.Options.DEFAULT);
    RandomEffects.Reml special = RandomEffects.reml(y, v, RandomEffects.Options.DEFAULT);
    assertThat(general.tau2()).isCloseTo(special.tau2(), within(1e-15));
    assertThat(general.iterations()).isEqualTo(special.iterations());
  }

  @Test
  void refusesTooFewStudiesAndRankDeficientDesigns() {
    PoolReference.Dataset data = PoolReference.dataset("two");
    ModeratorDesign design = Moderators.design(data.labels(), List.of("urbanity"),
        data.moderators());
    assertThatThrownBy(() -> regression.fit(data.studies(), design))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 studies for 2 coefficients");

    List<Study> studies = PoolReference.dataset("heterogeneous").studies();
    List<String> labels = studies.stream().map(Study::label).toList();
    double[][] collinear = new double[studies.size()][];
    for (int i = 0; i < collinear.length; i++) {
      collinear[i] = new double[] {1, i, 2 * i + 1};
    }
    assertThatThrownBy(() -> regression.fit(studies,
        new ModeratorDesign(labels, List.of("intercept", "a", "b"), collinear)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank-deficient");

    double[][] constant = new double[studies.size()][];
    for (int i = 0; i < constant.length; i++) {
      constant[i] = new double[] {1, 3};
    }
    assertThatThrownBy(() -> regression.fit(studies,
        new ModeratorDesign(labels, List.of("intercept", "urbanity"), constant)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank-deficient");
  }

  @Test
  void refusesADesignForOtherStudies() {
    PoolReference.Dataset data = PoolReference.dataset("moderators");
    ModeratorDesign design = Moderators.design(data.labels(), List.of("urbanity"),
        data.moderators());
    List<Study> others = data.studies().subList(0, 10);
    assertThatThrownBy(() -> regression.fit(others, design))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("are not the studies");
  }

  @Test
  void eigenvaluesOfAKnownMatrix() {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3; [[4, 1, 0], [1, 3, 1], [0, 1, 2]] has smallest
    // 3 - sqrt(3) = 1.2679491924311228.
    assertThat(SymmetricEigenvalues.smallest(new double[][] {{2, 1}, {1, 2}}))
        .isCloseTo(1, within(1e-14));
    assertThat(SymmetricEigenvalues.smallest(new double[][] {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}}))
        .isCloseTo(3 - Math.sqrt(3), within(1e-14));
  }
}
