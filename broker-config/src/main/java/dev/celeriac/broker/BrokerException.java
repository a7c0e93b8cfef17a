package dev.celeriac.broker;

import dev.celeriac.error.CeleriacException;

/** Talking to the broker failed. Translates amqp-client's checked exceptions. */
public class BrokerException extends CeleriacException {

  public BrokerException(String message) {
    super(message);
  }

  public BrokerException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The message of {@code e}'s innermost cause, or its class name when it has none: amqp-client
   * wraps the broker's reason (a {@code ShutdownSignalException}) in exceptions of its own without
   * a message.
   */
  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
