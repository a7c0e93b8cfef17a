package dev.celeriac.cli;

import dev.celeriac.client.SecurityKeys;
import dev.celeriac.error.MessageSecurityException;
import dev.celeriac.security.MessageSigning;
import dev.celeriac.security.SecuritySettings;
import java.util.Map;
import java.util.function.BiPredicate;
import picocli.CommandLine.Option;

/**
 * {@code --security-key}, {@code --security-certificate}, {@code --security-cert-store} and {@code
 * --security-digest}: message signing, shared by the commands that send or run tasks ({@code
 * worker}, {@code call}), those that send remote control ({@code inspect}, {@code control}), which
 * Celery signs too, the {@code monitor} (its actions send remote control) and {@code dead-letters}
 * (whose replay verifies, never signs). Defaults come from {@code CELERIAC_SECURITY_*} ({@link
 * SecurityKeys}).
 */
final class SecurityOptions {

  @Option(
      names = "--security-key",
      paramLabel = "FILE",
      description =
          "PEM RSA private key that signs task messages; with the certificate and cert store,"
              + " turns signing on (env CELERIAC_SECURITY_KEY).")
  String key;

  @Option(
      names = "--security-certificate",
      paramLabel = "FILE",
      description = "PEM certificate of the signing key (env CELERIAC_SECURITY_CERTIFICATE).")
  String certificate;

  @Option(
      names = "--security-cert-store",
      paramLabel = "GLOB",
      description =
          "Glob of the PEM certificates whose signatures are trusted, e.g. 'certs/*.pem'"
              + " (env CELERIAC_SECURITY_CERT_STORE).")
  String certStore;

  @Option(
      names = "--security-digest",
      paramLabel = "NAME",
      description =
          "Hash of the signatures: sha256, sha1, sha384, sha512, ..."
              + " (env CELERIAC_SECURITY_DIGEST; default: ${DEFAULT-VALUE}).")
  String digest;

  /** The signing settings, or null when signing is off. */
  SecuritySettings settings() {
    Map<String, String> given = new java.util.HashMap<>();
    put(given, SecurityKeys.SECURITY_KEY.env(), key);
    put(given, SecurityKeys.SECURITY_CERTIFICATE.env(), certificate);
    put(given, SecurityKeys.SECURITY_CERT_STORE.env(), certStore);
    put(given, SecurityKeys.SECURITY_DIGEST.env(), digest);
    return SecurityKeys.settings(k -> given.get(k.env()));
  }

  /**
   * Whether a dead letter that message signing refused may be replayed as it is: only when its
   * original signed body verifies against the cert store given here (say the store has since been
   * given its signer's certificate). Never when signing is off: nothing here can vouch for it, and
   * signing it with this key would launder whatever it carries.
   */
  BiPredicate<String, byte[]> replayVerifier() {
    SecuritySettings settings = settings();
    return settings == null ? (contentType, body) -> false : verifier(settings.load());
  }

  static BiPredicate<String, byte[]> verifier(MessageSigning signing) {
    return (contentType, body) -> {
      try {
        signing.open(contentType, body);
        return true;
      } catch (MessageSecurityException e) {
        return false;
      }
    };
  }

  private static void put(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
