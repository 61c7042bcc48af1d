package nl.samenspel.pipelines.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nl.samenspel.estimate.Bootstrap;
import nl.samenspel.estimate.Contrast;
import nl.samenspel.estimate.Diagnostics;
import nl.samenspel.estimate.EffectEstimate;
import nl.samenspel.estimate.Estimand;
import nl.samenspel.estimate.EstimationInput;
import nl.samenspel.estimate.Estimator;
import nl.samenspel.estimate.EstimatorSettings;
import nl.samenspel.estimate.PropensityModel;
import nl.samenspel.estimate.Estimators;
import nl.samenspel.estimate.Trimming;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.research.FlatTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code samenspel estimate}: one estimate on any flat table, for researchers who validate the
 * engine on benchmark data with a known answer.
 */
@Command(name = "estimate", mixinStandardHelpOptions = true,
    description = "Estimate one effect on a flat CSV or Parquet table.")
final class EstimateCommand implements Callable<Integer> {

  /** Covariates that may never be used (see docs/data-contract.md, responsible use). */
  static final List<String> DENIED = List.of("nationality", "nationaliteit", "ethnicity",
      "etniciteit", "country_of_birth", "geboorteland", "religion", "religie");

  /** Refuse an estimate that rests on fewer rows per group than this after trimming. */
  static final int MINIMUM_KEPT = 10;
  /** Refuse an estimate when trimming removed more than this share of the rows. */
  static final double MAXIMUM_SHARE_TRIMMED = 0.5;

  @Option(names = "--table", required = true, description = "CSV or Parquet file.")
  Path table;

  @Option(names = "--treatment", required = true, description = "0/1 treatment column.")
  String treatment;

  @Option(names = "--outcome", required = true, description = "Outcome column (0/1 or numeric).")
  String outcome;

  @Option(names = "--covariates", required = true, split = ",",
      description = "Comma-separated numeric covariate columns.")
  List<String> covariates;

  @Option(names = "--estimand", defaultValue = "ATE",
      description = "ATE or ATT (default: ${DEFAULT-VALUE}).")
  String estimand;

  @Option(names = "--estimator", defaultValue = "aipw",
      description = "aipw, ipw, gcomp or naive (default: ${DEFAULT-VALUE}).")
  String estimator;

  @Option(names = "--folds", defaultValue = "5", description = "AIPW cross-fitting folds (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--trim", defaultValue = "0.05",
      description = "Keep propensities in [P, 1-P] (default: ${DEFAULT-VALUE}; 0 = no trimming).")
  double trim;

  @Option(names = "--seed", defaultValue = "20261128", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--bootstrap", defaultValue = "200",
      description = "Bootstrap resamples for gcomp's standard error (default: ${DEFAULT-VALUE}).")
  int bootstrap;

  @Option(names = "--bootstrap-ci", defaultValue = "0",
      description = "If N > 0: percentile bootstrap interval from N resamples, for any estimator (default: off).")
  int bootstrapInterval;

  @Option(names = "--learner", defaultValue = "logistic",
      description = "Nuisance models: logistic (and linear) regression or a random forest (default: ${DEFAULT-VALUE}).")
  String learner;

  @Option(names = "--out", description = "Write the full result as JSON to this file.")
  Path out;

  @Override
  public Integer call() throws IOException {
    Estimand target = parseEstimand();
    for (String covariate : covariates) {
      if (DENIED.stream().anyMatch(d -> covariate.toLowerCase(Locale.ROOT).contains(d))) {
        throw SamenspelException.usage("--covariates: '" + covariate + "' looks like a "
            + "nationality, ethnicity, country of birth or religion field; Samenspel never "
            + "adjusts for or reports on those");
      }
      if (covariate.equals(treatment) || covariate.equals(outcome)) {
        throw SamenspelException.usage("--covariates: '" + covariate
            + "' is also the treatment or the outcome");
      }
    }
    List<String> wanted = new ArrayList<>(List.of(treatment, outcome));
    wanted.addAll(covariates);
    FlatTable data = FlatTable.read(table, wanted);
    double[] t = data.column(treatment);
    double[] y = data.column(outcome);
    int[] arms = new int[t.length];
    int treatedCount = 0;
    for (int i = 0; i < t.length; i++) {
      if (t[i] != 0 && t[i] != 1) {
        throw SamenspelException.input(table.getFileName() + ": treatment column '" + treatment
            + "' must hold only 0 and 1 (found " + t[i] + " in row " + (i + 1) + ")");
      }
      arms[i] = (int) t[i];
      treatedCount += arms[i];
    }
    if (treatedCount < 2 || t.length - treatedCount < 2) {
      throw SamenspelException.input(table.getFileName() + ": treatment column '" + treatment
          + "' has " + treatedCount + " treated and " + (t.length - treatedCount)
          + " untreated rows; need at least 2 of each");
    }
    if (Arrays.stream(y).distinct().count() < 2) {
      throw SamenspelException.input(table.getFileName() + ": outcome column '" + outcome
          + "' is constant; there is nothing to estimate");
    }
    double[][] x = new double[t.length][covariates.size()];
    for (int j = 0; j < covariates.size(); j++) {
      double[] column = data.column(covariates.get(j));
      for (int i = 0; i < column.length; i++) {
        x[i][j] = column[i];
      }
    }
    Trimming trimming;
    Estimator chosen;
    try {
      trimming = trim == 0 ? Trimming.NONE : new Trimming(trim, 1 - trim);
      chosen = Estimators.create(estimator.toLowerCase(Locale.ROOT),
          new EstimatorSettings(target, folds, seed, trimming, 0.95, bootstrap, parseLearner()));
      if (bootstrapInterval > 0) {
        chosen = new Bootstrap(chosen, bootstrapInterval, seed);
      }
    } catch (IllegalArgumentException e) {
      throw SamenspelException.usage(e.getMessage());
    }
    EffectEstimate result;
    try {
      result = chosen.estimate(EstimationInput.binary(arms, y, x, covariates), Contrast.BINARY);
    } catch (IllegalArgumentException e) {
      throw SamenspelException.input(table.getFileName() + ": can't estimate: "
          + e.getMessage());
    }
    Diagnostics d = result.diagnostics();
    if (d.shareTrimmed() > MAXIMUM_SHARE_TRIMMED || result.nTreated() < MINIMUM_KEPT
        || result.nComparison() < MINIMUM_KEPT) {
      throw SamenspelException.input(table.getFileName() + ": can't estimate: no overlap "
          + String.format(Locale.ROOT, "(%.0f%% trimmed; %d treated and %d comparison rows "
          + "remain); treated and untreated rows differ too much on the covariates",
          100 * d.shareTrimmed(), result.nTreated(), result.nComparison()));
    }
    print(result);
    if (out != null) {
      write(result);
    }
    return 0;
  }

  private PropensityModel.Learner parseLearner() {
    return switch (learner.toLowerCase(Locale.ROOT)) {
      case "logistic" -> PropensityModel.Learner.LOGISTIC;
      case "forest" -> PropensityModel.Learner.FOREST;
      default -> throw SamenspelException.usage("--learner must be logistic or forest, got '"
          + learner + "'");
    };
  }

  private Estimand parseEstimand() {
    try {
      return Estimand.valueOf(estimand.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SamenspelException.usage("--estimand must be ATE or ATT, got '" + estimand + "'");
    }
  }

  private void print(EffectEstimate r) {
    Diagnostics d = r.diagnostics();
    System.out.printf(Locale.ROOT, "%s %s of %s on %s: %.6f (95%% CI %.6f to %.6f, SE %.6f)%n",
        r.estimator(), r.estimand(), treatment, outcome, r.estimate(), r.ciLow(), r.ciHigh(),
        r.standardError());
    System.out.printf(Locale.ROOT, "n treated %d, n comparison %d; max |SMD| before %.3f, "
        + "after %.3f; share trimmed %.3f%n", r.nTreated(), r.nComparison(),
        d.maxAbsSmdBefore(), d.maxAbsSmdAfter(), d.shareTrimmed());
  }

  private void write(EffectEstimate r) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode node = mapper.createObjectNode();
    node.put("table", table.getFileName().toString());
    node.put("treatment", treatment);
    node.put("outcome", outcome);
    node.put("estimator", r.estimator());
    node.put("estimand", r.estimand().name());
    node.put("estimate", r.estimate());
    node.put("standard_error", r.standardError());
    node.put("ci_low", r.ciLow());
    node.put("ci_high", r.ciHigh());
    node.put("p_value", r.pValue());
    node.put("n_treated", r.nTreated());
    node.put("n_comparison", r.nComparison());
    node.put("mean_treated", r.meanTreated());
    node.put("mean_comparison", r.meanComparison());
    Diagnostics d = r.diagnostics();
    node.put("max_abs_smd_before", d.maxAbsSmdBefore());
    node.put("max_abs_smd_after", d.maxAbsSmdAfter());
    node.put("share_trimmed", d.shareTrimmed());
    node.put("effective_treated", d.effectiveTreated());
    node.put("effective_comparison", d.effectiveComparison());
    ArrayNode balance = node.putArray("balance");
    for (Diagnostics.Balance b : d.balance()) {
      balance.addObject().put("covariate", b.covariate()).put("smd_before", b.smdBefore())
          .put("smd_after", b.smdAfter());
    }
    mapper.writeValue(out.toFile(), node);
  }
}
