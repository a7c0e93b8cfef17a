package dev.celeriac.spring.boot;

import dev.celeriac.broker.BrokerUnavailableException;
import dev.celeriac.worker.TaskRegistry;
import dev.celeriac.worker.Worker;
import dev.celeriac.worker.WorkerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The worker that runs the application's {@code @Task} bean methods, living as long as the context:
 * it starts consuming when the context has created every bean (as Spring AMQP's listener containers
 * do), and shuts down warm when the context closes, within Boot's timeout for its shutdown phase
 * ({@link #PHASE}: just below the default, so that an embedded beat starts after it and stops
 * before it). While it runs, a non-daemon thread keeps the JVM alive, so an application without a
 * web server runs until it is stopped.
 *
 * <h2>Concurrency</h2>
 *
 * The context calls {@link #start()} and {@link #stop(Runnable)} from one thread at a time; {@link
 * #worker()} and {@link #isRunning()} may be called from any thread.
 */
public final class CeleriacWorker implements SmartLifecycle {

  /** Below {@link CeleriacBeat#PHASE}; above the web server's, which stops after the worker. */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1;

  private static final Logger log = LoggerFactory.getLogger(CeleriacWorker.class);

  private final Supplier<WorkerSettings> settings;
  private final TaskBeans tasks;
  private final Supplier<MeterRegistry> meters;
  private volatile Worker worker;

  /**
   * @param settings read at start, so that a misconfiguration fails the start, naming the property
   * @param meters the application's registry at start, or null for none
   */
  CeleriacWorker(
      Supplier<WorkerSettings> settings, TaskBeans tasks, Supplier<MeterRegistry> meters) {
    this.settings = settings;
    this.tasks = tasks;
    this.meters = meters;
  }

  @Override
  public void start() {
    WorkerSettings settings = this.settings.get();
    TaskRegistry registry = tasks.registry();
    if (registry.size() == 0) {
      log.warn(
          "The Celeriac worker consumes {} but no bean has @Task methods: every task it receives"
              + " will be dead-lettered as unknown. Set celeriac.worker.enabled=false in an"
              + " application that only sends tasks.",
          settings.queues());
    }
    Worker started;
    try {
      started = Worker.start(settings, registry, meters.get());
    } catch (BrokerUnavailableException e) {
      throw CeleriacSettings.unreachable(settings.broker(), e);
    }
    worker = started;
    log.info(
        "Celeriac worker {} consuming {} with tasks {}",
        settings.hostname(),
        started.queues(),
        registry.names());
    Thread.ofPlatform()
        .name("celeriac-worker-keepalive")
        .daemon(false)
        .start(started::awaitTermination);
  }

  @Override
  public void stop() {
    Worker running = worker;
    if (running != null) {
      running.shutdown();
      worker = null;
    }
  }

  @Override
  public void stop(Runnable callback) {
    // Off the context's thread: other lifecycles of this phase stop meanwhile.
    Thread.ofPlatform()
        .name("celeriac-worker-shutdown")
        .start(
            () -> {
              try {
                stop();
              } finally {
                callback.run();
              }
            });
  }

  @Override
  public boolean isRunning() {
    return worker != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** The running worker, or null when stopped. */
  public Worker worker() {
    return worker;
  }
}
