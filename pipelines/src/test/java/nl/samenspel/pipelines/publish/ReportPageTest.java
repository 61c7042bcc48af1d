package nl.samenspel.pipelines.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report page in both languages: well-formed, self-contained, accessible markup. */
class ReportPageTest {

  @Test
  void bothLanguagesAreWellFormedXhtmlWithRealTableHeadersAndTextAlternatives() throws Exception {
    for (Language language : Language.values()) {
      String html = ReportPage.render(CardTextTest.report(language));
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.newDocumentBuilder().parse(new org.xml.sax.InputSource(
          new java.io.StringReader(html.replace("<!DOCTYPE html>", ""))));
      assertThat(html).as(language.code())
          .contains("lang=\"" + language.code() + "\"")
          .contains("<th scope=\"col\">", "<th scope=\"row\">", "<caption>")
          .contains("role=\"img\"", "<title id=\"forest-self_efficacy-t\">",
              "<desc id=\"forest-self_efficacy-d\">")
          .doesNotContain("<script", "<link", "url(")
          .doesNotContainPattern("(src|href)=\"(?!#)");
    }
    assertThat(ReportPage.render(CardTextTest.report(Language.EN)))
        .contains("Strongest findings", "Most doubtful findings", "not proof");
  }

  @Test
  void theEnglishPageOpensInChromiumWithoutErrors(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("index.html");
    Files.writeString(page, ReportPage.render(CardTextTest.report(Language.EN)),
        StandardCharsets.UTF_8);
    BrowserCheck.FirstScreen screen = BrowserCheck.open(page, 1366, 768,
        Path.of("target", "report-fixture-en.png"));
    assertThat(screen.language()).isEqualTo("en");
    assertThat(screen.externalRequests()).isEmpty();
    assertThat(screen.consoleErrors()).isEmpty();
    assertThat(screen.exceptions()).isEmpty();
    assertThat(screen.strongest()).as("two findings exclude zero in the fixture").isEqualTo(2);
    assertThat(screen.doubtful()).isEqualTo(1);
  }
}
