package nl.samenspel.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nl.samenspel.domain.Discipline;
import nl.samenspel.domain.Element;

/**
 * The data contract: the four extract tables a municipality delivers, and the intervention
 * catalog. This is the single declaration of every column; readers build their schemas from
 * it and never infer one from data. Documented for people in {@code docs/data-contract.md}.
 *
 * <p>Deliberately absent: nationality, ethnicity, country of birth, religion, names, addresses
 * and full birth dates. The contract carries a birth year only.
 */
public final class Contract {

  private Contract() {}

  // Column names used outside this class.
  public static final String CLIENT_ID = "client_id";
  public static final String MUNICIPALITY = "municipality";
  public static final String BIRTH_YEAR = "birth_year";
  public static final String SEX = "sex";
  public static final String HOUSEHOLD_TYPE = "household_type";
  public static final String EDUCATION_LEVEL = "education_level";
  public static final String BENEFIT_START_DATE = "benefit_start_date";

  public static final String ASSESSMENT_ID = "assessment_id";
  public static final String ASSESSMENT_DATE = "assessment_date";
  public static final String DISCIPLINE = "discipline";

  public static final String INTERVENTION_ID = "intervention_id";
  public static final String INTERVENTION_CODE = "intervention_code";
  public static final String START_DATE = "start_date";
  public static final String END_DATE = "end_date";
  public static final String STATUS = "status";

  public static final String MONTH = "month";
  public static final String BENEFIT_STATUS = "benefit_status";
  public static final String EMPLOYED = "employed";
  public static final String LADDER = "ladder";

  public static final String CATALOG_CODE = "code";
  public static final String CATALOG_NAME_NL = "name_nl";
  public static final String CATALOG_NAME_EN = "name_en";
  public static final String CATALOG_TARGET_ELEMENTS = "target_elements";

  /** Codes of the closed vocabularies. */
  public static final Set<String> SEXES = Set.of("M", "F", "X");
  public static final Set<String> HOUSEHOLD_TYPES =
      Set.of("SINGLE", "SINGLE_PARENT", "COUPLE", "COUPLE_WITH_CHILDREN");
  public static final Set<String> EDUCATION_LEVELS = Set.of("LOW", "MIDDLE", "HIGH");
  public static final Set<String> DISCIPLINES =
      Set.of(Discipline.KM.name(), Discipline.IC.name(), Discipline.AM.name());
  public static final Set<String> BENEFIT_STATUSES = Set.of("FULL", "PARTIAL", "NONE");
  public static final Set<String> INTERVENTION_STATUSES =
      Set.of("PLANNED", "ACTIVE", "COMPLETED", "STOPPED", "CANCELLED");
  /** Status of an intervention that never started; it does not count as received. */
  public static final String STATUS_CANCELLED = "CANCELLED";

  public static final int LADDER_MIN = 1;
  public static final int LADDER_MAX = 6;

  public static final Table CLIENTS = new Table("clients", List.of(
      Column.required(CLIENT_ID, ColumnType.STRING),
      Column.required(MUNICIPALITY, ColumnType.STRING),
      Column.requiredInRange(BIRTH_YEAR, 1900, 2100),
      Column.requiredCode(SEX, SEXES),
      Column.requiredCode(HOUSEHOLD_TYPE, HOUSEHOLD_TYPES),
      Column.requiredCode(EDUCATION_LEVEL, EDUCATION_LEVELS),
      Column.required(BENEFIT_START_DATE, ColumnType.DATE)),
      List.of(CLIENT_ID));

  public static final Table ASSESSMENTS = new Table("assessments", assessmentColumns(),
      List.of(ASSESSMENT_ID));

  public static final Table INTERVENTIONS = new Table("interventions", List.of(
      Column.required(INTERVENTION_ID, ColumnType.STRING),
      Column.required(CLIENT_ID, ColumnType.STRING),
      Column.requiredCode(DISCIPLINE, DISCIPLINES),
      Column.required(INTERVENTION_CODE, ColumnType.STRING),
      Column.required(START_DATE, ColumnType.DATE),
      Column.optional(END_DATE, ColumnType.DATE),
      Column.requiredCode(STATUS, INTERVENTION_STATUSES)),
      List.of(INTERVENTION_ID));

  public static final Table OUTCOMES = new Table("outcomes", List.of(
      Column.required(CLIENT_ID, ColumnType.STRING),
      Column.required(MONTH, ColumnType.MONTH),
      Column.requiredCode(BENEFIT_STATUS, BENEFIT_STATUSES),
      Column.required(EMPLOYED, ColumnType.BOOLEAN),
      Column.requiredInRange(LADDER, LADDER_MIN, LADDER_MAX)),
      List.of(CLIENT_ID, MONTH));

  /** The intervention catalog; {@code target_elements} is a {@code ;}-separated element list. */
  public static final Table CATALOG = new Table("interventions_catalog", List.of(
      Column.required(CATALOG_CODE, ColumnType.STRING),
      Column.requiredCode(DISCIPLINE, DISCIPLINES),
      Column.required(CATALOG_NAME_NL, ColumnType.STRING),
      Column.required(CATALOG_NAME_EN, ColumnType.STRING),
      Column.optional(CATALOG_TARGET_ELEMENTS, ColumnType.STRING)),
      List.of(CATALOG_CODE));

  /** The four extract tables, in the order they are ingested. */
  public static final List<Table> EXTRACTS = List.of(CLIENTS, ASSESSMENTS, INTERVENTIONS, OUTCOMES);

  private static List<Column> assessmentColumns() {
    List<Column> columns = new ArrayList<>(List.of(
        Column.required(ASSESSMENT_ID, ColumnType.STRING),
        Column.required(CLIENT_ID, ColumnType.STRING),
        Column.required(ASSESSMENT_DATE, ColumnType.DATE),
        Column.requiredCode(DISCIPLINE, DISCIPLINES)));
    for (Element element : Element.values()) {
      columns.add(Column.optionalInRange(element.scoreColumn(), Element.MIN_SCORE,
          Element.MAX_SCORE));
    }
    return columns;
  }
}
