package dev.celeriac.security;

import dev.celeriac.error.ConfigurationException;
import dev.celeriac.error.MessageSecurityException;
import dev.celeriac.protocol.EncodedMessage;
import dev.celeriac.protocol.TaskProperties;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Message signing, loaded and checked: signs outgoing task messages and verifies incoming ones, as
 * Celery does after {@code app.setup_security()}. Get one from {@link SecuritySettings#load()}.
 *
 * <pre>{@code
 * MessageSigning signing = settings.load();
 * EncodedMessage signed = signing.seal(codec.encode(message));
 * byte[] json = signing.open(contentType, body).body(); // or MessageSecurityException
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Immutable and thread-safe.
 */
public final class MessageSigning {

  // kombu's names for content types, for its "Refusing to deserialize" message.
  private static final Map<String, String> KOMBU_NAMES =
      Map.of(
          TaskProperties.JSON,
          "json",
          "application/x-yaml",
          "yaml",
          "application/x-python-serialize",
          "pickle",
          "application/x-msgpack",
          "msgpack",
          AuthSerializer.CONTENT_TYPE,
          "auth");

  private final AuthSerializer serializer;
  private final CertStore store;
  private final SigningDigest digest;
  private final Clock clock;

  private MessageSigning(
      AuthSerializer serializer, CertStore store, SigningDigest digest, Clock clock) {
    this.serializer = serializer;
    this.store = store;
    this.digest = digest;
    this.clock = clock;
  }

  static MessageSigning load(SecuritySettings settings, Clock clock) {
    PrivateKey key;
    try {
      key = PemFiles.privateKey(settings.key());
    } catch (Exception e) {
      throw new ConfigurationException(
          "security key (--security-key, CELERIAC_SECURITY_KEY) '"
              + settings.key()
              + "' cannot be read: "
              + e.getMessage()
              + "; give an unencrypted PEM RSA private key, e.g. made with: openssl req -x509"
              + " -newkey rsa:2048 -nodes -keyout worker.key -out worker.pem -days 365");
    }
    ConfigurationException.require(
        key instanceof RSAPrivateKey,
        "security key (--security-key) '"
            + settings.key()
            + "' is a "
            + key.getAlgorithm()
            + " key; Celery signs only with RSA keys (openssl genrsa)");
    X509Certificate certificate;
    try {
      certificate = PemFiles.certificate(settings.certificate());
    } catch (Exception e) {
      throw new ConfigurationException(
          "security certificate (--security-certificate, CELERIAC_SECURITY_CERTIFICATE) '"
              + settings.certificate()
              + "' cannot be read: "
              + e.getMessage()
              + "; give the PEM X.509 certificate of the security key");
    }
    ConfigurationException.require(
        certificate.getPublicKey() instanceof RSAPublicKey pub
            && pub.getModulus().equals(((RSAPrivateKey) key).getModulus()),
        "security key '"
            + settings.key()
            + "' does not belong to security certificate '"
            + settings.certificate()
            + "' (their public keys differ); give the certificate issued for this key");
    ConfigurationException.require(
        clock.instant().isBefore(certificate.getNotAfter().toInstant()),
        "security certificate (--security-certificate) '"
            + settings.certificate()
            + "' expired at "
            + certificate.getNotAfter().toInstant()
            + "; issue a new certificate for the key and add it to every worker's cert store");
    CertStore store = CertStore.load(settings.certStore());
    return new MessageSigning(
        new AuthSerializer(key, certificate, store, settings.digest(), clock),
        store,
        settings.digest(),
        clock);
  }

  /** {@code message} with its body signed and the {@code auth} content type. */
  public EncodedMessage seal(EncodedMessage message) {
    TaskProperties p = message.properties();
    byte[] body =
        serializer.sign(
            message.body(),
            p.contentType() == null ? TaskProperties.JSON : p.contentType(),
            p.contentEncoding() == null ? TaskProperties.UTF_8 : p.contentEncoding());
    return new EncodedMessage(
        message.headers(),
        new TaskProperties(
            p.correlationId(),
            p.replyTo(),
            p.priority(),
            p.deliveryMode(),
            p.expiration(),
            AuthSerializer.CONTENT_TYPE,
            AuthSerializer.CONTENT_ENCODING),
        body);
  }

  /**
   * The signed body for a JSON message (UTF-8), to be sent with content type {@link
   * AuthSerializer#CONTENT_TYPE}: remote-control requests and replies, which Celery signs too.
   */
  public byte[] sign(byte[] json) {
    return serializer.sign(json, TaskProperties.JSON, TaskProperties.UTF_8);
  }

  /**
   * The verified content of a received message, which must be signed.
   *
   * @throws MessageSecurityException with Celery's words for why not: {@code Refusing to
   *     deserialize untrusted content of type json (application/json)} for an unsigned message,
   *     {@code Unknown certificate}, {@code Expired certificate} or {@code Bad signature}
   */
  public AuthSerializer.Unpacked open(String contentType, byte[] body) {
    if (!AuthSerializer.CONTENT_TYPE.equals(contentType)) {
      throw new MessageSecurityException(
          "Refusing to deserialize untrusted content of type " + kombuName(contentType));
    }
    return serializer.verify(body);
  }

  /** The id this side signs with (issuer and serial of its certificate). */
  public String signer() {
    return serializer.signer();
  }

  /** The ids of the trusted certificates. */
  public List<String> trusted() {
    return store.ids();
  }

  /** Trusted certificates that have expired: messages they signed are refused. */
  public List<String> expiredInStore() {
    return store.expired(clock.instant());
  }

  public SigningDigest digest() {
    return digest;
  }

  /** kombu's {@code parenthesize_alias}: {@code json (application/json)}. */
  private static String kombuName(String contentType) {
    String name = KOMBU_NAMES.get(contentType);
    return name == null ? String.valueOf(contentType) : name + " (" + contentType + ")";
  }
}
