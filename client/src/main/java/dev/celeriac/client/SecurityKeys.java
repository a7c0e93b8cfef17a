package dev.celeriac.client;

import dev.celeriac.broker.ConfigKey;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.security.SecuritySettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The configuration keys of message signing (see {@link ConfigKey}), Celery's {@code security_*}
 * settings, taken by every {@code celeriac} command that sends or runs tasks. In code they are
 * {@link SecuritySettings}, given to {@link CeleriacBuilder#security} and the worker's settings.
 */
public final class SecurityKeys {

  public static final ConfigKey SECURITY_KEY =
      new ConfigKey(
          "CELERIAC_SECURITY_KEY",
          "--security-key",
          "",
          "PEM RSA private key that signs task messages (Celery's security_key); signing is on"
              + " when this, the certificate and the cert store are set");

  public static final ConfigKey SECURITY_CERTIFICATE =
      new ConfigKey(
          "CELERIAC_SECURITY_CERTIFICATE",
          "--security-certificate",
          "",
          "PEM certificate of the signing key (Celery's security_certificate)");

  public static final ConfigKey SECURITY_CERT_STORE =
      new ConfigKey(
          "CELERIAC_SECURITY_CERT_STORE",
          "--security-cert-store",
          "",
          "glob of the PEM certificates whose signatures are trusted, e.g. /etc/celeriac/trusted/*.pem"
              + " (Celery's security_cert_store)");

  public static final ConfigKey SECURITY_DIGEST =
      new ConfigKey(
          "CELERIAC_SECURITY_DIGEST",
          "--security-digest",
          "sha256",
          "hash of the signatures: sha256, sha1, sha384, sha512, ... (Celery's security_digest)");

  /** Every key above. */
  public static final List<ConfigKey> ALL =
      List.of(SECURITY_KEY, SECURITY_CERTIFICATE, SECURITY_CERT_STORE, SECURITY_DIGEST);

  private SecurityKeys() {}

  /**
   * The signing settings from the four values, or null when key, certificate and store are all
   * unset (signing off).
   *
   * @param values the value of each key, null or blank when unset
   * @throws ConfigurationException when only some of key, certificate and store are set, or the
   *     digest is unknown
   */
  public static SecuritySettings settings(Function<ConfigKey, String> values) {
    String key = blankToNull(values.apply(SECURITY_KEY));
    String certificate = blankToNull(values.apply(SECURITY_CERTIFICATE));
    String store = blankToNull(values.apply(SECURITY_CERT_STORE));
    String digest = blankToNull(values.apply(SECURITY_DIGEST));
    if (key == null && certificate == null && store == null) {
      return null;
    }
    return SecuritySettings.builder()
        .key(key == null ? null : Path.of(key))
        .certificate(certificate == null ? null : Path.of(certificate))
        .certStore(store)
        .digest(digest == null ? SECURITY_DIGEST.defaultValue() : digest)
        .build();
  }

  /** {@link #settings(Function)} from the environment ({@code CELERIAC_SECURITY_*}). */
  public static SecuritySettings fromEnvironment(Map<String, String> environment) {
    return settings(k -> k.resolve(environment));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
