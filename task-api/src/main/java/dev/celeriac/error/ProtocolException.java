package dev.celeriac.error;

/**
 * A message that does not follow Celery's task protocol v2 with JSON, or a result message that is
 * not in the {@code rpc://} format. Workers dead-letter such messages with this exception's message
 * as the reason.
 */
public class ProtocolException extends CeleriacException {

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
