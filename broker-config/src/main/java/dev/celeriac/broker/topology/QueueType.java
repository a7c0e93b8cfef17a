package dev.celeriac.broker.topology;

import dev.celeriac.error.ConfigurationException;
import java.util.Locale;

/**
 * The kind of queue Celeriac declares for tasks, dead letters and delays. Clients and workers must
 * agree: RabbitMQ refuses to redeclare a queue as another type.
 */
public enum QueueType {
  /** RabbitMQ's default; what Celery declares unless told otherwise. */
  CLASSIC,
  /**
   * Replicated (Raft) queues for clusters: survive the loss of a minority of nodes, count
   * deliveries themselves ({@code x-delivery-count}), refuse global QoS and priorities.
   */
  QUORUM;

  /** Reads {@code classic} or {@code quorum}. */
  public static QueueType parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ConfigurationException("queue type must be classic or quorum; got '" + text + "'");
    }
  }

  /** The {@code x-queue-type} value. */
  public String argument() {
    return name().toLowerCase(Locale.ROOT);
  }
}
