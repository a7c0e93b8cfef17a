package dev.celeriac.worker;

import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.ConfirmingPublisher;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.events.EventDispatcher;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.worker.consume.DeadLetters;
import dev.celeriac.worker.consume.DeliveryLimit;
import dev.celeriac.worker.consume.Postponements;
import dev.celeriac.worker.consume.QueueConsumer;
import dev.celeriac.worker.consume.RevocationFeed;
import dev.celeriac.worker.control.Mailbox;
import dev.celeriac.worker.events.WorkerEvents;
import dev.celeriac.worker.execution.ResultSender;
import dev.celeriac.worker.execution.TaskExecutor;
import dev.celeriac.worker.execution.TaskObserver;
import dev.celeriac.worker.execution.TaskPool;
import dev.celeriac.worker.metrics.WorkerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: consumes task queues, runs tasks, publishes results, acknowledges after the result is
 * confirmed.
 *
 * <pre>{@code
 * try (Worker worker = Worker.start(settings, TaskRegistry.builder().add(MathTasks.class).build())) {
 *   worker.awaitTermination();
 * }
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * {@link #shutdown()} and {@link #shutdownNow()} may be called from any thread, once each takes
 * effect; the worker owns its connection, channels, pool and scheduler and closes them all.
 */
public final class Worker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private final WorkerSettings settings;
  private final TaskRegistry registry;
  private final BrokerConnection connection;
  private final ConfirmingPublisher publisher;
  private final Celeriac app;
  private RevocationFeed revocations;
  private Mailbox mailbox;
  private final TaskExecutor executor;
  private final List<QueueConsumer> consumers = new ArrayList<>(); // guarded by itself
  private final List<QueueConsumer> cancelled = new ArrayList<>(); // guarded by consumers
  private final java.time.Instant startedAt = java.time.Instant.now();
  private final EventDispatcher events;
  private final WorkerEvents workerEvents;
  private final WorkerMetrics metrics;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final Object lifecycle = new Object();
  private volatile boolean stopping;

  private Worker(WorkerSettings settings, TaskRegistry registry) {
    this.settings = settings;
    this.registry = registry;
    this.connection = BrokerConnection.open(settings.broker(), settings.hostname());
    this.publisher = new ConfirmingPublisher(connection);
    TaskPool pool = new TaskPool(settings.pool(), settings.effectiveConcurrency());
    // A worker is also a client: it publishes retries, chain steps and callbacks on its connection.
    this.app = Celeriac.builder().connection(connection).json(CeleryJson.mapper()).build();
    List<TaskObserver> observers = new ArrayList<>();
    this.events =
        settings.taskEvents() || settings.heartbeat()
            ? new EventDispatcher(connection, settings.hostname())
            : null;
    this.workerEvents =
        events == null ? null : new WorkerEvents(events, version(), this::active, this::processed);
    if (settings.taskEvents()) {
      observers.add(workerEvents);
    }
    this.metrics =
        settings.metricsPort() < 0
            ? null
            : WorkerMetrics.serve(
                settings.metricsPort(),
                connection,
                settings.hostname(),
                this::inFlight,
                this::active,
                this::queues);
    if (metrics != null) {
      observers.add(metrics);
    }
    this.executor =
        new TaskExecutor(
            registry,
            pool,
            new ResultSender(
                publisher,
                settings.hostname(),
                name -> registry.find(name).map(TaskDefinition::ignoreResult).orElse(false)),
            new DeadLetters(publisher, settings.hostname()),
            CeleryJson.mapper(),
            app,
            settings.hostname(),
            // Without broker delays (a broker that cannot hold them) ETAs wait in memory.
            connection.brokerDelays() ? new Postponements(publisher) : null,
            new DeliveryLimit(publisher, settings.maxDeliveries()),
            settings.maxMessageSize(),
            TaskObserver.all(observers));
  }

  /** This build's version, {@code dev} outside a packaged jar. */
  public static String version() {
    String v = Worker.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /**
   * Connects, declares the queues as Celery does, and starts consuming.
   *
   * @throws dev.celeriac.broker.BrokerUnavailableException when the broker cannot be reached
   */
  public static Worker start(WorkerSettings settings, TaskRegistry registry) {
    Worker worker = new Worker(settings, registry);
    try {
      worker.followRevocations();
      worker.openMailbox();
      for (String queue : settings.queues()) {
        worker.consume(queue);
      }
      if (settings.heartbeat()) {
        worker.workerEvents.online();
      }
    } catch (RuntimeException e) {
      worker.shutdownNow();
      throw e;
    }
    log.debug("{} consuming {}", settings.hostname(), settings.queues());
    return worker;
  }

  /**
   * Reads the revokes kept in the broker before consuming, so tasks revoked while this worker was
   * down are known before their messages arrive; then keeps following new ones.
   */
  private void followRevocations() {
    java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();
    revocations =
        new RevocationFeed(
            connection,
            (id, terminate) -> {
              seen.incrementAndGet();
              executor.revoke(id, terminate);
            });
    revocations.start();
    // Wait (briefly, bounded) until the history stops arriving.
    long last = -1;
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (seen.get() != last && System.nanoTime() < deadline) {
      last = seen.get();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    log.debug("{} revoke(s) known from the broker", seen.get());
  }

  /**
   * Starts consuming {@code queue} (declaring it as Celery would).
   *
   * @return false when already consuming it
   */
  boolean consume(String queue) {
    synchronized (consumers) {
      if (stopping || queues().contains(queue)) {
        return false;
      }
      QueueConsumer consumer =
          new QueueConsumer(connection, queue, settings.prefetch(), executor::onDelivery);
      try {
        consumer.start(settings.hostname());
      } catch (RuntimeException e) {
        consumer.close(); // its channel thread must not outlive the failure
        throw e;
      }
      consumers.add(consumer);
      return true;
    }
  }

  /**
   * Stops consuming {@code queue}; deliveries already received still run and are settled.
   *
   * @return false when not consuming it
   */
  boolean stopConsuming(String queue) {
    synchronized (consumers) {
      for (QueueConsumer consumer : consumers) {
        if (consumer.queue().equals(queue)) {
          consumer.cancel();
          consumers.remove(consumer);
          cancelled.add(consumer); // closed at shutdown, after its deliveries are settled
          return true;
        }
      }
      return false;
    }
  }

  /** The queues consumed now (remote control can change them). */
  public List<String> queues() {
    synchronized (consumers) {
      return consumers.stream().map(QueueConsumer::queue).toList();
    }
  }

  /**
   * Answers Celery's pidbox (see {@link Mailbox}). A revoke that arrives this way is also recorded
   * in the broker's revoke stream (off the dispatch thread, it waits for a confirm), so workers
   * started later know it too.
   */
  private void openMailbox() {
    mailbox = new Mailbox(connection, settings.hostname(), new WorkerControl(this));
    mailbox.start();
  }

  /** A revoke from remote control: here now, and recorded in the broker for later workers. */
  void revokeRemotely(String id, boolean terminate) {
    executor.revoke(id, terminate);
    // Recorded only, not broadcast again: the broadcast is what brought it here.
    Thread.ofVirtual()
        .name("celeriac-revoke-record")
        .start(
            () -> {
              try {
                WorkerClient.of(app).recordRevoke(id, terminate);
              } catch (RuntimeException e) {
                log.warn("Cannot record revoke of {} in the broker: {}", id, e.getMessage());
              }
            });
  }

  TaskExecutor executor() {
    return executor;
  }

  java.time.Instant startedAt() {
    return startedAt;
  }

  BrokerConnection connection() {
    return connection;
  }

  /** The Prometheus endpoint's port, or -1 without one. */
  public int metricsPort() {
    return metrics == null ? -1 : metrics.port();
  }

  /** Tasks running now. */
  public int active() {
    return executor.running().size();
  }

  /** Revokes a task on this worker only (the broker-wide way is {@code Celeriac.revoke}). */
  public void revokeLocally(String taskId, boolean terminate) {
    executor.revoke(taskId, terminate);
  }

  public WorkerSettings settings() {
    return settings;
  }

  public TaskRegistry registry() {
    return registry;
  }

  /** E.g. "RabbitMQ 3.10.8". */
  public String brokerDescription() {
    return connection.serverDescription();
  }

  /** Deliveries received and not yet settled. */
  public int inFlight() {
    return executor.inFlight();
  }

  /** Tasks whose hard time limit left their thread abandoned since start. */
  public long abandonedThreads() {
    return executor.abandonedThreads();
  }

  /** Deliveries settled since start. */
  public long processed() {
    return executor.processed();
  }

  /**
   * Warm shutdown: stop consuming, requeue what has not started, let running tasks finish within
   * the shutdown timeout (then interrupt and requeue them), close. Blocks until done.
   */
  public void shutdown() {
    if (!beginStop()) {
      awaitTermination();
      return;
    }
    log.info(
        "{}: warm shutdown (waiting up to {} for running tasks)",
        settings.hostname(),
        settings.shutdownTimeout());
    synchronized (consumers) {
      consumers.forEach(QueueConsumer::cancel);
    }
    executor.drain(settings.shutdownTimeout());
    closeAll();
  }

  /** Cold shutdown: stop now; the broker requeues everything not acknowledged. */
  public void shutdownNow() {
    beginStop();
    log.warn("{}: cold shutdown", settings.hostname());
    executor.abort();
    if (workerEvents != null) {
      workerEvents.stop();
    }
    if (metrics != null) {
      metrics.close();
    }
    connection.abort();
    if (events != null) {
      events.close();
    }
    terminated.countDown();
  }

  private boolean beginStop() {
    synchronized (lifecycle) {
      if (stopping) {
        return false;
      }
      stopping = true;
      return true;
    }
  }

  private void closeAll() {
    synchronized (consumers) {
      consumers.forEach(QueueConsumer::close);
      cancelled.forEach(QueueConsumer::close);
    }
    if (settings.heartbeat() && workerEvents != null) {
      workerEvents.offline();
    }
    if (events != null) {
      events.close();
    }
    if (metrics != null) {
      metrics.close();
    }
    if (revocations != null) {
      revocations.close();
    }
    if (mailbox != null) {
      mailbox.close();
    }
    app.close();
    publisher.close();
    connection.close();
    terminated.countDown();
    log.info("{}: stopped", settings.hostname());
  }

  /** Blocks until the worker stopped. */
  public void awaitTermination() {
    try {
      terminated.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits up to {@code millis}; true when stopped. */
  public boolean awaitTermination(long millis) {
    try {
      return terminated.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Same as {@link #shutdown()}. */
  @Override
  public void close() {
    shutdown();
  }
}
