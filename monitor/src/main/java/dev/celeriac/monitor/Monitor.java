package dev.celeriac.monitor;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.broker.deadletter.DeadLetterQueue;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.control.Control;
import dev.celeriac.client.events.EventReceiver;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.monitor.metrics.MonitorMetrics;
import dev.celeriac.monitor.state.ClusterState;
import dev.celeriac.monitor.state.TaskView;
import dev.celeriac.protocol.ResultMessage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web monitor: follows Celery's event stream and the broker's queues, and serves a web UI, a
 * JSON API and Prometheus metrics. What {@code celeriac monitor} runs.
 *
 * <pre>{@code
 * try (Monitor monitor = Monitor.start(MonitorSettings.builder().port(5555).build())) {
 *   System.out.println("open " + monitor.url());
 *   Thread.currentThread().join();
 * }
 * }</pre>
 *
 * <p>History is bounded ({@link MonitorSettings#maxTasks()}); the connection recovers by itself
 * after the broker restarts, and the event subscription with it.
 *
 * <p><b>Concurrency:</b> thread-safe. It owns one scheduler thread ({@code
 * celeriac-monitor-refresh}) and the web server's threads ({@code celeriac-monitor-http-<n>}), and
 * closes both.
 */
public final class Monitor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Monitor.class);
  private static final Duration STATS_EVERY = Duration.ofSeconds(30);
  private static final Duration STATS_NEW_WORKER = Duration.ofSeconds(3);

  private final MonitorSettings settings;
  private final BrokerConnection connection;
  private final ClusterState state;
  private final MonitorMetrics metrics;
  private final Celeriac app;
  private final EventReceiver events;
  private final Control control;
  private final QueueStats queues;
  private final BeatView beat;
  private final ScheduledExecutorService scheduler;
  private final MonitorServer server;
  private volatile boolean brokerConnected = true;
  private long statsAskedAt;

  private Monitor(MonitorSettings settings, BrokerConnection connection) {
    this.settings = settings;
    this.connection = connection;
    this.metrics = new MonitorMetrics();
    this.state =
        new ClusterState(
            settings.maxTasks(), settings.maxWorkers(), InstantSource.system(), metrics);
    metrics.bind(state);
    this.app =
        Celeriac.builder()
            .connection(connection)
            .broker(connection.settings())
            .resultBackend(settings.resultBackend())
            .security(settings.security())
            .build();
    this.control = app.control().timeout(Control.DEFAULT_TIMEOUT);
    this.events = EventReceiver.start(connection, event -> state.apply(event.body()));
    URI management =
        settings.management() != null
            ? settings.management()
            : QueueStats.defaultManagement(connection.settings().addresses().primary());
    this.queues = new QueueStats(connection, management, this::knownQueues);
    this.beat =
        new BeatView(
            new AmqpBeatStatusSource(connection, settings.beatGroup()),
            settings.beatGroup(),
            InstantSource.system());
    watchConnection();
    // The server first: when its port is taken, no thread has been started yet.
    this.server = MonitorServer.start(settings, this);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("celeriac-monitor-refresh").daemon(true).factory());
    scheduler.scheduleWithFixedDelay(
        this::refresh, 0, settings.refresh().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Connects to the broker and starts serving.
   *
   * @throws dev.celeriac.broker.BrokerUnavailableException when the broker cannot be reached
   * @throws dev.celeriac.error.ConfigurationException when the port is taken
   */
  public static Monitor start(MonitorSettings settings) {
    BrokerConnection connection = BrokerConnection.open(settings.broker(), "celeriac-monitor");
    try {
      return new Monitor(settings, connection);
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** Where the UI is, e.g. {@code http://127.0.0.1:5555/}. */
  public URI url() {
    return server.url();
  }

  public ClusterState state() {
    return state;
  }

  MonitorMetrics metrics() {
    return metrics;
  }

  MonitorSettings settings() {
    return settings;
  }

  List<QueueInfo> queues() {
    return queues.latest();
  }

  BeatView beat() {
    return beat;
  }

  String queueSource() {
    return queues.source();
  }

  boolean brokerConnected() {
    return brokerConnected && connection.isOpen();
  }

  String brokerDescription() {
    return connection.settings().addresses().masked();
  }

  private void watchConnection() {
    if (connection.amqp() instanceof Recoverable recoverable) {
      recoverable.addRecoveryListener(
          new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable r) {
              brokerConnected = true;
              log.info("Reconnected to the broker; events flow again");
            }

            @Override
            public void handleRecoveryStarted(Recoverable r) {
              brokerConnected = false;
              log.warn("Lost the broker connection; reconnecting");
            }
          });
    }
  }

  private void refresh() {
    if (!brokerConnected()) {
      return;
    }
    try {
      queues.refresh();
      metrics.queues(queues.latest());
      // Each ask reaches every worker and waits a second for replies: often while a worker's pool
      // is still unknown, rarely once all are.
      long now = System.currentTimeMillis();
      boolean unknown =
          state.workers().stream().anyMatch(w -> w.online() && w.concurrency() == null);
      if (now - statsAskedAt >= (unknown ? STATS_NEW_WORKER : STATS_EVERY).toMillis()) {
        statsAskedAt = now;
        WorkerStats.refresh(control, state);
      }
    } catch (RuntimeException e) {
      log.debug("Refresh failed: {}", e.toString());
    }
  }

  private Set<String> knownQueues() {
    Set<String> names = new LinkedHashSet<>(settings.queues());
    for (TaskView task : state.tasks(null, null, 1000)) {
      if (task.queue() != null && !task.queue().isBlank()) {
        names.add(task.queue());
      }
    }
    return names;
  }

  /**
   * What the result backend stores for a task, or empty when it stores nothing for it or keeps
   * nothing at all ({@code rpc://}).
   */
  Optional<ResultMessage> storedResult(String taskId) {
    ResultBackend results = WorkerClient.of(app).results();
    return results.persistent() ? results.fetch(taskId) : Optional.empty();
  }

  // Actions, each what an operator button does.

  void revoke(String taskId, boolean terminate) {
    app.control().revoke(taskId, terminate);
  }

  void shutdownWorker(String hostname) {
    control.to(hostname).shutdown();
  }

  long purge(String queue) {
    Channel channel = connection.createChannel();
    try {
      return channel.queuePurge(queue).getMessageCount();
    } catch (IOException e) {
      throw new BrokerException("Cannot purge " + queue + ": " + e.getMessage(), e);
    } finally {
      Topology.closeQuietly(channel);
    }
  }

  /**
   * Replays dead letters as they are; those message signing refused stay (replay never signs, and
   * {@code celeriac dead-letters replay --security-cert-store} replays them once they verify).
   */
  DeadLetterQueue.Replayed replayDeadLetters(String queue, int max) {
    return new DeadLetterQueue(connection, queue)
        .replay(letter -> true, (type, body) -> false, max);
  }

  @Override
  public void close() {
    server.close();
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.close();
    app.close();
    connection.close();
  }
}
