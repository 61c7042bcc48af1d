package nl.samenspel.pipelines.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nl.samenspel.pipelines.ChildRun;
import nl.samenspel.pipelines.Extracts;
import nl.samenspel.pipelines.SparkTestSession;
import nl.samenspel.pipelines.TestKeys;
import nl.samenspel.pipelines.cli.Main;
import nl.samenspel.pipelines.publish.PdfText;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary: a fake BSN, a name, an address and a full birth date are planted in the input;
 * the pipeline runs as a separate process; then every file it wrote (published, work,
 * quarantine, manifests, logs; Parquet decoded through Spark, the PDF through its text) and its
 * console output are scanned for them. Nothing may be found. Positive controls show the scan
 * can find things: it finds the canaries in the input, and finds the canary's keyed pseudonym
 * in the work tables.
 */
@Tag("slow")
class CanaryTest {

  /** Passes the elfproef: this client is accepted and pseudonymized. */
  static final String CANARY_BSN = "111222333";
  /** Fails the elfproef: this client is quarantined. */
  static final String INVALID_BSN = "123456789";
  static final String NAME = "Canarie Jansen-Vogelaar";
  static final String ADDRESS = "Kanariestraat 7";
  static final String BIRTH_DATE = "1987-03-14";
  static final List<String> CANARIES = List.of(CANARY_BSN, INVALID_BSN, "Canarie", ADDRESS,
      BIRTH_DATE);

  @TempDir
  static Path dir;
  static Path input;
  static Path out;
  static ChildRun.Result result;

  @BeforeAll
  static void plantAndRun() throws Exception {
    input = dir.resolve("in");
    out = dir.resolve("out");
    assertThat(Main.execute(new PrintWriter(new StringWriter()), "generate", "--clients", "300",
        "--seed", "13", "--out", input.toString())).isZero();
    Files.delete(input.resolve("truth.json"));
    Map<String, String> bsnOf = Extracts.withBsn(input, CANARY_BSN);
    String second = new ArrayList<>(bsnOf.values()).get(1);
    List<String> clients = Files.readAllLines(input.resolve("clients.csv"));
    for (int i = 0; i < clients.size(); i++) {
      String line = clients.get(i);
      if (i == 0) {
        clients.set(i, line + ",naam,adres,geboortedatum");
      } else {
        if (line.startsWith(second + ",")) {
          line = INVALID_BSN + line.substring(second.length());
        }
        clients.set(i, line + "," + NAME + "," + ADDRESS + "," + BIRTH_DATE);
      }
    }
    Files.write(input.resolve("clients.csv"), clients, StandardCharsets.UTF_8);
    result = ChildRun.run(dir.resolve("logs"), Map.of(), 10, "run", "--input",
        input.toString(), "--out", out.toString());
  }

  @Test
  void theRunPublishesAndSaysWhatItDropped() throws IOException {
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("bsn checked and pseudonymized")
        .contains("dropped columns outside the contract: naam, adres, geboortedatum")
        .contains("1 invalid_bsn");
  }

  @Test
  void noCanaryInAnyOutputFileOrLog() throws IOException {
    List<String> found = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(out, FileVisitOption.FOLLOW_LINKS)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).as("the scan covers published, work, quarantine and runs")
        .anyMatch(f -> f.toString().contains("/published/"))
        .anyMatch(f -> f.toString().contains("/work/quarantine/"))
        .anyMatch(f -> f.getFileName().toString().equals("run.log"))
        .anyMatch(f -> f.getFileName().toString().equals("manifest.json"));
    for (Path file : files) {
      found.addAll(scan(file.toString(), Files.readAllBytes(file)));
      if (file.toString().endsWith(".pdf")) {
        found.addAll(scan(file + " (text)",
            PdfText.of(file).getBytes(StandardCharsets.UTF_8)));
      }
    }
    found.addAll(scan("stdout", Files.readAllBytes(result.stdout())));
    found.addAll(scan("stderr", Files.readAllBytes(result.stderr())));
    int parquetFiles = 0;
    for (Path file : files) {
      if (file.getFileName().toString().endsWith(".parquet")) {
        found.addAll(scan(file + " (decoded)", decoded(file).getBytes(StandardCharsets.UTF_8)));
        parquetFiles++;
      }
    }
    assertThat(parquetFiles).as("Parquet files decoded").isGreaterThan(5);
    assertThat(found).as("canaries found").isEmpty();
  }

  @Test
  void theScanCanFindThings() throws IOException {
    // Positive controls: the input holds every canary, and the accepted canary client is in the
    // work tables under its keyed pseudonym.
    byte[] clients = Files.readAllBytes(input.resolve("clients.csv"));
    assertThat(scan("input", clients)).hasSize(CANARIES.size());
    String pseudonym = TestKeys.pseudonymizer().pseudonym("bsn", CANARY_BSN);
    String work = decoded(out.resolve("work").resolve("ingest").resolve("clients"));
    assertThat(work).contains(pseudonym);
  }

  private static List<String> scan(String where, byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    List<String> found = new ArrayList<>();
    for (String canary : CANARIES) {
      if (text.contains(canary)) {
        found.add(canary + " in " + where);
      }
    }
    return found;
  }

  /** Every value of a Parquet table as text. */
  private static String decoded(Path parquet) {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> table = spark.read().parquet(parquet.toString());
    StringBuilder text = new StringBuilder();
    for (Row row : table.collectAsList()) {
      text.append(Arrays.toString(rowValues(row))).append('\n');
    }
    return text.toString();
  }

  private static Object[] rowValues(Row row) {
    Object[] values = new Object[row.size()];
    for (int i = 0; i < row.size(); i++) {
      values[i] = row.get(i);
    }
    return values;
  }
}
