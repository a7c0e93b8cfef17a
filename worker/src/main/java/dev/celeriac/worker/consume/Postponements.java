package dev.celeriac.worker.consume;

import dev.celeriac.broker.ConfirmingPublisher;
import dev.celeriac.broker.topology.DelayedDelivery;

/**
 * Moves a delivery whose ETA is still far off into the broker's delay queues, unchanged, so the
 * worker holds neither the message nor an unacknowledged delivery until it is due (no RabbitMQ
 * {@code consumer_timeout}, no memory per waiting task). The move is confirmed before the original
 * is acknowledged.
 */
public final class Postponements {

  private final ConfirmingPublisher publisher;

  public Postponements(ConfirmingPublisher publisher) {
    this.publisher = publisher;
  }

  /**
   * Republishes the delivery to come back to its queue after {@code seconds}, confirmed.
   *
   * @throws dev.celeriac.broker.PublishException when not confirmed; the caller keeps the original
   *     delivery
   */
  public void postpone(Delivery delivery, long seconds) {
    publisher.publish(
        DelayedDelivery.entryExchange(),
        DelayedDelivery.routingKey(seconds, delivery.queue()),
        delivery.properties(),
        delivery.body());
  }
}
