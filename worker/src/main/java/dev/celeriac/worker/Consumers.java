package dev.celeriac.worker;

import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.worker.consume.QueueConsumer;
import dev.celeriac.worker.pipeline.InboundMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The worker's queue consumers, as a component: it starts one per configured queue, remote control
 * adds and cancels more, and closing closes them all, cancelled ones included (they are kept until
 * then so that the deliveries they hold can still be settled).
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe: every method holds this object's lock (remote control calls from the mailbox thread,
 * metrics read the queues from their own).
 */
final class Consumers implements Component {

  private final BrokerConnection connection;
  private final WorkerSettings settings;
  private final Consumer<InboundMessage> handler;
  private final List<QueueConsumer> active = new ArrayList<>();
  private final List<QueueConsumer> cancelled = new ArrayList<>();
  private boolean stopping;

  Consumers(
      BrokerConnection connection, WorkerSettings settings, Consumer<InboundMessage> handler) {
    this.connection = connection;
    this.settings = settings;
    this.handler = handler;
  }

  @Override
  public String name() {
    return "queue consumers";
  }

  @Override
  public void start() {
    for (String queue : settings.queues()) {
      consume(queue);
    }
  }

  /**
   * Starts consuming {@code queue} (declaring it as Celery would).
   *
   * @return false when already consuming it, or stopping
   */
  synchronized boolean consume(String queue) {
    if (stopping || queues().contains(queue)) {
      return false;
    }
    QueueConsumer consumer = new QueueConsumer(connection, queue, settings.prefetch(), handler);
    try {
      consumer.start(settings.hostname());
    } catch (RuntimeException e) {
      consumer.close(); // its channel thread must not outlive the failure
      throw e;
    }
    active.add(consumer);
    return true;
  }

  /**
   * Stops consuming {@code queue}; deliveries already received still run and are settled.
   *
   * @return false when not consuming it
   */
  synchronized boolean stopConsuming(String queue) {
    for (QueueConsumer consumer : active) {
      if (consumer.queue().equals(queue)) {
        consumer.cancel();
        active.remove(consumer);
        cancelled.add(consumer);
        return true;
      }
    }
    return false;
  }

  /** The queues consumed now. */
  synchronized List<String> queues() {
    return active.stream().map(QueueConsumer::queue).toList();
  }

  /** Stops every consumer's deliveries (warm shutdown); their channels stay to settle. */
  synchronized void cancelAll() {
    stopping = true;
    active.forEach(QueueConsumer::cancel);
  }

  @Override
  public void close() {
    stopAll().forEach(QueueConsumer::close);
  }

  @Override
  public void abort() {
    stopAll().forEach(QueueConsumer::abort);
  }

  /**
   * Refuses new consumers; returns every consumer to close, outside the lock (it may take time).
   */
  private synchronized List<QueueConsumer> stopAll() {
    stopping = true;
    List<QueueConsumer> all = new ArrayList<>(active);
    all.addAll(cancelled);
    return all;
  }
}
