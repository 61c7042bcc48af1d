package nl.samenspel.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The kernel's cell evaluation without Jupyter: what a cell shows, and that every way a cell can
 * fail is an error (which is what makes {@code nbconvert --execute} fail in CI). One JShell for
 * the class (starting one takes about a second), so each test uses names of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CellEvaluatorTest {

  private final List<DisplayData> displayed = new ArrayList<>();
  private CellEvaluator cells;

  @BeforeAll
  void startShell() {
    cells = new CellEvaluator(displayed::add);
  }

  @AfterAll
  void closeShell() {
    cells.close();
  }

  @BeforeEach
  void forgetDisplays() {
    displayed.clear();
  }

  @Test
  void theLastExpressionIsTheCellsValue() {
    assertThat(text(cells.evaluate("int a = 20;\nint b = 22;\na + b"))).isEqualTo("42");
    assertThat(text(cells.evaluate("\"word\""))).as("a string as JShell writes it").isEqualTo("\"word\"");
  }

  @Test
  void declarationsAssignmentsAndStatementsShowNothing() {
    assertThat(cells.evaluate("int declared = 1;")).isEmpty();
    assertThat(cells.evaluate("declared = 2;")).isEmpty();
    assertThat(cells.evaluate("declared + 1;\nSystem.getProperty(\"x\");\nfor (int i = 0; i < 2; i++) {}")).isEmpty();
    assertThat(cells.evaluate("// only a comment\n")).isEmpty();
    assertThat(cells.evaluate("System.out.printf(\"%s\", \"\")")).isEmpty();
    assertThat(text(cells.evaluate("declared"))).isEqualTo("2");
  }

  @Test
  void printedTextGoesToSystemOut() {
    PrintStream original = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      cells.evaluate("System.out.println(\"hello from a cell\");");
    } finally {
      System.setOut(original);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("hello from a cell" + System.lineSeparator());
  }

  @Test
  void anHtmlValueIsATextHtmlBundle() {
    DisplayData data = cells.evaluate("html(\"<svg width='10'></svg>\")").orElseThrow();
    assertThat(data.getData(MIMEType.TEXT_HTML)).isEqualTo("<svg width='10'></svg>");
    assertThat((String) data.getData(MIMEType.TEXT_PLAIN)).startsWith("HTML (");

    Html declared = new Html("<b>x</b>");
    assertThat(cells.evaluate("Html shownLater = table(List.of(\"name\", \"n\"), List.of(List.of(\"a<b\", 5), List.of(\"c\", 0.25)));"))
        .as("a declared variable is not shown").isEmpty();
    assertThat(cells.evaluate("shownLater").orElseThrow().getData(MIMEType.TEXT_HTML)).isEqualTo(
        "<table><thead><tr><th style=\"text-align:left\">name</th><th style=\"text-align:left\">n</th></tr></thead><tbody>"
            + "<tr><td style=\"text-align:left\">a&lt;b</td><td style=\"text-align:right\">5</td></tr>"
            + "<tr><td style=\"text-align:left\">c</td><td style=\"text-align:right\">0.250</td></tr></tbody></table>");
    assertThat(declared.toString()).isEqualTo("<b>x</b>");
  }

  @Test
  void displayShowsOutputInTheMiddleOfACell() {
    assertThat(cells.evaluate("display(html(\"<i>first</i>\"));\ndisplay(\"second\");")).isEmpty();
    assertThat(displayed).hasSize(2);
    assertThat(displayed.get(0).getData(MIMEType.TEXT_HTML)).isEqualTo("<i>first</i>");
    assertThat(displayed.get(1).getData(MIMEType.TEXT_PLAIN)).isEqualTo("second");
    assertThat(displayed.get(1).hasDataForType(MIMEType.TEXT_HTML)).isFalse();
  }

  @Test
  void aCompileErrorIsAnErrorThatPointsAtTheLine() {
    assertThatThrownBy(() -> cells.evaluate("int fine = 1;\nint wrong = undeclaredName + 1;"))
        .isInstanceOf(CellError.class)
        .satisfies(error -> {
          List<String> report = ((CellError) error).report();
          assertThat(report.get(0)).startsWith("Compile error, line 2: cannot find symbol");
          assertThat(report.get(1)).isEqualTo("int wrong = undeclaredName + 1;");
          assertThat(report.get(2)).isEqualTo("            ^");
        });
  }

  @Test
  void theSnippetsBeforeAnErrorHaveRunAndTheOnesAfterItHaveNot() {
    assertThatThrownBy(() -> cells.evaluate("int before = 1;\nint broken = \"text\";\nint after = 3;"))
        .isInstanceOf(CellError.class);
    assertThat(text(cells.evaluate("before"))).isEqualTo("1");
    assertThatThrownBy(() -> cells.evaluate("after")).isInstanceOf(CellError.class);
  }

  @Test
  void anExceptionIsAnErrorWithItsClassMessageAndCause() {
    assertThatThrownBy(() -> cells.evaluate(
        "throw new IllegalStateException(\"outer\", new java.io.IOException(\"inner\"));"))
        .isInstanceOf(CellError.class)
        .hasMessage("java.lang.IllegalStateException: outer\nCaused by: java.io.IOException: inner")
        .satisfies(error -> assertThat(((CellError) error).report())
            .contains("Caused by: java.io.IOException: inner"));
  }

  @Test
  void anIncompleteCellIsAnError() {
    assertThatThrownBy(() -> cells.evaluate("int complete = 1;\nfor (int i = 0; i < 3; i++) {\n  complete++;"))
        .isInstanceOf(CellError.class)
        .hasMessageContaining("from line 2");
  }

  @Test
  void aDeclarationThatStaysUnresolvedIsAnErrorButAForwardReferenceIsNot() {
    assertThat(text(cells.evaluate("int first() { return second() + 1; }\nint second() { return 1; }\nfirst()")))
        .isEqualTo("2");
    assertThatThrownBy(() -> cells.evaluate("int lonely() { return nowhere(); }"))
        .isInstanceOf(CellError.class)
        .hasMessageContaining("method lonely")
        .hasMessageContaining("nowhere");
  }

  @Test
  void cellsSeeTheKernelsClassPathAndTheirOwnClassesThroughTheContextLoader() {
    assertThat(text(cells.evaluate("nl.samenspel.kernel.Html.class.getClassLoader() == ClassLoader.getSystemClassLoader()")))
        .isEqualTo("true");
    cells.evaluate("record Point(int x) {}");
    assertThat(text(cells.evaluate(
        "Thread.currentThread().getContextClassLoader() == Point.class.getClassLoader()"))).isEqualTo("true");
  }

  @Test
  void completionAndCompletenessComeFromJShellsSourceAnalysis() {
    CellEvaluator.Completions completions = cells.complete("\"abc\".toUpp", 11);
    assertThat(completions.replacements()).contains("toUpperCase(");
    assertThat(completions.start()).isEqualTo(6);
    assertThat(completions.end()).isEqualTo(11);
    assertThat(cells.completeness("int x = 1;")).isEqualTo("complete");
    assertThat(cells.completeness("for (int i = 0; i < 3; i++) {")).isEqualTo("    ");
    assertThat(cells.documentation("Math.abs(", 9)).get().asString().contains("abs(");
  }

  private static String text(Optional<DisplayData> data) {
    return (String) data.orElseThrow(() -> new AssertionError("the cell showed nothing"))
        .getData(MIMEType.TEXT_PLAIN);
  }
}
