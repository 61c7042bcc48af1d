package nl.samenspel.pipelines.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * The run's progress: each line goes to the console (through {@code console}) and, with a UTC
 * time stamp, to {@code runs/RUN_ID/run.log}. Lines are written by Samenspel itself from counts
 * and names only, never from data values, so no identifier can reach the log.
 */
public final class RunLog implements Consumer<String>, AutoCloseable {

  private final Consumer<String> console;
  private final Writer file;

  public RunLog(Path logFile, Consumer<String> console) {
    this.console = console;
    try {
      Files.createDirectories(logFile.getParent());
      this.file = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("can't write the log " + logFile, e);
    }
  }

  /** Writes {@code text} (one line, or several, each stamped) to the console and the file. */
  @Override
  public synchronized void accept(String text) {
    console.accept(text);
    try {
      String stamp = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " ";
      for (String line : text.lines().toList()) {
        file.write(stamp + line + "\n");
      }
      file.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("can't write the log", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      file.close();
    } catch (IOException e) {
      throw new UncheckedIOException("can't close the log", e);
    }
  }
}
