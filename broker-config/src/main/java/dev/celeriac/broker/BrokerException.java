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
}
