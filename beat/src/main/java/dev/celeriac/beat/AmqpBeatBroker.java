package dev.celeriac.beat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import dev.celeriac.broker.AmqpProperties;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.BrokerUrl;
import dev.celeriac.broker.concurrent.NamedThreadFactory;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.protocol.EncodedMessage;
import dev.celeriac.protocol.TaskMessageCodec;
import dev.celeriac.security.MessageSigning;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beat's broker port on RabbitMQ, over one connection of its own, without automatic recovery:
 *
 * <ul>
 *   <li><b>Lock</b>: the exclusive queue {@code <group>.lock}. RabbitMQ lets one connection declare
 *       it; every other gets {@code RESOURCE_LOCKED}. The broker deletes it when the holder's
 *       connection closes: at once when its process dies (the kernel closes the socket), after two
 *       missed heartbeats (2 × {@link #HEARTBEAT}) when the network is lost.
 *   <li><b>State</b>: {@code <group>.state}, a durable queue of at most one message ({@code
 *       x-max-length} 1, {@code drop-head}), the last runs as JSON, persistent and confirmed.
 *   <li><b>Status</b>: {@code <group>.status}, the same shape, for {@code celeriac beat --status}.
 *   <li><b>Ticks</b>: published on the same connection as the lock, confirmed.
 * </ul>
 *
 * <p>Why one connection, and no recovery: the lock, the state and the ticks share the broker's view
 * of one connection. Once the broker has closed it (and given the lock to another), nothing this
 * process still sends on it is processed; a recovering connection would carry on sending without
 * the lock.
 *
 * <p>Concurrency: used by the beat's one thread.
 */
final class AmqpBeatBroker implements BeatBroker {

  private static final Logger log = LoggerFactory.getLogger(AmqpBeatBroker.class);

  /** Short, so that a sender cut off from the broker loses the lock within about 2 s. */
  static final Duration HEARTBEAT = Duration.ofSeconds(1);

  private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);
  private static final int RESOURCE_LOCKED = 405;
  private static final int MAX_STATE_COPIES = 100;

  private final BrokerSettings settings;
  private final String group;
  private final String identity;
  private final Clock clock;
  private final TaskMessageCodec codec = new TaskMessageCodec();
  private final MessageSigning signing;
  private final Set<String> declaredQueues = new HashSet<>();
  private Connection connection;
  private Channel channel;
  private boolean unreachableLogged;

  AmqpBeatBroker(BrokerSettings settings, String group, String identity, Clock clock) {
    this(settings, group, identity, clock, null);
  }

  /**
   * @param signing seals each task message sent, for workers that run only signed ones; null sends
   *     them unsigned
   */
  AmqpBeatBroker(
      BrokerSettings settings, String group, String identity, Clock clock, MessageSigning signing) {
    this.signing = signing;
    this.settings = settings;
    this.group = group;
    this.identity = identity;
    this.clock = clock;
  }

  static String lockQueue(String group) {
    return group + ".lock";
  }

  static String stateQueue(String group) {
    return group + ".state";
  }

  static String statusQueue(String group) {
    return BeatStatus.queue(group);
  }

  @Override
  public boolean tryAcquire() {
    try {
      if (connection == null || !connection.isOpen()) {
        connection = open(settings, identity);
        declaredQueues.clear();
        unreachableLogged = false;
      }
    } catch (BrokerException e) {
      if (!unreachableLogged) {
        log.warn("Beat cannot reach the broker ({}); retrying", e.getMessage());
        unreachableLogged = true;
      }
      return false;
    }
    Channel attempt = null;
    try {
      attempt = connection.createChannel();
      attempt.queueDeclare(lockQueue(group), false, true, true, Map.of());
      // Held: declare what the sender writes to, on a channel of its own with confirms.
      channel = attempt;
      channel.confirmSelect();
      declareLastValueQueue(channel, stateQueue(group));
      declareLastValueQueue(channel, statusQueue(group));
      return true;
    } catch (IOException e) {
      if (isResourceLocked(e)) {
        return false; // another beat sends; the channel is closed by the broker
      }
      log.warn("Beat could not take the lock: {}", e.getMessage());
      release();
      return false;
    } catch (ShutdownSignalException e) {
      release();
      return false;
    }
  }

  private static boolean isResourceLocked(IOException e) {
    return e.getCause() instanceof ShutdownSignalException s
        && s.getReason() instanceof AMQP.Channel.Close close
        && close.getReplyCode() == RESOURCE_LOCKED;
  }

  private static void declareLastValueQueue(Channel channel, String name) throws IOException {
    channel.queueDeclare(
        name, true, false, false, Map.of("x-max-length", 1, "x-overflow", "drop-head"));
  }

  /**
   * Reads every copy in the state queue without taking any away: got unacknowledged, merged, then
   * all given back. Normally there is one; a reader such as {@code beat --list} holding it while
   * the sender wrote may leave an older one next to it, which the merge makes harmless.
   */
  @Override
  public Map<String, Instant> readLastRuns() {
    return readLastRuns(requireChannel(), stateQueue(group));
  }

  static Map<String, Instant> readLastRuns(Channel channel, String queue) {
    Map<String, Instant> merged = new LinkedHashMap<>();
    long lastTag = -1;
    try {
      for (int i = 0; i < MAX_STATE_COPIES; i++) {
        GetResponse r = channel.basicGet(queue, false);
        if (r == null) {
          break;
        }
        lastTag = r.getEnvelope().getDeliveryTag();
        try {
          LastRuns.merge(merged, LastRuns.fromJson(r.getBody()));
        } catch (IOException | RuntimeException e) {
          log.warn("Ignoring an unreadable copy of the beat state in {}: {}", queue, e.toString());
        }
      }
      if (lastTag >= 0) {
        channel.basicNack(lastTag, true, true);
      }
      return merged;
    } catch (IOException | ShutdownSignalException e) {
      throw new BrokerException("Cannot read the beat state from " + queue + ": " + e, e);
    }
  }

  @Override
  public void writeLastRuns(Map<String, Instant> lastRuns) {
    publishConfirmed("", stateQueue(group), persistentJson(), LastRuns.toJson(lastRuns, identity));
  }

  @Override
  public void send(BeatEntry entry, Instant scheduled) {
    String queue = entry.queue() == null ? Topology.DEFAULT_QUEUE : entry.queue();
    ensureQueue(queue);
    String id = UUID.randomUUID().toString();
    EncodedMessage encoded =
        codec.encode(BeatMessages.tick(entry, scheduled, id, identity, clock.instant()));
    if (signing != null) {
      encoded = signing.seal(encoded);
    }
    publishConfirmed("", queue, AmqpProperties.forTask(encoded), encoded.body());
  }

  @Override
  public void writeStatus(BeatStatus status) {
    publishConfirmed("", statusQueue(group), persistentJson(), status.toJson());
  }

  /** Declares a task queue the first time this connection sends to it, as Celery's beat does. */
  private void ensureQueue(String queue) {
    if (declaredQueues.contains(queue)) {
      return;
    }
    // A queue declared by someone else with other arguments must stay as it is: look first, on a
    // channel of its own, since a failed passive declare closes its channel.
    try {
      Channel probe = connection.createChannel();
      try {
        probe.queueDeclarePassive(queue);
        Topology.closeQuietly(probe);
      } catch (IOException missing) {
        Channel declare = connection.createChannel();
        Topology.declareTaskQueue(declare, queue, null, settings.queueType());
        Topology.closeQuietly(declare);
      }
      declaredQueues.add(queue);
    } catch (IOException | ShutdownSignalException e) {
      throw new BrokerException("Cannot declare the task queue " + queue + ": " + e, e);
    }
  }

  private void publishConfirmed(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    Channel c = requireChannel();
    try {
      c.basicPublish(exchange, routingKey, properties, body);
      c.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
    } catch (IOException | TimeoutException | ShutdownSignalException e) {
      throw new BrokerException(
          "The broker did not confirm a message to " + routingKey + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerException("Interrupted while waiting for a confirm to " + routingKey, e);
    }
  }

  private static AMQP.BasicProperties persistentJson() {
    return new AMQP.BasicProperties.Builder()
        .contentType("application/json")
        .contentEncoding("utf-8")
        .deliveryMode(2)
        .build();
  }

  private Channel requireChannel() {
    if (channel == null || !channel.isOpen()) {
      throw new BrokerException("The beat's connection to the broker is closed");
    }
    return channel;
  }

  @Override
  public void release() {
    channel = null;
    declaredQueues.clear();
    if (connection != null) {
      try {
        connection.abort(1000);
      } finally {
        connection = null;
      }
    }
  }

  @Override
  public void close() {
    release();
  }

  /** Reads the status the sender last published, or null when none ever did. */
  static BeatStatus readStatus(BrokerSettings settings, String group) {
    try (Connection c = open(settings, "celeriac-beat-status")) {
      Channel ch = c.createChannel();
      try {
        ch.queueDeclarePassive(statusQueue(group));
      } catch (IOException e) {
        return null;
      }
      GetResponse r = ch.basicGet(statusQueue(group), false);
      if (r == null) {
        return null;
      }
      ch.basicNack(r.getEnvelope().getDeliveryTag(), false, true);
      return BeatStatus.fromJson(r.getBody());
    } catch (IOException e) {
      throw new BrokerException("Cannot read the beat status: " + e, e);
    }
  }

  /** Reads the recorded last runs, or an empty map when no beat ever recorded any. */
  static Map<String, Instant> readLastRuns(BrokerSettings settings, String group) {
    try (Connection c = open(settings, "celeriac-beat-list")) {
      Channel ch = c.createChannel();
      try {
        ch.queueDeclarePassive(stateQueue(group));
      } catch (IOException e) {
        return Map.of();
      }
      return readLastRuns(ch, stateQueue(group));
    } catch (IOException e) {
      throw new BrokerException("Cannot read the beat state: " + e, e);
    }
  }

  /** A plain connection: heartbeats of {@link #HEARTBEAT}, no automatic recovery (see above). */
  static Connection open(BrokerSettings settings, String name) {
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
    factory.setRequestedHeartbeat((int) HEARTBEAT.toSeconds());
    factory.setConnectionTimeout((int) settings.connectionTimeout().toMillis());
    factory.setHandshakeTimeout((int) settings.connectionTimeout().toMillis());
    factory.setAutomaticRecoveryEnabled(false);
    factory.setTopologyRecoveryEnabled(false);
    factory.setThreadFactory(new NamedThreadFactory(name + "-amqp", true));
    try {
      return factory.newConnection(
          settings.addresses().urls().stream()
              .map(u -> new com.rabbitmq.client.Address(u.host(), u.port()))
              .toList(),
          name);
    } catch (IOException | TimeoutException e) {
      throw new BrokerException(
          "Cannot connect to the broker at " + settings.addresses().masked() + ": " + e, e);
    }
  }
}
