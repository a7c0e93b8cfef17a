package dev.celeriac.worker.consume;

import dev.celeriac.broker.ConfirmingPublisher;
import dev.celeriac.worker.pipeline.MessageCopy;
import dev.celeriac.worker.pipeline.Republisher;

/**
 * The {@link Republisher} over the worker's confirming publisher: dead letters, recounted and
 * postponed copies are published and confirmed before their originals are acknowledged.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe, as {@link ConfirmingPublisher} is; {@link #publish} blocks until confirmed.
 */
public final class ConfirmingRepublisher implements Republisher {

  private final ConfirmingPublisher publisher;

  public ConfirmingRepublisher(ConfirmingPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public void publish(MessageCopy copy) {
    publisher.publish(copy.exchange(), copy.routingKey(), copy.properties(), copy.body());
  }
}
