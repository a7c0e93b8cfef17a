package dev.celeriac.client.internal;

import com.rabbitmq.client.AMQP;
import java.util.concurrent.CompletableFuture;

/**
 * What the client's publishing needs from the broker, and nothing more: the seam its unit tests
 * replace with an in-memory fake. {@link AmqpBrokerPort} is the real one.
 *
 * <h2>Concurrency</h2>
 *
 * Implementations are thread-safe.
 */
public interface BrokerPort extends AutoCloseable {

  /** Whether the broker holds countdowns and ETAs in its {@code celery_delayed_*} queues. */
  boolean brokerDelays();

  /** Whether the broker has streams, where revokes are kept for workers started later. */
  boolean streams();

  /** Declares a task queue as Celery declares it; idempotent. */
  void declareTaskQueue(String queue);

  /** Declares the delayed-delivery topology ({@code celery_delayed_*}); idempotent. */
  void declareDelayedDelivery();

  /** Lets delayed messages for {@code queue} reach it; idempotent. */
  void bindDelayedDelivery(String queue);

  /** Declares the revoke stream; idempotent. */
  void declareRevocations();

  /**
   * Publishes with a publisher confirm.
   *
   * @return completes when the broker confirms, exceptionally with {@link
   *     dev.celeriac.broker.PublishException} when it refuses the message
   */
  CompletableFuture<Void> publish(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body);

  /**
   * Waits for a confirm from {@link #publish}, up to the broker settings' confirm timeout.
   *
   * @param target the queue or stream, for the error message
   * @throws dev.celeriac.broker.PublishException when it is refused or late
   */
  void await(CompletableFuture<Void> confirm, String target);

  /** Closes the publishing channel; the connection stays open. */
  @Override
  void close();
}
