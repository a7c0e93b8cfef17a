package dev.celeriac.broker.testing;

import java.net.URI;
import java.net.URISyntaxException;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The RabbitMQ broker that integration tests ({@code *IT}) run against: one per JVM, shared by all
 * test classes, started on first use.
 *
 * <pre>{@code
 * ConnectionFactory factory = new ConnectionFactory();
 * factory.setUri(TestBroker.amqpUrl());
 * }</pre>
 *
 * <p>Where the broker comes from, first match wins:
 *
 * <ol>
 *   <li>{@value #BROKER_URL} (system property or environment variable) names a running broker; no
 *       Docker is needed, e.g. {@code
 *       CELERIAC_TEST_BROKER_URL=amqp://guest:guest@localhost:5672/%2F}.
 *   <li>Otherwise a Testcontainers {@link RabbitMQContainer} from the image named by {@value
 *       #RABBITMQ_IMAGE} (system property or environment variable), default {@value
 *       #DEFAULT_IMAGE}. Machines that cannot pull use {@code local/rabbitmq:3.10}, built by {@code
 *       scripts/docker-up.sh}. The server configuration {@code celeriac.conf} (the file
 *       docker-compose mounts) is copied into the container's {@code /etc/rabbitmq/conf.d/}.
 *   <li>No Docker either: the calling test is skipped, except in CI ({@link TestEnvironment}: env
 *       {@code CI} set, or system property {@value TestEnvironment#REQUIRED} {@code true}), where
 *       it fails with instructions. A broken build environment must not turn into a green CI run
 *       with every integration test skipped.
 * </ol>
 *
 * <p>The container is stopped by a JVM shutdown hook rather than by Testcontainers' Ryuk reaper,
 * which is disabled where helper images cannot be pulled. After a killed JVM, {@code
 * scripts/docker-down.sh} removes what is left.
 *
 * <p><b>Concurrency:</b> all methods are thread-safe; the first caller starts the broker and other
 * callers wait for it. A failed start is remembered, so later tests fail fast with the same cause
 * instead of waiting for another start.
 */
public final class TestBroker {

  /** System property or environment variable: AMQP URL of a running broker to use instead. */
  public static final String BROKER_URL = "CELERIAC_TEST_BROKER_URL";

  /** System property or environment variable: the RabbitMQ image the container runs. */
  public static final String RABBITMQ_IMAGE = "CELERIAC_TEST_RABBITMQ_IMAGE";

  /** The image used when {@value #RABBITMQ_IMAGE} is not set: the official one, with management. */
  public static final String DEFAULT_IMAGE = "rabbitmq:3.10-management";

  /**
   * Management HTTP API port assumed for an external broker, whose URL names only the AMQP port.
   */
  public static final int DEFAULT_MANAGEMENT_PORT = 15672;

  private static final String SERVER_CONFIG_RESOURCE = "rabbitmq/celeriac.conf";
  private static final String SERVER_CONFIG_PATH = "/etc/rabbitmq/conf.d/celeriac.conf";

  private static final Logger LOG = LoggerFactory.getLogger(TestBroker.class);

  private static Endpoint endpoint;
  private static RuntimeException startFailure;

  private TestBroker() {}

  /**
   * The broker's AMQP URL with user and password.
   *
   * <p>For the container this is {@code amqp://guest:guest@HOST:PORT/%2F}: the default virtual host
   * "/" written percent-encoded. That form means "/" to both amqp-client's {@code
   * ConnectionFactory.setUri} and Celery/kombu; Celery's other spelling, a trailing {@code //}, is
   * rejected by amqp-client ("multiple segments"), and a bare trailing {@code /} means the empty
   * virtual host to it. An external URL from {@value #BROKER_URL} is returned unchanged.
   */
  public static String amqpUrl() {
    return endpoint().amqpUrl();
  }

  /** The host name clients connect to. */
  public static String host() {
    return endpoint().host();
  }

  /** The AMQP port on {@link #host()} (the mapped port for a container). */
  public static int amqpPort() {
    return endpoint().amqpPort();
  }

  /**
   * The management HTTP API port on {@link #host()}: the mapped port for a container, {@value
   * #DEFAULT_MANAGEMENT_PORT} for an external broker.
   */
  public static int managementPort() {
    return endpoint().managementPort();
  }

  /**
   * Runs {@code rabbitmqctl} against the test broker, for drills that stop and start it: inside the
   * container, or on this machine when the broker is external (which must then be local).
   *
   * @return its standard output
   */
  public static String rabbitmqctl(String... args) {
    endpoint();
    try {
      if (running != null) {
        String[] command = new String[args.length + 1];
        command[0] = "rabbitmqctl";
        System.arraycopy(args, 0, command, 1, args.length);
        var result = running.execInContainer(command);
        if (result.getExitCode() != 0) {
          throw new IllegalStateException(
              "rabbitmqctl " + String.join(" ", args) + " failed: " + result.getStderr());
        }
        return result.getStdout();
      }
      java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("rabbitmqctl"));
      command.addAll(java.util.List.of(args));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out =
          new String(
              process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException(
            "rabbitmqctl " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot run rabbitmqctl: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running rabbitmqctl", e);
    }
  }

  /** Whether the broker is a container started by this class, not an external one. */
  public static boolean isContainer() {
    return endpoint().container();
  }

  private static volatile RabbitMQContainer running;

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
      // JUnit's abort must be thrown to each test; anything else is remembered and re-thrown.
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
      throw noBroker();
    }
    return container(setting(RABBITMQ_IMAGE) != null ? setting(RABBITMQ_IMAGE) : DEFAULT_IMAGE);
  }

  private static Endpoint external(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(
          BROKER_URL
              + " must be an AMQP URL like amqp://guest:guest@localhost:5672/%2F, not "
              + url,
          e);
    }
    if (uri.getHost() == null || !(uri.getScheme() + "").startsWith("amqp")) {
      throw new IllegalStateException(
          BROKER_URL
              + " must be an AMQP URL like amqp://guest:guest@localhost:5672/%2F, not "
              + url);
    }
    boolean tls = "amqps".equals(uri.getScheme());
    int port = uri.getPort() != -1 ? uri.getPort() : tls ? 5671 : 5672;
    LOG.info("Test broker: external broker {} (from {})", redact(uri), BROKER_URL);
    return new Endpoint(url, uri.getHost(), port, DEFAULT_MANAGEMENT_PORT, false);
  }

  /**
   * A new, unstarted RabbitMQ container like the shared one (same image and server configuration),
   * for tests that need brokers of their own: several on one network, a cluster. The caller starts
   * and stops it. Without Docker the calling test is skipped, or fails where a broker is required,
   * as for the shared broker.
   */
  public static RabbitMQContainer newContainer() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw noBroker();
    }
    return newContainer(setting(RABBITMQ_IMAGE) != null ? setting(RABBITMQ_IMAGE) : DEFAULT_IMAGE);
  }

  private static RabbitMQContainer newContainer(String image) {
    return new RabbitMQContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("rabbitmq"))
        .withCopyFileToContainer(
            MountableFile.forClasspathResource(SERVER_CONFIG_RESOURCE), SERVER_CONFIG_PATH);
  }

  private static Endpoint container(String image) {
    RabbitMQContainer container = newContainer(image);
    LOG.info("Test broker: starting container from image {}", image);
    container.start();
    running = container;
    // Ryuk is off where helper images cannot be pulled, so nothing else would remove the container.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(container::stop, "celeriac-test-broker-shutdown"));
    String host = container.getHost();
    int amqpPort = container.getAmqpPort();
    String url =
        "amqp://%s:%s@%s:%d/%%2F"
            .formatted(
                container.getAdminUsername(),
                container.getAdminPassword(),
                hostForUrl(host),
                amqpPort);
    LOG.info(
        "Test broker: container {} from image {} at {}:{} (management port {})",
        container.getContainerId().substring(0, 12),
        image,
        host,
        amqpPort,
        container.getHttpPort());
    return new Endpoint(url, host, amqpPort, container.getHttpPort(), true);
  }

  private static RuntimeException noBroker() {
    return TestEnvironment.missing(
        "a RabbitMQ broker (Docker is not available and " + BROKER_URL + " is not set)",
        "Start a Docker engine (on Debian as root, scripts/docker-up.sh installs and starts one),"
            + " or point "
            + BROKER_URL
            + " at a running broker, e.g. amqp://guest:guest@localhost:5672/%2F.");
  }

  /**
   * Returns when the broker is a container started by this class, for drills that stop or restart
   * it; otherwise skips the calling test, or in CI fails it ({@link TestEnvironment}).
   *
   * @param why what the test does to the broker, e.g. "restarts the broker"
   */
  public static void requireContainer(String why) {
    TestEnvironment.require(
        isContainer(),
        "a RabbitMQ container of its own (it " + why + ")",
        "Unset " + BROKER_URL + " so that the tests start a container.");
  }

  /** A system property wins over the environment variable of the same name; blank means unset. */
  private static String setting(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      value = System.getenv(name);
    }
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String hostForUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** The URL without its password, fit for a log line. */
  private static String redact(URI uri) {
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null || !userInfo.contains(":")) {
      return uri.toString();
    }
    return uri.toString().replace(userInfo, userInfo.substring(0, userInfo.indexOf(':')) + ":***");
  }

  private record Endpoint(
      String amqpUrl, String host, int amqpPort, int managementPort, boolean container) {}
}
