package dev.celeriac.worker.consume;

import com.rabbitmq.client.AMQP;
import dev.celeriac.broker.ConfirmingPublisher;
import dev.celeriac.broker.deadletter.DeadLetterHeaders;
import dev.celeriac.broker.topology.Topology;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Moves messages a worker cannot process to the dead-letter queue of their task queue, unchanged
 * but for headers saying why, where from and when. The move is confirmed before the original is
 * acknowledged, so a crash in between duplicates the message rather than losing it.
 *
 * <p>Headers added: {@value #REASON}, {@value #QUEUE}, {@value #WORKER}, {@value #TIME} (ISO-8601)
 * and {@value #REDELIVERED}.
 */
public final class DeadLetters {

  public static final String REASON = DeadLetterHeaders.REASON;
  public static final String QUEUE = DeadLetterHeaders.QUEUE;
  public static final String WORKER = DeadLetterHeaders.WORKER;
  public static final String TIME = DeadLetterHeaders.TIME;
  public static final String REDELIVERED = DeadLetterHeaders.REDELIVERED;

  private final ConfirmingPublisher publisher;
  private final String worker;

  public DeadLetters(ConfirmingPublisher publisher, String worker) {
    this.publisher = publisher;
    this.worker = worker;
  }

  /**
   * Publishes the dead letter and waits for the broker's confirm.
   *
   * @throws dev.celeriac.broker.PublishException when it is not confirmed; the caller then requeues
   *     the original instead of acknowledging it
   */
  public void send(Delivery delivery, String reason) {
    AMQP.BasicProperties original = delivery.properties();
    Map<String, Object> headers = new LinkedHashMap<>();
    if (original.getHeaders() != null) {
      headers.putAll(original.getHeaders());
    }
    headers.put(REASON, reason);
    headers.put(QUEUE, delivery.queue());
    headers.put(WORKER, worker);
    headers.put(TIME, Instant.now().toString());
    headers.put(REDELIVERED, delivery.envelope().isRedeliver());
    AMQP.BasicProperties properties =
        original.builder().headers(headers).deliveryMode(2).expiration(null).build();
    publisher.publish(Topology.DEAD_LETTER_EXCHANGE, delivery.queue(), properties, delivery.body());
  }
}
