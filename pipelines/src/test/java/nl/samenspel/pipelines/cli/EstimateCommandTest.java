package nl.samenspel.pipelines.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nl.samenspel.pipelines.SamenspelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The researcher command on flat tables: binary and continuous outcomes, and bad input. */
class EstimateCommandTest {

  @TempDir
  Path dir;

  record Result(int exitCode, String stdout, String stderr) {}

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = Main.execute(new PrintWriter(err, true), args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(original);
    }
  }

  /**
   * A confounded table: x raises treatment and outcome. Continuous outcome y = 1 + 2 t + 3 x +
   * noise (true effect 2); binary outcome with an additive effect of 0.15.
   */
  private Path table(String name) throws IOException {
    SplittableRandom random = new SplittableRandom(3);
    List<String> lines = new ArrayList<>(List.of("t,y,b,x,z"));
    for (int i = 0; i < 3000; i++) {
      double x = random.nextDouble();
      double z = random.nextDouble() < 0.5 ? 1 : 0;
      int t = random.nextDouble() < 0.2 + 0.6 * x ? 1 : 0;
      double y = 1 + 2 * t + 3 * x + 0.5 * z + (random.nextDouble() - 0.5);
      int b = random.nextDouble() < 0.1 + 0.3 * x + 0.15 * t ? 1 : 0;
      lines.add(t + "," + y + "," + b + "," + x + "," + z);
    }
    Path file = dir.resolve(name);
    Files.write(file, lines);
    return file;
  }

  @Test
  void continuousOutcome() throws IOException {
    Path out = dir.resolve("result.json");
    Result result = run("estimate", "--table", table("c.csv").toString(), "--treatment", "t",
        "--outcome", "y", "--covariates", "x,z", "--out", out.toString());
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("aipw ATE of t on y").contains("max |SMD|")
        .contains("share trimmed");
    JsonNode json = new ObjectMapper().readTree(out.toFile());
    assertThat(json.get("estimate").asDouble()).isBetween(1.9, 2.1);
    assertThat(json.get("ci_low").asDouble()).isLessThan(2);
    assertThat(json.get("ci_high").asDouble()).isGreaterThan(2);
    assertThat(json.get("balance")).hasSize(2);
  }

  @Test
  void binaryOutcomeWithEachEstimatorAndEstimand() throws IOException {
    Path file = table("b.csv");
    for (String estimator : List.of("aipw", "ipw", "gcomp", "naive")) {
      Path out = dir.resolve(estimator + ".json");
      Result result = run("estimate", "--table", file.toString(), "--treatment", "t",
          "--outcome", "b", "--covariates", "x,z", "--estimator", estimator, "--estimand", "ATT",
          "--out", out.toString());
      assertThat(result.exitCode()).as(estimator + ": " + result.stderr()).isZero();
      JsonNode json = new ObjectMapper().readTree(out.toFile());
      double estimate = json.get("estimate").asDouble();
      if (estimator.equals("naive")) {
        assertThat(estimate).as("confounded").isGreaterThan(0.2);
      } else {
        assertThat(estimate).as(estimator).isBetween(0.09, 0.21);
      }
    }
  }

  @Test
  void bootstrapIntervalForAnyEstimator() throws IOException {
    Path out = dir.resolve("boot.json");
    Result result = run("estimate", "--table", table("boot.csv").toString(), "--treatment", "t",
        "--outcome", "b", "--covariates", "x,z", "--estimator", "ipw", "--bootstrap-ci", "100",
        "--out", out.toString());
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toFile());
    assertThat(json.get("ci_low").asDouble()).isLessThan(json.get("estimate").asDouble());
    assertThat(json.get("ci_high").asDouble()).isGreaterThan(json.get("estimate").asDouble());
  }

  @Test
  void missingColumnIsNamed() throws IOException {
    Result result = run("estimate", "--table", table("m.csv").toString(), "--treatment", "t",
        "--outcome", "y", "--covariates", "x,age");
    assertThat(result.exitCode()).isEqualTo(SamenspelException.EXIT_INPUT);
    assertThat(result.stderr()).contains("column 'age' is missing").hasLineCount(1);
  }

  @Test
  void nonBinaryTreatmentIsRejected() throws IOException {
    Result result = run("estimate", "--table", table("n.csv").toString(), "--treatment", "x",
        "--outcome", "y", "--covariates", "z");
    assertThat(result.exitCode()).isEqualTo(SamenspelException.EXIT_INPUT);
    assertThat(result.stderr()).contains("treatment column 'x' must hold only 0 and 1")
        .hasLineCount(1);
  }

  @Test
  void constantOutcomeIsRejected() throws IOException {
    Path file = dir.resolve("constant.csv");
    Files.write(file, List.of("t,y,x", "1,1,0.1", "0,1,0.2", "1,1,0.3", "0,1,0.4"));
    Result result = run("estimate", "--table", file.toString(), "--treatment", "t",
        "--outcome", "y", "--covariates", "x");
    assertThat(result.exitCode()).isEqualTo(SamenspelException.EXIT_INPUT);
    assertThat(result.stderr()).contains("outcome column 'y' is constant").hasLineCount(1);
  }

  @Test
  void noOverlapIsRejected() throws IOException {
    Path file = dir.resolve("separated.csv");
    List<String> lines = new ArrayList<>(List.of("t,y,x"));
    for (int i = 0; i < 200; i++) {
      lines.add((i < 100 ? 0 : 1) + "," + (i % 3 == 0 ? 1 : 0) + "," + i);
    }
    Files.write(file, lines);
    Result result = run("estimate", "--table", file.toString(), "--treatment", "t",
        "--outcome", "y", "--covariates", "x");
    assertThat(result.exitCode()).isEqualTo(SamenspelException.EXIT_INPUT);
    assertThat(result.stderr()).contains("can't estimate").hasLineCount(1);
  }

  @Test
  void protectedAttributesCannotBeCovariates() throws IOException {
    Result result = run("estimate", "--table", table("p.csv").toString(), "--treatment", "t",
        "--outcome", "y", "--covariates", "x,nationality");
    assertThat(result.exitCode()).isEqualTo(SamenspelException.EXIT_USAGE);
    assertThat(result.stderr()).contains("never adjusts for").hasLineCount(1);
  }
}
