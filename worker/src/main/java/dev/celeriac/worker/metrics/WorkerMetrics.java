package dev.celeriac.worker.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.concurrent.NamedThreadFactory;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.http.HttpEndpoint;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.TaskEventType;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.worker.pipeline.WorkerTaskListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's metrics, either in Prometheus' text format at {@code http://<host>:<port>/metrics}
 * ({@link #serve}), or in the application's own {@link MeterRegistry} ({@link #bind}: an
 * application that exports metrics already, such as a Spring Boot one, gets the worker's there and
 * no second HTTP server):
 *
 * <ul>
 *   <li>{@code celeriac_tasks_total{task,state}}: received, started, succeeded, failed, retried,
 *       revoked, rejected
 *   <li>{@code celeriac_task_runtime_seconds{task}}: a histogram of task run times
 *   <li>{@code celeriac_task_retries_total{task}}, {@code celeriac_dead_letters_total{queue}}
 *   <li>{@code celeriac_tasks_in_flight} (received, not settled), {@code celeriac_tasks_active}
 *       (running)
 *   <li>{@code celeriac_queue_depth{queue}}: ready messages in each consumed queue, read every 5 s
 *   <li>{@code celeriac_connection_recoveries_total}, and JVM memory, thread and CPU metrics
 * </ul>
 *
 * <pre>{@code
 * WorkerMetrics metrics = WorkerMetrics.serve(9808, connection, "celery@host", ...);
 * }</pre>
 *
 * <p>Every meter has the tag {@code node} (the worker's hostname).
 *
 * <h2>Concurrency</h2>
 *
 * Listener methods are thread-safe. HTTP requests are served by the {@link HttpEndpoint}'s one
 * thread, {@code celeriac-metrics-http-0}; queue depths are read by {@code celeriac-metrics-depth},
 * which owns its channel. {@link #close()} stops both.
 */
public final class WorkerMetrics implements WorkerTaskListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkerMetrics.class);
  private static final Duration DEPTH_INTERVAL = Duration.ofSeconds(5);
  // Prometheus client's default buckets, extended to 5 minutes: few series per task name.
  private static final Duration[] BUCKETS =
      java.util.stream.DoubleStream.of(
              0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
          .mapToObj(s -> Duration.ofNanos((long) (s * 1e9)))
          .toArray(Duration[]::new);

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus; // null when bound to the caller's registry
  private final String node;
  private final BrokerConnection connection;
  private final Supplier<Collection<String>> queues;
  private final Map<String, AtomicLong> depths = new ConcurrentHashMap<>();
  private final Counter recoveries;
  private final HttpEndpoint endpoint; // null when bound to the caller's registry
  private final ScheduledExecutorService depthReader =
      Executors.newSingleThreadScheduledExecutor(
          new NamedThreadFactory("celeriac-metrics-depth", true));
  private Channel depthChannel; // owned by depthReader

  private WorkerMetrics(
      int port,
      MeterRegistry bindTo,
      BrokerConnection connection,
      String node,
      IntSupplier inFlight,
      IntSupplier active,
      Supplier<Collection<String>> queues) {
    this.connection = connection;
    this.queues = queues;
    this.node = node;
    this.prometheus = bindTo == null ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
    this.registry = bindTo == null ? prometheus : bindTo;
    Gauge.builder("celeriac.tasks.in.flight", inFlight::getAsInt)
        .description("Task messages received and not yet settled")
        .tag("node", node)
        .register(registry);
    Gauge.builder("celeriac.tasks.active", active::getAsInt)
        .description("Tasks running now")
        .tag("node", node)
        .register(registry);
    recoveries =
        Counter.builder("celeriac.connection.recoveries")
            .description("Broker connection recoveries")
            .tag("node", node)
            .register(registry);
    if (connection.amqp() instanceof Recoverable recoverable) {
      recoverable.addRecoveryListener(
          new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable r) {
              recoveries.increment();
            }

            @Override
            public void handleRecoveryStarted(Recoverable r) {}
          });
    }
    if (prometheus == null) {
      endpoint = null; // the application's registry has its JVM metrics and its own exporter
    } else {
      prometheus.config().commonTags("node", node);
      new JvmMemoryMetrics().bindTo(prometheus);
      new JvmThreadMetrics().bindTo(prometheus);
      new ProcessorMetrics().bindTo(prometheus);
      endpoint =
          HttpEndpoint.builder("celeriac-metrics-http")
              .port(port)
              .metrics(prometheus::scrape)
              .bindAdvice("pick another with --metrics-port")
              .start();
    }
    depthReader.scheduleWithFixedDelay(
        this::readDepths, 0, DEPTH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Starts serving on {@code port} (0: any free port).
   *
   * @throws dev.celeriac.error.ConfigurationException when the port cannot be had
   * @param inFlight messages received and not settled
   * @param active tasks running
   * @param queues the queues consumed now
   */
  public static WorkerMetrics serve(
      int port,
      BrokerConnection connection,
      String node,
      IntSupplier inFlight,
      IntSupplier active,
      Supplier<Collection<String>> queues) {
    return new WorkerMetrics(port, null, connection, node, inFlight, active, queues);
  }

  /**
   * Registers the same meters in {@code registry}, the application's, and serves nothing. {@link
   * #close()} removes them (not the registry, which is the application's).
   */
  public static WorkerMetrics bind(
      MeterRegistry registry,
      BrokerConnection connection,
      String node,
      IntSupplier inFlight,
      IntSupplier active,
      Supplier<Collection<String>> queues) {
    return new WorkerMetrics(
        -1, java.util.Objects.requireNonNull(registry), connection, node, inFlight, active, queues);
  }

  /** The port the endpoint listens on, or -1 when bound to the application's registry. */
  public int port() {
    return endpoint == null ? -1 : endpoint.port();
  }

  /** The metrics in Prometheus' text format, as served; empty when bound. */
  public String scrape() {
    return prometheus == null ? "" : prometheus.scrape();
  }

  private void readDepths() {
    for (String queue : queues.get()) {
      try {
        if (depthChannel == null || !depthChannel.isOpen()) {
          depthChannel = connection.createChannel();
        }
        long count = depthChannel.queueDeclarePassive(queue).getMessageCount();
        depths
            .computeIfAbsent(
                queue,
                q -> {
                  AtomicLong holder = new AtomicLong();
                  Gauge.builder("celeriac.queue.depth", holder, AtomicLong::get)
                      .description("Messages ready in a consumed queue")
                      .tag("queue", q)
                      .tag("node", node)
                      .register(registry);
                  return holder;
                })
            .set(count);
      } catch (IOException | RuntimeException e) {
        log.debug("Cannot read the depth of {}: {}", queue, e.toString());
      }
    }
  }

  /** Counts under the event's subject, as the monitor's {@code celeriac_monitor_tasks_total}. */
  private void count(TaskMessage message, TaskEventType event) {
    registry
        .counter(
            "celeriac.tasks", "task", message.taskName(), "state", event.subject(), "node", node)
        .increment();
  }

  @Override
  public void received(TaskMessage message, String queue) {
    count(message, TaskEventType.RECEIVED);
  }

  @Override
  public void started(TaskMessage message) {
    count(message, TaskEventType.STARTED);
  }

  @Override
  public void succeeded(TaskMessage message, JsonNode result, double runtime) {
    count(message, TaskEventType.SUCCEEDED);
    runtime(message, runtime);
  }

  @Override
  public void failed(
      TaskMessage message, RemoteException exception, String traceback, double runtime) {
    count(message, TaskEventType.FAILED);
    if (runtime > 0) {
      runtime(message, runtime);
    }
  }

  @Override
  public void retried(TaskMessage message, RemoteException exception, String traceback) {
    count(message, TaskEventType.RETRIED);
    registry.counter("celeriac.task.retries", "task", message.taskName(), "node", node).increment();
  }

  @Override
  public void revoked(TaskMessage message, boolean terminated, boolean expired) {
    count(message, TaskEventType.REVOKED);
  }

  @Override
  public void rejected(TaskMessage message, boolean requeue) {
    count(message, TaskEventType.REJECTED);
  }

  @Override
  public void deadLettered(String queue, String reason) {
    registry.counter("celeriac.dead.letters", "queue", queue, "node", node).increment();
  }

  private void runtime(TaskMessage message, double seconds) {
    Timer.builder("celeriac.task.runtime")
        .description("Task run time")
        .tag("task", message.taskName())
        .tag("node", node)
        .serviceLevelObjectives(BUCKETS)
        .register(registry)
        .record(Duration.ofNanos((long) (seconds * 1e9)));
  }

  @Override
  public void close() {
    if (endpoint != null) {
      endpoint.close();
    }
    depthReader.shutdownNow();
    try {
      depthReader.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (depthChannel != null) {
      Topology.closeQuietly(depthChannel);
    }
    if (prometheus != null) {
      prometheus.close();
    } else {
      // The application's registry outlives this worker: its gauges must not keep reading a
      // closed worker, and a worker started again registers them anew.
      for (Meter meter : List.copyOf(registry.getMeters())) {
        if (meter.getId().getName().startsWith("celeriac.")
            && node.equals(meter.getId().getTag("node"))) {
          registry.remove(meter);
        }
      }
    }
  }
}
