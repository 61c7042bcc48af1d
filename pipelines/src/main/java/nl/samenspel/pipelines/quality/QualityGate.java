package nl.samenspel.pipelines.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.samenspel.contract.QuarantineReason;
import nl.samenspel.pipelines.SamenspelException;
import nl.samenspel.pipelines.ingest.IngestStage;

/**
 * Decides whether a run may continue after ingest: per file and per reason, the share of rows
 * quarantined must not exceed its limit ({@code quality.max_quarantine_share}, or the reason's
 * own limit in {@code quality.max_quarantine_share_by_reason}). A file with no accepted row always
 * stops the run.
 */
public final class QualityGate {

  /**
   * @param maxShare limit for every reason without its own
   * @param byReason limits per reason code (lower case)
   */
  public record Limits(double maxShare, Map<String, Double> byReason) {

    public static final Limits DEFAULT = new Limits(0.01, Map.of());

    public Limits {
      check("quality.max_quarantine_share", maxShare);
      byReason = Map.copyOf(byReason);
      for (Map.Entry<String, Double> entry : byReason.entrySet()) {
        try {
          QuarantineReason.fromCode(entry.getKey());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("quality.max_quarantine_share_by_reason: unknown "
              + "reason '" + entry.getKey() + "' (reasons are listed in docs/data-contract.md)");
        }
        check("quality.max_quarantine_share_by_reason." + entry.getKey(), entry.getValue());
      }
    }

    private static void check(String key, double share) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException(key + " must be a share from 0 to 1, got " + share);
      }
    }

    double limit(String reason) {
      return byReason.getOrDefault(reason, maxShare);
    }
  }

  private QualityGate() {}

  /** The problems found; empty when the run may continue. */
  public static List<String> problems(List<IngestStage.TableReport> reports, Limits limits) {
    List<String> problems = new ArrayList<>();
    for (IngestStage.TableReport report : reports) {
      if (report.rowsRead() > 0 && report.rowsAccepted() == 0) {
        problems.add(report.file() + ": none of its " + report.rowsRead()
            + " rows was accepted");
        continue;
      }
      for (Map.Entry<String, Long> entry : report.quarantined().entrySet()) {
        double share = entry.getValue() / (double) report.rowsRead();
        double limit = limits.limit(entry.getKey());
        if (share > limit) {
          problems.add(String.format(Locale.ROOT, "%s: %d of %d rows (%.1f%%) quarantined as "
              + "%s (%s), above the limit of %.1f%%", report.file(), entry.getValue(),
              report.rowsRead(), 100 * share, entry.getKey(),
              report.examples().getOrDefault(entry.getKey(), ""), 100 * limit));
        }
      }
    }
    return problems;
  }

  /** Stops the run (exit 5) when a limit is exceeded. */
  public static void enforce(List<IngestStage.TableReport> reports, Limits limits) {
    List<String> problems = problems(reports, limits);
    if (!problems.isEmpty()) {
      throw new SamenspelException(SamenspelException.EXIT_QUALITY, "Data-quality gate: "
          + problems.get(0) + (problems.size() > 1 ? "; and " + (problems.size() - 1)
              + " more" : "") + ". The rows are in work/quarantine/; nothing was published. Fix "
          + "the extract or raise the limit in the configuration (quality.*)");
    }
  }
}
