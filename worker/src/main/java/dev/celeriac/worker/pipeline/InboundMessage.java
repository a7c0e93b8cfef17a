package dev.celeriac.worker.pipeline;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import java.util.Map;

/**
 * One message as the broker delivered it, with the port that settles it. (amqp-client's own {@code
 * com.rabbitmq.client.Delivery} carries the same parts but no way to settle them.)
 *
 * @param queue the queue it came from
 * @param envelope delivery tag, redelivered flag, exchange and routing key
 * @param properties AMQP properties including the raw header table
 * @param body the body bytes
 * @param settler acknowledges or requeues it on the channel it came from
 */
public record InboundMessage(
    String queue,
    Envelope envelope,
    AMQP.BasicProperties properties,
    byte[] body,
    Settler settler) {

  /** The raw header table; empty when the message has none. */
  public Map<String, Object> headers() {
    Map<String, Object> headers = properties.getHeaders();
    return headers == null ? Map.of() : headers;
  }

  /**
   * The routing key it was published with, which Celery keeps as a result's {@code queue}; the
   * queue's name when the envelope has none.
   */
  public String routingKey() {
    String key = envelope.getRoutingKey();
    return key == null || key.isEmpty() ? queue : key;
  }

  /** Whether the broker flags it as delivered before. */
  public boolean redelivered() {
    return envelope.isRedeliver();
  }
}
