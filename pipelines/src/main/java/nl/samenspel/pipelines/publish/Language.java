package nl.samenspel.pipelines.publish;

import java.util.Locale;
import nl.samenspel.domain.CatalogEntry;
import nl.samenspel.domain.Discipline;
import nl.samenspel.domain.Element;
import nl.samenspel.grading.Certainty;

/** The languages the evidence is published in: Dutch by default, English on request. */
public enum Language {
  NL(Locale.forLanguageTag("nl-NL")),
  EN(Locale.forLanguageTag("en-GB"));

  private final Locale locale;

  Language(Locale locale) {
    this.locale = locale;
  }

  public Locale locale() {
    return locale;
  }

  /** The {@code lang} attribute / JSON language code: {@code nl} or {@code en}. */
  public String code() {
    return locale.getLanguage();
  }

  /** Parses {@code nl} or {@code en} (any case); empty on anything else. */
  public static java.util.Optional<Language> parse(String code) {
    for (Language language : values()) {
      if (language.code().equalsIgnoreCase(code.trim())) {
        return java.util.Optional.of(language);
      }
    }
    return java.util.Optional.empty();
  }

  String name(Element element) {
    return this == NL ? element.dutchName() : element.englishName();
  }

  String name(Discipline discipline) {
    return this == NL ? discipline.dutchName() : discipline.englishName();
  }

  String name(CatalogEntry entry) {
    return this == NL ? entry.nameNl() : entry.nameEn();
  }

  String name(Certainty certainty) {
    return this == NL ? certainty.dutchName() : certainty.englishName();
  }
}
