package nl.samenspel.pipelines.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks {@link HeadlessChromium} against a real browser. Deliberately not skipped when Chromium
 * is missing: CI installs it, so a missing browser is a broken environment and must fail loudly.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HeadlessChromiumTest {

  private static final int WIDTH = 1024;
  private static final int HEIGHT = 768;
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private static HeadlessChromium chromium;

  @BeforeAll
  static void launchBrowser() throws IOException {
    if (!HeadlessChromium.available()) {
      fail("No Chromium found for the browser tests (looked at $"
          + HeadlessChromium.ENV_BINARY + ", /usr/bin/chromium and chromium, chromium-browser,"
          + " google-chrome on the PATH). Install it with `apt-get install chromium` (CI does),"
          + " or point " + HeadlessChromium.ENV_BINARY + " at a Chrome/Chromium binary.");
    }
    long start = System.nanoTime();
    chromium = HeadlessChromium.launch(WIDTH, HEIGHT);
    System.out.printf("HeadlessChromium: launch took %d ms%n", millisSince(start));
  }

  @AfterAll
  static void closeBrowser() {
    if (chromium != null) {
      long start = System.nanoTime();
      chromium.close();
      System.out.printf("HeadlessChromium: close took %d ms%n", millisSince(start));
    }
  }

  @Test
  void cleanPageMakesNoRequestsAndHasNoErrors(@TempDir Path dir) throws IOException {
    Path page = write(dir.resolve("clean.html"), """
        <!doctype html>
        <html lang="nl">
        <head><meta charset="utf-8"><title>Schone pagina</title>
        <style>body { font-family: sans-serif; background: #f4f7fb; }</style></head>
        <body>
          <h1>Samenspel</h1>
          <p>Een pagina zonder externe bronnen.</p>
          <svg width="200" height="100"><rect width="200" height="100" fill="#3a7"/></svg>
          <script>document.body.dataset.ready = "yes";</script>
        </body>
        </html>
        """);

    long start = System.nanoTime();
    try (HeadlessChromium.Visit visit = chromium.open(page)) {
      System.out.printf("HeadlessChromium: open (clean page) took %d ms%n", millisSince(start));

      assertThat(visit.requests()).first().isEqualTo(page.toUri().toString());
      assertThat(visit.externalRequests()).isEmpty();
      assertThat(visit.consoleErrors()).isEmpty();
      assertThat(visit.exceptions()).isEmpty();
      assertThat(visit.evaluate("document.title")).isEqualTo("Schone pagina");
      assertThat(visit.evaluate("document.body.dataset.ready")).isEqualTo("yes");
      assertThat(visit.evaluate("innerWidth + 'x' + innerHeight"))
          .isEqualTo(WIDTH + "x" + HEIGHT);
      assertThat(visit.evaluate("1 + 1")).isEqualTo("2");

      long shot = System.nanoTime();
      byte[] png = visit.screenshot();
      System.out.printf("HeadlessChromium: screenshot took %d ms (%d bytes)%n",
          millisSince(shot), png.length);
      assertThat(png).startsWith(PNG_MAGIC);
      assertThat(png.length).isGreaterThan(1000);
      ByteBuffer header = ByteBuffer.wrap(png, 16, 8); // IHDR: width, height (big-endian)
      assertThat(header.getInt()).as("screenshot width").isEqualTo(WIDTH);
      assertThat(header.getInt()).as("screenshot height").isEqualTo(HEIGHT);
    }
  }

  @Test
  void brokenPageReportsExternalRequestConsoleErrorAndException(@TempDir Path dir)
      throws IOException {
    Path page = write(dir.resolve("broken.html"), """
        <!doctype html>
        <html>
        <head><meta charset="utf-8"><title>Kapot</title></head>
        <body>
          <img src="https://example.invalid/x.png" alt="">
          <script>console.error("boom"); undefined_fn();</script>
        </body>
        </html>
        """);

    long start = System.nanoTime();
    try (HeadlessChromium.Visit visit = chromium.open(page)) {
      System.out.printf("HeadlessChromium: open (broken page) took %d ms%n", millisSince(start));

      assertThat(visit.externalRequests()).contains("https://example.invalid/x.png");
      assertThat(visit.consoleErrors()).isNotEmpty().contains("boom");
      assertThat(visit.exceptions()).isNotEmpty()
          .anySatisfy(e -> assertThat(e).contains("undefined_fn"));
    }
  }

  private static Path write(Path file, String html) throws IOException {
    return Files.writeString(file, html, StandardCharsets.UTF_8);
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
