package nl.samenspel.kernel;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.Snippet.Status;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * Evaluates notebook cells with the JDK's JShell, in this JVM ({@link InProcessExecution}) and
 * with this JVM's class path, and turns the outcome into Jupyter output: the value of the
 * cell's last expression, or a {@link CellError}. Independent of Jupyter's messaging, so that
 * it can be tested on its own.
 *
 * <p>A cell holds any number of statements, expressions and declarations; JShell's source
 * analysis splits it into snippets, which run in order until one fails. Not thread-safe: one
 * cell at a time, as Jupyter sends them; only {@link #stop()} may come from another thread.
 */
public final class CellEvaluator implements AutoCloseable {

  /** Evaluated before the first cell: what every notebook may use without importing it. */
  static final List<String> STARTUP = List.of(
      "import java.util.*;",
      "import java.util.function.*;",
      "import java.util.stream.*;",
      "import java.io.*;",
      "import java.nio.file.*;",
      "import nl.samenspel.kernel.Html;",
      "import static nl.samenspel.kernel.Notebook.*;");

  private final InProcessExecution execution = new InProcessExecution();
  private final JShell shell;
  private final SourceCodeAnalysis analysis;

  /** A JShell with this JVM's class path; {@code displays} receives {@link Notebook#display} output. */
  public CellEvaluator(Consumer<DisplayData> displays) {
    Notebook.displayTo(displays);
    shell = JShell.builder().executionEngine(execution.provider(), Map.of()).build();
    // The compiler needs the class path too (the class loader of the cells asks this JVM's
    // first). One call: one per entry costs a second more with the pipelines' 260 jars.
    shell.addToClasspath(System.getProperty("java.class.path"));
    analysis = shell.sourceCodeAnalysis();
    for (String line : STARTUP) {
      evaluate(line);
    }
  }

  /**
   * Runs a cell. Returns the value of its last snippet when that is an expression with a value
   * (not an assignment or a declaration), as Jupyter output; empty otherwise.
   *
   * @throws CellError when a snippet does not compile or throws, the cell ends incomplete, or a
   *     declaration of the cell refers to a name that is still not declared at its end
   */
  public Optional<DisplayData> evaluate(String cell) {
    List<DeclarationSnippet> declared = new ArrayList<>();
    Optional<DisplayData> shown = Optional.empty();
    String remaining = cell;
    while (true) {
      CompletionInfo next = analysis.analyzeCompletion(remaining);
      int start = cell.length() - remaining.length();
      switch (next.completeness()) {
        case EMPTY:
          checkResolved(declared);
          return shown;
        case DEFINITELY_INCOMPLETE:
        case CONSIDERED_INCOMPLETE:
          throw CellError.incomplete(lineOf(cell, firstCode(cell, start)));
        default:
          break;
      }
      shown = run(cell, start, next.source(), declared);
      if (next.remaining().length() >= remaining.length()) {
        throw new IllegalStateException("JShell's source analysis made no progress at: " + remaining);
      }
      remaining = next.remaining();
    }
  }

  /** Tab completion at {@code cursor}: the replacements and where they start. */
  public Completions complete(String code, int cursor) {
    int[] anchor = new int[1];
    Set<String> replacements = new LinkedHashSet<>();
    List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(code, cursor, anchor);
    // Suggestions that fit the expected type first, as JShell's own tool lists them.
    suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
        .forEach(suggestion -> replacements.add(suggestion.continuation()));
    suggestions.forEach(suggestion -> replacements.add(suggestion.continuation()));
    return new Completions(List.copyOf(replacements), anchor[0], cursor);
  }

  /** The replacements for the code between {@code start} and {@code end}. */
  public record Completions(List<String> replacements, int start, int end) {}

  /** Signatures (and Javadoc where the JDK has it) of what the cursor is in, for shift-tab. */
  public Optional<String> documentation(String code, int cursor) {
    String text = analysis.documentation(code, cursor, true).stream()
        .map(doc -> doc.javadoc() == null || doc.javadoc().isBlank()
            ? doc.signature()
            : doc.signature() + "\n" + doc.javadoc())
        .collect(Collectors.joining("\n\n"));
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /**
   * Whether a console's input can run as it is: "complete", "invalid", "unknown" (see
   * {@code BaseKernel.IS_COMPLETE_*}), or the indent of the next line when it needs more.
   */
  public String completeness(String code) {
    String remaining = code;
    while (true) {
      CompletionInfo next = analysis.analyzeCompletion(remaining);
      switch (next.completeness()) {
        case EMPTY:
          return "complete";
        case DEFINITELY_INCOMPLETE:
          return "    ";
        case CONSIDERED_INCOMPLETE:
          return "unknown";
        case UNKNOWN:
          return "invalid";
        default:
          if (next.remaining().length() >= remaining.length()) {
            return "complete";
          }
          remaining = next.remaining();
      }
    }
  }

  /** Jupyter's interrupt: see {@link InProcessExecution#stop()}. */
  public void stop() {
    shell.stop();
  }

  @Override
  public void close() {
    shell.close();
  }

  /**
   * Runs one snippet of the cell; {@code start} is where it begins in the cell (for line
   * numbers). Adds what it declares to {@code declared}.
   */
  private Optional<DisplayData> run(String cell, int start, String source, List<DeclarationSnippet> declared) {
    execution.takeLastValue();
    Optional<DisplayData> shown = Optional.empty();
    for (SnippetEvent event : shell.eval(source)) {
      if (event.causeSnippet() != null) {
        continue; // an earlier snippet that this one updated
      }
      Snippet snippet = event.snippet();
      if (event.status() == Status.REJECTED) {
        throw CellError.compilation(diagnostics(cell, start, snippet));
      }
      JShellException thrown = event.exception();
      if (thrown instanceof UnresolvedReferenceException unresolved) {
        DeclarationSnippet declaration = unresolved.getSnippet();
        throw CellError.unresolved(name(declaration), missing(declaration));
      }
      if (thrown != null) {
        throw CellError.thrown(thrown);
      }
      if (snippet instanceof DeclarationSnippet declaration) {
        declared.add(declaration);
      }
      Object value = execution.takeLastValue();
      // System.out.printf(...) returns the stream itself: not worth showing.
      if (showsValue(snippet) && event.value() != null && !(value instanceof PrintStream)) {
        shown = Optional.of(Notebook.bundle(value, event.value()));
      }
    }
    return shown;
  }

  /** An expression's value is shown; a declared variable or an assignment is not (as in IPython). */
  private static boolean showsValue(Snippet snippet) {
    return switch (snippet.subKind()) {
      case TEMP_VAR_EXPRESSION_SUBKIND, VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND -> true;
      default -> false;
    };
  }

  /** Declarations of the cell that still refer to undeclared names now that the cell has run. */
  private void checkResolved(List<DeclarationSnippet> declared) {
    for (DeclarationSnippet declaration : declared) {
      Status status = shell.status(declaration);
      if (status == Status.RECOVERABLE_DEFINED || status == Status.RECOVERABLE_NOT_DEFINED) {
        throw CellError.unresolved(name(declaration), missing(declaration));
      }
    }
  }

  private List<String> missing(DeclarationSnippet declaration) {
    return shell.unresolvedDependencies(declaration).collect(Collectors.toList());
  }

  private static String name(DeclarationSnippet declaration) {
    return declaration.kind().name().toLowerCase(Locale.ROOT).replace("type_decl", "type")
        + " " + declaration.name();
  }

  /** Each compile error with its line in the cell, the line itself and a caret under the spot. */
  private List<String> diagnostics(String cell, int start, Snippet snippet) {
    String source = snippet.source();
    // The analysis may add a ';' to the last statement: find the snippet's text in the cell.
    int offset = cell.indexOf(source.endsWith(";") ? source.substring(0, source.length() - 1) : source, start);
    List<String> report = new ArrayList<>();
    shell.diagnostics(snippet).filter(Diag::isError).forEach(diag -> {
      int position = (int) Math.max(0, Math.min(diag.getPosition(), source.length()));
      String message = diag.getMessage(Locale.ENGLISH);
      if (offset < 0) {
        report.add("Compile error: " + message);
        return;
      }
      int at = offset + position;
      int lineStart = cell.lastIndexOf('\n', at - 1) + 1;
      int lineEnd = cell.indexOf('\n', at);
      report.add("Compile error, line " + lineOf(cell, at) + ": " + message);
      report.add(cell.substring(lineStart, lineEnd < 0 ? cell.length() : lineEnd));
      report.add(" ".repeat(at - lineStart) + "^");
    });
    if (report.isEmpty()) {
      report.add("Compile error in: " + source);
    }
    return report;
  }

  private static int firstCode(String cell, int from) {
    int at = from;
    while (at < cell.length() && Character.isWhitespace(cell.charAt(at))) {
      at++;
    }
    return at;
  }

  private static int lineOf(String text, int position) {
    int line = 1;
    for (int i = 0; i < Math.min(position, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
