package dev.celeriac.embedded;

import dev.celeriac.error.CeleriacException;

/** The embedded broker could not start; the message names the address and the cause. */
public final class EmbeddedBrokerException extends CeleriacException {

  public EmbeddedBrokerException(String message, Throwable cause) {
    super(message, cause);
  }
}
