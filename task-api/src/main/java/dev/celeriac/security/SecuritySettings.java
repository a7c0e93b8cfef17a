package dev.celeriac.security;

import dev.celeriac.error.ConfigurationException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Message signing, Celery's {@code security_*} settings: the private key that signs task messages,
 * its certificate, the certificates whose signatures are trusted and the digest. Immutable; {@link
 * #load} reads and checks the files.
 *
 * <pre>{@code
 * SecuritySettings security = SecuritySettings.builder()
 *     .key(Path.of("/etc/celeriac/worker.key"))
 *     .certificate(Path.of("/etc/celeriac/worker.pem"))
 *     .certStore("/etc/celeriac/trusted/*.pem")
 *     .build();
 * }</pre>
 *
 * @param key the PEM RSA private key that signs ({@code security_key})
 * @param certificate the PEM certificate of that key ({@code security_certificate}); its issuer and
 *     serial number identify the signer
 * @param certStore a glob of the PEM certificates whose signatures are trusted ({@code
 *     security_cert_store}); a directory means every file in it
 * @param digest the signature's hash ({@code security_digest}), {@code sha256} by default
 */
public record SecuritySettings(Path key, Path certificate, String certStore, SigningDigest digest) {

  public SecuritySettings {
    ConfigurationException.require(
        key != null && certificate != null && certStore != null && !certStore.isBlank(),
        "message signing needs all of --security-key, --security-certificate and"
            + " --security-cert-store (CELERIAC_SECURITY_KEY, CELERIAC_SECURITY_CERTIFICATE,"
            + " CELERIAC_SECURITY_CERT_STORE), as Celery's setup_security does; got key="
            + key
            + ", certificate="
            + certificate
            + ", cert store="
            + certStore);
    ConfigurationException.require(digest != null, "security digest must not be null");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the key, certificate and store and checks them together.
   *
   * @throws ConfigurationException naming the setting and the remedy when a file cannot be read,
   *     the key does not belong to the certificate, the certificate has expired or the store is
   *     empty
   */
  public MessageSigning load() {
    return load(Clock.systemUTC());
  }

  /** As {@link #load()}, checking expiry against {@code clock}. */
  public MessageSigning load(Clock clock) {
    return MessageSigning.load(this, clock);
  }

  /** Builds {@link SecuritySettings}; the digest defaults to {@code sha256}. */
  public static final class Builder {
    private Path key;
    private Path certificate;
    private String certStore;
    private SigningDigest digest = SigningDigest.SHA256;

    private Builder() {}

    public Builder key(Path key) {
      this.key = key;
      return this;
    }

    public Builder certificate(Path certificate) {
      this.certificate = certificate;
      return this;
    }

    /** A glob such as {@code /etc/celeriac/trusted/*.pem}, or a directory. */
    public Builder certStore(String certStore) {
      this.certStore = certStore;
      return this;
    }

    /** Celery's digest name: {@code sha256} (default), {@code sha1}, {@code sha512}, .... */
    public Builder digest(String digest) {
      this.digest = SigningDigest.of(digest);
      return this;
    }

    public SecuritySettings build() {
      return new SecuritySettings(key, certificate, certStore, digest);
    }
  }
}
