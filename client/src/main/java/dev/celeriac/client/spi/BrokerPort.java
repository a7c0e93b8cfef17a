package dev.celeriac.client.spi;

import com.rabbitmq.client.AMQP;
import java.util.concurrent.CompletableFuture;

/**
 * What an app's publishing needs from the broker, and nothing more: declarations, publishes with a
 * confirm, and two facts about the broker. An app built with {@link
 * dev.celeriac.client.Celeriac#builder()}{@code .build()} talks to RabbitMQ through its own
 * implementation; {@link dev.celeriac.client.CeleriacBuilder#buildOn} builds an app over any other,
 * a stand-in for the broker: unit-test fakes, or a test kit's eager mode that runs each published
 * task at once.
 *
 * <pre>{@code
 * Celeriac app = Celeriac.builder().buildOn(standIn, results); // standIn: any BrokerPort
 * app.task(MathTasks::add).delay(2, 3); // standIn.publish("", "celery", properties, body)
 * }</pre>
 *
 * <p>A stand-in sees each task message exactly as RabbitMQ would: {@code publish} gets the AMQP
 * properties (Celery's protocol v2 headers among them) and the JSON body.
 *
 * <h2>Concurrency</h2>
 *
 * Implementations are thread-safe: any thread that calls a task publishes through them.
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
