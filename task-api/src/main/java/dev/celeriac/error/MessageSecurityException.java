package dev.celeriac.error;

/**
 * A task message refused by message signing, Celery's {@code SecurityError}: not signed, signed by
 * a certificate that is not trusted or has expired, or whose signature does not match its body. The
 * message says why in Celery's words ({@code Unknown certificate: ...}, {@code Bad signature: ...},
 * {@code Refusing to deserialize untrusted content of type ...}); workers dead-letter such messages
 * with it as the reason and never run them.
 */
public class MessageSecurityException extends ProtocolException {
  public MessageSecurityException(String message) {
    super(message);
  }

  public MessageSecurityException(String message, Throwable cause) {
    super(message, cause);
  }
}
