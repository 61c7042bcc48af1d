package nl.samenspel.pipelines.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One thing a run reports: it started, a stage started, how far a stage is, the counts of a
 * stage, a note or a warning, a stage finished, the run ended (with its exit code). The console
 * line, the line in {@code run.log} and the JSON line of {@code --log-format json} are all
 * rendered here, from the same event, so they say the same. Events hold counts, names and the
 * analyst's own paths, never a data value (docs/operations.md, "Events").
 *
 * @param time when it happened (UTC)
 * @param runId the run's id, or null before the run holds its folder
 * @param kind what happened
 * @param stage the stage (ingest, quality, journeys, estimate, publish), or null for the run
 * @param message the console text: one line, or several for {@link Kind#RUN_FINISHED}
 * @param facts the same facts for machines: field name to a string, number, boolean, list or map
 */
public record RunEvent(Instant time, String runId, Kind kind, String stage, String message,
    Map<String, Object> facts) {

  /** The kinds of event; the JSON field {@code event} holds the lower-case name. */
  public enum Kind {
    RUN_STARTED, STAGE_STARTED, PROGRESS, COUNTS, NOTE, WARNING, STAGE_FINISHED, RUN_FINISHED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  public RunEvent {
    time = time.truncatedTo(ChronoUnit.MILLIS);
    facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }

  /** The console text; stage lines start with the stage name in eight columns. */
  public String text() {
    return message;
  }

  /** One JSON object on one line: time, event, run_id, stage, message, then the facts. */
  public String json() {
    ObjectNode node = JSON.createObjectNode();
    node.put("time", time.toString());
    node.put("event", kind.label());
    if (runId != null) {
      node.put("run_id", runId);
    }
    if (stage != null) {
      node.put("stage", stage);
    }
    node.put("message", message);
    facts.forEach((name, value) -> node.set(name, JSON.valueToTree(value)));
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event that is not JSON: " + e.getMessage(), e);
    }
  }

  /** A stage's line prefix: its name in eight columns and a space, as every stage line. */
  public static String prefix(String stage) {
    return String.format("%-8s ", stage);
  }

  /**
   * How far a stage is. The time left is the time so far scaled by the share of the work still
   * to do ({@link StageProgress#share()}: for the estimate stage each subgroup's combinations
   * weighed by its episodes, as a fit costs about in proportion to its rows). A crude guess:
   * combinations differ in cost otherwise too (a skipped one takes no time, a pair more than a
   * single intervention), so it is left out until 5% is done and five seconds passed.
   */
  public static RunEvent progress(Instant time, String runId, String stage,
      StageProgress progress, double elapsedSeconds) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("elapsed_seconds", round(elapsedSeconds));
    StringBuilder line = new StringBuilder(prefix(stage));
    Double remaining = remainingSeconds(progress, elapsedSeconds);
    if (progress.unit() != null) {
      facts.put("unit", progress.unit());
      facts.put("done", progress.done());
    }
    if (progress.hasShare()) {
      long percent = percent(progress.done(), progress.total());
      facts.put("total", progress.total());
      facts.put("percent", percent);
      line.append(String.format("%,d of %,d %s (%d%%), %s elapsed", progress.done(),
          progress.total(), progress.unit(), percent, duration(elapsedSeconds)));
      if (remaining != null) {
        facts.put("remaining_seconds", round(remaining));
        line.append(", about ").append(duration(remaining)).append(" left");
      }
      if (!progress.parts().isEmpty()) {
        line.append("; ").append(parts(progress.parts()));
      }
    } else if (!progress.parts().isEmpty()) {
      line.append(progress.unit()).append(": ").append(parts(progress.parts()))
          .append("; ").append(duration(elapsedSeconds)).append(" elapsed");
    } else {
      line.append(duration(elapsedSeconds)).append(" elapsed");
    }
    if (!progress.parts().isEmpty()) {
      List<Map<String, Object>> parts = new ArrayList<>();
      for (StageProgress.Part part : progress.parts()) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", part.name());
        node.put("done", part.done());
        if (part.total() >= 0) {
          node.put("total", part.total());
        }
        parts.add(node);
      }
      facts.put("parts", parts);
    }
    if (progress.tasksTotal() > 0) {
      facts.put("spark_tasks_done", progress.tasksDone());
      facts.put("spark_tasks_total", progress.tasksTotal());
      if (!progress.hasShare() && progress.parts().isEmpty()) {
        line.append(String.format("; Spark tasks %,d of %,d", progress.tasksDone(),
            progress.tasksTotal()));
      }
    }
    return new RunEvent(time, runId, Kind.PROGRESS, stage, line.toString(), facts);
  }

  /**
   * The progress line for a terminal, where it is redrawn in place: short, and cut to
   * {@code width} characters so that it never wraps (a wrapped line can't be redrawn).
   */
  public String compact(int width) {
    if (kind != Kind.PROGRESS) {
      return cut(message, width);
    }
    StringBuilder line = new StringBuilder(prefix(stage));
    double elapsed = ((Number) facts.get("elapsed_seconds")).doubleValue();
    Object total = facts.get("total");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> parts = (List<Map<String, Object>>) facts.getOrDefault("parts",
        List.of());
    if (total != null) {
      line.append(String.format("%,d/%,d %s (%s%%) %s", (Long) facts.get("done"), (Long) total,
          facts.get("unit"), facts.get("percent"), duration(elapsed)));
      Object remaining = facts.get("remaining_seconds");
      if (remaining != null) {
        line.append(", ~").append(duration(((Number) remaining).doubleValue())).append(" left");
      }
      // Only the parts being worked on; finished ones are counted, waiting ones left out.
      List<String> busy = new ArrayList<>();
      int finished = 0;
      for (Map<String, Object> part : parts) {
        long done = (Long) part.get("done");
        Object partTotal = part.get("total");
        if (partTotal != null && done >= (Long) partTotal) {
          finished++;
        } else if (done > 0) {
          busy.add(part.get("name") + " " + done + (partTotal == null ? "" : "/" + partTotal));
        }
      }
      if (!parts.isEmpty()) {
        line.append(" | ").append(finished).append(" of ").append(parts.size())
            .append(" done");
        if (!busy.isEmpty()) {
          line.append(", ").append(String.join(", ", busy));
        }
      }
    } else if (!parts.isEmpty()) {
      List<String> read = new ArrayList<>();
      for (Map<String, Object> part : parts) {
        read.add(part.get("name") + " " + String.format("%,d", (Long) part.get("done")));
      }
      line.append(facts.get("unit")).append(": ").append(String.join(", ", read)).append(" ")
          .append(duration(elapsed));
    } else {
      line.append(duration(elapsed)).append(" elapsed");
      if (facts.containsKey("spark_tasks_total")) {
        line.append(String.format(", Spark tasks %,d/%,d", (Long) facts.get("spark_tasks_done"),
            (Long) facts.get("spark_tasks_total")));
      }
    }
    return cut(line.toString(), width);
  }

  /**
   * Every part, or with more than {@link #PARTS_LISTED} of them (29 subgroups with profiles)
   * how many are done and the ones under way, so that a line stays readable.
   */
  private static String parts(List<StageProgress.Part> parts) {
    List<String> texts = new ArrayList<>();
    int finished = 0;
    for (StageProgress.Part part : parts) {
      boolean done = part.total() >= 0 && part.done() >= part.total();
      finished += done ? 1 : 0;
      if (parts.size() <= PARTS_LISTED || (!done && part.done() > 0)) {
        texts.add(part.total() >= 0 ? String.format("%s %,d/%,d", part.name(), part.done(),
            part.total()) : String.format("%s %,d", part.name(), part.done()));
      }
    }
    if (parts.size() <= PARTS_LISTED) {
      return String.join(", ", texts);
    }
    return String.format("%d of %d groups done", finished, parts.size())
        + (texts.isEmpty() ? "" : ", under way: " + String.join(", ", texts));
  }

  /** Up to this many parts are listed one by one in a progress line. */
  static final int PARTS_LISTED = 8;

  private static Double remainingSeconds(StageProgress progress, double elapsedSeconds) {
    double share = progress.share();
    if (!progress.hasShare() || progress.done() >= progress.total() || share < 0.05
        || share >= 1 || elapsedSeconds < 5) {
      return null;
    }
    return elapsedSeconds * (1 - share) / share;
  }

  private static long percent(long done, long total) {
    return Math.min(100, Math.round(100.0 * done / total));
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }

  /** 8 s, 2m05s, 1h04m. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  private static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, Math.max(0, width - 3)) + "...";
  }
}
