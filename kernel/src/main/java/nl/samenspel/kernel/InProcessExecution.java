package nl.samenspel.kernel;

import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's execution engine for the kernel: runs each snippet in this JVM, in the thread that
 * evaluates the cell, so that a cell uses the kernel's class path (Spark, the project) and
 * prints through the kernel's {@code System.out}. It keeps the value of the last snippet as an
 * object (JShell itself hands back only its text), so that an {@link Html} value can be shown
 * rendered.
 *
 * <p>Not thread-safe: one cell runs at a time ({@code BaseKernel} serializes execute requests);
 * only {@link #stop()} comes from another thread.
 */
final class InProcessExecution extends DirectExecutionControl {

  private volatile Thread running;
  private Object lastValue;

  @Override
  protected String invoke(Method snippet) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // Spark (its code generation, a local executor created in a cell) and Jackson find classes
    // through the context class loader: let them see the classes that cells declare.
    thread.setContextClassLoader(snippet.getDeclaringClass().getClassLoader());
    running = thread;
    try {
      lastValue = snippet.invoke(null);
      return valueString(lastValue);
    } finally {
      running = null;
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * Jupyter's interrupt: interrupts the thread running the cell. Code that waits, sleeps or runs
   * a Spark job stops; a loop that never looks at its interrupt flag does not (then restart the
   * kernel).
   */
  @Override
  public void stop() {
    Thread thread = running;
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** The value of the snippet evaluated last, once; {@code null} when there was none. */
  Object takeLastValue() {
    Object value = lastValue;
    lastValue = null;
    return value;
  }

  /** Hands this engine to {@code JShell.builder().executionEngine(...)}. */
  ExecutionControlProvider provider() {
    return new ExecutionControlProvider() {
      @Override
      public String name() {
        return "samenspel-in-process";
      }

      @Override
      public ExecutionControl generate(ExecutionEnv environment, Map<String, String> parameters) {
        return InProcessExecution.this;
      }
    };
  }
}
