package dev.celeriac.client.internal;

import dev.celeriac.broker.AmqpProperties;
import dev.celeriac.broker.topology.DelayedDelivery;
import dev.celeriac.client.spi.BrokerPort;
import dev.celeriac.protocol.EncodedMessage;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.TaskMessageCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * Puts task messages on the broker: declares each target queue once (and the delayed-delivery
 * topology once, where the broker holds delays), routes a message with an eta through the broker's
 * {@code celery_delayed_*} exchange when it can hold it, reports {@code task-sent} and publishes
 * with a confirm.
 *
 * <pre>{@code
 * TaskPublisher publisher = new TaskPublisher(port, (message, queue) -> {}, Clock.systemUTC());
 * publisher.send(message, "celery"); // returns once the broker confirmed it
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe. A queue may be declared twice when two threads send to it first at the same time
 * (declarations are idempotent); the delayed-delivery topology is declared by one thread while the
 * others wait, because binding a queue to it needs it complete.
 */
public final class TaskPublisher {

  private final BrokerPort port;
  private final BiConsumer<TaskMessage, String> sent;
  private final Clock clock;
  private final UnaryOperator<EncodedMessage> seal;
  private final TaskMessageCodec codec = new TaskMessageCodec();
  private final Set<String> declaredQueues = ConcurrentHashMap.newKeySet();
  private volatile boolean delaysDeclared;

  /**
   * @param sent told of every message before it is published, with its queue (the {@code task-sent}
   *     event); a no-op when events are off
   * @param clock the time an eta is measured from
   */
  public TaskPublisher(BrokerPort port, BiConsumer<TaskMessage, String> sent, Clock clock) {
    this(port, sent, clock, UnaryOperator.identity());
  }

  /**
   * @param seal applied to every encoded message before it is published: message signing ({@link
   *     dev.celeriac.security.MessageSigning#seal}), or the identity
   */
  public TaskPublisher(
      BrokerPort port,
      BiConsumer<TaskMessage, String> sent,
      Clock clock,
      UnaryOperator<EncodedMessage> seal) {
    this.port = port;
    this.sent = sent;
    this.clock = clock;
    this.seal = seal;
  }

  /**
   * Publishes and waits for the broker's confirm.
   *
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm it
   */
  public void send(TaskMessage message, String queue) {
    port.await(sendAsync(message, queue), queue);
  }

  /**
   * Publishes and returns at once with a future completed by the broker's confirm, so many messages
   * can be in flight (pipelined confirms).
   */
  public CompletableFuture<Void> sendAsync(TaskMessage message, String queue) {
    EncodedMessage encoded = seal.apply(codec.encode(message));
    ensureQueue(queue);
    sent.accept(message, queue);
    long delay = brokerDelaySeconds(message);
    if (delay > 0) {
      // Held by the broker's celery_delayed_* queues until due; the eta header stays exact and
      // the worker waits out the remaining fraction of a second.
      return port.publish(
          DelayedDelivery.entryExchange(),
          DelayedDelivery.routingKey(delay, queue),
          AmqpProperties.forTask(encoded),
          encoded.body());
    }
    return port.publish("", queue, AmqpProperties.forTask(encoded), encoded.body());
  }

  /**
   * Waits for every confirm, in order.
   *
   * @throws dev.celeriac.broker.PublishException for the first that is refused or late
   */
  public void awaitAll(List<CompletableFuture<Void>> confirms, String target) {
    for (CompletableFuture<Void> confirm : confirms) {
      port.await(confirm, target);
    }
  }

  /** Whole seconds until the message's eta when the broker should hold it, else 0. */
  private long brokerDelaySeconds(TaskMessage message) {
    if (!port.brokerDelays() || message.headers().eta() == null) {
      return 0;
    }
    return DelayedDelivery.brokerSeconds(
        Duration.between(clock.instant(), message.headers().eta().toInstant()));
  }

  private void ensureQueue(String queue) {
    if (declaredQueues.contains(queue)) {
      return;
    }
    port.declareTaskQueue(queue);
    if (port.brokerDelays()) {
      ensureDelayedDelivery();
      port.bindDelayedDelivery(queue);
    }
    declaredQueues.add(queue);
  }

  private void ensureDelayedDelivery() {
    if (delaysDeclared) {
      return;
    }
    synchronized (this) {
      if (!delaysDeclared) {
        port.declareDelayedDelivery();
        delaysDeclared = true;
      }
    }
  }
}
