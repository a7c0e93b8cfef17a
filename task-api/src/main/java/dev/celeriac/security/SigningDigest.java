package dev.celeriac.security;

import dev.celeriac.error.ConfigurationException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import java.util.Map;

/**
 * The hash of a message signature, named as Celery's {@code security_digest} names it ({@code
 * sha256}, {@code sha1}, {@code sha512}, ...), and the RSASSA-PSS parameters Celery signs with.
 *
 * <p>Celery 5.2 signs with PSS, not PKCS#1 v1.5: MGF1 over the same hash and the longest salt the
 * key allows ({@code PSS.MAX_LENGTH}, which cryptography turns into {@code emLen - hLen - 2}). A
 * verifier checks that exact salt length, so {@link #pss} computes it from the key.
 *
 * @param name Celery's name, lower case, e.g. {@code sha256}
 * @param jdkName the JDK's name for the hash, e.g. {@code SHA-256}
 */
public record SigningDigest(String name, String jdkName) {

  /** Celery's default, {@code security_digest = 'sha256'}. */
  public static final SigningDigest SHA256 = new SigningDigest("sha256", "SHA-256");

  // Celery looks the name up in cryptography's hashes module (getattr(hashes, name.upper())).
  private static final Map<String, String> JDK_NAMES =
      Map.ofEntries(
          Map.entry("sha1", "SHA-1"),
          Map.entry("sha224", "SHA-224"),
          Map.entry("sha256", "SHA-256"),
          Map.entry("sha384", "SHA-384"),
          Map.entry("sha512", "SHA-512"),
          Map.entry("sha512_224", "SHA-512/224"),
          Map.entry("sha512_256", "SHA-512/256"),
          Map.entry("sha3_224", "SHA3-224"),
          Map.entry("sha3_256", "SHA3-256"),
          Map.entry("sha3_384", "SHA3-384"),
          Map.entry("sha3_512", "SHA3-512"));

  /**
   * The digest Celery calls {@code name}, case ignored.
   *
   * @throws ConfigurationException for a name Celery (or this JDK) does not sign with
   */
  public static SigningDigest of(String name) {
    String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    String jdk = JDK_NAMES.get(key);
    ConfigurationException.require(
        jdk != null,
        "security digest (--security-digest, CELERIAC_SECURITY_DIGEST) must be one of "
            + JDK_NAMES.keySet().stream().sorted().toList()
            + " as Celery's security_digest names them; got '"
            + name
            + "'");
    return new SigningDigest(key, jdk);
  }

  /** PSS parameters for {@code key}: MGF1 with this hash, salt as long as the key allows. */
  PSSParameterSpec pss(RSAKey key) {
    int emLen = (key.getModulus().bitLength() - 1 + 7) / 8;
    int saltLen = emLen - length() - 2;
    return new PSSParameterSpec(jdkName, "MGF1", new MGF1ParameterSpec(jdkName), saltLen, 1);
  }

  /** The hash's length in bytes. */
  int length() {
    try {
      return MessageDigest.getInstance(jdkName).getDigestLength();
    } catch (NoSuchAlgorithmException e) {
      throw new ConfigurationException("this JVM has no " + jdkName + " digest: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
