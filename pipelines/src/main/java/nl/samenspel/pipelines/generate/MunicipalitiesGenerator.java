package nl.samenspel.pipelines.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.pipelines.SamenspelException;

/**
 * Writes several synthetic municipalities whose true effects differ around national effects,
 * for testing what pooling the municipalities' published estimates (a random-effects
 * meta-analysis) recovers. Each municipality gets a folder {@code GM9001}, {@code GM9002}, ...
 * (codes that can't be mistaken for real CBS codes, which are below GM2000) with the four
 * extracts and its own {@code truth.json}, in the format of one municipality; {@code truth.json}
 * in the output folder holds the national and every municipality's effects (see
 * {@link TruthFile#writeNational}).
 *
 * <p>Sizes: the K client counts are spread evenly on a log scale from the minimum to the
 * maximum (both included), so the spread is guaranteed, and dealt to the municipalities in a
 * seeded shuffled order.
 *
 * <p>Heterogeneity: for municipality m every planted effect e of the scenario becomes
 * effect_e + delta_m,e, with delta_m,e drawn from N(0, tau^2) independently per municipality and
 * effect. A municipality's truth is computed exactly from its simulated potential outcomes, as
 * for one municipality. The national effect of a truth record is the same exact average over
 * the clients of all municipalities together with every delta set to 0 (both potential outcomes
 * from the client's one uniform draw): the mean of the distribution of municipality effects that
 * a random-effects meta-analysis estimates.
 *
 * <p>Clipping: a chance of durable work is kept within [0, 1], as for one municipality, and a
 * shift is not clipped by itself. Where the bound binds (the sanction announcement's harm: its
 * -12 and -6 points exceed the chance of work of most clients with a self-efficacy barrier), a
 * municipality's effect is a bounded, convex function of its shift rather than the national
 * effect plus the shift. Two consequences, both for the link between the national effect and
 * the municipalities, never for the truth files, which stay exact for their samples: (1) the
 * mean over municipalities of a harm record drifts above its national effect by a second-order
 * amount (measured on the same clients with K = 300 and tau 0.05: +0.48 percentage points, SE
 * 0.08, for the harm in the self-efficacy subgroup, so about +0.08 at tau 0.02, against
 * intervals several points wide); (2) the spread of a truth record's effect across
 * municipalities is not tau: about tau for the element-specific benefits, about 0.3 tau for the
 * bounded harm and for the records in ALL (only the clients the effect applies to move), and
 * none for a record without a planted effect. The per-municipality effects in
 * {@code truth.json} give the realised spread of every record.
 *
 * <p>Deterministic for a given seed, K, sizes, tau, catalog and scenario. One call at a time
 * per instance (not thread-safe).
 */
public final class MunicipalitiesGenerator {

  /** Default of {@code --min-clients}: a small municipality (Westerveld had 240 in 2017). */
  public static final int DEFAULT_MIN_CLIENTS = 300;
  /** Default of {@code --max-clients}: one of the largest cities. */
  public static final int DEFAULT_MAX_CLIENTS = 30_000;
  /** Number of the first synthetic code, GM9001; real CBS codes are below GM2000. */
  public static final int FIRST_CODE = 9001;
  /** At most this many municipalities, so that the codes stay within GM9001..GM9999. */
  public static final int MAX_MUNICIPALITIES = 999;

  /**
   * @param municipalities K, 2 to {@value #MAX_MUNICIPALITIES}
   * @param minClients clients of the smallest municipality, at least 1
   * @param maxClients clients of the largest, at least {@code minClients}
   * @param tau between-municipality SD of every planted effect, in probability points, 0 or more
   * @param seed random seed of the sizes' order, the shifts and every municipality's clients
   */
  public record Options(int municipalities, int minClients, int maxClients, double tau,
      long seed) {
    public Options {
      if (municipalities < 2 || municipalities > MAX_MUNICIPALITIES) {
        throw new IllegalArgumentException("--municipalities must be between 2 and "
            + MAX_MUNICIPALITIES + " (use --clients for one municipality), got "
            + municipalities);
      }
      if (minClients < 1) {
        throw new IllegalArgumentException("--min-clients must be at least 1, got "
            + minClients);
      }
      if (maxClients < minClients) {
        throw new IllegalArgumentException("--max-clients must be at least --min-clients ("
            + minClients + "), got " + maxClients);
      }
      if (!(tau >= 0) || Double.isInfinite(tau)) {
        throw new IllegalArgumentException("--tau must be 0 or more, got " + tau);
      }
    }
  }

  /**
   * One generated municipality.
   *
   * @param seed the seed of its clients (derived from the options' seed)
   * @param shifts its shift of every planted effect, in the scenario's order
   * @param summary what was written, with its exact effects
   */
  public record Municipality(String code, int clients, long seed, List<Double> shifts,
      MunicipalityGenerator.Summary summary) {}

  /**
   * What was written.
   *
   * @param sizes the K client counts, ascending (the log-scale grid)
   * @param national the exact effects over all clients with no shifts, one per truth record,
   *     without the slopes of modification records (those are in each municipality's records)
   * @param clients clients of all municipalities together
   */
  public record Summary(Options options, List<Municipality> municipalities, List<Integer> sizes,
      List<MunicipalityGenerator.TruthRecord> national, long clients) {}

  private final Scenario scenario;
  private final MunicipalityGenerator generator;

  public MunicipalitiesGenerator(Scenario scenario, List<CatalogEntry> catalog) {
    this.scenario = scenario;
    this.generator = new MunicipalityGenerator(scenario, catalog);
  }

  public Summary generate(Options options, Path outDir) throws IOException {
    List<String> codes = new ArrayList<>();
    for (int m = 0; m < options.municipalities(); m++) {
      codes.add(code(m));
    }
    refuseStrayEntries(outDir, codes);
    Files.createDirectories(outDir);

    List<Integer> sizes = sizes(options.municipalities(), options.minClients(),
        options.maxClients());
    SplittableRandom federation = new SplittableRandom(options.seed());
    List<Integer> dealt = shuffled(sizes, federation.split());
    SplittableRandom shiftDraws = federation.split();
    int effects = scenario.effects().size();
    int records = scenario.truth().size();
    double[][] nationalSums = new double[records][MunicipalityGenerator.SUMS];
    long[] nationalCounts = new long[records];
    List<Municipality> municipalities = new ArrayList<>();
    long nextClient = 1;
    long nextIntervention = 1;
    for (int m = 0; m < options.municipalities(); m++) {
      long seed = federation.nextLong();
      double[] shifts = new double[effects];
      for (int e = 0; e < effects; e++) {
        double draw = MunicipalityGenerator.gaussian(shiftDraws);
        shifts[e] = options.tau() == 0 ? 0 : options.tau() * draw;
      }
      String code = codes.get(m);
      MunicipalityGenerator.Options single = new MunicipalityGenerator.Options(dealt.get(m),
          seed, code);
      Path folder = outDir.resolve(code);
      MunicipalityGenerator.Written written = generator.write(single, shifts, nextClient,
          nextIntervention, folder);
      TruthFile.write(folder.resolve("truth.json"), written.summary(), single);
      nextClient += single.clients();
      nextIntervention += written.summary().interventions();
      for (int t = 0; t < records; t++) {
        for (int k = 0; k < MunicipalityGenerator.SUMS; k++) {
          nationalSums[t][k] += written.unshiftedSums()[t][k];
        }
        nationalCounts[t] += written.counts()[t];
      }
      municipalities.add(new Municipality(code, single.clients(), seed,
          Arrays.stream(shifts).boxed().toList(), written.summary()));
    }
    Summary summary = new Summary(options, List.copyOf(municipalities), sizes,
        generator.truthRecords(nationalSums, nationalCounts, null),
        nextClient - 1);
    TruthFile.writeNational(outDir.resolve("truth.json"), summary, scenario);
    return summary;
  }

  /** The synthetic code of the m-th municipality (from 0): GM9001, GM9002, ... */
  static String code(int m) {
    return String.format(Locale.ROOT, "GM%04d", FIRST_CODE + m);
  }

  /**
   * K client counts spread evenly on a log scale from {@code min} to {@code max}, both included,
   * ascending: min * (max / min)^(i / (K - 1)), rounded.
   */
  static List<Integer> sizes(int k, int min, int max) {
    List<Integer> sizes = new ArrayList<>();
    double ratio = Math.log((double) max / min);
    for (int i = 0; i < k; i++) {
      sizes.add((int) Math.round(min * Math.exp(ratio * i / (k - 1))));
    }
    sizes.set(0, min);
    sizes.set(k - 1, max);
    return List.copyOf(sizes);
  }

  /** Fisher-Yates on the injected generator. */
  private static List<Integer> shuffled(List<Integer> sizes, SplittableRandom random) {
    List<Integer> copy = new ArrayList<>(sizes);
    for (int i = copy.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      copy.set(j, copy.set(i, copy.get(j)));
    }
    return copy;
  }

  /**
   * Refuses an output folder that holds anything this run would not write: a municipality
   * folder left over from an earlier, larger run would otherwise join the next pool unnoticed.
   */
  private static void refuseStrayEntries(Path outDir, List<String> codes) throws IOException {
    if (!Files.isDirectory(outDir)) {
      return;
    }
    Set<String> expected = new HashSet<>(codes);
    expected.add("truth.json");
    try (Stream<Path> entries = Files.list(outDir)) {
      List<String> stray = entries.map(path -> path.getFileName().toString())
          .filter(name -> !expected.contains(name)).sorted().toList();
      if (!stray.isEmpty()) {
        throw SamenspelException.usage("--out " + outDir + " already holds " + stray.get(0)
            + (stray.size() > 1 ? " and " + (stray.size() - 1) + " more" : "")
            + ", which this run would not write; use an empty or new folder");
      }
    }
  }
}
