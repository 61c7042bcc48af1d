package nl.samenspel.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How export values are read into contract values: dates, codes, yes/no, value maps. */
class VocabularyTest {

  private static final List<String> CATALOG = List.of("KM_APPLICATION_TRAINING",
      "AM_VACANCY_MATCHING");

  private static Column column(Table table, String name) {
    return table.column(name).orElseThrow();
  }

  @Test
  void datesAreRecognisedInTheirFormatOnlyAndMustExist() {
    assertThat(DateFormat.ISO.parse("2023-12-31")).contains(LocalDate.of(2023, 12, 31));
    assertThat(DateFormat.ISO.parse("2023-1-5")).as("ISO needs two digits").isEmpty();
    assertThat(DateFormat.ISO.parse("2025-02-30")).as("no such day").isEmpty();
    assertThat(DateFormat.DAY_MONTH_YEAR.parse("31-12-2023")).contains(LocalDate.of(2023, 12, 31));
    assertThat(DateFormat.DAY_MONTH_YEAR.parse("1-2-2023")).contains(LocalDate.of(2023, 2, 1));
    assertThat(DateFormat.DAY_MONTH_YEAR.parse("31/12/2023")).isEmpty();
    assertThat(DateFormat.DAY_MONTH_YEAR.parse("12-31-2023")).as("month 31").isEmpty();
    assertThat(DateFormat.DAY_MONTH_YEAR.parse("31-12-23")).as("two-digit year").isEmpty();
    assertThat(DateFormat.DAY_MONTH_YEAR_SLASH.parse("05/03/2024"))
        .contains(LocalDate.of(2024, 3, 5));
    for (DateFormat format : DateFormat.values()) {
      assertThat(format.parse("Dec 31 2023")).isEmpty();
    }
    assertThat(DateFormat.labels()).isEqualTo("YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY");
  }

  @Test
  void codesInAnyCaseAndTheDutchSpellings() {
    Map<String, String> sex = Vocabulary.of(column(Contract.CLIENTS, Contract.SEX), CATALOG,
        ValueMaps.NONE);
    assertThat(sex).containsEntry("V", "F").containsEntry("F", "F").containsEntry("M", "M")
        .containsEntry("X", "X").hasSize(4);
    assertThat(sex.get(Vocabulary.key(" v "))).isEqualTo("F");
    Map<String, String> status = Vocabulary.of(column(Contract.INTERVENTIONS, Contract.STATUS),
        CATALOG, ValueMaps.NONE);
    assertThat(status.get(Vocabulary.key("completed"))).isEqualTo("COMPLETED");
    assertThat(status.get(Vocabulary.key("afgerond"))).isNull();
    Map<String, String> employed = Vocabulary.of(column(Contract.OUTCOMES, Contract.EMPLOYED),
        CATALOG, ValueMaps.NONE);
    for (String yes : List.of("true", "TRUE", "True", "ja", "Ja", "j", "J", "1")) {
      assertThat(employed.get(Vocabulary.key(yes))).as(yes).isEqualTo(Vocabulary.TRUE);
    }
    for (String no : List.of("false", "False", "nee", "NEE", "n", "0")) {
      assertThat(employed.get(Vocabulary.key(no))).as(no).isEqualTo(Vocabulary.FALSE);
    }
    assertThat(employed.get(Vocabulary.key("yes"))).isNull();
    Map<String, String> codes = Vocabulary.of(
        column(Contract.INTERVENTIONS, Contract.INTERVENTION_CODE), CATALOG, ValueMaps.NONE);
    assertThat(codes.get(Vocabulary.key("km_application_training")))
        .isEqualTo("KM_APPLICATION_TRAINING");
    assertThat(Vocabulary.of(column(Contract.CLIENTS, Contract.MUNICIPALITY), CATALOG,
        ValueMaps.NONE)).as("free text has no vocabulary").isEmpty();
  }

  @Test
  void valueMapsAreCheckedWhenBuiltAndWinOverTheBuiltInWords() {
    ValueMaps maps = ValueMaps.of(Map.of(
        "household_type", Map.of("Alleenstaande", "single", "eenoudergezin", "SINGLE_PARENT"),
        "intervention_code", Map.of("SOLL01", "km_application_training"),
        "employed", Map.of("werkend", "true"),
        "sex", Map.of("M", "F")), CATALOG);
    assertThat(maps.of("household_type")).containsEntry("ALLEENSTAANDE", "SINGLE")
        .containsEntry("EENOUDERGEZIN", "SINGLE_PARENT");
    assertThat(Vocabulary.of(column(Contract.CLIENTS, Contract.HOUSEHOLD_TYPE), CATALOG, maps)
        .get(Vocabulary.key("alleenstaande"))).isEqualTo("SINGLE");
    assertThat(Vocabulary.of(column(Contract.INTERVENTIONS, Contract.INTERVENTION_CODE),
        CATALOG, maps).get("SOLL01")).isEqualTo("KM_APPLICATION_TRAINING");
    assertThat(Vocabulary.of(column(Contract.OUTCOMES, Contract.EMPLOYED), CATALOG, maps)
        .get("WERKEND")).isEqualTo("true");
    assertThat(Vocabulary.of(column(Contract.CLIENTS, Contract.SEX), CATALOG, maps).get("M"))
        .as("the municipality's map wins").isEqualTo("F");

    assertThatThrownBy(() -> ValueMaps.of(Map.of("geslacht", Map.of("v", "F")), CATALOG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("values.geslacht: not a column with codes")
        .hasMessageContaining("household_type");
    assertThatThrownBy(() -> ValueMaps.of(Map.of("municipality", Map.of("a", "b")), CATALOG))
        .hasMessageStartingWith("values.municipality: not a column with codes");
    assertThatThrownBy(() -> ValueMaps.of(
        Map.of("household_type", Map.of("alleenstaande", "SINGEL")), CATALOG))
        .hasMessageStartingWith("values.household_type.alleenstaande: 'SINGEL' is not a value "
            + "of household_type; expected one of COUPLE, COUPLE_WITH_CHILDREN, SINGLE, "
            + "SINGLE_PARENT");
    assertThatThrownBy(() -> ValueMaps.of(
        Map.of("intervention_code", Map.of("SOLL01", "KM_UNKNOWN")), CATALOG))
        .hasMessageContaining("not a code of the intervention catalog");
    assertThatThrownBy(() -> ValueMaps.of(Map.of("employed", Map.of("werkend", "ja")),
        CATALOG)).hasMessageContaining("expected one of false, true");
    assertThatThrownBy(() -> ValueMaps.of(Map.of("sex",
        new java.util.TreeMap<>(Map.of("vrouw", "F", "VROUW", "M"))), CATALOG))
        .hasMessageContaining("same word");
  }
}
