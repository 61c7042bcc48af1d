package nl.samenspel.kernel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;

/**
 * The "Java (Samenspel)" Jupyter kernel: JJava's protocol base ({@link BaseKernel}: ZeroMQ
 * sockets, message signing, stdout/stderr streams, display data) with cells evaluated by
 * {@link CellEvaluator}. Cells run inside this JVM, whose class path the launcher sets to the
 * pipelines' (Spark, the models, the project's own classes): {@code ./samenspel notebook-kernel}
 * writes the kernelspec.
 *
 * <p>No magics, no history, no Maven resolution in cells: the class path is the project's.
 */
public final class SamenspelKernel extends BaseKernel {

  private final CellEvaluator cells;

  SamenspelKernel() {
    super("samenspel-java", "1", languageInfo(), List.of(), null,
        new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(), null, null, false,
        new StringStyler.Builder().addPrimaryStyle(TextColor.BOLD_RED_FG).build());
    cells = new CellEvaluator(this::display);
  }

  /** Started by Jupyter with the path of its connection file (kernel.json's argv). */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: java ... nl.samenspel.kernel.SamenspelKernel CONNECTION_FILE"
          + " (Jupyter starts it; install it with ./samenspel notebook-kernel)");
      System.exit(2);
    }
    KernelConnectionProperties connection =
        KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
    JupyterConnection channels = new JupyterConnection(connection);
    SamenspelKernel kernel = new SamenspelKernel();
    kernel.onStartup();
    kernel.becomeHandlerForConnection(channels);
    channels.connect();
    channels.waitUntilClose();
    // A SparkSession started in a cell keeps non-daemon threads alive: end the JVM here.
    System.exit(0);
  }

  private static LanguageInfo languageInfo() {
    return new LanguageInfo("java", Runtime.version().toString(), "text/x-java-source", ".jshell",
        "java", "java", null);
  }

  @Override
  public Object evalRaw(String code) {
    return cells.evaluate(code).orElse(null);
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    return cells.documentation(code, at).map(DisplayData::new).orElse(null);
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    CellEvaluator.Completions completions = cells.complete(code, at);
    return new ReplacementOptions(completions.replacements(), completions.start(), completions.end());
  }

  @Override
  public String isComplete(String code) {
    return cells.completeness(code);
  }

  @Override
  public void interrupt() {
    cells.stop();
  }

  /** A cell's error as the cell's own lines (compile errors with a caret), not the kernel's stack. */
  @Override
  public List<String> formatError(Throwable error) {
    if (error instanceof CellError cellError) {
      List<String> lines = new ArrayList<>(cellError.report());
      lines.set(0, errorStyler.primary(lines.get(0)));
      return lines;
    }
    return super.formatError(error);
  }

  @Override
  public void onShutdown(boolean restarting) {
    cells.close();
    super.onShutdown(restarting);
  }
}
