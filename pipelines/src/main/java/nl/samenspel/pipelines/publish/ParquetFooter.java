package nl.samenspel.pipelines.publish;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Makes a Parquet file's footer the same from one JVM to the next. parquet-java 1.16 lists each
 * column's encodings in the order of a {@code HashSet} of enum values, which changes between
 * processes (apache/parquet-java#3215), so the same rows give different bytes in different runs.
 * This rewrites the footer with the encodings (and the page encoding statistics) sorted; the data
 * pages are not touched, and the file means exactly the same.
 */
final class ParquetFooter {

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private ParquetFooter() {}

  /** Rewrites {@code file} in place with a deterministic footer. */
  static void normalize(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      int length = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN)
          .getInt();
      int start = bytes.length - 8 - length;
      if (start < MAGIC.length || !endsWithMagic(bytes)) {
        throw new IllegalStateException(file + " is not a Parquet file");
      }
      FileMetaData metadata = Util.readFileMetaData(new ByteArrayInputStream(bytes, start,
          length));
      for (RowGroup group : metadata.getRow_groups()) {
        for (ColumnChunk chunk : group.getColumns()) {
          ColumnMetaData column = chunk.getMeta_data();
          if (column.getEncodings() != null) {
            column.getEncodings().sort(Comparator.comparingInt(e -> e.getValue()));
          }
          if (column.getEncoding_stats() != null) {
            column.getEncoding_stats().sort(Comparator
                .comparingInt((PageEncodingStats s) -> s.getPage_type().getValue())
                .thenComparingInt(s -> s.getEncoding().getValue())
                .thenComparingInt(PageEncodingStats::getCount));
          }
        }
      }
      ByteArrayOutputStream footer = new ByteArrayOutputStream();
      Util.writeFileMetaData(metadata, footer);
      ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
      out.write(bytes, 0, start);
      footer.writeTo(out);
      out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.size())
          .array());
      out.write(MAGIC);
      Files.write(file, out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("can't normalize the footer of " + file, e);
    }
  }

  private static boolean endsWithMagic(byte[] bytes) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[bytes.length - MAGIC.length + i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }
}
