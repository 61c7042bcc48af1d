package nl.samenspel.privacy;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms: HMAC-SHA256 under a secret key, as lower-case hex. A plain hash of a BSN is
 * reversible by trying all ~91 million numbers that pass the elfproef; a keyed hash is not
 * without the key. The key comes from a file or an environment variable, never from the data or
 * the configuration; whoever holds it can link pseudonyms back to numbers, so it is kept by the
 * municipality, outside the output folder.
 *
 * <p>Each kind of identifier is hashed under its own label ({@code bsn:…}, {@code client_id:…}),
 * so the same digits as a BSN and as a case-system number never share a pseudonym.
 *
 * <p>Serializable, so Spark can ship it to executors; the key never appears in
 * {@link #toString()}.
 */
public final class Pseudonymizer implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Shortest key accepted: 32 bytes, the output size of SHA-256. */
  public static final int MINIMUM_KEY_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;
  private transient volatile ThreadLocal<State> states;

  /**
   * A thread's MAC and its last pseudonym: extracts list a client's rows together (dozens of
   * outcome months each), so most rows repeat the previous row's key and need no new MAC.
   */
  private static final class State {
    final Mac mac;
    String label;
    String value;
    String pseudonym;

    State(Mac mac) {
      this.mac = mac;
    }
  }

  /**
   * @param key the secret key; at least {@value #MINIMUM_KEY_BYTES} bytes
   * @throws IllegalArgumentException when the key is too short
   */
  public Pseudonymizer(byte[] key) {
    if (key == null || key.length < MINIMUM_KEY_BYTES) {
      throw new IllegalArgumentException("the pseudonymization key must be at least "
          + MINIMUM_KEY_BYTES + " bytes, got " + (key == null ? 0 : key.length));
    }
    this.key = key.clone();
  }

  /** The pseudonym of {@code value} under {@code label}; {@code null} stays {@code null}. */
  public String pseudonym(String label, String value) {
    if (value == null) {
      return null;
    }
    State state = state();
    if (value.equals(state.value) && label.equals(state.label)) {
      return state.pseudonym;
    }
    Mac mac = state.mac;
    mac.update(label.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) ':');
    String pseudonym = HexFormat.of().formatHex(mac.doFinal(value.getBytes(
        StandardCharsets.UTF_8)));
    state.label = label;
    state.value = value;
    state.pseudonym = pseudonym;
    return pseudonym;
  }

  /**
   * A short fingerprint of the key (first 8 hex digits of SHA-256 over a fixed label and the
   * key) for the run manifest, so two runs can be seen to use the same key without revealing it.
   */
  public String keyFingerprint() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update("samenspel-key-fingerprint:".getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest(key)).substring(0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private State state() {
    if (states == null) {
      synchronized (this) {
        if (states == null) {
          states = ThreadLocal.withInitial(() -> new State(newMac()));
        }
      }
    }
    return states.get();
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    }
  }

  @Override
  public String toString() {
    return "Pseudonymizer[HMAC-SHA256, key " + keyFingerprint() + "]";
  }
}
