package nl.samenspel.pipelines;

import java.nio.charset.StandardCharsets;
import nl.samenspel.privacy.Pseudonymizer;

/** The pseudonymization key of in-process test runs (child processes get it by environment). */
public final class TestKeys {

  /** A test key, at least 32 bytes. */
  public static final String KEY = "samenspel-test-key-0123456789abcdef-0123456789";
  /** The environment variable the CLI reads by default. */
  public static final String ENV = "SAMENSPEL_PSEUDONYMIZATION_KEY";

  private TestKeys() {}

  public static Pseudonymizer pseudonymizer() {
    return new Pseudonymizer(KEY.getBytes(StandardCharsets.UTF_8));
  }

  /** Default operations around the test key. */
  public static Pipeline.Operations operations() {
    return Pipeline.Operations.of(pseudonymizer());
  }
}
