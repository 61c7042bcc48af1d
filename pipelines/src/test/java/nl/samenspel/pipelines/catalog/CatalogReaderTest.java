package nl.samenspel.pipelines.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.evidence.Definitions;
import nl.samenspel.pipelines.SamenspelException;
import org.junit.jupiter.api.Test;

/** The catalog's optional costs: read when present, one clear line when unreadable. */
class CatalogReaderTest {

  private static final String HEADER = "code,discipline,name_nl,name_en,target_elements";

  private static List<CatalogEntry> parse(String text) throws Exception {
    return CatalogReader.parse(new StringReader(text), "costs.csv");
  }

  @Test
  void theShippedCatalogHasACostForEveryIntervention() {
    List<CatalogEntry> catalog = CatalogReader.bundled();
    assertThat(catalog).hasSize(18).allMatch(e -> e.costEur() != null && e.costEur() > 0);
  }

  @Test
  void costsAreOptionalPerRowAndAsAColumn() throws Exception {
    List<CatalogEntry> without = parse(HEADER + "\nKM_A,KM,A,A,SKILLS\n");
    assertThat(without.get(0).costEur()).isNull();
    List<CatalogEntry> with = parse(HEADER + ",cost_eur\nKM_A,KM,A,A,SKILLS,1200,50\n"
        .replace("1200,50", "\"1200,50\"") + "IC_B,IC,B,B,,\nAM_C,AM,C,C,,300\n");
    assertThat(with).extracting(CatalogEntry::costEur).containsExactly(1200.5, null, 300.0);
    assertThat(Definitions.catalogVersion(with)).as("prices do not change what is estimated")
        .isEqualTo(Definitions.catalogVersion(parse(HEADER + "\nKM_A,KM,A,A,SKILLS\n"
            + "IC_B,IC,B,B,\nAM_C,AM,C,C,\n")));
  }

  @Test
  void anUnreadableCostIsOneLineNamingFileLineAndColumn() {
    assertThatThrownBy(() -> parse(HEADER + ",cost_eur\nKM_A,KM,A,A,SKILLS,\"1.250,00\"\n"))
        .isInstanceOf(SamenspelException.class)
        .hasMessageContaining("costs.csv line 2: column 'cost_eur' is '1.250,00'")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> parse(HEADER + ",cost_eur\nKM_A,KM,A,A,SKILLS,-5\n"))
        .hasMessageContaining("column 'cost_eur' is '-5'");
  }
}
