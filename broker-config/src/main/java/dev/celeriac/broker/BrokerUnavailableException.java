package dev.celeriac.broker;

/** No connection to the broker could be opened within the configured attempts. */
public class BrokerUnavailableException extends BrokerException {

  public BrokerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
