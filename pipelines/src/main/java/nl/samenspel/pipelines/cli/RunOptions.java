package nl.samenspel.pipelines.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import nl.samenspel.contract.SensitiveColumns;
import nl.samenspel.contract.ValueMaps;
import nl.samenspel.disclosure.DisclosureRules;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Subgroup;
import nl.samenspel.estimate.AugmentedIpw;
import nl.samenspel.estimate.Estimand;
import nl.samenspel.estimate.PropensityModel;
import nl.samenspel.estimate.PropensityStrategy;
import nl.samenspel.estimate.SubgroupEstimation;
import nl.samenspel.estimate.Trimming;
import nl.samenspel.grading.GradingRule;
import nl.samenspel.journeys.DurableDefinition;
import nl.samenspel.pipelines.Pipeline;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.catalog.CatalogReader;
import nl.samenspel.pipelines.config.RunConfig;
import nl.samenspel.pipelines.estimate.Plugins;
import nl.samenspel.pipelines.journeys.JourneysStage;
import nl.samenspel.pipelines.pool.PooledFile;
import nl.samenspel.pipelines.publish.Language;
import nl.samenspel.pipelines.quality.DriftGate;
import nl.samenspel.pipelines.quality.QualityGate;
import nl.samenspel.pipelines.run.Period;
import nl.samenspel.pipelines.run.RunEvents;
import nl.samenspel.pipelines.spark.Sessions;
import nl.samenspel.pipelines.store.Location;
import nl.samenspel.privacy.Pseudonymizer;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code run}, {@code demo} and {@code check}. Each flag overrides one key of
 * the configuration ({@code --config}, else the defaults in docs/configuration.md); a flag that is
 * not given leaves the key as the file or the defaults have it.
 */
final class RunOptions {

  /** The adjustment set (docs/methods.md); fixed so reports stay comparable. */
  static final List<String> COVARIATE_GROUPS = List.of("age", "sex", "household_type",
      "education_level", "benefit_duration", "element_scores");

  @Option(names = "--config", description = "YAML configuration (keys and defaults: docs/configuration.md).")
  Path config;

  @Option(names = "--driver-dir", description = "For an --out on a Hadoop filesystem: the driver's own folder for the run log and the publish before upload (default: under the temporary directory).")
  Path driverDir;

  @Option(names = "--catalog", description = "Intervention catalog CSV (default: bundled).")
  Path catalog;

  @Option(names = "--key-file", description = "File holding the pseudonymization key (at least 32 bytes).")
  Path keyFile;

  @Option(names = "--key-env", description = "Environment variable holding the pseudonymization key (default: SAMENSPEL_PSEUDONYMIZATION_KEY).")
  String keyEnv;

  @Option(names = "--period", description = "Reporting period: 2026, 2026-Q3 or 2026-07; publishes to published/PERIOD/.")
  String period;

  @Option(names = "--replace-period", description = "Publish a period again from different input.")
  boolean replacePeriod;

  @Option(names = "--accept-drift", description = "Publish although the data changed more than the drift limits against the previous run (after checking it).")
  boolean acceptDrift;

  @Option(names = "--reference-date", description = "Dates after this day are quarantined as in the future (default: today, UTC).")
  String referenceDate;

  @Option(names = "--window-days", description = "Interventions starting 0..N days after the assessment count (default: 90).")
  Integer windowDays;

  @Option(names = "--horizon-months", description = "Work must start within N months after the assessment (default: 12).")
  Integer horizonMonths;

  @Option(names = "--min-months", description = "Work must last N consecutive months (default: 6).")
  Integer minimumMonths;

  @Option(names = "--min-arm-size", description = "Estimate only when both groups hold N episodes of N clients (default: 30; at least 10).")
  Integer minimumArmSize;

  @Option(names = "--pairs", description = "Pairs to estimate: cross-discipline or none (default: cross-discipline).")
  String pairs;

  @Option(names = "--folds", description = "Cross-fitting folds of the AIPW estimator (default: 5).")
  Integer folds;

  @Option(names = "--trim", description = "Trimming bound P: with --trim-rule fixed, keep propensities in [P, 1-P]; with percentile, cut below the P quantile of the treated and above the 1-P quantile of the comparison group (default: 0.05).")
  Double trim;

  @Option(names = "--trim-pairs", description = "Trimming bound for pairs, where \"both\" is rare by nature (default: 0.01).")
  Double trimPairs;

  @Option(names = "--trim-rule", description = "fixed, or percentile (asymmetric, Stürmer et al. 2010) (default: fixed).")
  String trimRule;

  @Option(names = "--refuters", description = "Placebo and negative-control refuters: all or none (default: all).")
  String refuters;

  @Option(names = "--effect-modification", description = "Where to project every association on the client profile (element scores, age, months on benefit): whole-population or none (default: whole-population).")
  String effectModification;

  @Option(names = "--triples", description = "All three disciplines together (one KM, one IC and one AM intervention, all three against none): one-per-discipline or none (default: one-per-discipline).")
  String triples;

  @Option(names = "--profiles", description = "Subgroups of clients for whom two elements are both a barrier (21 profiles): pairs or none (default: pairs).")
  String profiles;

  @Option(names = "--max-profile-pairs", paramLabel = "N", description = "At most N pairs per profile are estimated, those with the most episodes receiving both (default: 10).")
  Integer maxProfilePairs;

  @Option(names = "--max-triples", paramLabel = "N", description = "At most N triples per subgroup are estimated, those with the most episodes receiving all three (default: 10).")
  Integer maxTriples;

  @Option(names = "--estimator", paramLabel = "NAME", description = "Estimator of every combination: aipw, or another registered one (naive, ipw, gcomp, or a plug-in's from --plugins), which gives the association and its refuters only (default: aipw).")
  String estimator;

  @Option(names = "--plugins", paramLabel = "DIR", description = "Folder of plug-in jars with estimators (docs/extending.md) (default: none).")
  Path plugins;

  @Option(names = "--seed", description = "Seed of the cross-fitting folds and the placebo (default: 20261128).")
  Long seed;

  @Option(names = "--lang", description = "Language of the report and card texts: nl or en (default: nl).")
  String language;

  @Option(names = "--disclosure-threshold", description = "Counts of people from 1 to N-1 are never published; at least 10 (default: 10).")
  Integer disclosureThreshold;

  @Option(names = "--rounding-base", description = "Published counts are rounded to a multiple of N (default: 5).")
  Integer roundingBase;

  @Option(names = "--compare-with", description = "A pooled.json of samenspel pool: put the pool of the other municipalities next to this municipality's results.")
  Path compareWith;

  @Option(names = "--master", description = "Spark master (default: local[*]; ignored under spark-submit).")
  String master;

  @Option(names = "--progress", description = "Progress of the stages while they run: auto (redrawn in place on a terminal, else plain lines), plain (a line at most every --progress-interval seconds) or none (default: auto).")
  String progress;

  @Option(names = "--progress-interval", paramLabel = "SECONDS", description = "At most one plain progress line (and one JSON progress event) per SECONDS, from 1 to 3600 (default: 15).")
  Integer progressInterval;

  @Option(names = "--log-format", description = "Console output: text, or json (one JSON object per line: stage started and finished, progress, counts, warnings, the outcome and exit code; fields in docs/operations.md) (default: text).")
  String logFormat;

  @Option(names = "--spark-ui", description = "Start Spark's web UI for the run and print its address; locally on 127.0.0.1 (default: off).")
  boolean sparkUi;

  /**
   * How the run reports, checked before anything else: these flags change what the console
   * shows, not what is computed, so they are not configuration keys (and not in the
   * configuration hash).
   */
  RunEvents.Options output() {
    RunEvents.Format format = logFormat == null ? RunEvents.Format.TEXT
        : RunEvents.Format.parse(logFormat).orElseThrow(() -> SamenspelException.usage(
            "--log-format must be text or json, got '" + logFormat + "'"));
    RunEvents.ProgressMode mode = progress == null ? RunEvents.ProgressMode.AUTO
        : RunEvents.ProgressMode.parse(progress).orElseThrow(() -> SamenspelException.usage(
            "--progress must be auto, plain or none, got '" + progress + "'"));
    int seconds = progressInterval == null
        ? (int) RunEvents.Options.DEFAULT_INTERVAL.toSeconds() : progressInterval;
    if (seconds < 1 || seconds > 3600) {
      throw SamenspelException.usage("--progress-interval must be from 1 to 3600 seconds, got "
          + seconds);
    }
    return new RunEvents.Options(format, mode, java.time.Duration.ofSeconds(seconds));
  }

  /** The run's events on the CLI's console. */
  RunEvents events(Main main) {
    return RunEvents.console(output(), main.out(), main.terminal());
  }

  Sessions.Ui ui() {
    return sparkUi ? Sessions.Ui.ON : Sessions.Ui.OFF;
  }

  /** The configuration: defaults, then the file, then the flags. */
  RunConfig configuration(Path input, Path out) {
    return configuration(input == null ? null : input.toString(),
        out == null ? null : out.toString());
  }

  /** As {@link #configuration(Path, Path)}; either may be a URI ({@code hdfs://...}). */
  RunConfig configuration(String input, String out) {
    RunConfig base = config == null ? RunConfig.defaults() : RunConfig.load(config);
    try {
      return base.withLocation("input", input).withLocation("out", out)
          .withPath("driver_dir", driverDir)
          .withPath("catalog", catalog)
          .withPath("pseudonymization.key_file", keyFile)
          .with("pseudonymization.key_env", keyEnv)
          .with("period", period)
          .with("reference_date", referenceDate)
          .with("journeys.window_days", windowDays)
          .with("journeys.horizon_months", horizonMonths)
          .with("journeys.min_months", minimumMonths)
          .with("estimation.min_arm_size", minimumArmSize)
          .with("estimation.pairs", pairs)
          .with("estimation.folds", folds)
          .with("estimation.trim", trim)
          .with("estimation.trim_pairs", trimPairs)
          .with("estimation.trim_rule", trimRule)
          .with("estimation.refuters", refuters)
          .with("estimation.effect_modification", effectModification)
          .with("estimation.triples", triples)
          .with("estimation.max_triples", maxTriples)
          .with("estimation.profiles", profiles)
          .with("estimation.max_profile_pairs", maxProfilePairs)
          .with("estimation.estimator", estimator)
          .withPath("estimation.plugins", plugins)
          .with("estimation.seed", seed)
          .with("publication.language", language)
          .with("publication.disclosure_threshold", disclosureThreshold)
          .with("publication.rounding_base", roundingBase)
          .withPath("publication.compare_with", compareWith);
    } catch (IllegalArgumentException e) {
      throw SamenspelException.usage("invalid option: " + e.getMessage());
    }
  }

  /**
   * Everything a run needs, checked before any data is read: the key is read here, so a run
   * without a key stops before it opens an extract.
   */
  Pipeline.Settings settings(RunConfig config) {
    Location inputLocation = config.location("input");
    Location outLocation = config.location("out");
    if (inputLocation == null) {
      throw SamenspelException.usage("no input folder: pass --input or set 'input' in the "
          + "configuration");
    }
    if (outLocation == null) {
      throw SamenspelException.usage("no output folder: pass --out or set 'out' in the "
          + "configuration");
    }
    Path input = inputLocation.isLocal() ? inputLocation.path() : null;
    Path out = outLocation.isLocal() ? outLocation.path()
        : driverDir(config.path("driver_dir"), outLocation);
    for (String covariate : config.list("estimation.covariates")) {
      SensitiveColumns.refusal(covariate).ifPresent(reason -> {
        throw SamenspelException.usage("estimation.covariates: " + reason);
      });
      if (!COVARIATE_GROUPS.contains(covariate)) {
        throw SamenspelException.usage("estimation.covariates: '" + covariate + "' is not a "
            + "covariate of the contract (" + String.join(", ", COVARIATE_GROUPS) + "); columns "
            + "outside the contract are dropped at ingest");
      }
    }
    if (!config.list("estimation.covariates").containsAll(COVARIATE_GROUPS)) {
      throw SamenspelException.usage("estimation.covariates must list all of "
          + String.join(", ", COVARIATE_GROUPS) + ": the adjustment set is fixed so that "
          + "reports of different municipalities stay comparable (docs/methods.md)");
    }
    Pseudonymizer pseudonymizer = pseudonymizer(config);
    Path catalogPath = config.path("catalog");
    List<CatalogEntry> entries = catalogPath == null ? CatalogReader.bundled()
        : CatalogReader.read(catalogPath);
    SubgroupEstimation.PairScope scope = choice(config, "estimation.pairs", "--pairs",
        "cross-discipline", SubgroupEstimation.PairScope.CROSS_DISCIPLINE,
        "none", SubgroupEstimation.PairScope.NONE);
    try {
      int horizon = config.integer("journeys.horizon_months");
      DurableDefinition durable = new DurableDefinition(horizon,
          config.integer("journeys.min_months"), DurableDefinition.DEFAULT.workBenefitStatuses());
      String ruleValue = config.text("estimation.trim_rule");
      Trimming.Rule rule = switch (ruleValue.toLowerCase(Locale.ROOT)) {
        case "percentile" -> Trimming.Rule.PERCENTILE;
        case "fixed" -> Trimming.Rule.FIXED;
        default -> throw SamenspelException.usage("--trim-rule (estimation.trim_rule) must be "
            + "fixed or percentile, got '" + ruleValue + "'");
      };
      double trimPair = config.number("estimation.trim_pairs");
      double trimSingle = config.number("estimation.trim");
      int minimum = config.integer("estimation.min_arm_size");
      AugmentedIpw.Options aipw = new AugmentedIpw.Options(Estimand.ATE,
          config.integer("estimation.folds"), config.longValue("estimation.seed"),
          new Trimming(rule, trimSingle, 1 - trimSingle), 0.95, PropensityModel.Options.DEFAULT,
          PropensityStrategy.JOINT);
      SubgroupEstimation.Refuters refuterChoice = choice(config, "estimation.refuters",
          "--refuters", "all", SubgroupEstimation.Refuters.ALL,
          "none", SubgroupEstimation.Refuters.NONE);
      SubgroupEstimation.ModifierScope modification = choice(config,
          "estimation.effect_modification", "--effect-modification",
          "whole-population", SubgroupEstimation.ModifierScope.WHOLE_POPULATION,
          "none", SubgroupEstimation.ModifierScope.NONE);
      SubgroupEstimation.TripleScope tripleScope = choice(config, "estimation.triples",
          "--triples", "one-per-discipline", SubgroupEstimation.TripleScope.ONE_PER_DISCIPLINE,
          "none", SubgroupEstimation.TripleScope.NONE);
      int tripleLimit = config.integer("estimation.max_triples");
      if (tripleLimit < 0) {
        throw SamenspelException.usage("--max-triples (estimation.max_triples) can't be "
            + "negative, got " + tripleLimit);
      }
      Subgroup.Profiles profileChoice = choice(config, "estimation.profiles", "--profiles",
          "pairs", Subgroup.Profiles.PAIRS, "none", Subgroup.Profiles.NONE);
      int profilePairLimit = config.integer("estimation.max_profile_pairs");
      if (profilePairLimit < 0) {
        throw SamenspelException.usage("--max-profile-pairs (estimation.max_profile_pairs) "
            + "can't be negative, got " + profilePairLimit);
      }
      String languageValue = config.text("publication.language");
      Language lang = Language.parse(languageValue).orElseThrow(() -> SamenspelException.usage(
          "--lang (publication.language) must be nl or en, got '" + languageValue + "'"));
      DisclosureRules disclosure;
      try {
        disclosure = new DisclosureRules(config.integer("publication.disclosure_threshold"),
            config.integer("publication.rounding_base"));
      } catch (IllegalArgumentException e) {
        throw SamenspelException.usage("--disclosure-threshold / --rounding-base: "
            + e.getMessage());
      }
      Period reportingPeriod = config.text("period") == null ? null
          : Period.parse(config.text("period"));
      LocalDate reference = referenceDate(config.text("reference_date"));
      ValueMaps values;
      try {
        values = ValueMaps.of(config.textMaps(RunConfig.VALUES),
            entries.stream().map(CatalogEntry::code).toList());
      } catch (IllegalArgumentException e) {
        throw config.invalid(e.getMessage());
      }
      Pipeline.Operations operations = new Pipeline.Operations(pseudonymizer, reference,
          reportingPeriod,
          new QualityGate.Limits(config.number("quality.max_quarantine_share"),
              config.numbers("quality.max_quarantine_share_by_reason")),
          new DriftGate.Limits(config.number("drift.max_row_change"),
              config.number("drift.max_null_rate_change"),
              config.number("drift.max_code_share_change")),
          acceptDrift, replacePeriod, config, values);
      Pipeline.Settings settings = new Pipeline.Settings(input, out, entries,
          new JourneysStage.Settings(config.integer("journeys.window_days"), durable),
          new SubgroupEstimation.Settings(minimum, scope, minimum, aipw,
              new Trimming(rule, trimPair, 1 - trimPair), refuterChoice, modification,
              tripleScope, tripleLimit, profileChoice, profilePairLimit,
              Plugins.estimator(config)),
          new Pipeline.Publication(lang, disclosure, GradingRule.Thresholds.DEFAULT, null),
          operations, new Pipeline.Locations(inputLocation, outLocation));
      Path pooled = config.path("publication.compare_with");
      if (pooled == null) {
        return settings;
      }
      // Read and checked before any extract is opened: a wrong file fails in a second.
      PooledFile compare = PooledFile.read(pooled);
      compare.requireSameDefinitions(Pipeline.definitions(settings));
      return settings.withPublication(new Pipeline.Publication(lang, disclosure,
          GradingRule.Thresholds.DEFAULT, compare));
    } catch (IllegalArgumentException e) {
      throw SamenspelException.usage("invalid option: " + e.getMessage());
    }
  }

  /**
   * The driver's folder for an output on a Hadoop filesystem: {@code driver_dir}, or one per
   * output location under the temporary directory (the same location, the same folder).
   */
  static Path driverDir(Path configured, Location out) {
    if (configured != null) {
      return configured;
    }
    String digest;
    try {
      digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest
          .getInstance("SHA-256").digest(out.uri().toString()
              .getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    Path mine = Path.of(System.getProperty("java.io.tmpdir"), "samenspel-driver-" + user);
    try {
      // Only this user may read or change what is audited here before it is uploaded.
      if (!Files.exists(mine, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(mine);
      }
      if (Files.isSymbolicLink(mine) || !Files.getOwner(mine).getName()
          .equals(System.getProperty("user.name"))) {
        throw SamenspelException.usage(mine + " belongs to someone else or is a link; pass "
            + "--driver-dir (or driver_dir) with a folder of your own");
      }
      if (mine.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(mine,
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      }
    } catch (IOException e) {
      throw SamenspelException.usage("can't create the driver's folder " + mine + ": "
          + e.getMessage() + "; pass --driver-dir");
    }
    return mine.resolve(digest);
  }

  private static LocalDate referenceDate(String text) {
    if (text == null) {
      return LocalDate.now(ZoneOffset.UTC);
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw SamenspelException.usage("--reference-date (reference_date) must be a date "
          + "YYYY-MM-DD, got '" + text + "'");
    }
  }

  /** Reads the key from the file or environment variable the configuration names. */
  static Pseudonymizer pseudonymizer(RunConfig config) {
    Path file = config.path("pseudonymization.key_file");
    String variable = config.text("pseudonymization.key_env");
    byte[] key;
    String source;
    if (file != null) {
      source = "key file " + file.getFileName();
      try {
        key = Files.readString(file, StandardCharsets.UTF_8).strip()
            .getBytes(StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new SamenspelException(SamenspelException.EXIT_USAGE, "No pseudonymization key: "
            + "key file " + file + " does not exist; nothing was read");
      } catch (IOException e) {
        throw new SamenspelException(SamenspelException.EXIT_USAGE, "No pseudonymization key: "
            + "can't read key file " + file + " (" + e.getMessage() + "); nothing was read");
      }
    } else {
      source = "environment variable " + variable;
      String value = variable == null ? null : System.getenv(variable);
      if (value == null || value.isBlank()) {
        throw new SamenspelException(SamenspelException.EXIT_USAGE, "No pseudonymization key: "
            + "set environment variable " + (variable == null ? "SAMENSPEL_PSEUDONYMIZATION_KEY"
                : variable) + " or pass --key-file (at least 32 bytes, kept outside the data "
            + "and the configuration); nothing was read");
      }
      key = value.strip().getBytes(StandardCharsets.UTF_8);
    }
    try {
      return new Pseudonymizer(key);
    } catch (IllegalArgumentException e) {
      throw SamenspelException.usage("No usable pseudonymization key in " + source + ": "
          + e.getMessage() + "; nothing was read");
    }
  }

  /**
   * One of two words of a configuration key (any case), or a usage error naming the flag, the
   * key, both words and the value found.
   */
  private static <T> T choice(RunConfig config, String key, String flag, String first,
      T firstValue, String second, T secondValue) {
    String value = config.text(key);
    String word = value.toLowerCase(Locale.ROOT);
    if (word.equals(first)) {
      return firstValue;
    }
    if (word.equals(second)) {
      return secondValue;
    }
    throw SamenspelException.usage(flag + " (" + key + ") must be " + first + " or " + second
        + ", got '" + value + "'");
  }
}
