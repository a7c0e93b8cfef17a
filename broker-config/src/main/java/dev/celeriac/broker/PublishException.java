package dev.celeriac.broker;

/**
 * The broker did not confirm a message: it refused it (nack), the channel closed first, or no
 * confirm arrived in time. The message may or may not have reached the broker.
 */
public class PublishException extends BrokerException {

  public PublishException(String message) {
    super(message);
  }

  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
