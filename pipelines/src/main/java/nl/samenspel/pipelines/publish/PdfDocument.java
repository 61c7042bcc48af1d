package nl.samenspel.pipelines.publish;

import com.openhtmltopdf.extend.FSSupplier;
import com.openhtmltopdf.extend.FSTextBreaker;
import com.openhtmltopdf.layout.UrlAwareLineBreakIterator;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FSFontUseCase;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.BreakIterator;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Renders the report's XHTML to PDF with openhtmltopdf (PDFBox backend, Batik for inline SVG).
 *
 * <p>Input: one self-contained, well-formed XHTML string (inline {@code <style>}, inline
 * {@code <svg>}). Nothing outside the string is ever loaded: there is no base URI, every external
 * resource request (CSS, images, fonts, SVG references) is refused, and Batik runs in its secure
 * mode (no scripts, no external resources).
 *
 * <p>What the renderer accepts:
 * <ul>
 *   <li>XML, not HTML: void elements self-closed ({@code <meta charset="utf-8"/>},
 *       {@code <br/>}), no HTML-only named entities such as {@code &nbsp;} (write
 *       {@code &#160;} or the character itself); a parse error fails the render. Inline
 *       {@code <svg>} needs {@code xmlns="http://www.w3.org/2000/svg"}.</li>
 *   <li>CSS 2.1 plus paged media ({@code @page { size: A4; margin: 18mm; }}, margin boxes
 *       with {@code counter(page)}), {@code calc()}, {@code rem}, {@code border-radius},
 *       {@code :nth-child}. Ignored (with a log warning): flexbox, grid, {@code gap}, custom
 *       properties ({@code var(--x)}, {@code :root}), {@code hsl()}, {@code vw}/{@code vh},
 *       {@code box-shadow}, {@code opacity}, {@code position: sticky}; {@code rgba()} and
 *       {@code linear-gradient()} backgrounds paint nothing. Such layouts fall back to block
 *       flow, so keep them to the screen (or give the PDF a CSS 2.1 alternative).</li>
 * </ul>
 *
 * <p>Fonts: the PDF base-14 fonts lack characters the report uses (≥ ≤ − ▲ ▼), so DejaVu Sans
 * (regular 400 and bold 700, Bitstream Vera licence, see
 * {@code nl/samenspel/publish/fonts/LICENSE-DejaVu.txt}) is bundled on the classpath and
 * embedded as a subset; no system font is needed for HTML text. The report CSS should name it
 * first, for example {@code font-family: "DejaVu Sans", system-ui, sans-serif;}: browsers
 * without DejaVu fall through to the system font, and the PDF uses DejaVu. (In the PDF the
 * generic CSS families always mean the base-14 Helvetica/Times/Courier, and page margin boxes
 * default to Times; DejaVu is only the last fallback for glyphs those lack.) Text inside inline
 * SVG is drawn by Batik as outlines from the machine's fonts (Java AWT), so it needs fontconfig
 * and one system font (CI installs fonts-dejavu-core); without one the render fails, and the PDF
 * bytes are the same run after run on one machine but may differ between machines.
 *
 * <p>Line breaking is the JDK's, except that a number is never split after its decimal comma
 * (the JDK breaks "−0,03" after "−0," when the minus is U+2212).
 *
 * <p>Output is deterministic: the same XHTML gives the same bytes. The information dictionary
 * has no creation or modification date, its producer is {@value #PRODUCER} and its title is the
 * HTML {@code <title>}; the document language is the {@code <html lang>}; the trailer /ID is
 * derived from a SHA-256 of the input instead of the clock.
 */
public final class PdfDocument {

  private static final String PRODUCER = "Samenspel";
  private static final String FONT_FAMILY = "DejaVu Sans";
  private static final String FALLBACK_FAMILY = "DejaVu Sans fallback";
  private static final String FONT_DIR = "/nl/samenspel/publish/fonts/";
  private static final String REGULAR_FILE = "DejaVuSans.ttf";
  private static final String BOLD_FILE = "DejaVuSans-Bold.ttf";
  private static final byte[] REGULAR = fontBytes(REGULAR_FILE);
  private static final byte[] BOLD = fontBytes(BOLD_FILE);

  static {
    // openhtmltopdf logs every render (INFO) and every CSS property it skips (WARNING) through
    // java.util.logging; failures still reach the caller as exceptions.
    com.openhtmltopdf.util.XRLog.setLoggingEnabled(false);
  }

  private PdfDocument() {}

  /**
   * Renders a well-formed XHTML document to PDF.
   *
   * @param xhtml the complete document, {@code <html>} root
   * @return the PDF file's bytes, the same for the same input
   * @throws IllegalStateException "can't render the PDF: ..." when the input does not parse or
   *     the renderer fails, with the renderer's exception as cause
   */
  public static byte[] render(String xhtml) {
    Objects.requireNonNull(xhtml, "xhtml");
    try {
      PdfRendererBuilder builder = new PdfRendererBuilder()
          .useFastMode()
          .useSVGDrawer(new BatikSVGDrawer())
          .useExternalResourceAccessControl((uri, type) -> false,
              ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI)
          .useExternalResourceAccessControl((uri, type) -> false,
              ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI)
          .useUnicodeLineBreaker(new NumberKeepingLineBreaker())
          .withProducer(PRODUCER)
          .withHtmlContent(xhtml, null);
      // HTML text: "DejaVu Sans" as the CSS names it, and the same font once more, under a name
      // of its own (openhtmltopdf files a family under one use only), as the last fallback.
      useFont(builder, FONT_FAMILY, FSFontUseCase.DOCUMENT);
      useFont(builder, FALLBACK_FAMILY, FSFontUseCase.FALLBACK_FINAL);
      // SVG text is left to Batik and the system's fonts (Java AWT): registering the bundled
      // font for SVG (FSFontUseCase.SVG) drew every chart label at a twentieth of its size in
      // openhtmltopdf 1.1.31. CI installs fonts-dejavu-core, the family the charts name.
      try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
        renderer.createPDFWithoutClosing();
        try (PDDocument pdf = renderer.getPdfDocument()) {
          fixMetadata(pdf, renderer.getDocument(), xhtml);
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          pdf.save(out);
          return out.toByteArray();
        }
      }
    } catch (IOException | RuntimeException | InternalError e) {
      // InternalError: Java AWT without any system font ("Fontconfig head is null"), on SVG text
      throw new IllegalStateException("can't render the PDF: " + reason(e), e);
    }
  }

  private static void useFont(PdfRendererBuilder builder, String family, FSFontUseCase use) {
    builder.useFont(font(REGULAR), family, 400, FontStyle.NORMAL, true, EnumSet.of(use));
    builder.useFont(font(BOLD), family, 700, FontStyle.NORMAL, true, EnumSet.of(use));
  }

  /** Removes the clock; sets producer, title, language and a content-derived /ID. */
  private static void fixMetadata(PDDocument pdf, Document html, String xhtml) {
    PDDocumentInformation info = pdf.getDocumentInformation();
    info.setCreationDate(null);
    info.setModificationDate(null);
    info.setProducer(PRODUCER);
    String title = title(html);
    if (!title.isEmpty()) {
      info.setTitle(title);
    }
    String lang = html.getDocumentElement().getAttribute("lang").strip();
    if (!lang.isEmpty()) {
      pdf.getDocumentCatalog().setLanguage(lang);
    }
    // COSWriter only makes up an /ID (from the current time) when the trailer has none.
    byte[] id = Arrays.copyOf(sha256(xhtml), 16);
    COSArray ids = new COSArray();
    ids.add(new COSString(id));
    ids.add(new COSString(id));
    pdf.getDocument().getTrailer().setItem(COSName.ID, ids);
  }

  private static String title(Document html) {
    NodeList titles = html.getElementsByTagName("title");
    for (int i = 0; i < titles.getLength(); i++) {
      // the <title> in <head>; one inside inline SVG is a chart's text alternative
      if ("head".equals(titles.item(i).getParentNode().getNodeName())) {
        return titles.item(i).getTextContent().strip().replaceAll("\\s+", " ");
      }
    }
    return "";
  }

  /** The exception's message, plus its root cause's when that adds something. */
  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String rootMessage = root.getMessage();
    return root == e || rootMessage == null || message.contains(rootMessage)
        ? message : message + " (" + rootMessage + ")";
  }


  private static FSSupplier<InputStream> font(byte[] bytes) {
    return () -> new ByteArrayInputStream(bytes);
  }

  private static byte[] fontBytes(String name) {
    try (InputStream in = PdfDocument.class.getResourceAsStream(FONT_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("font missing from the classpath: " + FONT_DIR + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("can't read the font " + FONT_DIR + name, e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  /**
   * openhtmltopdf's default line breaker (the JDK's, URL-aware), except that it never breaks
   * between a decimal separator and the digit after it: the JDK splits "−0,03" into "−0," and
   * "03" when the minus is U+2212.
   */
  private static final class NumberKeepingLineBreaker implements FSTextBreaker {
    private final FSTextBreaker breaker =
        new UrlAwareLineBreakIterator(BreakIterator.getLineInstance(Locale.US));
    private String text = "";

    @Override
    public void setText(String newText) {
      text = newText;
      breaker.setText(newText);
    }

    @Override
    public int next() {
      int at = breaker.next();
      while (at > 1 && at < text.length() && isDecimalSeparator(text.charAt(at - 1))
          && Character.isDigit(text.charAt(at - 2)) && Character.isDigit(text.charAt(at))) {
        at = breaker.next();
      }
      return at;
    }

    private static boolean isDecimalSeparator(char c) {
      return c == ',' || c == '.';
    }
  }
}
