package dev.celeriac.worker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.spi.WorkerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One test's own queue on the shared test broker, a client whose default queue it is, and
 * optionally in-process workers running {@link TestTasks}. Closing it stops the workers and deletes
 * the queue, its exchange and its dead-letter queue.
 *
 * <pre>{@code
 * fixture = QueueFixture.create("it-canvas").withWorker(w -> w.concurrency(4));
 * fixture.app.task("it.add", Integer.class).delay(1, 2);
 * }</pre>
 */
public final class QueueFixture implements AutoCloseable {

  public final String queue;
  public final Celeriac app;
  private final BrokerSettings broker;
  private final java.util.ArrayList<Worker> workers = new java.util.ArrayList<>();

  private QueueFixture(String prefix, BrokerSettings broker) {
    this.queue = prefix + "-" + UUID.randomUUID();
    this.broker = broker;
    this.app = Celeriac.builder().broker(broker).defaultQueue(queue).build();
  }

  /** A queue and a client on the test broker with default settings. */
  public static QueueFixture create(String prefix) {
    return new QueueFixture(prefix, BrokerSettings.of(TestBroker.amqpUrl()));
  }

  /** A queue and a client with these broker settings (workers get the same). */
  public static QueueFixture create(String prefix, BrokerSettings broker) {
    return new QueueFixture(prefix, broker);
  }

  /** Starts an in-process worker on the queue; {@code tune} adjusts its settings. */
  public QueueFixture withWorker(UnaryOperator<WorkerSettings.Builder> tune) {
    startWorker(tune);
    return this;
  }

  /** As {@link #withWorker(UnaryOperator)}, its metrics in {@code meters}. */
  public QueueFixture withWorker(
      UnaryOperator<WorkerSettings.Builder> tune,
      io.micrometer.core.instrument.MeterRegistry meters) {
    startWorker(tune, meters);
    return this;
  }

  /** Starts another in-process worker on the queue and returns it. */
  public Worker startWorker(UnaryOperator<WorkerSettings.Builder> tune) {
    return startWorker(tune, null);
  }

  private Worker startWorker(
      UnaryOperator<WorkerSettings.Builder> tune,
      io.micrometer.core.instrument.MeterRegistry meters) {
    WorkerSettings.Builder settings =
        WorkerSettings.builder()
            .broker(broker)
            .queues(List.of(queue))
            .hostname(queue + "-" + workers.size() + "@it");
    Worker worker =
        Worker.start(
            tune.apply(settings).build(),
            TaskRegistry.builder().add(TestTasks.class).build(),
            meters);
    workers.add(worker);
    return worker;
  }

  /** The first worker started. */
  public Worker worker() {
    return workers.getFirst();
  }

  /** A new channel on the client's connection; the caller may leave it open. */
  public Channel channel() {
    return WorkerClient.of(app).connection().createChannel();
  }

  /** Messages ready in {@code name}. */
  public long depth(String name) {
    Channel channel = channel();
    try {
      return channel.queueDeclarePassive(name).getMessageCount();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Topology.closeQuietly(channel);
    }
  }

  /** Consumers of {@code name}, as the broker counts them now. */
  public int consumers(String name) {
    Channel channel = channel();
    try {
      return channel.queueDeclarePassive(name).getConsumerCount();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Topology.closeQuietly(channel);
    }
  }

  /** Takes one message from this queue's dead-letter queue, or null. */
  public GetResponse takeDeadLetter() {
    Channel channel = channel();
    try {
      return channel.basicGet(Topology.deadLetterQueueName(queue), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Topology.closeQuietly(channel);
    }
  }

  /** Deletes {@code name}, its dead-letter queue and its exchange, e.g. a queue a test added. */
  public void deleteQueue(String name) {
    Channel channel = channel();
    try {
      channel.queueDelete(name);
      channel.queueDelete(Topology.deadLetterQueueName(name));
      channel.exchangeDelete(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Topology.closeQuietly(channel);
    }
  }

  @Override
  public void close() {
    workers.forEach(Worker::shutdownNow);
    try {
      deleteQueue(queue);
    } finally {
      app.close();
    }
  }
}
