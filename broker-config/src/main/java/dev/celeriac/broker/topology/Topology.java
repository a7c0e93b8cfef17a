package dev.celeriac.broker.topology;

import com.rabbitmq.client.Channel;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerDialect;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.error.ConfigurationException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queues and exchanges Celeriac uses, declared the way Celery 5.2 declares the ones they share
 * (docs/protocol.md, "Topology").
 *
 * <ul>
 *   <li>Task queue {@code <q>}: durable, not exclusive, not auto-delete, no arguments unless a max
 *       priority is configured; bound to a durable direct exchange of the same name with key {@code
 *       <q>}. Tasks are published to the default exchange with the queue name as key.
 *   <li>Dead letters: a durable direct exchange {@value #DEAD_LETTER_EXCHANGE} and, per task queue,
 *       a durable queue {@code <q>.dead-letter} bound with key {@code <q>}. The worker republishes
 *       messages it cannot process there itself, because adding {@code x-dead-letter-exchange} to
 *       the task queue would make the declaration differ from Celery's and break interop.
 *   <li>Reply queues: exclusive and auto-delete, so RabbitMQ 4.3 (which refuses transient
 *       non-exclusive queues) accepts them.
 * </ul>
 */
public final class Topology {

  private static final Logger log = LoggerFactory.getLogger(Topology.class);

  /** Where messages a worker cannot process go, with the reason in their headers. */
  public static final String DEAD_LETTER_EXCHANGE = "celeriac.dead-letter";

  /** The queue Celery and Celeriac use when none is named. */
  public static final String DEFAULT_QUEUE = "celery";

  private Topology() {}

  /**
   * The task queue as Celery declares it: no arguments for a classic queue (any argument would make
   * the declaration differ from Celery's), {@code x-queue-type: quorum} for a quorum queue.
   */
  public static QueueSpec taskQueue(String name, Integer maxPriority, QueueType type) {
    QueueSpec.Builder builder = QueueSpec.durable(name);
    if (maxPriority != null) {
      ConfigurationException.require(
          type == QueueType.CLASSIC,
          "quorum queues have no priorities; drop x-max-priority for '" + name + "'");
      builder.maxPriority(maxPriority);
    }
    if (type == QueueType.QUORUM) {
      builder.argument("x-queue-type", type.argument());
    }
    return builder.build();
  }

  /** Declares a task queue with its same-named direct exchange and binding, as Celery does. */
  public static void declareTaskQueue(
      Channel channel, String name, Integer maxPriority, QueueType type) {
    taskQueue(name, maxPriority, type).declare(channel);
    ExchangeSpec exchange = ExchangeSpec.durableDirect(name);
    exchange.declare(channel);
    exchange.bind(channel, name, name);
    if (BrokerDialect.of(channel).defaultExchangeFindsExchanges()) {
      // Broker-J delivers a default-exchange publish for <name> through this exchange, key "".
      exchange.bind(channel, name, "");
    }
  }

  /** The name of the dead-letter queue for task queue {@code queue}. */
  public static String deadLetterQueueName(String queue) {
    ConfigurationException.require(
        queue != null && !queue.isBlank(), "queue name must not be blank");
    return queue + ".dead-letter";
  }

  /** Declares the dead-letter exchange and the dead-letter queue for {@code queue}. */
  public static void declareDeadLetterQueue(Channel channel, String queue, QueueType type) {
    ExchangeSpec exchange = ExchangeSpec.durableDirect(DEAD_LETTER_EXCHANGE);
    exchange.declare(channel);
    String name = deadLetterQueueName(queue);
    QueueSpec.Builder spec = QueueSpec.durable(name);
    if (type == QueueType.QUORUM) {
      spec.argument("x-queue-type", type.argument());
    }
    spec.build().declare(channel);
    exchange.bind(channel, name, queue);
  }

  /** How long an unused reply queue is kept (a client away longer loses its results). */
  public static final java.time.Duration REPLY_QUEUE_EXPIRY = java.time.Duration.ofHours(1);

  /**
   * A client's reply queue for {@code rpc://} results: durable with {@code x-expires}, as Celery's
   * main branch now declares it, so results published while the client or the broker restarts wait
   * for it. The client deletes it when it closes; the broker drops it after an hour unused.
   *
   * <p>With {@link QueueType#QUORUM} it is a quorum queue too: a classic queue lives on the one
   * node the client happened to connect to, and results published while that node is down are lost
   * (the cluster failover drill lost them so); a quorum queue keeps them on the survivors.
   */
  public static QueueSpec replyQueue(String name, QueueType type) {
    QueueSpec.Builder spec =
        QueueSpec.durable(name).argument("x-expires", REPLY_QUEUE_EXPIRY.toMillis());
    if (type == QueueType.QUORUM) {
      spec.argument("x-queue-type", type.argument());
    }
    return spec.build();
  }

  /**
   * Declares a task queue as Celery does; if it already exists with other arguments (a Python app
   * declared it with {@code x-max-priority}, say), uses it as it is and logs that.
   */
  public static void ensureTaskQueue(
      BrokerConnection connection, String name, Integer maxPriority, QueueType type) {
    Channel channel = connection.createChannel();
    try {
      declareTaskQueue(channel, name, maxPriority, type);
    } catch (BrokerException e) {
      if (!isPreconditionFailed(e)) {
        throw e;
      }
      // The first channel was closed by the refusal; a passive declare on a new one checks
      // existence.
      Channel passive = connection.createChannel();
      try {
        passive.queueDeclarePassive(name);
        log.warn(
            "Queue '{}' exists with other arguments than {}; using it as it is",
            name,
            taskQueue(name, maxPriority, type));
      } catch (IOException inner) {
        throw e;
      } finally {
        closeQuietly(passive);
      }
    } finally {
      closeQuietly(channel);
    }
  }

  private static boolean isPreconditionFailed(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("PRECONDITION_FAILED")) {
        return true;
      }
    }
    return false;
  }

  /** Closes a channel, ignoring that it may be closed already. */
  public static void closeQuietly(Channel channel) {
    try {
      if (channel.isOpen()) {
        channel.close();
      }
    } catch (IOException | TimeoutException | RuntimeException e) {
      // Already closed by the broker, or the connection is going away: nothing left to release.
    }
  }
}
