package dev.celeriac.broker;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.impl.recovery.RecordedBinding;
import com.rabbitmq.client.impl.recovery.RecordedExchange;
import com.rabbitmq.client.impl.recovery.RecordedQueue;
import com.rabbitmq.client.impl.recovery.TopologyRecoveryFilter;
import dev.celeriac.broker.compat.TolerantSockets;
import dev.celeriac.broker.concurrent.NamedThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP connection with automatic recovery, opened with bounded retries.
 *
 * <pre>{@code
 * try (BrokerConnection connection = BrokerConnection.open(settings, "celeriac-client")) {
 *   Channel channel = connection.createChannel();
 * }
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe. Channels it creates are not: each has one owner (see the classes that use them).
 * amqp-client delivers to consumers on the connection's dispatch threads, named {@code
 * <name>-amqp-<n>}.
 */
public final class BrokerConnection implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);

  private final BrokerSettings settings;
  private final Connection connection;
  private final BrokerDialect dialect;

  private volatile String blockedReason;

  private BrokerConnection(BrokerSettings settings, Connection connection) {
    this.settings = settings;
    this.connection = connection;
    this.dialect = BrokerDialect.detect(connection.getServerProperties());
    if (settings.brokerDelays() && !dialect.delayedDelivery()) {
      dialect.degrade(
          "delayed-delivery",
          "{} cannot hold countdowns and ETAs (no exchange-to-exchange bindings): they wait in"
              + " worker memory, and a worker that stops hands them back to the queue");
    }
    if (!dialect.streams()) {
      dialect.degrade(
          "streams",
          "{} has no streams: revokes reach only the workers running when they are made");
    }
    // A memory or disk alarm makes the broker stop reading from publishing connections; say so
    // rather than leave publishers silently waiting.
    connection.addBlockedListener(
        reason -> {
          blockedReason = reason;
          log.warn(
              "The broker at {} blocked publishing: {}", settings.addresses().masked(), reason);
        },
        () -> {
          blockedReason = null;
          log.info("The broker at {} unblocked publishing", settings.addresses().masked());
        });
  }

  /** Why the broker blocks publishing on this connection (a resource alarm), or null. */
  public String blockedReason() {
    return blockedReason;
  }

  /**
   * Opens a connection, trying {@link BrokerSettings#connectAttempts()} times.
   *
   * @param name shown in the broker's management UI and used as the thread name prefix
   * @throws BrokerUnavailableException naming the (masked) URL and the last error
   */
  public static BrokerConnection open(BrokerSettings settings, String name) {
    ConnectionFactory factory = factory(settings, name);
    List<Address> addresses =
        settings.addresses().urls().stream().map(u -> new Address(u.host(), u.port())).toList();
    Exception last = null;
    for (int attempt = 1; attempt <= settings.connectAttempts(); attempt++) {
      try {
        Connection connection = factory.newConnection(addresses, name);
        log.debug("Connected to {} as {}", settings.addresses().masked(), name);
        return new BrokerConnection(settings, connection);
      } catch (IOException | TimeoutException e) {
        last = e;
        log.warn(
            "Cannot connect to {}: {} (attempt {}/{})",
            settings.addresses().masked(),
            describe(e),
            attempt,
            settings.connectAttempts());
        if (attempt < settings.connectAttempts()) {
          sleep(settings.connectRetryDelay().toMillis() * attempt);
        }
      }
    }
    throw new BrokerUnavailableException(
        "Cannot connect to the broker at "
            + settings.addresses().masked()
            + " after "
            + settings.connectAttempts()
            + " attempts: "
            + describe(last)
            + ". Is RabbitMQ running there? Name another broker with -b/--broker or "
            + BrokerKeys.BROKER_URL.env()
            + ".",
        last);
  }

  /**
   * Queues and exchanges declared once on a short-lived channel stay recorded against that closed
   * channel, and re-declaring them after a broker restart would fail with "channel is already
   * closed", an error line for each. They are durable and outlive the restart; what was declared on
   * a channel still open is recovered as usual.
   */
  private static final TopologyRecoveryFilter OPEN_CHANNELS_ONLY =
      new TopologyRecoveryFilter() {
        @Override
        public boolean filterExchange(RecordedExchange exchange) {
          return exchange.getChannel().isOpen();
        }

        @Override
        public boolean filterQueue(RecordedQueue queue) {
          return queue.getChannel().isOpen();
        }

        @Override
        public boolean filterBinding(RecordedBinding binding) {
          return binding.getChannel().isOpen();
        }
      };

  /** Package-private so that BrokerConnectionTest can check the I/O mode and the sockets. */
  static ConnectionFactory factory(BrokerSettings settings, String name) {
    BrokerUrl url = settings.addresses().primary();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUsername(url.username());
    factory.setPassword(url.password());
    factory.setVirtualHost(url.virtualHost());
    if (url.tls()) {
      try {
        factory.useSslProtocol(javax.net.ssl.SSLContext.getDefault());
        factory.enableHostnameVerification();
      } catch (GeneralSecurityException e) {
        throw new BrokerException("TLS is not available in this JVM: " + e.getMessage(), e);
      }
    }
    // Python publishers write header ints beyond 32 bits with a tag amqp-client cannot read; these
    // sockets rewrite it (see dev.celeriac.broker.compat). After the TLS setup, which replaces the
    // socket factory, so that amqps:// is guarded too.
    // NIO must stay off, and Netty with it: never call useNio() or netty() on this factory. Both
    // open their own channels and never ask for the socket factory, so one such header would close
    // the connection again. amqp-client has no accessor that says which mode is on;
    // BrokerConnectionTest checks the frame handler factory it would use.
    factory.setSocketFactory(TolerantSockets.wrap(factory.getSocketFactory()));
    factory.setRequestedHeartbeat((int) settings.heartbeat().toSeconds());
    factory.setConnectionTimeout((int) settings.connectionTimeout().toMillis());
    factory.setHandshakeTimeout((int) settings.connectionTimeout().toMillis());
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setTopologyRecoveryFilter(OPEN_CHANNELS_ONLY);
    factory.setNetworkRecoveryInterval(settings.recoveryInterval().toMillis());
    factory.setThreadFactory(new NamedThreadFactory(name + "-amqp", true));
    // amqp-client closes the whole connection on a body over its limit (64 MiB by default); let
    // everything RabbitMQ accepts (512 MiB at most) through and apply Celeriac's own, smaller
    // limit per message, which dead-letters instead.
    factory.setMaxInboundMessageBodySize(512 * 1024 * 1024);
    return factory;
  }

  private static String describe(Exception e) {
    if (e == null) {
      return "no attempt was made";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerUnavailableException("Interrupted while waiting to reconnect", e);
    }
  }

  /** A new channel; the caller owns and closes it. */
  public Channel createChannel() {
    try {
      Channel channel = connection.createChannel();
      if (channel == null) {
        throw new BrokerException(
            "The broker has no channels left on this connection (channel_max reached)");
      }
      return channel;
    } catch (IOException e) {
      throw new BrokerException("Cannot open a channel to " + settings.addresses().masked(), e);
    }
  }

  /** What the broker can do, detected from its server properties when the connection opened. */
  public BrokerDialect dialect() {
    return dialect;
  }

  /**
   * Whether countdowns and ETAs are held by the broker: asked for in the settings and possible on
   * this broker (the reason it is not was logged when the connection opened).
   */
  public boolean brokerDelays() {
    return settings.brokerDelays() && dialect.delayedDelivery();
  }

  /** The raw amqp-client connection, for listeners. */
  public Connection amqp() {
    return connection;
  }

  public BrokerSettings settings() {
    return settings;
  }

  /**
   * The configured URL this connection is on now: with several failover URLs, the one it reached
   * (after a recovery, possibly not the one it first reached). Found by the connection's remote
   * port and address; the first URL when none matches, e.g. behind a proxy that resolves names
   * differently.
   */
  public BrokerUrl connectedUrl() {
    List<BrokerUrl> urls = settings.addresses().urls();
    if (urls.size() > 1) {
      InetAddress remote = connection.getAddress();
      for (BrokerUrl url : urls) {
        if (url.port() == connection.getPort() && resolvesTo(url.host(), remote)) {
          return url;
        }
      }
    }
    return urls.getFirst();
  }

  private static boolean resolvesTo(String host, InetAddress address) {
    try {
      return Arrays.asList(InetAddress.getAllByName(host)).contains(address);
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The broker's {@code product} and {@code version} server properties, e.g. "RabbitMQ 3.10.8". */
  public String serverDescription() {
    if (dialect == BrokerDialect.QPID_BROKER_J) {
      return dialect.displayName(); // its product and version name the jar it runs from
    }
    Object product = connection.getServerProperties().get("product");
    Object version = connection.getServerProperties().get("version");
    return product + " " + version;
  }

  public boolean isOpen() {
    return connection.isOpen();
  }

  /**
   * Waits until the connection is open: at once when it is, else until its automatic recovery
   * completes or {@code timeout} passes.
   *
   * @return whether the connection is open
   */
  public boolean awaitOpen(Duration timeout) {
    if (!(connection instanceof Recoverable recoverable)) {
      return connection.isOpen();
    }
    CountDownLatch recovered = new CountDownLatch(1);
    RecoveryListener listener =
        new RecoveryListener() {
          @Override
          public void handleRecovery(Recoverable r) {
            recovered.countDown();
          }

          @Override
          public void handleRecoveryStarted(Recoverable r) {}
        };
    // Listen first, then look: a recovery that completes in between still counts down.
    recoverable.addRecoveryListener(listener);
    try {
      return connection.isOpen()
          || recovered.await(timeout.toNanos(), TimeUnit.NANOSECONDS)
          || connection.isOpen();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return connection.isOpen();
    } finally {
      recoverable.removeRecoveryListener(listener);
    }
  }

  /** Closes the connection; unacknowledged deliveries return to their queues. */
  @Override
  public void close() {
    if (connection.isOpen()) {
      try {
        connection.close((int) settings.connectionTimeout().toMillis());
      } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
        log.debug("Connection already closing: {}", e.getMessage());
      }
    }
  }

  /** Closes at once without waiting for the broker (cold shutdown). */
  public void abort() {
    connection.abort(1000);
  }
}
