package dev.celeriac.spring.boot;

import dev.celeriac.broker.BrokerKeys;
import dev.celeriac.broker.ConfigKey;
import dev.celeriac.client.results.ResultKeys;
import dev.celeriac.worker.WorkerKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Reads the environment variables the {@code celeriac} command reads into their {@code celeriac.*}
 * properties, so one deployment's {@code CELERIAC_BROKER_URL} configures the CLI's workers and the
 * Boot application alike. Boot's relaxed binding alone would read {@code CELERIAC_BROKER_URL} as
 * {@code celeriac.broker.url}, not {@code celeriac.broker-url}. A variable ranks as environment
 * variables do: above {@code application.properties}, below system properties and command-line
 * arguments. The {@code <VARIABLE>_FILE} form (a secret mounted as a file) works as in the CLI.
 */
public final class CeleriacEnvironmentPostProcessor implements EnvironmentPostProcessor {

  static final String SOURCE_NAME = "celeriacEnvironmentVariables";

  private record Mapping(ConfigKey key, String property, UnaryOperator<String> value) {
    Mapping(ConfigKey key, String property) {
      this(key, property, UnaryOperator.identity());
    }
  }

  /** Every mapped variable; the keys without a property here have none in a Boot application. */
  private static final java.util.List<Mapping> MAPPINGS =
      java.util.List.of(
          new Mapping(BrokerKeys.BROKER_URL, "celeriac.broker-url"),
          new Mapping(BrokerKeys.QUEUE_TYPE, "celeriac.queue-type"),
          new Mapping(BrokerKeys.CONNECT_ATTEMPTS, "celeriac.connect-attempts"),
          new Mapping(ResultKeys.RESULT_BACKEND, "celeriac.result-backend"),
          new Mapping(ResultKeys.RESULT_EXPIRES, "celeriac.result-expires"),
          new Mapping(ResultKeys.RESULT_EXTENDED, "celeriac.result-extended"),
          new Mapping(ResultKeys.RESULT_PERSISTENT, "celeriac.result-persistent"),
          new Mapping(WorkerKeys.QUEUES, "celeriac.worker.queues"),
          new Mapping(WorkerKeys.CONCURRENCY, "celeriac.worker.concurrency"),
          new Mapping(WorkerKeys.POOL, "celeriac.worker.pool"),
          new Mapping(WorkerKeys.PREFETCH_MULTIPLIER, "celeriac.worker.prefetch-multiplier"),
          new Mapping(WorkerKeys.HOSTNAME, "celeriac.worker.hostname"),
          new Mapping(WorkerKeys.SHUTDOWN_TIMEOUT, CeleriacProperties.SHUTDOWN_TIMEOUT),
          new Mapping(WorkerKeys.MAX_DELIVERIES, "celeriac.worker.max-deliveries"),
          new Mapping(WorkerKeys.TASK_EVENTS, "celeriac.worker.task-events"),
          new Mapping(
              WorkerKeys.WITHOUT_HEARTBEAT,
              "celeriac.worker.heartbeat",
              without -> String.valueOf(!Boolean.parseBoolean(without.strip()))));

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    add(environment, properties(environment.getSystemEnvironment()));
  }

  /** Adds {@code properties} right below the environment variables. */
  static void add(ConfigurableEnvironment environment, Map<String, Object> properties) {
    if (properties.isEmpty()) {
      return;
    }
    MapPropertySource source = new MapPropertySource(SOURCE_NAME, properties);
    var sources = environment.getPropertySources();
    String env = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
    if (sources.contains(env)) {
      sources.addAfter(env, source);
    } else {
      sources.addLast(source);
    }
  }

  /** Every property a variable may set. */
  static java.util.List<String> mappedProperties() {
    return MAPPINGS.stream().map(Mapping::property).toList();
  }

  /** The {@code celeriac.*} properties the variables in {@code env} set. */
  static Map<String, Object> properties(Map<String, Object> env) {
    Map<String, String> variables = new LinkedHashMap<>();
    env.forEach((name, value) -> variables.put(name, String.valueOf(value)));
    Map<String, Object> properties = new LinkedHashMap<>();
    for (Mapping mapping : MAPPINGS) {
      ConfigKey key = mapping.key();
      boolean set =
          !variables.getOrDefault(key.env(), "").isBlank()
              || !variables.getOrDefault(key.fileEnv(), "").isBlank();
      if (set) {
        properties.put(mapping.property(), mapping.value().apply(key.resolve(variables)));
      }
    }
    return properties;
  }
}
