package dev.celeriac.test;

import com.rabbitmq.client.Channel;
import dev.celeriac.Durations;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.worker.TaskRegistry;
import dev.celeriac.worker.Worker;
import dev.celeriac.worker.WorkerSettings;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one {@link CeleriacTest} class runs against: its own queue on the shared broker, the worker
 * consuming it (null when the annotation names no tasks) and a client whose default queue it is.
 * Closing stops the worker, deletes the queue and what goes with it, and closes the client.
 *
 * <h2>Concurrency</h2>
 *
 * Created and closed by JUnit's thread for the test class; the client and the worker it hands out
 * are thread-safe.
 */
final class ClassRun implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClassRun.class);

  private final String queue;
  private final Celeriac app;
  private final Worker worker;
  private boolean closed;

  private ClassRun(String queue, Celeriac app, Worker worker) {
    this.queue = queue;
    this.app = app;
    this.worker = worker;
  }

  /**
   * Starts the client and, when {@code config} names tasks, the worker.
   *
   * @param config the class's annotation, or null for the defaults (no worker)
   * @throws org.opentest4j.TestAbortedException when there is no broker and none is required
   */
  static ClassRun start(Class<?> testClass, CeleriacTest config) {
    BrokerSettings broker = CeleriacTestBroker.settings();
    String queue = queueName(testClass);
    Worker worker = config == null ? null : startWorker(broker, queue, config);
    try {
      Celeriac app =
          Celeriac.builder()
              .broker(broker)
              .defaultQueue(queue)
              .connectionName("celeriac-test-client " + testClass.getSimpleName())
              .build();
      log.debug("{}: queue {}, worker {}", testClass.getName(), queue, worker != null);
      return new ClassRun(queue, app, worker);
    } catch (RuntimeException e) {
      if (worker != null) {
        worker.shutdownNow();
      }
      throw e;
    }
  }

  /** {@code celeriac-test.MathTasksIT.1a2b3c4d}: readable in the management UI, and unique. */
  static String queueName(Class<?> testClass) {
    return "celeriac-test."
        + testClass.getSimpleName()
        + "."
        + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Worker startWorker(BrokerSettings broker, String queue, CeleriacTest config) {
    if (config.tasks().length == 0 && config.packages().length == 0) {
      return null;
    }
    TaskRegistry.Builder registry = TaskRegistry.builder();
    for (Class<?> tasks : config.tasks()) {
      registry.add(tasks);
    }
    for (String pkg : config.packages()) {
      registry.scan(pkg);
    }
    WorkerSettings settings =
        WorkerSettings.builder()
            .broker(broker)
            .queues(List.of(queue))
            .hostname(queue + "@celeriac-test")
            .concurrency(config.concurrency())
            .pool(config.pool())
            .prefetchMultiplier(config.prefetchMultiplier())
            .shutdownTimeout(Durations.parse(config.shutdownTimeout()))
            .taskEvents(config.taskEvents())
            // Heartbeats every 2 s from every test class would only add noise to the event stream.
            .heartbeat(config.taskEvents())
            .build();
    return Worker.start(settings, registry.build());
  }

  /** The client, default queue {@link #queue()}. */
  Celeriac app() {
    return app;
  }

  /** The worker, or null when the annotation named no tasks. */
  Worker worker() {
    return worker;
  }

  String queue() {
    return queue;
  }

  /** Stops the worker (warm), deletes the queue, closes the client; once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (worker != null) {
        worker.shutdown();
      }
      deleteQueue();
    } finally {
      app.close();
    }
  }

  /** The queue, its dead-letter queue and its exchange: nothing of a test outlives its class. */
  private void deleteQueue() {
    Channel channel = null;
    try {
      channel = WorkerClient.of(app).connection().createChannel();
      channel.queueDelete(queue);
      channel.queueDelete(Topology.deadLetterQueueName(queue));
      channel.exchangeDelete(queue);
    } catch (IOException | RuntimeException e) {
      // The broker may be gone already (a shutdown hook stops the container); nothing to undo.
      log.warn("Cannot delete test queue {}: {}", queue, e.getMessage());
    } finally {
      if (channel != null) {
        Topology.closeQuietly(channel);
      }
    }
  }
}
