package nl.samenspel.pipelines.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import nl.samenspel.pipelines.SparkTestSession;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encodings in a Parquet footer come in a per-process order (parquet-java#3215); after
 * {@link ParquetFooter#normalize} two files that differ only in that order are byte-identical,
 * and Spark reads the same rows back.
 */
class ParquetFooterTest {

  @Test
  void footerOrderNoLongerDependsOnTheProcess(@TempDir Path dir) throws IOException {
    List<Row> rows = EvidenceTable.rows(EvidenceJson.render(CardTextTest.report(Language.NL)));
    Path a = dir.resolve("a.parquet");
    EvidenceTable.writeParquet(SparkTestSession.get(), rows, a);
    Path b = dir.resolve("b.parquet");
    Files.write(b, reversedEncodings(Files.readAllBytes(a)));
    assertThat(Files.readAllBytes(b)).as("the planted order differs").isNotEqualTo(
        Files.readAllBytes(a));

    ParquetFooter.normalize(b);
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    ParquetFooter.normalize(a);
    assertThat(Files.readAllBytes(a)).as("idempotent").isEqualTo(Files.readAllBytes(b));
    List<Row> back = SparkTestSession.get().read().parquet(b.toString()).collectAsList();
    assertThat(back).hasSize(rows.size());
    assertThat(back.get(0).toString()).isEqualTo(rows.get(0).toString());
  }

  /** The same file with every column's encodings in reverse order. */
  private static byte[] reversedEncodings(byte[] bytes) throws IOException {
    int length = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN)
        .getInt();
    int start = bytes.length - 8 - length;
    FileMetaData metadata = Util.readFileMetaData(new ByteArrayInputStream(bytes, start, length));
    boolean reversedAny = false;
    for (ColumnChunk chunk : metadata.getRow_groups().get(0).getColumns()) {
      if (chunk.getMeta_data().getEncodings().size() > 1) {
        Collections.reverse(chunk.getMeta_data().getEncodings());
        reversedAny = true;
      }
    }
    assertThat(reversedAny).as("some column has two or more encodings").isTrue();
    ByteArrayOutputStream footer = new ByteArrayOutputStream();
    Util.writeFileMetaData(metadata, footer);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, start);
    footer.writeTo(out);
    out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.size())
        .array());
    out.write(new byte[] {'P', 'A', 'R', '1'});
    return out.toByteArray();
  }
}
