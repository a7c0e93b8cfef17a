package dev.celeriac.worker;

import dev.celeriac.broker.ConfigKey;
import java.util.List;

/**
 * The configuration keys of a worker (see {@link ConfigKey}): what {@code celeriac worker} reads
 * from its flags and {@code CELERIAC_*} variables into {@link WorkerSettings}. The result backend's
 * own keys (URL, expiry, extended), which the commands that read results share, are {@link
 * dev.celeriac.client.results.ResultKeys}.
 */
public final class WorkerKeys {

  public static final ConfigKey QUEUES =
      new ConfigKey(
          "CELERIAC_QUEUES", "--queues", "celery", "queues a worker consumes, comma-separated");

  public static final ConfigKey CONCURRENCY =
      new ConfigKey(
          "CELERIAC_CONCURRENCY",
          "--concurrency",
          "",
          "tasks a worker runs at once; empty: the number of CPUs");

  public static final ConfigKey POOL =
      new ConfigKey(
          "CELERIAC_POOL", "--pool", "virtual", "how tasks run: virtual, threads or solo");

  public static final ConfigKey PREFETCH_MULTIPLIER =
      new ConfigKey(
          "CELERIAC_PREFETCH_MULTIPLIER",
          "--prefetch-multiplier",
          "4",
          "unacknowledged messages per concurrency slot");

  public static final ConfigKey HOSTNAME =
      new ConfigKey(
          "CELERIAC_HOSTNAME", "--hostname", "", "worker node name; empty: celery@<host>");

  public static final ConfigKey SHUTDOWN_TIMEOUT =
      new ConfigKey(
          "CELERIAC_SHUTDOWN_TIMEOUT",
          "--shutdown-timeout",
          "30s",
          "how long a warm shutdown waits for running tasks");

  public static final ConfigKey MAX_DELIVERIES =
      new ConfigKey(
          "CELERIAC_MAX_DELIVERIES",
          "--max-deliveries",
          "5",
          "deliveries of one message before it is dead-lettered as poison");

  public static final ConfigKey MAX_MESSAGE_SIZE =
      new ConfigKey(
          "CELERIAC_MAX_MESSAGE_SIZE",
          "--max-message-size",
          "16MiB",
          "larger task messages are dead-lettered instead of run");

  public static final ConfigKey TASK_EVENTS =
      new ConfigKey(
          "CELERIAC_TASK_EVENTS",
          "--events",
          "false",
          "workers send Celery task events on celeryev (-E), like Celery's"
              + " worker_send_task_events");

  public static final ConfigKey WITHOUT_HEARTBEAT =
      new ConfigKey(
          "CELERIAC_WITHOUT_HEARTBEAT",
          "--without-heartbeat",
          "false",
          "workers send no worker-online/heartbeat/offline events");

  public static final ConfigKey METRICS_PORT =
      new ConfigKey(
          "CELERIAC_METRICS_PORT",
          "--metrics-port",
          "",
          "port of a worker's Prometheus endpoint (/metrics); empty: none");

  public static final ConfigKey RESULT_RETRY_TIMEOUT =
      new ConfigKey(
          "CELERIAC_RESULT_RETRY_TIMEOUT",
          "--result-retry-timeout",
          "2m",
          "how long a worker retries storing a result the backend fails to store before the task"
              + " goes back to its queue (unacknowledged meanwhile)");

  public static final ConfigKey RESULT_RETRY_MAX_BACKOFF =
      new ConfigKey(
          "CELERIAC_RESULT_RETRY_MAX_BACKOFF",
          "--result-retry-max-backoff",
          "10s",
          "longest wait between two attempts to store a result (waits start at 100ms and double)");

  /** Every key above. */
  public static final List<ConfigKey> ALL =
      List.of(
          QUEUES,
          CONCURRENCY,
          POOL,
          PREFETCH_MULTIPLIER,
          HOSTNAME,
          SHUTDOWN_TIMEOUT,
          MAX_DELIVERIES,
          MAX_MESSAGE_SIZE,
          TASK_EVENTS,
          WITHOUT_HEARTBEAT,
          METRICS_PORT,
          RESULT_RETRY_TIMEOUT,
          RESULT_RETRY_MAX_BACKOFF);

  private WorkerKeys() {}
}
