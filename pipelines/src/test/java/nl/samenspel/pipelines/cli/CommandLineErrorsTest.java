package nl.samenspel.pipelines.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to the CLI: one line on stderr that names the file, column or flag, a documented
 * exit code, and never a stack trace. Each case starts from a small valid extract and breaks
 * one thing. Bad rows (quarantined, not fatal) are in {@code QuarantineFixturesTest}.
 */
class CommandLineErrorsTest {

  @TempDir
  static Path valid;

  @BeforeAll
  static void validExtract() {
    SparkTestSession.get();
    assertThat(Main.execute(new PrintWriter(new StringWriter()), "generate", "--clients", "60",
        "--seed", "5", "--out", valid.toString())).isZero();
  }

  /** The outcome of one CLI call. */
  record Result(int exitCode, String stderr) {
    List<String> lines() {
      return stderr.lines().toList();
    }
  }

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(err, true), args);
    return new Result(code, err.toString());
  }

  private static Path copy(Path target) throws IOException {
    Files.createDirectories(target);
    try (var files = Files.list(valid)) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    }
    return target;
  }

  private static void replaceInFile(Path file, String from, String to) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from),
        java.util.regex.Matcher.quoteReplacement(to)), StandardCharsets.UTF_8);
  }

  private static void assertOneLineError(Result result, int exitCode, String... fragments) {
    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(exitCode);
    assertThat(result.lines()).as("exactly one line on stderr").hasSize(1);
    assertThat(result.stderr()).startsWith("samenspel: ").doesNotContain("\tat ")
        .doesNotContain("Exception");
    for (String fragment : fragments) {
      assertThat(result.stderr()).contains(fragment);
    }
  }

  @Test
  void missingExtractFileNamesTheFile(@TempDir Path dir) throws IOException {
    Path input = copy(dir.resolve("in"));
    Files.delete(input.resolve("assessments.csv"));
    Result result = run("run", "--input", input.toString(), "--out", dir.resolve("out").toString());
    assertOneLineError(result, SamenspelException.EXIT_INPUT, "assessments.csv",
        "assessments.parquet");
    assertThat(dir.resolve("out").resolve("published")).doesNotExist();
  }

  @Test
  void missingInputFolderIsNamed(@TempDir Path dir) {
    Result result = run("run", "--input", dir.resolve("nowhere").toString(), "--out",
        dir.resolve("out").toString());
    assertOneLineError(result, SamenspelException.EXIT_INPUT, "Input folder not found",
        "nowhere");
  }

  @Test
  void renamedColumnNamesFileAndColumn(@TempDir Path dir) throws IOException {
    Path input = copy(dir.resolve("in"));
    replaceInFile(input.resolve("clients.csv"), "birth_year", "geboortejaar");
    Result result = run("run", "--input", input.toString(), "--out", dir.resolve("out").toString());
    assertOneLineError(result, SamenspelException.EXIT_INPUT, "clients.csv",
        "column 'birth_year' is missing");
  }

  @Test
  void emptyFileIsReported(@TempDir Path dir) throws IOException {
    Path input = copy(dir.resolve("in"));
    Files.writeString(input.resolve("outcomes.csv"), "");
    Result result = run("run", "--input", input.toString(), "--out", dir.resolve("out").toString());
    assertOneLineError(result, SamenspelException.EXIT_INPUT, "outcomes.csv", "is empty");
  }

  @Test
  void utf16FileIsNamed(@TempDir Path dir) throws IOException {
    Path input = copy(dir.resolve("in"));
    String text = Files.readString(input.resolve("clients.csv"), StandardCharsets.UTF_8);
    Files.write(input.resolve("clients.csv"), ("\uFEFF" + text).getBytes(
        StandardCharsets.UTF_16LE));
    Result result = run("run", "--input", input.toString(), "--out", dir.resolve("out").toString());
    assertOneLineError(result, SamenspelException.EXIT_INPUT, "clients.csv", "UTF-16",
        "save it as UTF-8");
  }

  @Test
  void unknownFlagIsAUsageError() {
    Result result = run("run", "--inptu", "x", "--out", "y");
    assertOneLineError(result, SamenspelException.EXIT_USAGE, "--inptu");
  }

  @Test
  void noCommandIsAUsageError() {
    Result result = run();
    assertOneLineError(result, SamenspelException.EXIT_USAGE, "use demo, run, check, pool, generate or estimate",
        "(try: samenspel --help)");
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    Result result = run("generate", "--clients", "10", "--seed", "1");
    assertOneLineError(result, SamenspelException.EXIT_USAGE, "--out");
  }

  @Test
  void badProgressOrLogFormatIsAUsageErrorBeforeAnythingIsWritten(@TempDir Path dir) {
    Path out = dir.resolve("out");
    assertOneLineError(run("run", "--input", valid.toString(), "--out", out.toString(),
        "--progress", "sometimes"), SamenspelException.EXIT_USAGE, "--progress",
        "auto, plain or none", "'sometimes'");
    assertOneLineError(run("check", "--input", valid.toString(), "--out", out.toString(),
        "--log-format", "xml"), SamenspelException.EXIT_USAGE, "--log-format", "text or json");
    assertOneLineError(run("demo", "--out", out.toString(), "--progress-interval", "0"),
        SamenspelException.EXIT_USAGE, "--progress-interval", "1 to 3600");
    assertThat(out).doesNotExist();
  }

  @Test
  void jsonEventsEndWithTheExitCodeAlsoWhenTheRunCannotStart(@TempDir Path dir)
      throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "run",
        "--input", dir.resolve("missing").toString(), "--out", dir.resolve("out").toString(),
        "--log-format", "json");
    assertThat(code).isEqualTo(SamenspelException.EXIT_INPUT);
    assertThat(err.toString().lines().toList()).hasSize(1);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(1);
    com.fasterxml.jackson.databind.JsonNode last = new com.fasterxml.jackson.databind
        .ObjectMapper().readTree(lines.get(0));
    assertThat(last.get("event").asText()).isEqualTo("run_finished");
    assertThat(last.get("exit_code").asInt()).isEqualTo(SamenspelException.EXIT_INPUT);
    assertThat(last.get("error").asText()).contains("Input folder not found");
  }

  @Test
  void badOptionValueIsAUsageError(@TempDir Path dir) {
    Result result = run("run", "--input", valid.toString(), "--out", dir.toString(), "--pairs",
        "all");
    assertOneLineError(result, SamenspelException.EXIT_USAGE, "--pairs", "all");
    Result small = run("run", "--input", valid.toString(), "--out", dir.toString(),
        "--min-arm-size", "5");
    assertOneLineError(small, SamenspelException.EXIT_USAGE, "at least 10");
    Result language = run("run", "--input", valid.toString(), "--out", dir.toString(),
        "--lang", "de");
    assertOneLineError(language, SamenspelException.EXIT_USAGE, "--lang", "nl or en", "'de'");
    Result threshold = run("run", "--input", valid.toString(), "--out", dir.toString(),
        "--disclosure-threshold", "5");
    assertOneLineError(threshold, SamenspelException.EXIT_USAGE, "--disclosure-threshold",
        "at least 10");
  }

  @Test
  void anEstimatorThatIsNotThereOrAPluginFolderThatIsNotOneIsAUsageError(@TempDir Path dir)
      throws IOException {
    Result unknown = run("run", "--input", valid.toString(), "--out", dir.toString(),
        "--estimator", "overlap");
    assertOneLineError(unknown, SamenspelException.EXIT_USAGE, "--estimator", "'overlap'",
        "known: aipw, gcomp, ipw, naive", "--plugins");
    Result notAFolder = run("run", "--input", valid.toString(), "--out", dir.toString(),
        "--estimator", "overlap", "--plugins", dir.resolve("nothing-here").toString());
    assertOneLineError(notAFolder, SamenspelException.EXIT_USAGE, "--plugins", "nothing-here",
        "is not a folder");
    Result withAipw = run("run", "--input", valid.toString(), "--out", dir.toString(),
        "--plugins", dir.resolve("nothing-here").toString());
    assertOneLineError(withAipw, SamenspelException.EXIT_USAGE, "--plugins", "is not a folder");
    Path empty = Files.createDirectories(dir.resolve("empty-plugins"));
    Result noJar = run("run", "--input", valid.toString(), "--out", dir.toString(),
        "--estimator", "overlap", "--plugins", empty.toString());
    assertOneLineError(noJar, SamenspelException.EXIT_USAGE, "--plugins", "no .jar file");
    assertThat(dir.resolve("runs")).as("nothing was started").doesNotExist();
  }

  @Test
  void runWithoutKeyStopsBeforeReadingData(@TempDir Path dir) throws IOException {
    // The input folder does not even exist: the key is checked before anything is opened.
    Result noEnv = run("run", "--input", dir.resolve("nowhere").toString(), "--out",
        dir.resolve("out").toString(), "--key-env", "SAMENSPEL_TEST_UNSET_KEY");
    assertOneLineError(noEnv, SamenspelException.EXIT_USAGE, "No pseudonymization key",
        "SAMENSPEL_TEST_UNSET_KEY", "nothing was read");
    Result noFile = run("run", "--input", valid.toString(), "--out",
        dir.resolve("out").toString(), "--key-file", dir.resolve("missing.key").toString());
    assertOneLineError(noFile, SamenspelException.EXIT_USAGE, "No pseudonymization key",
        "missing.key");
    Path shortKey = dir.resolve("short.key");
    Files.writeString(shortKey, "too-short");
    Result tooShort = run("run", "--input", valid.toString(), "--out",
        dir.resolve("out").toString(), "--key-file", shortKey.toString());
    assertOneLineError(tooShort, SamenspelException.EXIT_USAGE, "at least 32 bytes");
    assertThat(dir.resolve("out")).as("nothing written without a key").doesNotExist();
  }

  @Test
  void configurationErrorsNameFileAndKey(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("samenspel.yaml");
    Files.writeString(config, "journeys:\n  window_dayz: 30\n");
    assertOneLineError(run("run", "--config", config.toString(), "--input", valid.toString(),
        "--out", dir.toString()), SamenspelException.EXIT_USAGE, "samenspel.yaml",
        "unknown key 'journeys.window_dayz'");
    Files.writeString(config, "journeys:\n  window_days: ninety\n");
    assertOneLineError(run("run", "--config", config.toString(), "--input", valid.toString(),
        "--out", dir.toString()), SamenspelException.EXIT_USAGE, "'journeys.window_days' must be "
        + "a whole number");
    Files.writeString(config, "estimation:\n  covariates: [age, sex, household_type, "
        + "education_level, benefit_duration, element_scores, nationaliteit]\n");
    assertOneLineError(run("run", "--config", config.toString(), "--input", valid.toString(),
        "--out", dir.toString()), SamenspelException.EXIT_USAGE, "'nationaliteit'",
        "never adjusts for");
    Files.writeString(config, "estimation:\n  covariates: [age, sex, household_type, "
        + "education_level, benefit_duration, element_scores, income]\n");
    assertOneLineError(run("run", "--config", config.toString(), "--input", valid.toString(),
        "--out", dir.toString()), SamenspelException.EXIT_USAGE, "'income' is not a covariate");
    Files.writeString(config, "quality:\n  max_quarantine_share_by_reason: {typo_reason: 0.1}\n");
    assertOneLineError(run("run", "--config", config.toString(), "--input", valid.toString(),
        "--out", dir.toString()), SamenspelException.EXIT_USAGE, "unknown reason 'typo_reason'");
    Files.writeString(config, "values:\n  geslacht: {vrouw: F}\n");
    assertOneLineError(run("run", "--config", config.toString(), "--input", valid.toString(),
        "--out", dir.toString()), SamenspelException.EXIT_USAGE, "samenspel.yaml",
        "values.geslacht: not a column with codes", "household_type");
    Files.writeString(config, "values:\n  household_type: {alleenstaande: SINGEL}\n");
    assertOneLineError(run("run", "--config", config.toString(), "--input", valid.toString(),
        "--out", dir.toString()), SamenspelException.EXIT_USAGE, "samenspel.yaml",
        "values.household_type.alleenstaande: 'SINGEL' is not a value of household_type",
        "SINGLE_PARENT");
    Files.writeString(config, "values:\n  intervention_code: {SOLL: KM_NOT_IN_CATALOG}\n");
    assertOneLineError(run("run", "--config", config.toString(), "--input", valid.toString(),
        "--out", dir.toString()), SamenspelException.EXIT_USAGE,
        "values.intervention_code.SOLL: 'KM_NOT_IN_CATALOG' is not a code of the intervention "
        + "catalog");
    Files.writeString(config, "journeys: [\n");
    assertOneLineError(run("run", "--config", config.toString(), "--input", valid.toString(),
        "--out", dir.toString()), SamenspelException.EXIT_USAGE, "samenspel.yaml is not valid YAML");
    assertOneLineError(run("run", "--config", dir.resolve("nope.yaml").toString()),
        SamenspelException.EXIT_USAGE, "--config: file not found");
    assertOneLineError(run("run", "--input", valid.toString(), "--out", dir.toString(),
        "--period", "2026-Q5"), SamenspelException.EXIT_USAGE, "2026-Q3", "'2026-Q5'");
  }

  @Test
  void missingCatalogFileIsNamed(@TempDir Path dir) {
    Result result = run("run", "--input", valid.toString(), "--out", dir.toString(),
        "--catalog", dir.resolve("catalog.csv").toString());
    assertOneLineError(result, SamenspelException.EXIT_INPUT, "Catalog file not found",
        "catalog.csv");
  }
}
