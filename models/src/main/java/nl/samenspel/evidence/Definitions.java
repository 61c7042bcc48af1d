package nl.samenspel.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Element;

/**
 * What a published estimate means: everything two municipalities must share before their
 * estimates of a combination can be pooled. Two publications with different definitions
 * answer different questions (another outcome, another window, another adjustment set), so
 * pooling refuses to mix them and names the field that differs.
 *
 * <p>The fingerprint is a SHA-256 over the fields in a fixed order and a fixed text form, so
 * it is the same on every machine and in every language of the report.
 *
 * @param contractVersion version of the data contract the extracts followed
 * @param horizonMonths durable work must start within this many months after the assessment
 * @param durationMonths ... and last this many consecutive months
 * @param workBenefitStatuses benefit statuses that, with paid work, count as "in work"
 * @param windowDays interventions starting 0..windowDays days after the assessment count
 * @param covariates the adjustment set (covariate groups)
 * @param catalogVersion {@link #catalogVersion(List)} of the intervention catalog
 * @param estimator the adjusted estimator, e.g. {@code aipw}
 * @param estimand ATE or ATT
 */
public record Definitions(String contractVersion, int horizonMonths, int durationMonths,
    List<String> workBenefitStatuses, int windowDays, List<String> covariates,
    String catalogVersion, String estimator, String estimand) {

  /** The version of the data contract (docs/data-contract.md); bump on a change of meaning. */
  public static final String CONTRACT_VERSION = "1";

  public Definitions {
    Objects.requireNonNull(contractVersion, "contractVersion");
    Objects.requireNonNull(catalogVersion, "catalogVersion");
    Objects.requireNonNull(estimator, "estimator");
    Objects.requireNonNull(estimand, "estimand");
    workBenefitStatuses = workBenefitStatuses.stream().sorted().toList();
    covariates = covariates.stream().sorted().toList();
  }

  /**
   * The fields by their published names, in the fixed order of the fingerprint. Values are
   * the text a reader sees in {@code evidence.json}.
   */
  public Map<String, String> fields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("contract_version", contractVersion);
    fields.put("outcome_horizon_months", Integer.toString(horizonMonths));
    fields.put("outcome_duration_months", Integer.toString(durationMonths));
    fields.put("work_benefit_statuses", String.join(",", workBenefitStatuses));
    fields.put("window_days", Integer.toString(windowDays));
    fields.put("covariates", String.join(",", covariates));
    fields.put("catalog_version", catalogVersion);
    fields.put("estimator", estimator);
    fields.put("estimand", estimand);
    return fields;
  }

  /** {@code sha256:} and the hex digest of {@link #fields()} as {@code name=value} lines. */
  public String fingerprint() {
    String text = fields().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + "\n")
        .collect(Collectors.joining());
    return "sha256:" + sha256(text);
  }

  /**
   * The first published field in which {@code other} differs from this, or null when they
   * are the same.
   */
  public String firstDifference(Definitions other) {
    Map<String, String> mine = fields();
    Map<String, String> theirs = other.fields();
    return mine.keySet().stream().filter(k -> !mine.get(k).equals(theirs.get(k))).findFirst()
        .orElse(null);
  }

  /**
   * A version of the catalog that changes when any code, its discipline or its target
   * elements change (not when only a name is reworded): {@code sha256:} and the first 16 hex
   * digits of the digest over the sorted entries.
   */
  public static String catalogVersion(List<CatalogEntry> catalog) {
    String text = catalog.stream().sorted(Comparator.comparing(CatalogEntry::code))
        .map(e -> e.code() + ";" + e.discipline().name() + ";" + targets(e.targetElements())
            + "\n")
        .collect(Collectors.joining());
    return "sha256:" + sha256(text).substring(0, 16);
  }

  private static String targets(Set<Element> elements) {
    return elements.stream().map(Element::name).sorted().collect(Collectors.joining(","));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
