package dev.celeriac.cli;

import dev.celeriac.error.ConfigurationException;
import dev.celeriac.worker.PoolType;
import dev.celeriac.worker.TaskRegistry;
import dev.celeriac.worker.Worker;
import dev.celeriac.worker.WorkerSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code celeriac worker}: runs a worker until SIGINT/SIGTERM. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Start a worker that consumes task queues and runs the tasks given with -A.")
final class WorkerCommand implements Callable<Integer> {

  @ParentCommand CeleriacCommand parent;

  @Mixin BrokerOptions broker;

  @Mixin ResultBackendOption results;

  @Mixin SecurityOptions security;

  @Option(
      names = "--result-expires",
      paramLabel = "DURATION",
      description =
          "How long a durable backend keeps results, e.g. 1h, 1d; 0s keeps them until deleted"
              + " (default: ${DEFAULT-VALUE}).")
  String resultExpires;

  @Option(
      names = "--result-extended",
      description =
          "Also store each task's name, arguments, worker, retries and queue (Celery's"
              + " result_extended).")
  boolean resultExtended;

  @Option(
      names = "--result-retry-timeout",
      paramLabel = "DURATION",
      description =
          "How long a result the backend fails to store is retried before its task goes back to"
              + " the queue; the task stays unacknowledged meanwhile (default: ${DEFAULT-VALUE}).")
  String resultRetryTimeout;

  @Option(
      names = "--result-retry-max-backoff",
      paramLabel = "DURATION",
      description =
          "Longest wait between two attempts to store a result (default: ${DEFAULT-VALUE}).")
  String resultRetryMaxBackoff;

  @Option(
      names = {"-Q", "--queues"},
      paramLabel = "QUEUES",
      description = "Comma-separated queues to consume (default: ${DEFAULT-VALUE}).")
  String queues;

  @Option(
      names = {"-c", "--concurrency"},
      paramLabel = "N",
      description = "Tasks run at once (default: the number of CPUs).")
  String concurrency;

  @Option(
      names = {"-P", "--pool"},
      paramLabel = "POOL",
      description = "virtual (default), threads or solo.")
  String pool;

  @Option(
      names = "--prefetch-multiplier",
      paramLabel = "N",
      description = "Unacknowledged messages per slot (default: ${DEFAULT-VALUE}).")
  int prefetchMultiplier;

  @Option(
      names = {"-n", "--hostname"},
      paramLabel = "NAME",
      description = "Node name (default: celery@<host>).")
  String hostname;

  @Option(
      names = {"-l", "--loglevel"},
      paramLabel = "LEVEL",
      description = "debug, info, warning, error or critical (default: ${DEFAULT-VALUE}).")
  String loglevel;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      description =
          "How long a warm shutdown waits for running tasks, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
  String shutdownTimeout;

  @Option(
      names = "--max-deliveries",
      paramLabel = "N",
      description =
          "Deliveries of one message before it is dead-lettered as poison (default: ${DEFAULT-VALUE}).")
  int maxDeliveries;

  @Option(
      names = "--max-message-size",
      paramLabel = "SIZE",
      description =
          "Larger task messages are dead-lettered instead of run, e.g. 512KiB, 64MiB (default: ${DEFAULT-VALUE}).")
  String maxMessageSize;

  @Option(
      names = {"-E", "--events"},
      description =
          "Send task events (task-received, task-started, ...) for monitors, like Celery's -E.")
  boolean taskEvents;

  @Option(
      names = "--without-heartbeat",
      description = "Send no worker-online/heartbeat/offline events.")
  boolean withoutHeartbeat;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Serve Prometheus metrics at http://<host>:PORT/metrics (default: none).")
  String metricsPort;

  @Override
  public Integer call() {
    LogSetup.apply(loglevel);
    if (parent.apps.isEmpty()) {
      throw new ConfigurationException(
          "Give the tasks to run with -A CLASS or -A PACKAGE, e.g. celeriac -A com.example.MathTasks worker");
    }
    ClassLoader loader = AppClassLoader.of(parent.classpath);
    Thread.currentThread().setContextClassLoader(loader);
    TaskRegistry.Builder registry = TaskRegistry.builder().classLoader(loader);
    parent.apps.forEach(registry::app);

    WorkerSettings.Builder settings =
        WorkerSettings.builder()
            .broker(broker.settings())
            .queues(
                Arrays.stream(queues.split(","))
                    .map(String::strip)
                    .filter(q -> !q.isEmpty())
                    .toList())
            .pool(PoolType.parse(pool))
            .prefetchMultiplier(prefetchMultiplier)
            .shutdownTimeout(duration(shutdownTimeout))
            .maxDeliveries(maxDeliveries)
            .maxMessageSize(dev.celeriac.Sizes.parse(maxMessageSize))
            .taskEvents(taskEvents)
            .heartbeat(!withoutHeartbeat)
            .resultBackend(results.url())
            .resultExpires(duration(resultExpires))
            .resultExtended(resultExtended)
            .resultPersistent(results.persistent)
            .resultRetryTimeout(duration(resultRetryTimeout))
            .resultRetryMaxBackoff(duration(resultRetryMaxBackoff))
            .security(security.settings());
    if (metricsPort != null && !metricsPort.isBlank()) {
      settings.metricsPort(integer("--metrics-port", metricsPort));
    }
    if (concurrency != null && !concurrency.isBlank()) {
      settings.concurrency(integer("--concurrency", concurrency));
    }
    if (hostname != null && !hostname.isBlank()) {
      settings.hostname(hostname);
    }
    Worker worker = Worker.start(settings.build(), registry.build());
    ShutdownSignals.install(worker::shutdown, worker::shutdownNow);
    PrintWriter out = parent.spec.commandLine().getOut();
    Banner.print(out, worker, List.copyOf(parent.apps));
    // Printed at every log level, after the queues are consumed: scripts, container health checks
    // and WorkerLauncher wait for this line (Celery logs it at INFO).
    out.println(worker.settings().hostname() + " ready.");
    out.flush();
    worker.awaitTermination();
    return 0;
  }

  private static int integer(String flag, String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(flag + " must be a whole number; got '" + text + "'");
    }
  }

  /** Reads 30s, 2m, 1h, 500ms, or an ISO-8601 duration such as PT30S. */
  static Duration duration(String text) {
    return dev.celeriac.Durations.parse(text);
  }
}
