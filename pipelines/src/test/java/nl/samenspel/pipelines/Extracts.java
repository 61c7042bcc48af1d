package nl.samenspel.pipelines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.samenspel.privacy.Bsn;

/** Edits of generated CSV extracts for tests. */
public final class Extracts {

  private Extracts() {}

  /**
   * Replaces {@code client_id} by a {@code bsn} column in all four extracts, one valid BSN per
   * client (the first one {@code firstBsn} when given), as a municipal export would carry it.
   * Returns client_id → bsn in file order.
   */
  public static Map<String, String> withBsn(Path input, String firstBsn) throws IOException {
    Map<String, String> bsnOf = new LinkedHashMap<>();
    List<String> clients = Files.readAllLines(input.resolve("clients.csv"));
    int next = 100_000_000;
    for (String line : clients.subList(1, clients.size())) {
      String id = line.split(",")[0];
      if (bsnOf.isEmpty() && firstBsn != null) {
        bsnOf.put(id, firstBsn);
        continue;
      }
      while (!Bsn.isValid(Integer.toString(next))) {
        next++;
      }
      bsnOf.put(id, Integer.toString(next++));
    }
    for (String table : List.of("clients", "assessments", "interventions", "outcomes")) {
      Path file = input.resolve(table + ".csv");
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      String[] header = lines.get(0).split(",", -1);
      int column = Arrays.asList(header).indexOf("client_id");
      header[column] = "bsn";
      lines.set(0, String.join(",", header));
      for (int i = 1; i < lines.size(); i++) {
        String[] fields = lines.get(i).split(",", -1);
        fields[column] = bsnOf.get(fields[column]);
        lines.set(i, String.join(",", fields));
      }
      Files.write(file, lines, StandardCharsets.UTF_8);
    }
    return bsnOf;
  }
}
