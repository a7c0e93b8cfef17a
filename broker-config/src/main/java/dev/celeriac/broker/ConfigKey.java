package dev.celeriac.broker;

import dev.celeriac.error.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting Celeriac reads from outside the program, with its environment variable, its
 * command-line flag and its default, declared in this one table. The CLI takes its option defaults
 * from here; docs/configuration.md lists the same table.
 */
public enum ConfigKey {
  BROKER_URL(
      "CELERIAC_BROKER_URL",
      "--broker",
      BrokerUrl.DEFAULT,
      "broker URL(s), ';'-separated for failover"),
  QUEUE_TYPE(
      "CELERIAC_QUEUE_TYPE",
      "--queue-type",
      "classic",
      "classic or quorum; clients and workers must agree"),
  QUEUES("CELERIAC_QUEUES", "--queues", "celery", "queues a worker consumes, comma-separated"),
  CONCURRENCY(
      "CELERIAC_CONCURRENCY",
      "--concurrency",
      "",
      "tasks a worker runs at once; empty: the number of CPUs"),
  POOL("CELERIAC_POOL", "--pool", "virtual", "how tasks run: virtual, threads or solo"),
  PREFETCH_MULTIPLIER(
      "CELERIAC_PREFETCH_MULTIPLIER",
      "--prefetch-multiplier",
      "4",
      "unacknowledged messages per concurrency slot"),
  HOSTNAME("CELERIAC_HOSTNAME", "--hostname", "", "worker node name; empty: celery@<host>"),
  LOG_LEVEL(
      "CELERIAC_LOGLEVEL", "--loglevel", "warning", "debug, info, warning, error or critical"),
  MONITOR_ADDRESS(
      "CELERIAC_MONITOR_ADDRESS",
      "--address",
      "127.0.0.1",
      "interface the web monitor listens on; other than loopback needs --basic-auth"),
  MONITOR_PORT("CELERIAC_MONITOR_PORT", "--port", "5555", "port of the web monitor"),
  MONITOR_BASIC_AUTH(
      "CELERIAC_MONITOR_BASIC_AUTH",
      "--basic-auth",
      "",
      "user:password the web monitor asks for; empty: no login (loopback only)"),
  MONITOR_MAX_TASKS(
      "CELERIAC_MONITOR_MAX_TASKS",
      "--max-tasks",
      "10000",
      "tasks the web monitor keeps in memory"),
  BROKER_API(
      "CELERIAC_BROKER_API",
      "--broker-api",
      "",
      "RabbitMQ management API URL for queue figures; empty: the broker's host, port 15672"),
  SHUTDOWN_TIMEOUT(
      "CELERIAC_SHUTDOWN_TIMEOUT",
      "--shutdown-timeout",
      "30s",
      "how long a warm shutdown waits for running tasks"),
  MAX_DELIVERIES(
      "CELERIAC_MAX_DELIVERIES",
      "--max-deliveries",
      "5",
      "deliveries of one message before it is dead-lettered as poison"),
  MAX_MESSAGE_SIZE(
      "CELERIAC_MAX_MESSAGE_SIZE",
      "--max-message-size",
      "16MiB",
      "larger task messages are dead-lettered instead of run"),
  CONNECT_ATTEMPTS(
      "CELERIAC_CONNECT_ATTEMPTS",
      "--connect-attempts",
      "5",
      "connection attempts before start-up gives up"),
  TASK_EVENTS(
      "CELERIAC_TASK_EVENTS",
      "--events",
      "false",
      "workers send Celery task events on celeryev (-E), like Celery's worker_send_task_events"),
  WITHOUT_HEARTBEAT(
      "CELERIAC_WITHOUT_HEARTBEAT",
      "--without-heartbeat",
      "false",
      "workers send no worker-online/heartbeat/offline events"),
  METRICS_PORT(
      "CELERIAC_METRICS_PORT",
      "--metrics-port",
      "",
      "port of a worker's Prometheus endpoint (/metrics); empty: none");

  private final String env;
  private final String flag;
  private final String defaultValue;
  private final String description;

  ConfigKey(String env, String flag, String defaultValue, String description) {
    this.env = env;
    this.flag = flag;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String env() {
    return env;
  }

  public String flag() {
    return flag;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /**
   * The value from the environment when set and not blank; else the content of the file named by
   * {@code <env>_FILE} (e.g. {@code CELERIAC_BROKER_URL_FILE}), for secrets mounted as files; else
   * the default.
   *
   * @throws ConfigurationException when the named file cannot be read
   */
  public String resolve(Map<String, String> environment) {
    Optional<String> direct = Optional.ofNullable(environment.get(env)).filter(v -> !v.isBlank());
    if (direct.isPresent()) {
      return direct.get();
    }
    String file = environment.get(fileEnv());
    if (file == null || file.isBlank()) {
      return defaultValue;
    }
    try {
      return Files.readString(Path.of(file.strip())).strip();
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationException(
          fileEnv() + " names '" + file + "', which cannot be read: " + e.getMessage());
    }
  }

  /** The environment variable naming a file that holds the value: {@code <env>_FILE}. */
  public String fileEnv() {
    return env + "_FILE";
  }

  /** The key whose flag is {@code flag}, if any. */
  public static Optional<ConfigKey> forFlag(String flag) {
    for (ConfigKey key : values()) {
      if (key.flag.equals(flag)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }
}
