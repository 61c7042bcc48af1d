package nl.samenspel.contract;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Names Samenspel refuses as model input, whatever the configuration says: nationality,
 * ethnicity, country of birth and religion (special categories and proxies the municipality
 * must not select on), and direct identifiers. A covariate or a contract extension whose name
 * contains one of these fragments is refused with the reason.
 */
public final class SensitiveColumns {

  private SensitiveColumns() {}

  /** Fragments of names that are never model input, with the reason given to the user. */
  private static final List<String> PROTECTED = List.of("nationality", "nationaliteit",
      "ethnicity", "etniciteit", "ethnic", "etnisch", "country_of_birth", "geboorteland",
      "birth_country", "migration", "migratie", "herkomst", "religion", "religie",
      "geloof");
  private static final List<String> IDENTIFYING = List.of("bsn", "name", "naam", "address",
      "adres", "postcode", "birth_date", "geboortedatum", "date_of_birth", "email",
      "phone", "telefoon", "iban");

  /**
   * Why {@code name} can never be a covariate, or empty when it may be one.
   */
  public static Optional<String> refusal(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (PROTECTED.stream().anyMatch(lower::contains)) {
      return Optional.of("'" + name + "' looks like a nationality, ethnicity, country-of-birth "
          + "or religion field; Samenspel never adjusts for, selects on or reports on those "
          + "(docs/responsible-use.md)");
    }
    if (IDENTIFYING.stream().anyMatch(lower::contains)) {
      return Optional.of("'" + name + "' looks like a direct identifier; identifiers are "
          + "pseudonymized or dropped at ingest and are never model input");
    }
    return Optional.empty();
  }
}
