package dev.celeriac.cli.interop;

import dev.celeriac.security.SecuritySettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * The signing keys and certificates of task-api's signing tests (scripts/make-signing-fixtures.py):
 * alice (PKCS#1 key) and bob (PKCS#8 key) are trusted, mallory is not, expired's certificate ran
 * out in 2021. The trusted store is {@code store/*.pem} (alice, bob, expired).
 */
public final class SigningFixtures {

  /** The fixtures directory; tests run in the module's directory. */
  public static final Path DIR =
      Path.of("..", "task-api", "src", "test", "resources", "security")
          .toAbsolutePath()
          .normalize();

  /** Every certificate in the store, expired's too. */
  public static final String STORE = DIR.resolve("store") + "/*.pem";

  private SigningFixtures() {}

  /** Signing as {@code who}, trusting {@link #STORE}, with {@code digest}. */
  public static SecuritySettings settings(String who, String digest) {
    return SecuritySettings.builder()
        .key(DIR.resolve(who + ".key"))
        .certificate(DIR.resolve(who + ".pem"))
        .certStore(STORE)
        .digest(digest)
        .build();
  }

  /** The {@code celeriac worker} / {@code call} options that sign as {@code who}. */
  public static String[] options(String who, String digest) {
    return new String[] {
      "--security-key",
      DIR.resolve(who + ".key").toString(),
      "--security-certificate",
      DIR.resolve(who + ".pem").toString(),
      "--security-cert-store",
      STORE,
      "--security-digest",
      digest
    };
  }

  /**
   * The environment that makes celeriac_interop.py sign as {@code who} with {@code digest},
   * trusting alice and bob. (Celery refuses to start when a certificate in its store has expired.)
   */
  public static Map<String, String> python(String who, String digest) {
    return Map.of(
        "INTEROP_SECURITY_DIR",
        DIR.toString(),
        "INTEROP_SECURITY_SIGNER",
        who,
        "INTEROP_SECURITY_STORE",
        DIR.resolve("store") + "/[ab]*.pem",
        "INTEROP_SECURITY_DIGEST",
        digest);
  }
}
