package dev.celeriac.broker;

import static dev.celeriac.error.ConfigurationException.require;

import dev.celeriac.broker.topology.QueueType;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach and talk to the broker. Immutable; build with {@link #builder()}, vary with {@link
 * #toBuilder()}.
 *
 * <pre>{@code
 * BrokerSettings settings = BrokerSettings.builder()
 *     .url("amqp://guest:guest@localhost:5672//")
 *     .heartbeat(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 *
 * @param addresses broker URL(s)
 * @param heartbeat AMQP heartbeat interval; zero turns heartbeats off
 * @param connectionTimeout TCP connect and AMQP handshake timeout per attempt
 * @param connectAttempts attempts before {@link BrokerConnection#open} gives up (at least 1)
 * @param connectRetryDelay pause between attempts
 * @param recoveryInterval pause between automatic recovery attempts after a lost connection
 * @param publishConfirmTimeout how long a publish waits for the broker's confirm
 * @param brokerDelays hold countdowns and ETAs in the broker's {@code celery_delayed_*} topology
 *     rather than in worker memory (needs RabbitMQ; see {@code DelayedDelivery})
 * @param queueType the type of the task, dead-letter and delay queues; clients and workers must
 *     agree
 */
public record BrokerSettings(
    BrokerAddresses addresses,
    Duration heartbeat,
    Duration connectionTimeout,
    int connectAttempts,
    Duration connectRetryDelay,
    Duration recoveryInterval,
    Duration publishConfirmTimeout,
    boolean brokerDelays,
    QueueType queueType) {

  public BrokerSettings {
    Objects.requireNonNull(queueType, "queueType");
    Objects.requireNonNull(addresses, "addresses");
    requireNonNegative("heartbeat", heartbeat);
    requirePositive("connectionTimeout", connectionTimeout);
    require(connectAttempts >= 1, "connectAttempts must be at least 1; got " + connectAttempts);
    requireNonNegative("connectRetryDelay", connectRetryDelay);
    requirePositive("recoveryInterval", recoveryInterval);
    requirePositive("publishConfirmTimeout", publishConfirmTimeout);
  }

  private static void requirePositive(String name, Duration d) {
    require(d != null && !d.isNegative() && !d.isZero(), name + " must be positive; got " + d);
  }

  private static void requireNonNegative(String name, Duration d) {
    require(d != null && !d.isNegative(), name + " must not be negative; got " + d);
  }

  /** Settings for one URL with every other value at its default. */
  public static BrokerSettings of(String url) {
    return builder().url(url).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.addresses = addresses;
    b.heartbeat = heartbeat;
    b.connectionTimeout = connectionTimeout;
    b.connectAttempts = connectAttempts;
    b.connectRetryDelay = connectRetryDelay;
    b.recoveryInterval = recoveryInterval;
    b.publishConfirmTimeout = publishConfirmTimeout;
    b.brokerDelays = brokerDelays;
    b.queueType = queueType;
    return b;
  }

  /** Builder with the defaults listed on each setter. */
  public static final class Builder {
    private BrokerAddresses addresses;
    private Duration heartbeat = Duration.ofSeconds(30);
    private Duration connectionTimeout = Duration.ofSeconds(10);
    private int connectAttempts = 5;
    private Duration connectRetryDelay = Duration.ofSeconds(1);
    private Duration recoveryInterval = Duration.ofSeconds(2);
    private Duration publishConfirmTimeout = Duration.ofSeconds(30);
    private boolean brokerDelays = true;
    private QueueType queueType = QueueType.CLASSIC;

    private Builder() {}

    /** Default classic, as Celery declares its queues. */
    public Builder queueType(QueueType queueType) {
      this.queueType = queueType;
      return this;
    }

    /** Default true: countdowns wait in the broker, not in worker memory. */
    public Builder brokerDelays(boolean brokerDelays) {
      this.brokerDelays = brokerDelays;
      return this;
    }

    /** Broker URL(s), {@code ;}-separated for failover. Default {@value BrokerUrl#DEFAULT}. */
    public Builder url(String url) {
      this.addresses = BrokerAddresses.parse(url);
      return this;
    }

    public Builder addresses(BrokerAddresses addresses) {
      this.addresses = addresses;
      return this;
    }

    /** Default 30 s. */
    public Builder heartbeat(Duration heartbeat) {
      this.heartbeat = heartbeat;
      return this;
    }

    /** Default 10 s. */
    public Builder connectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
      return this;
    }

    /** Default 5. */
    public Builder connectAttempts(int connectAttempts) {
      this.connectAttempts = connectAttempts;
      return this;
    }

    /** Default 1 s. */
    public Builder connectRetryDelay(Duration connectRetryDelay) {
      this.connectRetryDelay = connectRetryDelay;
      return this;
    }

    /** Default 2 s. */
    public Builder recoveryInterval(Duration recoveryInterval) {
      this.recoveryInterval = recoveryInterval;
      return this;
    }

    /** Default 30 s. */
    public Builder publishConfirmTimeout(Duration publishConfirmTimeout) {
      this.publishConfirmTimeout = publishConfirmTimeout;
      return this;
    }

    public BrokerSettings build() {
      return new BrokerSettings(
          addresses == null ? BrokerAddresses.parse(BrokerUrl.DEFAULT) : addresses,
          heartbeat,
          connectionTimeout,
          connectAttempts,
          connectRetryDelay,
          recoveryInterval,
          publishConfirmTimeout,
          brokerDelays,
          queueType);
    }
  }
}
