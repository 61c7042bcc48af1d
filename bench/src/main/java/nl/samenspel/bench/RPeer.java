package nl.samenspel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import nl.samenspel.contract.Contract;
import nl.samenspel.domain.Element;
import nl.samenspel.estimate.AugmentedIpw;
import nl.samenspel.estimate.Contrast;
import nl.samenspel.estimate.CovariateEncoder;
import nl.samenspel.estimate.EffectEstimate;
import nl.samenspel.estimate.EstimationInput;
import nl.samenspel.estimate.PropensityModel;
import nl.samenspel.pipelines.journeys.JourneysStage;

/**
 * The R peer of the benchmark (issue 6): one AIPW fit on an episode table by Samenspel
 * ({@link AugmentedIpw} with given folds) and by R's {@code glm} ({@code bench/aipw.R}), on the
 * same rows, covariates and folds. With the plain maximum likelihood on both sides
 * ({@link #MAXIMUM_LIKELIHOOD}) the specification is the same, so the estimates must agree to
 * 1e-6 and the comparison is one of speed alone.
 *
 * <pre>
 *   java -cp "$(cat bench/target/classpath.txt):$(ls bench/target/samenspel-bench-*.jar)" \
 *       nl.samenspel.bench.RPeer OUT INTERVENTION_CODE [SEED]
 * </pre>
 * where OUT is the output folder of a {@code ./samenspel run}.
 */
public final class RPeer {

  /**
   * Logistic models without the ridge penalty, fitted to machine precision: glm's estimator.
   * Samenspel's default penalty (1e-3) guards against separation and moves the estimate by more
   * than the 1e-6 the comparison demands.
   */
  public static final PropensityModel.Options MAXIMUM_LIKELIHOOD =
      new PropensityModel.Options(0, 1e-10, 100);

  /** Folds of the cross-fitting, as in Samenspel's default AIPW. */
  public static final int FOLDS = AugmentedIpw.Options.DEFAULT.folds();

  /** The Java fit is timed this many times: the first run includes the JIT's warm-up. */
  private static final int JAVA_RUNS = 3;

  private static final String RSCRIPT = "Rscript";

  /**
   * One row per episode with a known outcome, in assessment_id order.
   *
   * @param outcome durable participation, 0 or 1
   * @param treatment 1 when the episode received the intervention
   * @param fold cross-fitting fold, 0..{@link #FOLDS}-1
   * @param covariates encoded as the estimate stage encodes them
   */
  public record Table(double[] outcome, int[] treatment, int[] fold, double[][] covariates,
      List<String> covariateNames) {

    public int size() {
      return outcome.length;
    }
  }

  /**
   * Samenspel's fit.
   *
   * @param firstSeconds the first run, JIT warm-up included
   * @param fastestSeconds the fastest of {@value #JAVA_RUNS} runs (warm)
   */
  public record JavaFit(EffectEstimate estimate, double firstSeconds, double fastestSeconds) {}

  /** R's fit, as printed by {@code aipw.R}; seconds cover the fit, not reading the CSV. */
  public record RFit(double estimate, double standardError, int nTreated, int nComparison,
      double seconds, String rVersion) {}

  /**
   * Both fits on one table.
   *
   * @param speedupWarm R's seconds over Java's fastest run
   * @param speedupFirst R's seconds over Java's first run (a cold JVM)
   */
  public record Comparison(int rows, JavaFit java, RFit r, double estimateDifference,
      double standardErrorDifference, double speedupWarm, double speedupFirst) {

    /** One JSON line for the benchmark's log. */
    public String json() {
      return new ObjectMapper().createObjectNode()
          .put("rows", rows)
          .put("java_estimate", java.estimate().estimate())
          .put("r_estimate", r.estimate())
          .put("estimate_difference", estimateDifference)
          .put("java_standard_error", java.estimate().standardError())
          .put("r_standard_error", r.standardError())
          .put("standard_error_difference", standardErrorDifference)
          .put("java_n_treated", java.estimate().nTreated())
          .put("r_n_treated", r.nTreated())
          .put("java_n_comparison", java.estimate().nComparison())
          .put("r_n_comparison", r.nComparison())
          .put("java_seconds_first", java.firstSeconds())
          .put("java_seconds_fastest", java.fastestSeconds())
          .put("r_seconds", r.seconds())
          .put("speedup_warm", speedupWarm)
          .put("speedup_first", speedupFirst)
          .put("r_version", r.rVersion())
          .toString();
    }
  }

  private RPeer() {}

  /**
   * Reads the episodes Samenspel wrote (the Parquet folder {@code work/journeys/episodes} of a
   * run, see {@link JourneysStage#persist}) with DuckDB, keeps those with a known outcome and
   * encodes them as the estimate stage does for its subgroup of all episodes.
   *
   * @param episodesDir the Parquet folder of the episodes
   * @param interventionCode treatment = the episode received this intervention
   * @param seed seed of the fold assignment
   */
  public static Table prepare(Path episodesDir, String interventionCode, long seed) {
    List<String> scoreColumns = new ArrayList<>();
    for (Element element : Element.values()) {
      scoreColumns.add(element.scoreColumn());
    }
    String sql = "SELECT " + JourneysStage.EPISODE_ID + ", " + JourneysStage.DURABLE
        + ", list_contains(" + JourneysStage.INTERVENTIONS + ", ?), " + JourneysStage.AGE
        + ", " + Contract.SEX + ", " + Contract.HOUSEHOLD_TYPE + ", " + Contract.EDUCATION_LEVEL
        + ", " + JourneysStage.BENEFIT_MONTHS + ", "
        + String.join(", ", scoreColumns)
        + " FROM read_parquet(?) WHERE " + JourneysStage.DURABLE + " IS NOT NULL";
    record Episode(String id, double outcome, int treatment, double[] covariates) {}
    List<Episode> episodes = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, interventionCode);
      statement.setString(2, episodesDir.resolve("*.parquet").toString());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          Integer[] scores = new Integer[scoreColumns.size()];
          for (int e = 0; e < scores.length; e++) {
            int score = rows.getInt(9 + e);
            scores[e] = rows.wasNull() ? null : score;
          }
          double[] covariates = CovariateEncoder.encode(rows.getInt(4), rows.getString(5),
              rows.getString(6), rows.getString(7), rows.getInt(8), scores);
          episodes.add(new Episode(rows.getString(1), rows.getInt(2),
              rows.getBoolean(3) ? 1 : 0, covariates));
        }
      }
    } catch (SQLException e) {
      // DuckDB's message goes on to quote the query; its first line says what went wrong.
      throw new IllegalStateException("cannot read the episodes in " + episodesDir + ": "
          + e.getMessage().lines().findFirst().orElse(""), e);
    }
    // Java's String order, as the estimate stage sorts a subgroup's rows.
    episodes.sort(Comparator.comparing(Episode::id));
    int n = episodes.size();
    double[] outcome = new double[n];
    int[] treatment = new int[n];
    double[][] covariates = new double[n][];
    for (int i = 0; i < n; i++) {
      outcome[i] = episodes.get(i).outcome();
      treatment[i] = episodes.get(i).treatment();
      covariates[i] = episodes.get(i).covariates();
    }
    return new Table(outcome, treatment, AugmentedIpw.randomFolds(n, FOLDS, seed), covariates,
        CovariateEncoder.NAMES);
  }

  /**
   * The table as {@code aipw.R} reads it: y, a, fold, x1..xp. Doubles are written in Java's
   * shortest round-trip form, so R parses the values Java fits on.
   */
  public static void writeCsv(Table t, Path csv) {
    int p = t.covariateNames().size();
    try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder("y,a,fold");
      for (int j = 1; j <= p; j++) {
        line.append(",x").append(j);
      }
      out.write(line.append('\n').toString());
      for (int i = 0; i < t.size(); i++) {
        line.setLength(0);
        line.append((int) t.outcome()[i]).append(',').append(t.treatment()[i]).append(',')
            .append(t.fold()[i]);
        for (double value : t.covariates()[i]) {
          line.append(',').append(value);
        }
        out.write(line.append('\n').toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + csv, e);
    }
  }

  /**
   * Samenspel's AIPW on the table with its folds, timed {@value #JAVA_RUNS} times. Each run
   * starts from a fresh input, so that building the standardised design is timed as R's model
   * matrix is.
   */
  public static JavaFit fitJava(Table t, PropensityModel.Options models) {
    AugmentedIpw aipw = new AugmentedIpw(AugmentedIpw.Options.DEFAULT.withModels(models));
    EffectEstimate estimate = null;
    double first = Double.NaN;
    double fastest = Double.POSITIVE_INFINITY;
    for (int run = 0; run < JAVA_RUNS; run++) {
      EstimationInput input = EstimationInput.binary(t.treatment(), t.outcome(),
          t.covariates(), t.covariateNames());
      long start = System.nanoTime();
      estimate = aipw.estimate(input, Contrast.BINARY, t.fold());
      double seconds = (System.nanoTime() - start) / 1e9;
      if (run == 0) {
        first = seconds;
      }
      fastest = Math.min(fastest, seconds);
    }
    return new JavaFit(estimate, first, fastest);
  }

  /** R's fit of a table written by {@link #writeCsv}, with the repository's {@code aipw.R}. */
  public static RFit fitR(Path csv) {
    return fitR(script(), csv);
  }

  /** R's fit with the given script. */
  public static RFit fitR(Path script, Path csv) {
    requireRscript();
    Process process;
    try {
      Path errors = Files.createTempFile("aipw-r", ".log");
      try {
        process = new ProcessBuilder(RSCRIPT, script.toString(), csv.toString())
            .redirectError(errors.toFile())
            .start();
        String output = new String(process.getInputStream().readAllBytes(),
            StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
          List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8);
          throw new IllegalStateException("aipw.R failed (exit " + exit + "): "
              + String.join(" ", lines).strip());
        }
        return parse(output);
      } finally {
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + RSCRIPT + " " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while R was fitting", e);
    }
  }

  private static RFit parse(String output) throws IOException {
    String[] lines = output.strip().split("\n");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    return new RFit(json.get("estimate").asDouble(), json.get("standard_error").asDouble(),
        json.get("n_treated").asInt(), json.get("n_comparison").asInt(),
        json.get("seconds").asDouble(), json.get("r_version").asText());
  }

  /** Whether Rscript is on the PATH. */
  public static boolean rscriptAvailable() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, RSCRIPT))) {
        return true;
      }
    }
    return false;
  }

  private static void requireRscript() {
    if (!rscriptAvailable()) {
      throw new IllegalStateException("R (Rscript) not found: install r-base-core");
    }
  }

  /**
   * {@code bench/aipw.R} of the repository the JVM runs in: looked up from the working
   * directory upwards, so that it is found from the repository root and from the bench module
   * (where Maven runs the tests).
   */
  static Path script() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("bench").resolve("aipw.R");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("bench/aipw.R not found above " + Path.of("")
        .toAbsolutePath() + "; pass the script's path");
  }

  /** Fits both on the table, through a CSV at {@code csv}. */
  public static Comparison compare(Table t, PropensityModel.Options models, Path script,
      Path csv) {
    // Before the Java fit, which takes a while on a large table.
    requireRscript();
    writeCsv(t, csv);
    JavaFit java = fitJava(t, models);
    RFit r = fitR(script, csv);
    return new Comparison(t.size(), java, r,
        Math.abs(java.estimate().estimate() - r.estimate()),
        Math.abs(java.estimate().standardError() - r.standardError()),
        r.seconds() / java.fastestSeconds(), r.seconds() / java.firstSeconds());
  }

  /**
   * {@code RPeer OUT CODE [SEED]}: both fits, with the plain maximum likelihood, on the
   * episodes of the run in OUT; prints one JSON line.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: RPeer OUT INTERVENTION_CODE [SEED]");
      System.exit(2);
    }
    Path episodes = Path.of(args[0]).resolve("work").resolve("journeys").resolve("episodes");
    long seed = args.length == 3 ? Long.parseLong(args[2]) : AugmentedIpw.Options.DEFAULT.seed();
    Path csv = Files.createTempFile("rpeer", ".csv");
    String failure = null;
    try {
      Table table = prepare(episodes, args[1], seed);
      System.out.println(compare(table, MAXIMUM_LIKELIHOOD, script(), csv).json());
    } catch (IllegalStateException e) {
      // Missing R, a failed R fit, unreadable episodes: the message says which.
      failure = e.getMessage();
    } finally {
      Files.deleteIfExists(csv);
    }
    if (failure != null) {
      System.err.println("RPeer: " + failure);
      System.exit(1);
    }
  }
}
