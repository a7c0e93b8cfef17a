package dev.celeriac.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * What the broker at the other end can do, and how to say things so it understands them: the one
 * place that knows RabbitMQ from Apache Qpid Broker-J (the embedded demo broker). Detected from the
 * {@code product} server property when a connection opens ({@link BrokerConnection#dialect()}), or
 * from any channel ({@link #of(Channel)}).
 *
 * <p>Broker-J differs from RabbitMQ where Celeriac notices:
 *
 * <table>
 *   <caption>Differences and what Celeriac does about them</caption>
 *   <tr><th>Broker-J</th><th>Celeriac</th></tr>
 *   <tr><td>closes the connection on RabbitMQ's {@code x-*} queue arguments</td>
 *       <td>drops them ({@link #queueArguments}), {@code x-max-priority} becomes {@code
 *       x-qpid-priorities}; logged once per argument</td></tr>
 *   <tr><td>no exchange-to-exchange bindings, so no {@code celery_delayed_*} topology</td>
 *       <td>countdowns and ETAs wait in worker memory ({@link #delayedDelivery()}); logged</td></tr>
 *   <tr><td>no streams</td>
 *       <td>revokes are broadcast to running workers only ({@link #streams()}); logged</td></tr>
 *   <tr><td>per-message {@code expiration} is an absolute epoch time</td>
 *       <td>relative values are converted when publishing ({@link #outgoing})</td></tr>
 *   <tr><td>the default exchange routes key {@code X} to the <em>exchange</em> {@code X} when one
 *       exists</td>
 *       <td>task queues are also bound to their same-named exchange with the empty key ({@link
 *       #defaultExchangeFindsExchanges()})</td></tr>
 *   <tr><td>no direct reply-to ({@code amq.rabbitmq.reply-to})</td>
 *       <td>not used anywhere: results go to a declared reply queue</td></tr>
 *   <tr><td>reject/nack without requeue redelivers; {@code nack(multiple=true)} requeues only one
 *       message</td>
 *       <td>Celeriac settles one delivery at a time and dead-letters by republishing, then acking,
 *       so neither is used; the embedded broker also starts with {@code
 *       queue.maximumDeliveryAttempts=1}, which makes reject drop as on RabbitMQ</td></tr>
 * </table>
 *
 * <h2>Concurrency</h2>
 *
 * Immutable constants; the once-per-process log memory is a concurrent set.
 */
public enum BrokerDialect {
  /** RabbitMQ: everything Celeriac uses is there. */
  RABBITMQ(true, true, true, false, false),
  /** Apache Qpid Broker-J (the embedded broker): see the table above. */
  QPID_BROKER_J(false, false, false, true, true);

  private static final Logger log = LoggerFactory.getLogger(BrokerDialect.class);

  /**
   * Relative per-message TTLs are milliseconds; an absolute epoch time in milliseconds is above
   * this (2001-09-09), so a value that is already absolute is never shifted twice.
   */
  private static final long ABSOLUTE_EXPIRATION_FLOOR = 1_000_000_000_000L;

  private static final Set<String> warned = ConcurrentHashMap.newKeySet();

  private final boolean queueArguments;
  private final boolean delayedDelivery;
  private final boolean streams;
  private final boolean absoluteExpiration;
  private final boolean defaultExchangeFindsExchanges;

  BrokerDialect(
      boolean queueArguments,
      boolean delayedDelivery,
      boolean streams,
      boolean absoluteExpiration,
      boolean defaultExchangeFindsExchanges) {
    this.queueArguments = queueArguments;
    this.delayedDelivery = delayedDelivery;
    this.streams = streams;
    this.absoluteExpiration = absoluteExpiration;
    this.defaultExchangeFindsExchanges = defaultExchangeFindsExchanges;
  }

  /**
   * The dialect for a broker announcing these server properties; RabbitMQ unless it is Broker-J.
   * Broker-J is known by its {@code qpid.*} properties as well as by {@code product}, because it
   * takes {@code product} from the manifest of the jar it runs from (a shaded application jar
   * announces the application's name).
   */
  public static BrokerDialect detect(Map<String, Object> serverProperties) {
    if (serverProperties == null) {
      return RABBITMQ;
    }
    Object product = serverProperties.get("product");
    boolean qpid =
        (product != null && product.toString().startsWith("Apache Qpid Broker-J"))
            || serverProperties.keySet().stream().anyMatch(key -> key.startsWith("qpid."));
    return qpid ? QPID_BROKER_J : RABBITMQ;
  }

  /** The dialect of the broker a channel talks to. */
  public static BrokerDialect of(Channel channel) {
    return detect(channel.getConnection().getServerProperties());
  }

  /**
   * Whether RabbitMQ's topology for broker-held countdowns ({@code celery_delayed_*}: TTL queues
   * dead-lettering through exchange-to-exchange bindings) can be declared.
   */
  public boolean delayedDelivery() {
    return delayedDelivery;
  }

  /**
   * Whether a message published to the default exchange with routing key {@code X} goes to the
   * exchange named {@code X} (with an empty routing key) when there is one, instead of the queue
   * {@code X}: Broker-J resolves the key as an address, exchanges first. Celery gives every task
   * queue a same-named exchange, so {@code Topology} also binds the queue to it with the empty key.
   */
  public boolean defaultExchangeFindsExchanges() {
    return defaultExchangeFindsExchanges;
  }

  /** Whether stream queues exist (the revoke log that workers started later read). */
  public boolean streams() {
    return streams;
  }

  /**
   * The queue arguments this broker accepts, from RabbitMQ's. Each argument dropped is logged once
   * per process with what is lost.
   */
  public Map<String, Object> queueArguments(String queue, Map<String, Object> arguments) {
    if (queueArguments || arguments.isEmpty()) {
      return arguments;
    }
    Map<String, Object> accepted = new LinkedHashMap<>();
    for (Map.Entry<String, Object> argument : arguments.entrySet()) {
      String key = argument.getKey();
      if (key.equals("x-max-priority")) {
        accepted.put("x-qpid-priorities", argument.getValue());
      } else if (!key.startsWith("x-")) {
        accepted.put(key, argument.getValue());
      } else {
        // Losing a queue type (replication) matters in any deployment; the expiries of transient
        // queues and the broker-side dead-lettering Celeriac does not rely on are details.
        degrade(
            key.equals("x-queue-type") ? Level.WARN : Level.INFO,
            "queue-argument:" + key,
            "{} has no queue argument {} (asked for by queue '{}'): declared without it; {}",
            key,
            queue,
            lostWith(key, argument.getValue()));
      }
    }
    return accepted;
  }

  private static String lostWith(String key, Object value) {
    return switch (key) {
      case "x-queue-type" ->
          "stream".equals(value)
              ? "it is an ordinary queue"
              : "it is an ordinary, unreplicated queue, not " + value;
      case "x-expires" -> "the queue is not deleted when unused";
      case "x-message-ttl" -> "its messages do not expire";
      case "x-dead-letter-exchange", "x-dead-letter-routing-key", "x-dead-letter-strategy" ->
          "the broker does not dead-letter from it (Celeriac's own dead-lettering still works)";
      default -> "the broker ignores what it asked for";
    };
  }

  /**
   * Properties as this broker reads them: on Broker-J a relative {@code expiration} (milliseconds
   * from now, RabbitMQ's and Celery's meaning) becomes the absolute time Broker-J expects.
   */
  public AMQP.BasicProperties outgoing(AMQP.BasicProperties properties) {
    if (!absoluteExpiration || properties == null || properties.getExpiration() == null) {
      return properties;
    }
    long value;
    try {
      value = Long.parseLong(properties.getExpiration().strip());
    } catch (NumberFormatException e) {
      return properties;
    }
    if (value >= ABSOLUTE_EXPIRATION_FLOOR) {
      return properties; // already absolute, e.g. a message read back and republished
    }
    long absolute = System.currentTimeMillis() + Math.max(1, value);
    return properties.builder().expiration(Long.toString(absolute)).build();
  }

  /**
   * Logs, once per process and {@code key}, at WARN, that a feature is degraded on this broker; the
   * message's first placeholder is the broker's name. For callers that find a capability missing.
   */
  public void degrade(String key, String message, Object... arguments) {
    degrade(Level.WARN, key, message, arguments);
  }

  private void degrade(Level level, String key, String message, Object... arguments) {
    if (warned.add(name() + ":" + key)) {
      Object[] withName = new Object[arguments.length + 1];
      withName[0] = displayName();
      System.arraycopy(arguments, 0, withName, 1, arguments.length);
      log.atLevel(level).log(message, withName);
    }
  }

  /** E.g. "Apache Qpid Broker-J". */
  public String displayName() {
    return this == RABBITMQ ? "RabbitMQ" : "Apache Qpid Broker-J";
  }
}
