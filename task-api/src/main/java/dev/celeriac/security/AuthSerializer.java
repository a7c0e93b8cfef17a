package dev.celeriac.security;

import dev.celeriac.error.MessageSecurityException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;

/**
 * Celery's {@code auth} serializer ({@code celery.security.serialization.SecureSerializer}), byte
 * for byte. A signed body is the base64 of
 *
 * <pre>
 * signer id \x00\x01 signature \x00\x01 inner content type \x00\x01 inner encoding \x00\x01 body
 * </pre>
 *
 * where the body is the message as the inner serializer (JSON) wrote it, the signature is
 * RSASSA-PSS over those body bytes ({@link SigningDigest}), and the signer id is the signing
 * certificate's {@link CertificateId}. The AMQP message carries content type {@value #CONTENT_TYPE}
 * and encoding {@value #CONTENT_ENCODING}. Only the body is signed: the AMQP headers (task name,
 * id, eta, expires, retries) and properties are not.
 *
 * <h2>Concurrency</h2>
 *
 * Immutable and thread-safe; each call uses its own {@link Signature}.
 */
public final class AuthSerializer {

  /** The content type of signed messages, as kombu registers the {@code auth} serializer. */
  public static final String CONTENT_TYPE = "application/data";

  /** The content encoding of signed messages. */
  public static final String CONTENT_ENCODING = "utf-8";

  private static final byte[] SEP = {0x00, 0x01};

  private final PrivateKey key;
  private final String signer;
  private final CertStore store;
  private final SigningDigest digest;
  private final Clock clock;

  /**
   * @param key signs outgoing bodies, or null for a serializer that only verifies
   * @param certificate the key's certificate, whose id goes with each signature (null with no key)
   * @param store the certificates whose signatures are trusted, or null for one that only signs
   */
  AuthSerializer(
      PrivateKey key,
      X509Certificate certificate,
      CertStore store,
      SigningDigest digest,
      Clock clock) {
    this.key = key;
    this.signer = certificate == null ? null : CertificateId.of(certificate);
    this.store = store;
    this.digest = digest;
    this.clock = clock;
  }

  /** The id signatures are sent with. */
  public String signer() {
    return signer;
  }

  /**
   * The signed body for {@code body}, which the inner serializer wrote with {@code contentType} and
   * {@code contentEncoding}.
   */
  public byte[] sign(byte[] body, String contentType, String contentEncoding) {
    try {
      Signature s = Signature.getInstance("RSASSA-PSS");
      s.setParameter(digest.pss((RSAKey) key));
      s.initSign(key);
      s.update(body);
      return pack(signer, s.sign(), contentType, contentEncoding, body);
    } catch (GeneralSecurityException e) {
      throw new MessageSecurityException("Unable to sign data: " + e, e);
    }
  }

  /**
   * Checks a signed body and returns what it wraps.
   *
   * @throws MessageSecurityException when it is not a signed body, its certificate is unknown or
   *     expired, or the signature does not match
   */
  public Unpacked verify(byte[] signed) {
    byte[] raw;
    try {
      // Python's b64decode skips characters outside the alphabet; so does the MIME decoder.
      raw = Base64.getMimeDecoder().decode(signed);
    } catch (IllegalArgumentException e) {
      throw new MessageSecurityException(
          "Unable to deserialize: not base64 (" + e.getMessage() + ")");
    }
    int first = indexOf(raw, 0);
    if (first < 0) {
      throw new MessageSecurityException("Unable to deserialize: no signer id in the signed body");
    }
    String id = new String(raw, 0, first, StandardCharsets.UTF_8);
    X509Certificate certificate = store.trusted(id, clock.instant());
    // As Celery: the signature's length is the key's, so it may contain the separator.
    int sigStart = first + SEP.length;
    int sigEnd =
        sigStart + (((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength() >> 3);
    int typeEnd = sigEnd + SEP.length > raw.length ? -1 : indexOf(raw, sigEnd + SEP.length);
    int encodingEnd = typeEnd < 0 ? -1 : indexOf(raw, typeEnd + SEP.length);
    if (encodingEnd < 0) {
      throw new MessageSecurityException("Unable to deserialize: the signed body is truncated");
    }
    byte[] signature = Arrays.copyOfRange(raw, sigStart, sigEnd);
    String contentType =
        new String(raw, sigEnd + SEP.length, typeEnd - sigEnd - SEP.length, StandardCharsets.UTF_8);
    String encoding =
        new String(
            raw, typeEnd + SEP.length, encodingEnd - typeEnd - SEP.length, StandardCharsets.UTF_8);
    byte[] body = Arrays.copyOfRange(raw, encodingEnd + SEP.length, raw.length);
    boolean valid;
    try {
      Signature s = Signature.getInstance("RSASSA-PSS");
      s.setParameter(digest.pss((RSAKey) certificate.getPublicKey()));
      s.initVerify(certificate.getPublicKey());
      s.update(body);
      valid = s.verify(signature);
    } catch (GeneralSecurityException e) {
      valid = false;
    }
    if (!valid) {
      throw new MessageSecurityException("Bad signature: InvalidSignature() (signer '" + id + "')");
    }
    return new Unpacked(id, signature, contentType, encoding, body);
  }

  /** Celery's {@code _pack}: the fields joined by the separator, in base64. */
  static byte[] pack(
      String signer, byte[] signature, String contentType, String contentEncoding, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + signature.length + 128);
    out.writeBytes(signer.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(SEP);
    out.writeBytes(signature);
    out.writeBytes(SEP);
    out.writeBytes(contentType.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(SEP);
    out.writeBytes(contentEncoding.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(SEP);
    out.writeBytes(body);
    return Base64.getEncoder().encode(out.toByteArray());
  }

  private static int indexOf(byte[] raw, int from) {
    for (int i = from; i + 1 < raw.length; i++) {
      if (raw[i] == SEP[0] && raw[i + 1] == SEP[1]) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A verified signed body.
   *
   * @param signer the id of the certificate that signed it
   * @param signature the signature
   * @param contentType the inner content type, {@code application/json}
   * @param contentEncoding the inner encoding, {@code utf-8}
   * @param body the inner body, as signed
   */
  public record Unpacked(
      String signer, byte[] signature, String contentType, String contentEncoding, byte[] body) {}
}
