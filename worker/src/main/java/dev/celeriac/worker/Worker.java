package dev.celeriac.worker;

import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.worker.pipeline.DeliveryPipeline;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: consumes task queues, runs tasks, stores results, acknowledges after the result is
 * stored.
 *
 * <pre>{@code
 * try (Worker worker = Worker.start(settings, TaskRegistry.builder().add(MathTasks.class).build())) {
 *   worker.awaitTermination();
 * }
 * }</pre>
 *
 * <p>It is an ordered list of {@link Component}s (connection, client app and result backend,
 * events, metrics, the {@link DeliveryPipeline}, the revoke stream, the mailbox, the queue
 * consumers, heartbeats; see {@link WorkerAssembly}), started in that order and closed in reverse.
 *
 * <h2>Concurrency</h2>
 *
 * {@link #shutdown()} and {@link #shutdownNow()} may be called from any thread; a cold shutdown may
 * interrupt a warm one. The worker owns its connection, channels, pool and schedulers and closes
 * them all.
 */
public final class Worker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private final WorkerSettings settings;
  private final TaskRegistry registry;
  private final Instant startedAt = Instant.now();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final Object lifecycle = new Object();
  private final WorkerAssembly parts;
  private boolean stopping; // guarded by lifecycle

  private Worker(WorkerSettings settings, TaskRegistry registry, MeterRegistry meters) {
    this.settings = settings;
    this.registry = registry;
    this.parts = new WorkerAssembly(settings, registry, new WorkerControl(this), meters);
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
    return start(settings, registry, null);
  }

  /**
   * As {@link #start(WorkerSettings, TaskRegistry)}, with the worker's metrics registered in the
   * application's {@code meters} (they are removed from it when the worker stops) instead of served
   * on {@link WorkerSettings#metricsPort()}.
   *
   * @param meters the application's registry; null: as {@link #start(WorkerSettings, TaskRegistry)}
   */
  public static Worker start(WorkerSettings settings, TaskRegistry registry, MeterRegistry meters) {
    Worker worker = new Worker(settings, registry, meters);
    try {
      worker.parts.components.startAll();
    } catch (RuntimeException e) {
      worker.shutdownNow();
      throw e;
    }
    log.debug("{} consuming {}", settings.hostname(), settings.queues());
    return worker;
  }

  /** Starts consuming {@code queue}; false when already consuming it. */
  boolean consume(String queue) {
    return !isStopping() && parts.consumers.consume(queue);
  }

  /** Stops consuming {@code queue}; false when not consuming it. */
  boolean stopConsuming(String queue) {
    return parts.consumers.stopConsuming(queue);
  }

  /** The queues consumed now (remote control can change them). */
  public List<String> queues() {
    return parts.consumers.queues();
  }

  /** A revoke from remote control: here now, and recorded in the broker for later workers. */
  void revokeRemotely(String id, boolean terminate) {
    parts.pipeline.gates().revoke(id, terminate);
    // Recorded only, not broadcast again: the broadcast is what brought it here. Off the
    // mailbox's thread: it waits for a confirm.
    Thread.ofVirtual()
        .name("celeriac-revoke-record")
        .start(
            () -> {
              try {
                parts.revokes.record(id, terminate);
              } catch (RuntimeException e) {
                log.warn("Cannot record revoke of {} in the broker: {}", id, e.getMessage());
              }
            });
  }

  DeliveryPipeline pipeline() {
    return parts.pipeline;
  }

  Instant startedAt() {
    return startedAt;
  }

  BrokerConnection connection() {
    return parts.connection;
  }

  /** The Prometheus endpoint's port, or -1 without one. */
  public int metricsPort() {
    return parts.metrics == null ? -1 : parts.metrics.port();
  }

  /** Tasks running now. */
  public int active() {
    return parts.inFlight.running();
  }

  /** Revokes a task on this worker only (the broker-wide way is {@code Celeriac.revoke}). */
  public void revokeLocally(String taskId, boolean terminate) {
    parts.pipeline.gates().revoke(taskId, terminate);
  }

  public WorkerSettings settings() {
    return settings;
  }

  public TaskRegistry registry() {
    return registry;
  }

  /** Where results are stored, password masked, e.g. {@code redis://:**@cache:6379/0}. */
  public String resultBackend() {
    return parts.results.url();
  }

  /** E.g. "RabbitMQ 3.10.8". */
  public String brokerDescription() {
    return parts.connection.serverDescription();
  }

  /** Deliveries received and not yet settled. */
  public int inFlight() {
    return parts.inFlight.size();
  }

  /** Tasks whose hard time limit left their thread abandoned since start. */
  public long abandonedThreads() {
    return parts.pipeline.abandonedThreads();
  }

  /** Deliveries settled since start. */
  public long processed() {
    return parts.inFlight.processed();
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
    // Before anything else: a task finishing while the consumers are cancelled starts nothing.
    parts.pipeline.stopStarting();
    log.info(
        "{}: warm shutdown (waiting up to {} for running tasks)",
        settings.hostname(),
        settings.shutdownTimeout());
    parts.consumers.cancelAll();
    parts.pipeline.drain(settings.shutdownTimeout());
    parts.components.closeAll();
    terminated.countDown();
    log.info("{}: stopped", settings.hostname());
  }

  /** Cold shutdown: stop now; the broker requeues everything not acknowledged. */
  public void shutdownNow() {
    beginStop();
    // Before the other parts are aborted (which takes a while): from here on nothing starts.
    parts.pipeline.stopStarting();
    log.warn("{}: cold shutdown", settings.hostname());
    parts.components.abortAll();
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

  private boolean isStopping() {
    synchronized (lifecycle) {
      return stopping;
    }
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
