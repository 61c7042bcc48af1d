package nl.samenspel.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One row at a time: the typed values and the first problem, in the documented order. The
 * whole-number rule is Spark's cast of text to an int (checked against Spark 4.1 try_cast:
 * spaces and control characters around the digits ignored, a sign allowed, no decimals, no
 * overflow).
 */
class RowReaderTest {

  private static final LocalDate REFERENCE = LocalDate.of(2025, 6, 30);
  private static final List<String> CATALOG = List.of("KM_APPLICATION_TRAINING");

  private static RowReader reader(Table table, Map<String, DateFormat> dates) {
    Map<String, Map<String, String>> vocabularies = new HashMap<>();
    for (Column column : table.columns()) {
      vocabularies.put(column.name(), Vocabulary.of(column, CATALOG, ValueMaps.NONE));
    }
    return new RowReader(table, vocabularies, dates, REFERENCE);
  }

  private static RowReader.Read read(Table table, String... texts) {
    return reader(table, Map.of()).read(texts, false);
  }

  @Test
  void aGoodRowIsTypedAndNormalised() {
    RowReader.Read read = read(Contract.CLIENTS, "P1", "GM0855", " 1987 ", "v", "single_parent",
        "Low", "2022-01-11");
    assertThat(read.problem()).isNull();
    assertThat(read.values()).containsExactly("P1", "GM0855", 1987, "F", "SINGLE_PARENT", "LOW",
        LocalDate.of(2022, 1, 11));
    RowReader.Read outcome = read(Contract.OUTCOMES, "P1", "2024-03", "partial", "Ja", "3");
    assertThat(outcome.values()).containsExactly("P1", "2024-03", 2024 * 12 + 2, "PARTIAL",
        true, 3);
    RowReader dayFirst = reader(Contract.CLIENTS, Map.of(Contract.BENEFIT_START_DATE,
        DateFormat.DAY_MONTH_YEAR));
    assertThat(dayFirst.read(new String[] {"P1", "GM0855", "1987", "M", "COUPLE", "HIGH",
        "11-1-2022"}, false).values()[6]).isEqualTo(LocalDate.of(2022, 1, 11));
  }

  @Test
  void theFirstProblemInTheDocumentedOrder() {
    assertThat(reader(Contract.CLIENTS, Map.of()).read(new String[] {"P1", null, null, null,
        null, null, null}, true).problem().reason()).isEqualTo(QuarantineReason.MALFORMED_ROW);
    assertThat(read(Contract.CLIENTS, "P1", "GM\uFFFD855", "x", "Q", "", "", "").problem())
        .isEqualTo(new RowReader.Problem(QuarantineReason.INVALID_ENCODING, "(row)", ""));
    assertThat(read(Contract.CLIENTS, "P1", "GM0855", "19x0", "Q", "", "", "").problem())
        .isEqualTo(new RowReader.Problem(QuarantineReason.NOT_A_NUMBER, "birth_year", "19x0"));
    assertThat(read(Contract.CLIENTS, "P1", "GM0855", "1980", "Q", "SINGLE", "LOW",
        "2022-01-01").problem())
        .isEqualTo(new RowReader.Problem(QuarantineReason.UNKNOWN_VALUE, "sex", "Q"));
    RowReader.Read unknown = read(Contract.CLIENTS, "P1", "GM0855", "1980", "Q", "SINGLE",
        "LOW", "2022-01-01");
    assertThat(unknown.values()[3]).as("an unknown code keeps its text").isEqualTo("Q");
    assertThat(read(Contract.CLIENTS, RowReader.INVALID_BSN, "GM0855", "1980", "M", "SINGLE",
        "LOW", "2022-01-01").problem())
        .isEqualTo(new RowReader.Problem(QuarantineReason.INVALID_BSN, "bsn", ""));
    assertThat(read(Contract.CLIENTS, "", "GM0855", "1980", "M", "SINGLE", "LOW",
        "2022-01-01").problem())
        .isEqualTo(new RowReader.Problem(QuarantineReason.MISSING_VALUE, "client_id", ""));
    assertThat(read(Contract.ASSESSMENTS, "A1", "P1", "2025-07-01", "KM", "3", "", "", "", "",
        "", "").problem().reason()).isEqualTo(QuarantineReason.DATE_IN_FUTURE);
    assertThat(read(Contract.ASSESSMENTS, "A1", "P1", "2025-02-30", "KM", "7", "", "", "", "",
        "", "").problem()).as("the date's column comes before the score's")
        .isEqualTo(new RowReader.Problem(QuarantineReason.NOT_A_DATE, "assessment_date",
            "2025-02-30"));
    assertThat(read(Contract.ASSESSMENTS, "A1", "P1", "2025-02-03", "KM", "7", "", "", "", "",
        "", "").problem())
        .isEqualTo(new RowReader.Problem(QuarantineReason.OUT_OF_RANGE, "score_attitude", "7"));
    assertThat(read(Contract.INTERVENTIONS, "I1", "P1", "KM", "KM_APPLICATION_TRAINING",
        "2024-03-01", "2024-02-01", "ACTIVE").problem())
        .isEqualTo(new RowReader.Problem(QuarantineReason.END_BEFORE_START, "end_date",
            "2024-02-01"));
    assertThat(read(Contract.OUTCOMES, "P1", "jan-24", "FULL", "nee", "2").problem())
        .isEqualTo(new RowReader.Problem(QuarantineReason.NOT_A_MONTH, "month", "jan-24"));
    assertThat(read(Contract.OUTCOMES, "P1", "2024-01", "FULL", "yes", "2").problem())
        .isEqualTo(new RowReader.Problem(QuarantineReason.NOT_A_BOOLEAN, "employed", "yes"));
    assertThat(read(Contract.OUTCOMES, "P1", "2025-07", "FULL", "0", "2").problem().reason())
        .isEqualTo(QuarantineReason.DATE_IN_FUTURE);
  }

  @Test
  void wholeNumbersAsSparkCastsThem() {
    Map<String, Integer> accepted = Map.of(" 4 ", 4, "\t4", 4, "+4", 4, "-4", -4, "4\u0001", 4,
        "\n4\r", 4, "007", 7, "-2147483648", Integer.MIN_VALUE, "0000000000012", 12);
    accepted.forEach((text, number) -> assertThat(RowReader.wholeNumber(text)).as(text)
        .isEqualTo(number));
    for (String text : Arrays.asList("3.0", "1e3", "\u0663", "2147483648", "0x10", "4 5", "",
        "4\u00a0", "--4", "+", "4.", ".5", "99999999999")) {
      assertThat(RowReader.wholeNumber(text)).as(text).isNull();
    }
  }
}
