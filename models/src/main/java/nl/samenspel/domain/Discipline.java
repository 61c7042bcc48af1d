package nl.samenspel.domain;

/** The three disciplines of a Werk en Inkomen department that work with the same client. */
public enum Discipline {
  /** Klantmanager: diagnosis and guidance towards work (werkzoekgedrag). */
  KM("klantmanager", "client manager"),
  /** Inkomensconsulent: lawful benefit, rights and duties (naleven van regels). */
  IC("inkomensconsulent", "income consultant"),
  /** Accountmanager / werkmakelaar: employers and vacancies. */
  AM("accountmanager", "account manager");

  private final String dutchName;
  private final String englishName;

  Discipline(String dutchName, String englishName) {
    this.dutchName = dutchName;
    this.englishName = englishName;
  }

  public String dutchName() {
    return dutchName;
  }

  public String englishName() {
    return englishName;
  }
}
