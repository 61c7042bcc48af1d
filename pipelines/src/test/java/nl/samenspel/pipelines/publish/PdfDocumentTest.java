package nl.samenspel.pipelines.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PdfDocumentTest {

  private static final String TITLE = "Samenspel – bewijsoverzicht";
  private static final String[] HEADINGS = {
      "1. Samenvatting", "2. Effecten per element", "3. Werkwijze en beperkingen"};

  private static final String XHTML = """
      <!DOCTYPE html>
      <html xmlns="http://www.w3.org/1999/xhtml" lang="nl">
      <head>
      <meta charset="utf-8"/>
      <title>%s</title>
      <style>
        @page { size: A4; margin: 18mm 16mm; }
        body { font-family: "DejaVu Sans", system-ui, sans-serif; font-size: 10pt; color: #1a1a1a; }
        h2 { font-size: 13pt; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; width: 100%%; }
        th, td { border: 1px solid #ccc; padding: 2pt 4pt; text-align: left; }
        td.num { text-align: right; }
      </style>
      </head>
      <body>
      <h1>%s</h1>
      <h2 id="samenvatting">%s</h2>
      <p>Bij een overlap ≥ 0,1 en een groepsgrootte ≤ 500 schatten we het effect;
      een verschil van −0,03 (betrouwbaarheidsinterval –0,05 tot –0,01) is klein.<br/>
      Coëfficiënten, ‘scores’ en “effecten”&#160;zijn afgerond.</p>
      <h2 id="effecten">%s</h2>
      <table>
        <thead><tr><th scope="col">Element</th><th scope="col">Interventie</th>
          <th scope="col">Effect</th><th scope="col">n</th></tr></thead>
        <tbody>
          <tr><td>Zelfvertrouwen</td><td>Coaching × training</td><td class="num">0,12 ▲</td>
            <td class="num">480</td></tr>
          <tr><td>Geïnformeerd zijn</td><td>Café-avond</td><td class="num">−0,03 ▼</td>
            <td class="num">120</td></tr>
        </tbody>
      </table>
      <svg xmlns="http://www.w3.org/2000/svg" width="320" height="120" viewBox="0 0 320 120"
           role="img" aria-labelledby="grafiek-titel">
        <title id="grafiek-titel">Effect per element met betrouwbaarheidsinterval</title>
        <line x1="160" y1="0" x2="160" y2="120" stroke="#888" stroke-dasharray="3 3"/>
        <rect x="160" y="20" width="90" height="24" fill="#2b6cb0"/>
        <rect x="130" y="70" width="30" height="24" fill="#c05621"/>
        <line x1="140" y1="32" x2="280" y2="32" stroke="#1a1a1a"/>
        <text x="4" y="36" font-family="sans-serif" font-size="11">Zelfvertrouwen</text>
        <text x="4" y="86" font-family="sans-serif" font-size="11">Geïnformeerd</text>
      </svg>
      <h2 id="werkwijze">%s</h2>
      <ul><li>• Schattingen met AIPW; één model per element.</li></ul>
      </body>
      </html>
      """.formatted(TITLE, TITLE, HEADINGS[0], HEADINGS[1], HEADINGS[2]);

  private static byte[] pdf;

  @BeforeAll
  static void render() {
    long start = System.nanoTime();
    pdf = PdfDocument.render(XHTML);
    System.out.printf("PdfDocumentTest: rendered %d chars of XHTML to %d PDF bytes in %d ms%n",
        XHTML.length(), pdf.length, (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void chartLabelsAreDrawnAtTheirSize() throws Exception {
    // Only SVG text on the page: its ink must cover what 12 px text covers, not a speck (a font
    // registered for SVG once drew every label at a twentieth of its size).
    String page = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title></head>"
        + "<body><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"40\">"
        + "<text x=\"390\" y=\"20\" font-size=\"12\" text-anchor=\"end\">"
        + "Coaching op geloof in eigen kunnen (klantmanager)</text></svg></body></html>";
    try (PDDocument pdf = Loader.loadPDF(PdfDocument.render(page))) {
      java.awt.image.BufferedImage image = new org.apache.pdfbox.rendering.PDFRenderer(pdf)
          .renderImageWithDPI(0, 96);
      int left = image.getWidth();
      int right = 0;
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          if ((image.getRGB(x, y) & 0xff) < 128) {
            left = Math.min(left, x);
            right = Math.max(right, x);
          }
        }
      }
      assertThat(right - left).as("width of the label in pixels at 96 dpi").isGreaterThan(200);
    }
  }

  @Test
  void rendersAPdfWithTheTextAndTheSpecialCharacters() throws Exception {
    assertThat(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(document.getNumberOfPages()).isGreaterThanOrEqualTo(1);
      String text = new PDFTextStripper().getText(document);
      assertThat(text).contains(HEADINGS).contains("≥", "≤", "×", "−", "–", "ë", "é", "ï",
          "‘", "’", "“", "”", "•", "▲", "▼", "Zelfvertrouwen", "Café-avond");
    }
  }

  @Test
  void setsTheTitleAndNoClockDependentMetadata() throws Exception {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(document.getDocumentInformation().getTitle()).isEqualTo(TITLE);
      assertThat(document.getDocumentInformation().getProducer()).isEqualTo("Samenspel");
      assertThat(document.getDocumentInformation().getCreationDate()).isNull();
      assertThat(document.getDocumentInformation().getModificationDate()).isNull();
      assertThat(document.getDocumentCatalog().getLanguage()).isEqualTo("nl");
    }
  }

  @Test
  void theSameHtmlGivesTheSameBytes() {
    assertThat(PdfDocument.render(XHTML)).isEqualTo(pdf);
  }

  @Test
  void keepsDecimalNumbersOnOneLine() throws Exception {
    // one word per line; the JDK's line breaker alone splits "−0,03" (U+2212) after the comma
    String text = textOf(PdfDocument.render(page("<p style=\"width: 1pt\">−0,03 –0,05 12,5</p>")));
    assertThat(text).contains("−0,03", "–0,05", "12,5");
  }

  @Test
  void fallsBackToTheBundledFontForGlyphsTheCssFontLacks() throws Exception {
    // CSS serif is the base-14 Times, which has no ≥ or −
    String text = textOf(PdfDocument.render(page("<p style=\"font-family: serif\">≥ 0,1 − ▲</p>")));
    assertThat(text).contains("≥ 0,1 − ▲").doesNotContain("#");
  }

  @Test
  void rejectsHtmlThatIsNotWellFormedXml() {
    String html = "<html><head><title>x</title></head><body><p>a<br>b</p></body></html>";
    assertThatThrownBy(() -> PdfDocument.render(html))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("can't render the PDF")
        .hasMessageContaining("\"br\"")
        .hasCauseInstanceOf(Exception.class);
  }

  private static String page(String body) {
    return "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title></head><body>"
        + body + "</body></html>";
  }

  private static String textOf(byte[] pdf) throws Exception {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(document);
    }
  }
}
