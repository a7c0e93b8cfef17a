package dev.celeriac.worker.pipeline;

import com.rabbitmq.client.AMQP;
import dev.celeriac.broker.deadletter.DeadLetterHeaders;
import dev.celeriac.broker.topology.DelayedDelivery;
import dev.celeriac.broker.topology.Topology;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A copy of a received message, addressed elsewhere, for the {@link Republisher}. The kinds a
 * worker makes are built here, each a pure function of the original.
 *
 * @param exchange where it goes
 * @param routingKey its routing key there
 * @param properties its properties (headers changed as the kind requires)
 * @param body the original body, unchanged
 */
public record MessageCopy(
    String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {

  /**
   * For the dead-letter queue of the message's queue, persistent, without its expiration, with
   * headers saying why ({@value DeadLetterHeaders#REASON}), where from, which worker and when.
   */
  public static MessageCopy deadLetter(InboundMessage original, String reason, String worker) {
    return deadLetter(original, reason, worker, false);
  }

  /**
   * As {@link #deadLetter(InboundMessage, String, String)}; {@code untrusted} marks a message that
   * message signing refused ({@value DeadLetterHeaders#UNTRUSTED}), so replay can hold it back.
   */
  public static MessageCopy deadLetter(
      InboundMessage original, String reason, String worker, boolean untrusted) {
    Map<String, Object> headers = new LinkedHashMap<>(original.headers());
    headers.put(DeadLetterHeaders.REASON, reason);
    if (untrusted) {
      headers.put(DeadLetterHeaders.UNTRUSTED, true);
    }
    headers.put(DeadLetterHeaders.QUEUE, original.queue());
    headers.put(DeadLetterHeaders.WORKER, worker);
    headers.put(DeadLetterHeaders.TIME, Instant.now().toString());
    headers.put(DeadLetterHeaders.REDELIVERED, original.redelivered());
    AMQP.BasicProperties properties =
        original.properties().builder().headers(headers).deliveryMode(2).expiration(null).build();
    return new MessageCopy(
        Topology.DEAD_LETTER_EXCHANGE, original.queue(), properties, original.body());
  }

  /**
   * For the back of its own queue, carrying {@code failedDeliveries} in {@value
   * DeadLetterHeaders#DELIVERY_COUNT} (classic queues do not count deliveries themselves).
   */
  public static MessageCopy recounted(InboundMessage original, int failedDeliveries) {
    Map<String, Object> headers = new LinkedHashMap<>(original.headers());
    headers.put(DeadLetterHeaders.DELIVERY_COUNT, failedDeliveries);
    return new MessageCopy(
        "",
        original.queue(),
        original.properties().builder().headers(headers).build(),
        original.body());
  }

  /**
   * For the back of its own queue, unchanged: headers (and so the delivery count) as they were, and
   * not flagged as redelivered, so running it again does not count as a failed delivery.
   */
  public static MessageCopy putBack(InboundMessage original) {
    return new MessageCopy("", original.queue(), original.properties(), original.body());
  }

  /** For the broker's delay queues, to come back to its queue after {@code seconds}, unchanged. */
  public static MessageCopy postponed(InboundMessage original, long seconds) {
    return new MessageCopy(
        DelayedDelivery.entryExchange(),
        DelayedDelivery.routingKey(seconds, original.queue()),
        original.properties(),
        original.body());
  }
}
