package nl.samenspel.pipelines.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.SparkTestSession;
import nl.samenspel.pipelines.cli.Main;
import nl.samenspel.privacy.Bsn;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input fixtures of docs/reliability (numbered as there). Each starts from a small
 * valid extract, breaks one thing, and runs {@code samenspel check}. A bad row must be
 * quarantined with the expected reason and counted, and for every file the accounting identity
 * must hold and agree with an independent count of the file's data lines: rows read = rows
 * accepted + rows quarantined. A bad file must stop the run with one line naming it, a
 * documented exit code and no stack trace.
 */
class QuarantineFixturesTest {

  @TempDir
  static Path valid;
  /** A configuration that lets every fixture through the gate, so the counts can be read. */
  @TempDir
  static Path configDir;
  private static Path lenient;
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void validExtract() throws IOException {
    SparkTestSession.get();
    assertThat(Main.execute(new PrintWriter(new StringWriter()), "generate", "--clients", "60",
        "--seed", "5", "--out", valid.toString())).isZero();
    Files.delete(valid.resolve("truth.json"));
    lenient = configDir.resolve("lenient.yaml");
    Files.writeString(lenient, "quality:\n  max_quarantine_share: 1.0\n");
  }

  // ---- helpers ------------------------------------------------------------------------------

  record Check(int exitCode, String stderr, Path out) {

    JsonNode manifest() throws IOException {
      try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
        Path run = runs.sorted().reduce((a, b) -> b).orElseThrow();
        return JSON.readTree(run.resolve("manifest.json").toFile());
      }
    }

    JsonNode input(String table) throws IOException {
      for (JsonNode input : manifest().get("inputs")) {
        if (input.get("table").asText().equals(table)) {
          return input;
        }
      }
      throw new AssertionError("no input " + table);
    }

    Map<String, Long> quarantined(String table) throws IOException {
      Map<String, Long> counts = new TreeMap<>();
      input(table).get("quarantined_by_reason").fields()
          .forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
      return counts;
    }

    /** The quarantine CSV rows of a table, header first. */
    List<String> quarantineLines(String table) throws IOException {
      Path folder = out.resolve("work").resolve("quarantine").resolve(table);
      if (!Files.isDirectory(folder)) {
        return List.of();
      }
      List<String> lines = new ArrayList<>();
      try (Stream<Path> files = Files.list(folder)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
          lines.addAll(Files.readAllLines(file));
        }
      }
      return lines;
    }
  }

  private static Path copy(Path dir) throws IOException {
    Path input = dir.resolve("in");
    Files.createDirectories(input);
    try (Stream<Path> files = Files.list(valid)) {
      for (Path file : files.toList()) {
        Files.copy(file, input.resolve(file.getFileName()));
      }
    }
    return input;
  }

  private static Check check(Path dir, String... extra) {
    List<String> args = new ArrayList<>(List.of("check", "--input",
        dir.resolve("in").toString(), "--out", dir.resolve("out").toString()));
    args.addAll(List.of(extra));
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(err, true), args.toArray(String[]::new));
    return new Check(code, err.toString(), dir.resolve("out"));
  }

  private static Check lenientCheck(Path dir) {
    Check result = check(dir, "--config", lenient.toString());
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result;
  }

  private static List<String> lines(Path file) throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  private static void write(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** Replaces field {@code index} of data line {@code line} (1 = first after the header). */
  private static String setField(Path file, int line, int index, String value)
      throws IOException {
    List<String> lines = lines(file);
    String[] fields = lines.get(line).split(",", -1);
    String before = fields[index];
    fields[index] = value;
    lines.set(line, String.join(",", fields));
    write(file, lines);
    return before;
  }

  private static long rowsOf(Path input, String table, String clientId) throws IOException {
    return lines(input.resolve(table + ".csv")).stream().skip(1)
        .filter(l -> l.contains("," + clientId + ",") || l.startsWith(clientId + ",")).count();
  }

  /**
   * For every file: the identity holds, rows read equals the data lines actually in the file
   * (counted here, independently of Spark), and the quarantine CSV holds exactly the
   * quarantined rows.
   */
  private static void assertAccounting(Check check, Path input) throws IOException {
    for (String table : List.of("clients", "assessments", "interventions", "outcomes")) {
      JsonNode node = check.input(table);
      long read = node.get("rows_read").asLong();
      long accepted = node.get("rows_accepted").asLong();
      long quarantined = node.get("rows_quarantined").asLong();
      assertThat(read).as(table + ": read = accepted + quarantined")
          .isEqualTo(accepted + quarantined);
      Path csv = input.resolve(table + ".csv");
      if (Files.exists(csv)) {
        // Counted on bytes, so a line with bad bytes counts like any other.
        long dataLines = new String(Files.readAllBytes(csv), StandardCharsets.ISO_8859_1)
            .lines().skip(1).filter(l -> !l.isEmpty()).count();
        assertThat(read).as(table + ": rows read = data lines in the file").isEqualTo(dataLines);
      }
      List<String> rows = check.quarantineLines(table);
      assertThat(rows.isEmpty() ? 0 : rows.size() - 1).as(table + ": quarantine file rows")
          .isEqualTo(quarantined);
      long sum = 0;
      for (var it = node.get("quarantined_by_reason").fields(); it.hasNext(); ) {
        sum += it.next().getValue().asLong();
      }
      assertThat(sum).isEqualTo(quarantined);
    }
  }

  private static void assertOneLineError(Check check, int exitCode, String... fragments) {
    assertThat(check.exitCode()).as(check.stderr()).isEqualTo(exitCode);
    assertThat(check.stderr().lines().toList()).as("one line on stderr").hasSize(1);
    assertThat(check.stderr()).startsWith("samenspel: ").doesNotContain("\tat ")
        .doesNotContain("Exception");
    for (String fragment : fragments) {
      assertThat(check.stderr()).contains(fragment);
    }
  }

  // ---- row-level fixtures: quarantined with a reason --------------------------------------

  @Test
  void f01RowWithTooFewFields(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    Files.writeString(input.resolve("outcomes.csv"), "P0000001,2024-01\n",
        java.nio.file.StandardOpenOption.APPEND);
    Check check = lenientCheck(dir);
    assertThat(check.quarantined("outcomes")).containsEntry("malformed_row", 1L).hasSize(1);
    assertAccounting(check, input);
  }

  @Test
  void f02RowWithTooManyFields(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    List<String> lines = lines(input.resolve("interventions.csv"));
    lines.set(3, lines.get(3) + ",EXTRA");
    write(input.resolve("interventions.csv"), lines);
    Check check = lenientCheck(dir);
    assertThat(check.quarantined("interventions")).isEqualTo(Map.of("malformed_row", 1L));
    assertAccounting(check, input);
  }

  @Test
  void f03UnparseableNumberAlsoOrphansTheClientsRows(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    setField(input.resolve("clients.csv"), 2, 2, "19x0");
    String client = lines(input.resolve("clients.csv")).get(2).split(",")[0];
    Check check = lenientCheck(dir);
    assertThat(check.quarantined("clients")).isEqualTo(Map.of("not_a_number", 1L));
    // The client is not accepted, so all of its rows elsewhere are orphans, and counted.
    assertThat(check.quarantined("outcomes"))
        .isEqualTo(Map.of("orphan", rowsOf(input, "outcomes", client)));
    assertThat(check.quarantined("assessments"))
        .isEqualTo(Map.of("orphan", rowsOf(input, "assessments", client)));
    assertThat(check.quarantineLines("clients").get(1)).startsWith("not_a_number,birth_year,19x0,")
        .as("the client number is pseudonymized in the quarantine").doesNotContain(client);
    assertAccounting(check, input);
  }

  @Test
  void f04ImpossibleDate(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    setField(input.resolve("assessments.csv"), 5, 2, "2023-02-30");
    Check check = lenientCheck(dir);
    assertThat(check.quarantined("assessments")).isEqualTo(Map.of("not_a_date", 1L));
    assertThat(check.quarantineLines("assessments").get(1))
        .startsWith("not_a_date,assessment_date,2023-02-30,");
    assertAccounting(check, input);
  }

  @Test
  void f04bMonthThatIsNotAMonth(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    setField(input.resolve("outcomes.csv"), 7, 1, "jan-24");
    setField(input.resolve("outcomes.csv"), 8, 1, "2024-13");
    Check check = lenientCheck(dir);
    assertThat(check.quarantined("outcomes")).isEqualTo(Map.of("not_a_month", 2L));
    assertAccounting(check, input);
  }

  @Test
  void f05MissingMandatoryField(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    setField(input.resolve("interventions.csv"), 4, 6, "");
    Check check = lenientCheck(dir);
    assertThat(check.quarantined("interventions")).isEqualTo(Map.of("missing_value", 1L));
    assertAccounting(check, input);
  }

  @Test
  void f06ScoreOutsideOneToFive(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    setField(input.resolve("assessments.csv"), 1, 7, "7"); // score_skills
    setField(input.resolve("assessments.csv"), 2, 4, "0"); // score_attitude
    Check check = lenientCheck(dir);
    assertThat(check.quarantined("assessments")).isEqualTo(Map.of("out_of_range", 2L));
    assertAccounting(check, input);
  }

  @Test
  void f07DateInTheFutureOrBeforeTheBenefitStarted(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    setField(input.resolve("assessments.csv"), 1, 2, "2099-01-15");
    setField(input.resolve("assessments.csv"), 2, 2, "1999-01-15");
    Check check = lenientCheck(dir);
    assertThat(check.quarantined("assessments"))
        .isEqualTo(Map.of("date_in_future", 1L, "date_before_benefit", 1L));
    assertAccounting(check, input);
    // With a reference date before the whole extract, every assessment lies in the future.
    Check early = check(dir, "--config", lenient.toString(), "--reference-date", "2000-01-01");
    assertThat(early.quarantined("assessments").get("date_in_future")).isEqualTo(59L);
  }

  @Test
  void f08ExactDuplicateRow(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    List<String> lines = lines(input.resolve("outcomes.csv"));
    lines.add(lines.get(10));
    lines.add(lines.get(10));
    write(input.resolve("outcomes.csv"), lines);
    Check check = lenientCheck(dir);
    assertThat(check.quarantined("outcomes")).as("two extra copies; the first is accepted")
        .isEqualTo(Map.of("duplicate_row", 2L));
    assertAccounting(check, input);
  }

  @Test
  void f09SameKeyDifferentContent(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    List<String> lines = lines(input.resolve("interventions.csv"));
    String[] fields = lines.get(1).split(",", -1);
    fields[6] = fields[6].equals("STOPPED") ? "COMPLETED" : "STOPPED";
    lines.add(String.join(",", fields));
    write(input.resolve("interventions.csv"), lines);
    Check check = lenientCheck(dir);
    assertThat(check.quarantined("interventions")).as("both rows: which one is right is unknown")
        .isEqualTo(Map.of("key_conflict", 2L));
    assertAccounting(check, input);
  }

  @Test
  void f10UnknownInterventionCode(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    setField(input.resolve("interventions.csv"), 1, 3, "KM_HOME_MADE");
    setField(input.resolve("interventions.csv"), 2, 2,
        lines(input.resolve("interventions.csv")).get(2).contains(",KM,") ? "AM" : "KM");
    Check check = lenientCheck(dir);
    assertThat(check.quarantined("interventions"))
        .isEqualTo(Map.of("unknown_code", 1L, "discipline_mismatch", 1L));
    assertThat(check.quarantineLines("interventions").toString()).contains("KM_HOME_MADE");
    assertAccounting(check, input);
  }

  @Test
  void f11OrphanReference(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    Files.writeString(input.resolve("outcomes.csv"), "P9999999,2024-01,FULL,false,2\n",
        java.nio.file.StandardOpenOption.APPEND);
    Check check = lenientCheck(dir);
    assertThat(check.quarantined("outcomes")).isEqualTo(Map.of("orphan", 1L));
    assertThat(String.join("\n", check.quarantineLines("outcomes"))).doesNotContain("P9999999");
    assertAccounting(check, input);
  }

  @Test
  void f12BsnFailingTheElfproef(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    Map<String, String> bsnOf = withBsn(input);
    // Break the check digit of the second client's BSN in clients.csv only.
    List<String> clients = lines(input.resolve("clients.csv"));
    String[] fields = clients.get(2).split(",", -1);
    String broken = fields[0].substring(0, 8) + ((fields[0].charAt(8) - '0' + 1) % 10);
    assertThat(Bsn.isValid(broken)).isFalse();
    fields[0] = broken;
    clients.set(2, String.join(",", fields));
    write(input.resolve("clients.csv"), clients);
    Check check = lenientCheck(dir);
    assertThat(check.quarantined("clients")).isEqualTo(Map.of("invalid_bsn", 1L));
    assertThat(check.input("clients").get("person_key").asText()).isEqualTo("bsn");
    String rows = String.join("\n", check.quarantineLines("clients"));
    assertThat(rows).contains("invalid_bsn,bsn,,").doesNotContain(broken);
    for (String bsn : bsnOf.values()) {
      assertThat(rows).doesNotContain(bsn);
    }
    assertAccounting(check, input);
  }

  /**
   * Bytes that are not UTF-8. A file whose start is not UTF-8 and holds no UTF-8 character is
   * read as Windows-1252 (ExportFormatsTest); what stays quarantined as invalid_encoding: a
   * byte that is not a character in Windows-1252 either, a bad row in a file that is UTF-8
   * (it holds UTF-8 characters), and a bad row after the sample the encoding is decided on.
   */
  @Test
  void f13BytesThatAreNotUtf8(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    // interventions: ASCII but one byte 0x81, undefined in Windows-1252 as well.
    byte[] bytes = Files.readAllBytes(input.resolve("interventions.csv"));
    int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("COMPLETED");
    bytes[at + 5] = (byte) 0x81; // "COMPL\x81TED"
    Files.write(input.resolve("interventions.csv"), bytes);
    // clients: UTF-8 with UTF-8 characters (a dropped column), and "GM\xFF855" in one row.
    List<String> clients = lines(input.resolve("clients.csv"));
    for (int i = 0; i < clients.size(); i++) {
      clients.set(i, clients.get(i) + (i == 0 ? ",opmerking" : ",één cliënt"));
    }
    write(input.resolve("clients.csv"), clients);
    bytes = Files.readAllBytes(input.resolve("clients.csv"));
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    at = text.indexOf("GM0855", text.indexOf('\n', text.indexOf('\n') + 1));
    bytes[at + 2] = (byte) 0xFF;
    Files.write(input.resolve("clients.csv"), bytes);
    // outcomes: ASCII up to row 1,500, beyond the sample, where a ladder is "\xFF".
    List<String> outcomes = lines(input.resolve("outcomes.csv"));
    assertThat(outcomes.size()).isGreaterThan(CsvSniffer.SAMPLE_ROWS + 600);
    String row = outcomes.get(1500);
    outcomes.set(1500, row.substring(0, row.lastIndexOf(',') + 1) + "\u00FF");
    Files.write(input.resolve("outcomes.csv"), String.join("\n", outcomes).concat("\n")
        .getBytes(StandardCharsets.ISO_8859_1));

    Check check = lenientCheck(dir);
    assertThat(check.quarantined("clients")).isEqualTo(Map.of("invalid_encoding", 1L));
    // (The quarantined client's other rows are orphans.)
    assertThat(check.quarantined("interventions")).containsEntry("invalid_encoding", 1L);
    assertThat(check.quarantined("outcomes")).containsEntry("invalid_encoding", 1L);
    assertThat(check.input("interventions").get("format").get("encoding").asText())
        .isEqualTo("Windows-1252");
    assertThat(check.input("clients").get("format").get("encoding").asText())
        .isEqualTo("UTF-8");
    assertThat(check.input("outcomes").get("format").get("encoding").asText())
        .isEqualTo("UTF-8");
    assertAccounting(check, input);
  }

  @Test
  void f13bByteOrderMarkIsAccepted(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    byte[] plain = Files.readAllBytes(input.resolve("outcomes.csv"));
    byte[] marked = new byte[plain.length + 3];
    marked[0] = (byte) 0xEF;
    marked[1] = (byte) 0xBB;
    marked[2] = (byte) 0xBF;
    System.arraycopy(plain, 0, marked, 3, plain.length);
    Files.write(input.resolve("outcomes.csv"), marked);
    Check check = check(dir);
    assertThat(check.exitCode()).as(check.stderr()).isZero();
    assertThat(check.input("outcomes").get("rows_quarantined").asLong()).isZero();
    assertThat(check.input("outcomes").get("format").get("byte_order_mark").asBoolean())
        .isTrue();
    assertAccounting(check, input);
  }

  @Test
  void f14EmptyFileAndHeaderOnly(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    Files.writeString(input.resolve("outcomes.csv"), "");
    assertOneLineError(check(dir), SamenspelException.EXIT_INPUT, "outcomes.csv", "is empty");
    Files.writeString(input.resolve("outcomes.csv"),
        "client_id,month,benefit_status,employed,ladder\n");
    assertOneLineError(check(dir), SamenspelException.EXIT_INPUT, "outcomes.csv",
        "has a header but no rows");
  }

  @Test
  void f15HeaderRenamedMissingOrExtraColumn(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    List<String> clients = lines(input.resolve("clients.csv"));
    clients.set(0, clients.get(0).replace("birth_year", "geboortejaar"));
    write(input.resolve("clients.csv"), clients);
    assertOneLineError(check(dir), SamenspelException.EXIT_INPUT, "clients.csv",
        "column 'birth_year' is missing");

    Path extra = copy(dir.resolve("extra"));
    List<String> lines = lines(extra.resolve("clients.csv"));
    for (int i = 0; i < lines.size(); i++) {
      lines.set(i, lines.get(i) + (i == 0 ? ",naam,nationaliteit" : ",Canarie Jansen,NL"));
    }
    write(extra.resolve("clients.csv"), lines);
    Check check = lenientCheck(dir.resolve("extra"));
    assertThat(check.input("clients").get("dropped_columns").toString())
        .isEqualTo("[\"naam\",\"nationaliteit\"]");
    assertThat(check.input("clients").get("rows_quarantined").asLong()).isZero();
    assertAccounting(check, extra);
  }

  @Test
  void f16ParquetColumnOfAnotherType(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    Dataset<Row> clients = SparkTestSession.get().read().option("header", "true")
        .csv(input.resolve("clients.csv").toString())
        .withColumn("birth_year", org.apache.spark.sql.functions.col("birth_year")
            .cast(DataTypes.DoubleType));
    clients.write().parquet(input.resolve("clients.parquet").toString());
    Files.delete(input.resolve("clients.csv"));
    assertOneLineError(check(dir), SamenspelException.EXIT_INPUT, "clients.parquet",
        "column 'birth_year' has type double", "expected integer");
  }

  @Test
  void f16bParquetWithContractTypesIsAccepted(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    SparkTestSession.get().read().option("header", "true")
        .csv(input.resolve("outcomes.csv").toString())
        .withColumn("ladder", org.apache.spark.sql.functions.col("ladder")
            .cast(DataTypes.IntegerType))
        .write().parquet(input.resolve("outcomes.parquet").toString());
    long lines = lines(input.resolve("outcomes.csv")).size() - 1L;
    Files.delete(input.resolve("outcomes.csv"));
    Check check = lenientCheck(dir);
    assertThat(check.input("outcomes").get("rows_read").asLong()).isEqualTo(lines);
    assertAccounting(check, input);
  }

  @Test
  void f17FileNamedParquetThatIsNotParquet(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    Files.move(input.resolve("interventions.csv"), input.resolve("interventions.parquet"));
    assertOneLineError(check(dir), SamenspelException.EXIT_INPUT, "interventions.parquet",
        "not a readable Parquet file");
  }

  @Test
  void f18TruncatedParquet(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    Path parquet = input.resolve("assessments.parquet");
    SparkTestSession.get().read().option("header", "true")
        .csv(input.resolve("assessments.csv").toString()).coalesce(1).write()
        .parquet(parquet.toString());
    Files.delete(input.resolve("assessments.csv"));
    try (Stream<Path> parts = Files.list(parquet)) {
      Path part = parts.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .findFirst().orElseThrow();
      byte[] bytes = Files.readAllBytes(part);
      Files.write(part, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }
    assertOneLineError(check(dir), SamenspelException.EXIT_INPUT, "assessments.parquet");
  }

  @Test
  void f19OutcomeMonthsWithGapsAreCountedNotDropped(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    List<String> lines = lines(input.resolve("outcomes.csv"));
    // Remove the 3rd and 4th month of the first client: one client with a gap of two months.
    lines.remove(4);
    lines.remove(3);
    write(input.resolve("outcomes.csv"), lines);
    Check check = lenientCheck(dir);
    JsonNode quality = check.manifest().get("quality");
    assertThat(quality.get("outcomes.missing_months").asDouble()).isEqualTo(2.0);
    assertThat(quality.get("outcomes.clients_with_month_gaps_share").asDouble())
        .isEqualTo(1 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
    assertAccounting(check, input);
  }

  @Test
  void theGateStopsARunAboveTheLimitWithOneLine(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    setField(input.resolve("assessments.csv"), 1, 7, "7");
    Check check = check(dir);
    // 1 of 60 rows = 1.7 % > the default 1 %.
    assertOneLineError(check, SamenspelException.EXIT_QUALITY, "Data-quality gate",
        "assessments.csv", "1 of 60 rows", "out_of_range", "column score_skills '7'",
        "limit of 1.0%");
    assertThat(check.manifest().get("status").asText()).isEqualTo("blocked");
    assertThat(check.manifest().get("exit_code").asInt()).isEqualTo(5);
    // A per-reason limit lets it through.
    Path config = dir.resolve("reason.yaml");
    Files.writeString(config, "quality:\n  max_quarantine_share_by_reason: {out_of_range: 0.05}\n");
    assertThat(check(dir, "--config", config.toString()).exitCode()).isZero();
  }

  @Test
  void aCleanExtractIsAcceptedWhole(@TempDir Path dir) throws IOException {
    Path input = copy(dir);
    Check check = check(dir);
    assertThat(check.exitCode()).as(check.stderr()).isZero();
    for (String table : List.of("clients", "assessments", "interventions", "outcomes")) {
      assertThat(check.input(table).get("rows_quarantined").asLong()).isZero();
      assertThat(check.input(table).get("sha256").asText()).hasSize(64);
    }
    assertThat(check.manifest().get("status").asText()).isEqualTo("checked");
    assertAccounting(check, input);
  }

  static Map<String, String> withBsn(Path input) throws IOException {
    return nl.samenspel.pipelines.Extracts.withBsn(input, null);
  }
}
