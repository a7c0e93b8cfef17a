package dev.celeriac.monitor.metrics;

import dev.celeriac.monitor.QueueInfo;
import dev.celeriac.monitor.state.ClusterState;
import dev.celeriac.monitor.state.TaskObserver;
import dev.celeriac.monitor.state.TaskView;
import dev.celeriac.protocol.TaskEventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;

/**
 * The monitor's Prometheus metrics, served at {@code /metrics}. They describe the whole cluster as
 * the events tell it, so they are named {@code celeriac_monitor_*}, apart from a worker's own
 * {@code celeriac_*} metrics (same labels and states), and a dashboard may scrape both:
 *
 * <ul>
 *   <li>{@code celeriac_monitor_tasks_total{task,state}}: task events seen, by task name and event
 *       ({@link TaskEventType#subject()}: sent, received, started, succeeded, failed, retried,
 *       revoked, rejected)
 *   <li>{@code celeriac_monitor_task_runtime_seconds{task}}: runtimes from task-succeeded, a
 *       histogram
 *   <li>{@code celeriac_monitor_queue_messages{queue}}, {@code
 *       celeriac_monitor_queue_consumers{queue}}, {@code
 *       celeriac_monitor_queue_dead_letters{queue}}: from the last queue refresh
 *   <li>{@code celeriac_monitor_workers_online}, {@code celeriac_monitor_events_total}, {@code
 *       celeriac_monitor_tasks_held}
 * </ul>
 *
 * <p><b>Concurrency:</b> thread-safe (Micrometer meters are).
 */
public final class MonitorMetrics implements TaskObserver {

  // Histogram buckets for task runtimes, from fast calls to long batch jobs.
  private static final Duration[] RUNTIME_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(25),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60),
    Duration.ofMinutes(5)
  };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MultiGauge queueMessages =
      MultiGauge.builder("celeriac.monitor.queue.messages")
          .description("Messages ready in the queue")
          .register(registry);
  private final MultiGauge queueConsumers =
      MultiGauge.builder("celeriac.monitor.queue.consumers")
          .description("Consumers of the queue")
          .register(registry);
  private final MultiGauge deadLetters =
      MultiGauge.builder("celeriac.monitor.queue.dead.letters")
          .description("Messages in the queue's dead-letter queue")
          .register(registry);

  @Override
  public void onTaskEvent(TaskEventType event, TaskView task) {
    String name = task.name() == null ? "unknown" : task.name();
    Counter.builder("celeriac.monitor.tasks")
        .description("Task events seen, by task name and event")
        .tags("task", name, "state", event.subject())
        .register(registry)
        .increment();
    if (event == TaskEventType.SUCCEEDED && task.runtime() != null) {
      Timer.builder("celeriac.monitor.task.runtime")
          .description("Task runtimes reported by workers")
          .tags("task", name)
          .serviceLevelObjectives(RUNTIME_BUCKETS)
          .register(registry)
          .record(Duration.ofNanos((long) (task.runtime() * 1e9)));
    }
  }

  /** Gauges read from the cluster state at scrape time. */
  public void bind(ClusterState state) {
    Gauge.builder(
            "celeriac.monitor.workers.online",
            state,
            s -> s.workers().stream().filter(w -> w.online()).count())
        .description("Workers whose heartbeats are current")
        .register(registry);
    Gauge.builder("celeriac.monitor.tasks.held", state, ClusterState::taskCount)
        .description("Tasks the monitor keeps in memory")
        .register(registry);
    FunctionCounter.builder("celeriac.monitor.events", state, ClusterState::eventCount)
        .description("Events the monitor received")
        .register(registry);
  }

  /** Replaces the queue gauges with the latest figures. */
  public void queues(List<QueueInfo> queues) {
    queueMessages.register(rows(queues, q -> q.ready()), true);
    queueConsumers.register(rows(queues, q -> q.consumers()), true);
    deadLetters.register(
        queues.stream()
            .filter(q -> q.deadLetters() != null)
            .map(q -> MultiGauge.Row.of(Tags.of("queue", q.name()), q.deadLetters()))
            .<MultiGauge.Row<?>>map(r -> r)
            .toList(),
        true);
  }

  private static List<MultiGauge.Row<?>> rows(
      List<QueueInfo> queues, java.util.function.Function<QueueInfo, Number> value) {
    return queues.stream()
        .<MultiGauge.Row<?>>map(q -> MultiGauge.Row.of(Tags.of("queue", q.name()), value.apply(q)))
        .toList();
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
