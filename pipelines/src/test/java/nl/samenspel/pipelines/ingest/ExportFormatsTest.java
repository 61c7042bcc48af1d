package nl.samenspel.pipelines.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import nl.samenspel.contract.Contract;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.SparkTestSession;
import nl.samenspel.pipelines.cli.Main;
import nl.samenspel.pipelines.journeys.JourneysStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped sample ({@code data-samples/municipality}) saved the ways municipal tools save
 * it: Dutch Excel (semicolons, a byte-order mark, CRLF), tabs, Windows-1252, day-first dates,
 * Dutch and lower-case codes, and a municipality's own codes with a value map. Each variant is
 * made here from the sample, checked with {@code samenspel check}, and must give exactly the
 * accepted rows of the sample as shipped; one variant goes on through journeys and gives the
 * same episodes. What can't be recognised stops with one line and exit code 3.
 */
class ExportFormatsTest {

  private static final Path SAMPLE = Path.of("..", "data-samples", "municipality");
  private static final List<String> TABLES = Contract.EXTRACTS.stream().map(t -> t.name())
      .toList();
  private static final List<String> DATES = List.of(Contract.BENEFIT_START_DATE,
      Contract.ASSESSMENT_DATE, Contract.START_DATE, Contract.END_DATE);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  @TempDir
  static Path dir;
  private static Check clean;

  @BeforeAll
  static void checkTheSampleAsShipped() throws IOException {
    SparkTestSession.get();
    Path input = dir.resolve("clean").resolve("in");
    write(input, Export.CONTRACT, (table, column, value, row) -> value);
    clean = check(dir.resolve("clean"));
    assertThat(clean.exitCode()).as(clean.stderr()).isZero();
  }

  // ---- a variant of the sample ---------------------------------------------------------------

  /** How a variant writes its files. */
  record Export(char delimiter, Charset charset, boolean byteOrderMark, String lineEnd) {
    static final Export CONTRACT = new Export(',', StandardCharsets.UTF_8, false, "\n");
    static final Export EXCEL_NL = new Export(';', StandardCharsets.UTF_8, true, "\r\n");
  }

  /** A change of one value: table, column, the value as shipped, data row number (from 0). */
  @FunctionalInterface
  interface Change {
    String apply(String table, String column, String value, int row);
  }

  /** Writes the four extracts of the sample to {@code input}, changed and saved as told. */
  private static void write(Path input, Export export, Change change) throws IOException {
    Files.createDirectories(input);
    for (String table : TABLES) {
      List<String> lines = Files.readAllLines(SAMPLE.resolve(table + ".csv"),
          StandardCharsets.UTF_8);
      List<String> header = Arrays.asList(lines.get(0).split(",", -1));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      if (export.byteOrderMark()) {
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
      }
      bytes.write((String.join(String.valueOf(export.delimiter()), header) + export.lineEnd())
          .getBytes(export.charset()));
      for (int i = 1; i < lines.size(); i++) {
        String[] fields = lines.get(i).split(",", -1);
        for (int f = 0; f < fields.length; f++) {
          fields[f] = change.apply(table, header.get(f), fields[f], i - 1);
        }
        bytes.write((String.join(String.valueOf(export.delimiter()), fields) + export.lineEnd())
            .getBytes(export.charset()));
      }
      Files.write(input.resolve(table + ".csv"), bytes.toByteArray());
    }
  }

  /** The outcome of {@code samenspel check} on {@code dir/in}, output in {@code dir/out}. */
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

    String log() throws IOException {
      try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
        Path run = runs.sorted().reduce((a, b) -> b).orElseThrow();
        return Files.readString(run.resolve("run.log"));
      }
    }

    /** The accepted rows of a table, as ingest wrote them. */
    Dataset<Row> accepted(String table) {
      return SparkTestSession.get().read()
          .parquet(out.resolve("work").resolve("ingest").resolve(table).toString())
          .filter(col("_error").isNull()).drop("_error");
    }
  }

  private static Check check(Path variant, String... extra) {
    List<String> args = new ArrayList<>(List.of("check", "--input",
        variant.resolve("in").toString(), "--out", variant.resolve("out").toString()));
    args.addAll(List.of(extra));
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(err, true), args.toArray(String[]::new));
    return new Check(code, err.toString(), variant.resolve("out"));
  }

  /** Rows in one table and not the other, counted with their copies (a multiset difference). */
  private static long differingRows(Dataset<Row> a, Dataset<Row> b) {
    org.apache.spark.sql.Column[] columns = Arrays.stream(a.columns()).map(c -> col(c))
        .toArray(org.apache.spark.sql.Column[]::new);
    return a.withColumn("_side", lit(1L)).unionByName(b.withColumn("_side", lit(-1L)))
        .groupBy(columns).agg(sum("_side").as("_n")).filter(col("_n").notEqual(0L)).count();
  }

  /** Exit 0, nothing quarantined, and every table's accepted rows equal the sample's. */
  private static void assertSameAcceptedRows(Check variant) throws IOException {
    assertThat(variant.exitCode()).as(variant.stderr()).isZero();
    for (String table : TABLES) {
      JsonNode input = variant.input(table);
      assertThat(input.get("rows_quarantined").asLong()).as(table + " quarantined: "
          + input.get("quarantined_by_reason")).isZero();
      assertThat(input.get("rows_read").asLong()).as(table + " rows read")
          .isEqualTo(clean.input(table).get("rows_read").asLong());
      assertThat(differingRows(clean.accepted(table), variant.accepted(table)))
          .as(table + ": accepted rows that differ from the sample's").isZero();
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

  /** {@code 2023-03-11} as {@code 11-03-2023}, or {@code 11/3/2023} without leading zeros. */
  private static String dayFirst(String iso, String separator, boolean leadingZeros) {
    if (iso.isEmpty()) {
      return iso;
    }
    String[] parts = iso.split("-");
    String day = leadingZeros ? parts[2] : Integer.toString(Integer.parseInt(parts[2]));
    String month = leadingZeros ? parts[1] : Integer.toString(Integer.parseInt(parts[1]));
    return day + separator + month + separator + parts[0];
  }

  // ---- variants that are read as the sample -------------------------------------------------

  @Test
  void dutchExcelSemicolonsByteOrderMarkAndCrlfGiveTheSampleAndItsEpisodes() throws IOException {
    Path variant = dir.resolve("excel");
    write(variant.resolve("in"), Export.EXCEL_NL, (table, column, value, row) -> value);
    Check check = check(variant);
    assertSameAcceptedRows(check);
    JsonNode format = check.input("clients").get("format");
    assertThat(format.get("delimiter").asText()).isEqualTo(";");
    assertThat(format.get("byte_order_mark").asBoolean()).isTrue();
    assertThat(check.log()).contains("clients.csv        read with ';' between fields, "
        + "skipping its UTF-8 byte-order mark");

    // Through journeys: the same episodes as the sample's.
    JourneysStage journeys = new JourneysStage(JourneysStage.Settings.DEFAULT);
    Dataset<Row> expected = journeys.run(clean.accepted("clients"), clean.accepted("assessments"),
        clean.accepted("interventions"), clean.accepted("outcomes"));
    Dataset<Row> actual = journeys.run(check.accepted("clients"), check.accepted("assessments"),
        check.accepted("interventions"), check.accepted("outcomes"));
    assertThat(actual.count()).isEqualTo(2000);
    assertThat(differingRows(expected, actual)).as("episodes that differ").isZero();
  }

  @Test
  void tabsBetweenFields() throws IOException {
    Path variant = dir.resolve("tab");
    write(variant.resolve("in"), new Export('\t', StandardCharsets.UTF_8, false, "\n"),
        (table, column, value, row) -> value);
    Check check = check(variant);
    assertSameAcceptedRows(check);
    assertThat(check.input("outcomes").get("format").get("delimiter").asText()).isEqualTo("\t");
  }

  @Test
  void windows1252WithDutchWordsIsReadAsSuchAndSaidSo() throws IOException {
    Path variant = dir.resolve("cp1252");
    // "éénoudergezin" in Windows-1252 is not UTF-8; read as UTF-8 it would not match the map.
    write(variant.resolve("in"), new Export(';', WINDOWS_1252, false, "\r\n"),
        (table, column, value, row) -> value.equals("SINGLE_PARENT") ? "éénoudergezin" : value);
    Path config = variant.resolve("samenspel.yaml");
    Files.writeString(config, "values:\n  household_type: {éénoudergezin: SINGLE_PARENT}\n",
        StandardCharsets.UTF_8);
    Check check = check(variant, "--config", config.toString());
    assertSameAcceptedRows(check);
    assertThat(check.input("clients").get("format").get("encoding").asText())
        .isEqualTo("Windows-1252");
    assertThat(check.log()).contains("clients.csv        read as Windows-1252 (it is not UTF-8)");
    assertThat(check.input("assessments").get("format").get("encoding").asText())
        .as("an ASCII file is UTF-8 as well").isEqualTo("UTF-8");
  }

  @Test
  void dayFirstDatesWithDashesOrSlashes() throws IOException {
    Path variant = dir.resolve("dates");
    // Dashes with leading zeros in clients and interventions; slashes without in assessments.
    write(variant.resolve("in"), Export.CONTRACT, (table, column, value, row) ->
        !DATES.contains(column) ? value
            : table.equals("assessments") ? dayFirst(value, "/", false)
            : dayFirst(value, "-", true));
    Check check = check(variant);
    assertSameAcceptedRows(check);
    assertThat(check.input("assessments").get("format").get("date_formats").toString())
        .isEqualTo("{\"assessment_date\":\"DD/MM/YYYY\"}");
    assertThat(check.input("interventions").get("format").get("date_formats").toString())
        .isEqualTo("{\"end_date\":\"DD-MM-YYYY\",\"start_date\":\"DD-MM-YYYY\"}");
  }

  @Test
  void dutchAndLowerCaseCodesAndYesNoWords() throws IOException {
    Path variant = dir.resolve("codes");
    List<String[]> yesNo = List.of(new String[] {"ja", "nee"}, new String[] {"J", "N"},
        new String[] {"1", "0"}, new String[] {"TRUE", "False"});
    write(variant.resolve("in"), Export.CONTRACT, (table, column, value, row) -> switch (column) {
      case Contract.SEX -> value.equals("F") ? "V" : value.toLowerCase(Locale.ROOT);
      case Contract.EMPLOYED -> yesNo.get(row % 4)[value.equals("true") ? 0 : 1];
      case Contract.HOUSEHOLD_TYPE, Contract.EDUCATION_LEVEL, Contract.DISCIPLINE,
          Contract.STATUS, Contract.BENEFIT_STATUS, Contract.INTERVENTION_CODE ->
          row % 2 == 0 ? value.toLowerCase(Locale.ROOT)
              : value.charAt(0) + value.substring(1).toLowerCase(Locale.ROOT);
      default -> value;
    });
    assertSameAcceptedRows(check(variant));
  }

  @Test
  void aMunicipalitysOwnCodesWithAValueMap() throws IOException {
    Path variant = dir.resolve("mapped");
    Map<String, String> households = Map.of("SINGLE", "alleenstaande", "SINGLE_PARENT",
        "eenoudergezin", "COUPLE", "samenwonend", "COUPLE_WITH_CHILDREN",
        "Samenwonend met kinderen");
    Map<String, String> statuses = Map.of("PLANNED", "gepland", "ACTIVE", "lopend",
        "COMPLETED", "afgerond", "STOPPED", "gestopt", "CANCELLED", "geannuleerd");
    write(variant.resolve("in"), Export.CONTRACT, (table, column, value, row) -> switch (column) {
      case Contract.HOUSEHOLD_TYPE -> households.get(value);
      case Contract.STATUS -> statuses.get(value);
      case Contract.INTERVENTION_CODE -> value.equals("KM_APPLICATION_TRAINING") ? "SOLL-TR"
          : value;
      default -> value;
    });
    Path config = variant.resolve("samenspel.yaml");
    Files.writeString(config, """
        values:
          household_type: {alleenstaande: SINGLE, eenoudergezin: SINGLE_PARENT,
            samenwonend: COUPLE, "samenwonend met kinderen": COUPLE_WITH_CHILDREN}
          status: {gepland: PLANNED, lopend: ACTIVE, afgerond: COMPLETED, gestopt: STOPPED,
            geannuleerd: CANCELLED}
          intervention_code: {SOLL-TR: KM_APPLICATION_TRAINING}
        """, StandardCharsets.UTF_8);
    Check check = check(variant, "--config", config.toString());
    assertSameAcceptedRows(check);
    JsonNode values = check.manifest().get("config").get("values");
    assertThat(values.get("household_type").get("eenoudergezin").asText())
        .as("the map is on record in the manifest").isEqualTo("SINGLE_PARENT");
    assertThat(values.get("intervention_code").get("SOLL-TR").asText())
        .isEqualTo("KM_APPLICATION_TRAINING");
  }

  // ---- what can't be recognised ----------------------------------------------------------------

  @Test
  void anUnrecognisableDateFormatStopsWithOneLine() throws IOException {
    Path variant = dir.resolve("english-dates");
    String[] months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    write(variant.resolve("in"), Export.CONTRACT, (table, column, value, row) -> {
      if (!column.equals(Contract.ASSESSMENT_DATE)) {
        return value;
      }
      String[] parts = value.split("-");
      return months[Integer.parseInt(parts[1]) - 1] + " " + Integer.parseInt(parts[2]) + " "
          + parts[0];
    });
    Check check = check(variant);
    assertOneLineError(check, SamenspelException.EXIT_INPUT, "assessments.csv",
        "column 'assessment_date'", "format Samenspel does not recognise", "'Mar 11 2023'",
        "expected YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY");
    assertThat(check.stderr()).as("no identifier in the message").doesNotContainPattern(
        "[AP]\\d{7}");
  }

  @Test
  void anUnrecognisableCodeColumnStopsWithOneLine() throws IOException {
    Path variant = dir.resolve("own-codes");
    write(variant.resolve("in"), Export.CONTRACT, (table, column, value, row) ->
        column.equals(Contract.BENEFIT_STATUS)
            ? Map.of("FULL", "volledig", "PARTIAL", "aanvullend", "NONE", "geen").get(value)
            : value);
    Check check = check(variant);
    assertOneLineError(check, SamenspelException.EXIT_INPUT, "outcomes.csv",
        "column 'benefit_status'", "'volledig'", "expected FULL, NONE, PARTIAL in any case",
        "values: {benefit_status:");
    assertThat(check.stderr()).doesNotContainPattern("P\\d{7}");
  }
}
