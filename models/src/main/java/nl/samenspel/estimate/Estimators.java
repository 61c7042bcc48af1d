package nl.samenspel.estimate;

import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The estimators on the class path, by name. */
public final class Estimators {

  private Estimators() {}

  /**
   * Names of every estimator found through {@link ServiceLoader} with the thread's context
   * class loader, sorted.
   */
  public static List<String> names() {
    return names(Thread.currentThread().getContextClassLoader());
  }

  /** Names of every estimator {@code loader} can find, sorted. */
  public static List<String> names(ClassLoader loader) {
    return List.copyOf(providers(loader).keySet());
  }

  /**
   * The estimator called {@code name} (found with the thread's context class loader), or an
   * exception listing the known names.
   */
  public static Estimator create(String name, EstimatorSettings settings) {
    return create(name, settings, Thread.currentThread().getContextClassLoader());
  }

  /** The estimator called {@code name} that {@code loader} can find. */
  public static Estimator create(String name, EstimatorSettings settings, ClassLoader loader) {
    TreeMap<String, EstimatorProvider> providers = providers(loader);
    EstimatorProvider provider = providers.get(name);
    if (provider == null) {
      throw new IllegalArgumentException("unknown estimator '" + name + "'; known: "
          + String.join(", ", providers.keySet()));
    }
    return provider.create(settings);
  }

  private static TreeMap<String, EstimatorProvider> providers(ClassLoader loader) {
    TreeMap<String, EstimatorProvider> providers = new TreeMap<>();
    for (EstimatorProvider provider : ServiceLoader.load(EstimatorProvider.class, loader)) {
      providers.put(provider.name(), provider);
    }
    return providers;
  }

  /** Provider of {@link NaiveDifference}. */
  public static final class Naive implements EstimatorProvider {
    @Override
    public String name() {
      return "naive";
    }

    @Override
    public Estimator create(EstimatorSettings s) {
      return new NaiveDifference(s.confidenceLevel());
    }
  }

  /** Provider of {@link InverseProbabilityWeighting}. */
  public static final class Ipw implements EstimatorProvider {
    @Override
    public String name() {
      return "ipw";
    }

    @Override
    public Estimator create(EstimatorSettings s) {
      return new InverseProbabilityWeighting(new InverseProbabilityWeighting.Options(
          s.estimand(), s.trimming(), s.models(), PropensityStrategy.JOINT,
          s.confidenceLevel(), 1e-6));
    }
  }

  /** Provider of {@link GComputation}. */
  public static final class GComp implements EstimatorProvider {
    @Override
    public String name() {
      return "gcomp";
    }

    @Override
    public Estimator create(EstimatorSettings s) {
      return new GComputation(new GComputation.Options(s.estimand(), s.bootstrapReplicates(),
          s.seed(), s.confidenceLevel(), s.models()));
    }
  }

  /** Provider of {@link AugmentedIpw}. */
  public static final class Aipw implements EstimatorProvider {
    @Override
    public String name() {
      return "aipw";
    }

    @Override
    public Estimator create(EstimatorSettings s) {
      return new AugmentedIpw(new AugmentedIpw.Options(s.estimand(), s.folds(), s.seed(),
          s.trimming(), s.confidenceLevel(), s.models(),
          PropensityStrategy.JOINT));
    }
  }
}
