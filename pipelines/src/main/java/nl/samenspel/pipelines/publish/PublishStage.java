package nl.samenspel.pipelines.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.evidence.EvidenceRecord;

/**
 * Publish: writes {@code evidence.json} and {@code index.html} into a staging folder next to
 * {@code published/}, then swaps it in by renames, so a reader sees either the previous or the
 * new publish, never a half-written one. Only aggregates are written: no client id, no row.
 */
public final class PublishStage {

  public static final String PUBLISHED = "published";
  public static final String EVIDENCE_JSON = "evidence.json";
  public static final String INDEX_HTML = "index.html";

  private PublishStage() {}

  /** Writes the publish and returns the path of {@code published/}. */
  public static Path publish(Path outDir, List<EvidenceRecord> records,
      List<CatalogEntry> catalog, ReportPage.RunFacts facts) {
    Path published = outDir.resolve(PUBLISHED);
    Path staging = outDir.resolve(PUBLISHED + ".staging");
    Path previous = outDir.resolve(PUBLISHED + ".previous");
    try {
      deleteTree(staging);
      Files.createDirectories(staging);
      Files.writeString(staging.resolve(EVIDENCE_JSON), EvidenceJson.render(records),
          StandardCharsets.UTF_8);
      Files.writeString(staging.resolve(INDEX_HTML), ReportPage.render(records, catalog, facts),
          StandardCharsets.UTF_8);
      deleteTree(previous);
      if (Files.exists(published)) {
        Files.move(published, previous, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(staging, published, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(previous);
      return published;
    } catch (IOException e) {
      throw new UncheckedIOException("can't publish to " + published, e);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
