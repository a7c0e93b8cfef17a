package dev.celeriac.test;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.error.ConfigurationException;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The RabbitMQ broker that {@link CeleriacTest} classes run against: one per JVM, shared by every
 * test class, started on first use. Use it directly for clients of your own:
 *
 * <pre>{@code
 * try (Celeriac app = Celeriac.builder().broker(CeleriacTestBroker.settings()).build()) { ... }
 * }</pre>
 *
 * <p>Where the broker comes from, first match wins:
 *
 * <ol>
 *   <li>{@value #BROKER_URL} (system property or environment variable) names a running broker;
 *       Docker is not touched, e.g. {@code
 *       CELERIAC_TEST_BROKER_URL=amqp://guest:guest@localhost:5672//}.
 *   <li>Otherwise a Testcontainers {@link RabbitMQContainer} from the image named by {@value
 *       #RABBITMQ_IMAGE} (system property or environment variable), default {@value
 *       #DEFAULT_IMAGE}. Any image that behaves like the official one will do (one built locally
 *       where images cannot be pulled, a mirror's copy). Celeriac's server settings ({@code
 *       celeriac.conf}, which lets {@code guest} log in through the mapped port) are copied into
 *       its {@code /etc/rabbitmq/conf.d/}.
 *   <li>No Docker either: the test class is skipped, unless a broker is required (system property
 *       {@value #BROKER_REQUIRED} is {@code true}, or the environment variable {@code CI} is set),
 *       in which case it fails with what to do. A CI run without a broker must not go green with
 *       every integration test skipped.
 * </ol>
 *
 * <p>The container is stopped by a JVM shutdown hook, so it goes away even where Testcontainers'
 * reaper (Ryuk) is disabled, as it must be where its image cannot be pulled.
 *
 * <p>Celeriac's own test suites follow the same rules with the fixture in the broker-config
 * module's test-jar ({@code TestBroker}, and {@code TestEnvironment} for the CI rule). This class
 * is a deliberate small copy of them rather than a user of them: a published artifact must not
 * depend on another module's test-jar (test-jars are not published for users), and that fixture,
 * below the worker in the module graph, cannot depend on this one. The module's tests check that
 * the copies read the same settings and decide alike.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe; the first caller starts the broker and concurrent callers wait for it. A failed
 * start is remembered, so later test classes fail fast with the same cause instead of starting
 * again.
 */
public final class CeleriacTestBroker {

  /** System property or environment variable: AMQP URL of a running broker to use instead. */
  public static final String BROKER_URL = "CELERIAC_TEST_BROKER_URL";

  /** System property or environment variable: the RabbitMQ image the container runs. */
  public static final String RABBITMQ_IMAGE = "CELERIAC_TEST_RABBITMQ_IMAGE";

  /** System property that turns "no broker available" from a skip into a failure. */
  public static final String BROKER_REQUIRED = "celeriac.test.broker.required";

  /** The image used when {@value #RABBITMQ_IMAGE} is not set: the official one, with management. */
  public static final String DEFAULT_IMAGE = "rabbitmq:3.10-management";

  /** Celeriac's RabbitMQ server settings, shipped in the broker-config jar. */
  static final String SERVER_CONFIG_RESOURCE = "dev/celeriac/broker/rabbitmq/celeriac.conf";

  private static final String SERVER_CONFIG_PATH = "/etc/rabbitmq/conf.d/celeriac.conf";

  private static final Logger log = LoggerFactory.getLogger(CeleriacTestBroker.class);

  private static Endpoint endpoint; // guarded by the class
  private static RuntimeException startFailure; // guarded by the class

  private CeleriacTestBroker() {}

  /**
   * The broker's AMQP URL with user and password; {@value #BROKER_URL} unchanged when set.
   *
   * @throws TestAbortedException when there is no broker and none is required (the test is skipped)
   */
  public static String amqpUrl() {
    return endpoint().amqpUrl();
  }

  /** Settings for clients and workers on this broker. */
  public static BrokerSettings settings() {
    return BrokerSettings.of(amqpUrl());
  }

  /**
   * Whether the broker is a container started here rather than one named by {@value #BROKER_URL}.
   */
  public static boolean isContainer() {
    return endpoint().container();
  }

  private static synchronized Endpoint endpoint() {
    if (endpoint != null) {
      return endpoint;
    }
    if (startFailure != null) {
      throw new IllegalStateException(
          "The test broker failed to start earlier: " + startFailure.getMessage(), startFailure);
    }
    try {
      endpoint = start();
      return endpoint;
    } catch (RuntimeException e) {
      // A skip is thrown to every test class anew; a real failure is remembered.
      if (!(e instanceof TestAbortedException)) {
        startFailure = e;
      }
      throw e;
    }
  }

  private static Endpoint start() {
    String url = setting(BROKER_URL);
    if (url != null) {
      return external(url);
    }
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return noBroker();
    }
    String image = setting(RABBITMQ_IMAGE);
    return container(image != null ? image : DEFAULT_IMAGE);
  }

  private static Endpoint external(String url) {
    BrokerSettings settings;
    try {
      settings = BrokerSettings.of(url);
    } catch (ConfigurationException e) {
      throw new IllegalStateException(
          BROKER_URL
              + " must be a broker URL like amqp://guest:guest@localhost:5672//: "
              + e.getMessage(),
          e);
    }
    log.info("Celeriac test broker: {} (from {})", settings.addresses().masked(), BROKER_URL);
    return new Endpoint(url, false);
  }

  private static Endpoint container(String image) {
    RabbitMQContainer container = // stopped by the shutdown hook below
        new RabbitMQContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("rabbitmq"))
            .withCopyFileToContainer(
                MountableFile.forClasspathResource(SERVER_CONFIG_RESOURCE), SERVER_CONFIG_PATH);
    log.info("Celeriac test broker: starting a container from {}", image);
    container.start();
    // Ryuk may be disabled (its image cannot always be pulled): nothing else would remove it.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(container::stop, "celeriac-test-broker-shutdown"));
    String host = container.getHost();
    String hostInUrl = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    // "%2F" is the default virtual host "/", a spelling both amqp-client and Celery read alike.
    String url =
        "amqp://%s:%s@%s:%d/%%2F"
            .formatted(
                container.getAdminUsername(),
                container.getAdminPassword(),
                hostInUrl,
                container.getAmqpPort());
    log.info(
        "Celeriac test broker: container {} at {}:{}",
        container.getContainerId().substring(0, 12),
        host,
        container.getAmqpPort());
    return new Endpoint(url, true);
  }

  private static Endpoint noBroker() {
    String fix =
        "Start a Docker engine for Testcontainers, or point "
            + BROKER_URL
            + " at a running RabbitMQ, e.g. amqp://guest:guest@localhost:5672//.";
    if (required()) {
      throw new IllegalStateException(
          "@CeleriacTest needs a RabbitMQ broker, and one is required here ("
              + BROKER_REQUIRED
              + "=true or CI is set), but Docker is not available and "
              + BROKER_URL
              + " is not set. "
              + fix);
    }
    return Assumptions.abort(
        "Skipped: no RabbitMQ broker (Docker is not available and "
            + BROKER_URL
            + " is not set). "
            + fix);
  }

  private static boolean required() {
    return required(System.getenv("CI"), System.getProperty(BROKER_REQUIRED));
  }

  /**
   * Whether a missing broker fails rather than skips: the property is {@code true}, or the {@code
   * CI} variable is set to anything but blank or {@code false}.
   */
  static boolean required(String ciVariable, String requiredProperty) {
    return Boolean.parseBoolean(requiredProperty)
        || (ciVariable != null && !ciVariable.isBlank() && !"false".equalsIgnoreCase(ciVariable));
  }

  /** A system property wins over the environment variable of the same name; blank means unset. */
  private static String setting(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      value = System.getenv(name);
    }
    return value == null || value.isBlank() ? null : value.strip();
  }

  private record Endpoint(String amqpUrl, boolean container) {}
}
