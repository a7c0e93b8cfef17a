package dev.celeriac.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AMQP 0-9-1 broker inside this JVM (Apache Qpid Broker-J 10, memory store), reached over TCP on
 * loopback by any AMQP client, including worker processes started from this one.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.options().port(0))) {
 *   String url = broker.url(); // amqp://guest:guest@127.0.0.1:<port>//
 * }
 * }</pre>
 *
 * <p>It is a demo and development broker: messages live in memory and are lost when it stops, and
 * it is not RabbitMQ (no streams, no exchange-to-exchange bindings, absolute per-message expiry).
 * Clients detect it from its server properties and adapt; it is started with the context settings
 * that make it closest to RabbitMQ (unknown {@code x-*} queue arguments are logged instead of
 * closing the connection; reject without requeue drops the message instead of redelivering it).
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe. {@link #close()} may be called from any thread, and more than once. The broker's own
 * IO and housekeeping threads belong to it and stop with it.
 */
public final class EmbeddedBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

  private static final String CONFIG = "embedded-broker-config.json";

  private final Options options;
  private final int port;
  private final Path workDir;
  private final SystemLauncher launcher;
  private final Object lock = new Object();
  private boolean closed;

  private EmbeddedBroker(Options options, int port, Path workDir, SystemLauncher launcher) {
    this.options = options;
    this.port = port;
    this.workDir = workDir;
    this.launcher = launcher;
  }

  /** Options with the defaults: loopback, port 5672, user guest/guest. */
  public static Options options() {
    return new Options("127.0.0.1", 5672, "guest", "guest");
  }

  /**
   * Starts a broker and returns once it accepts connections.
   *
   * @throws EmbeddedBrokerException when it cannot start, e.g. because the port is taken
   */
  public static EmbeddedBroker start(Options options) {
    installUncaughtHandler();
    int port = options.port() == 0 ? freePort(options.bindAddress()) : options.port();
    if (options.port() != 0) {
      requireFree(options.bindAddress(), port);
    }
    Path workDir;
    try {
      workDir = Files.createTempDirectory("celeriac-embedded-broker");
    } catch (IOException e) {
      throw new EmbeddedBrokerException(
          "Cannot create a work directory for the embedded broker", e);
    }
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    SystemLauncher launcher =
        new SystemLauncher(
            new SystemLauncherListener.DefaultSystemLauncherListener() {
              @Override
              public void errorOnStartup(RuntimeException e) {
                // startup() does not throw on failure; it only tells the listener.
                failure.set(e);
              }
            });
    long started = System.nanoTime();
    try {
      launcher.startup(systemConfig(options, port, workDir));
    } catch (Exception e) {
      failure.compareAndSet(null, new IllegalStateException(e.getMessage(), e));
    }
    if (failure.get() != null) {
      launcher.shutdown();
      deleteQuietly(workDir);
      throw new EmbeddedBrokerException(
          "The embedded broker could not start on "
              + options.bindAddress()
              + ":"
              + port
              + ": "
              + rootMessage(failure.get())
              + ". Is the port in use? Choose another with --port.",
          failure.get());
    }
    log.debug(
        "Embedded broker listening on {}:{} ({} ms)",
        options.bindAddress(),
        port,
        (System.nanoTime() - started) / 1_000_000);
    return new EmbeddedBroker(options, port, workDir, launcher);
  }

  private static Map<String, Object> systemConfig(Options options, int port, Path workDir) {
    URL config = EmbeddedBroker.class.getResource(CONFIG);
    Objects.requireNonNull(config, CONFIG + " is missing from the classpath");
    Map<String, String> context = new LinkedHashMap<>();
    context.put("qpid.amqp_port", Integer.toString(port));
    context.put("qpid.amqp_bind", options.bindAddress());
    context.put("qpid.user.name", options.username());
    context.put("qpid.user.password", options.password());
    context.put("qpid.work_dir", workDir.toString());
    context.put("qpid.broker.defaultPreferenceStoreAttributes", "{\"type\":\"Noop\"}");
    // Without it a port that cannot bind leaves the broker "started" with no listener.
    context.put("broker.failStartupWithErroredChild", "true");
    // RabbitMQ compatibility: log x-* queue arguments instead of closing the connection (the
    // client drops them anyway); reject/nack without requeue drops the message as RabbitMQ does
    // instead of redelivering it; expired messages go to the alternate binding, like a DLX.
    context.put("queue.behaviourOnUnknownDeclareArgument", "LOG");
    context.put("queue.maximumDeliveryAttempts", "1");
    context.put("queue.defaultExpiryPolicy", "ROUTE_TO_ALTERNATE");
    // The defaults start 88 threads for a broker with a handful of connections.
    context.put("virtualhost.connectionThreadPool.size", "4");
    context.put("virtualhost.connectionThreadPool.numberOfSelectors", "1");
    context.put("qpid.port.amqp.threadPool.size", "2");
    context.put("virtualhost.housekeepingThreadCount", "1");
    context.put("broker.housekeepingThreadCount", "1");
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("type", "Memory");
    attributes.put("initialConfigurationLocation", config.toExternalForm());
    attributes.put("startupLoggedToSystemOut", false);
    attributes.put("context", context);
    return attributes;
  }

  /**
   * Broker-J halts the JVM when a housekeeping task throws and no default handler is set; a handler
   * that logs keeps the host process alive.
   */
  private static void installUncaughtHandler() {
    if (Thread.getDefaultUncaughtExceptionHandler() == null) {
      Thread.setDefaultUncaughtExceptionHandler(
          (thread, e) -> log.error("Uncaught exception in thread {}", thread.getName(), e));
    }
  }

  /**
   * Fails fast, with one line, on a port that is taken: Broker-J would log pages of stack traces
   * before reporting the same.
   */
  private static void requireFree(String bindAddress, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port));
    } catch (IOException e) {
      throw new EmbeddedBrokerException(
          "The embedded broker could not start on "
              + bindAddress
              + ":"
              + port
              + ": "
              + e.getMessage()
              + ". Is the port in use? Choose another with --port.",
          e);
    }
  }

  private static int freePort(String bindAddress) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new EmbeddedBrokerException("Cannot find a free port on " + bindAddress, e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("Cannot delete {}: {}", dir, e.getMessage());
    }
  }

  /** The port it listens on (chosen at start when the options said 0). */
  public int port() {
    return port;
  }

  /**
   * A broker URL for Celeriac and Celery clients, e.g. {@code amqp://guest:guest@127.0.0.1:5672//}.
   */
  public String url() {
    return "amqp://"
        + options.username()
        + ":"
        + options.password()
        + "@"
        + options.bindAddress()
        + ":"
        + port
        + "//";
  }

  /** Stops the broker; every message it held is gone. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    launcher.shutdown();
    deleteQuietly(workDir);
  }

  /**
   * Where and as whom the broker listens.
   *
   * @param bindAddress the address to listen on; loopback by default, so only this machine can
   *     connect
   * @param port the AMQP port; 0 picks a free one
   * @param username the one user's name
   * @param password its password
   */
  public record Options(String bindAddress, int port, String username, String password) {

    public Options {
      Objects.requireNonNull(bindAddress, "bindAddress");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535 (0: any free port); got " + port);
      }
    }

    public Options port(int port) {
      return new Options(bindAddress, port, username, password);
    }

    public Options bindAddress(String bindAddress) {
      return new Options(bindAddress, port, username, password);
    }

    public Options credentials(String username, String password) {
      return new Options(bindAddress, port, username, password);
    }
  }
}
