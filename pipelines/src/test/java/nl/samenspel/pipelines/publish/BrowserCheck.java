package nl.samenspel.pipelines.publish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens a report in headless Chromium and measures what a policy reader sees on the first
 * screen: how many strongest and most doubtful findings are listed, whether each says why, and
 * where the lists end. Saves a screenshot of the viewport as a test artefact.
 */
public final class BrowserCheck {

  /** What the first screen showed. */
  public record FirstScreen(List<String> externalRequests, List<String> consoleErrors,
      List<String> exceptions, int strongest, int doubtful, int withReasons,
      double firstScreenBottom, String language) {}

  private BrowserCheck() {}

  public static FirstScreen open(Path html, int width, int height, Path screenshot)
      throws IOException {
    try (HeadlessChromium browser = HeadlessChromium.launch(width, height)) {
      HeadlessChromium.Visit visit = browser.open(html.toAbsolutePath());
      Files.createDirectories(screenshot.toAbsolutePath().getParent());
      Files.write(screenshot, visit.screenshot());
      return new FirstScreen(visit.externalRequests(), visit.consoleErrors(), visit.exceptions(),
          Integer.parseInt(visit.evaluate("document.querySelectorAll('#strongest li').length")),
          Integer.parseInt(visit.evaluate("document.querySelectorAll('#doubtful li').length")),
          Integer.parseInt(visit.evaluate(
              "Array.from(document.querySelectorAll('#first-screen li .why'))"
                  + ".filter(e => e.textContent.trim().length > 10).length")),
          Double.parseDouble(visit.evaluate(
              "document.getElementById('first-screen').getBoundingClientRect().bottom")),
          visit.evaluate("document.documentElement.lang"));
    }
  }
}
