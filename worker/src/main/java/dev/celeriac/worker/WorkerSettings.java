package dev.celeriac.worker;

import static dev.celeriac.error.ConfigurationException.require;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.HostNames;
import dev.celeriac.client.results.ResultBackendOptions;
import dev.celeriac.security.SecuritySettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a worker runs. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * WorkerSettings settings = WorkerSettings.builder()
 *     .broker(BrokerSettings.of("amqp://guest:guest@localhost:5672//"))
 *     .queues(List.of("celery"))
 *     .concurrency(8)
 *     .build();
 * }</pre>
 *
 * @param broker how to reach the broker
 * @param queues the queues to consume
 * @param concurrency tasks run at once
 * @param pool how task bodies run
 * @param prefetchMultiplier unacknowledged messages per concurrency slot
 * @param hostname the node name, {@code celery@<host>} by default
 * @param shutdownTimeout how long a warm shutdown waits for running tasks
 * @param maxDeliveries deliveries of one message, finished or not, before it is dead-lettered as
 *     poison
 * @param maxMessageSize larger message bodies are dead-lettered instead of decoded, in bytes
 * @param taskEvents send Celery's task events ({@code -E}, Celery's {@code
 *     worker_send_task_events})
 * @param heartbeat send {@code worker-online}, {@code worker-heartbeat} every 2 s and {@code
 *     worker-offline}, as Celery workers do unless started {@code --without-heartbeat}
 * @param metricsPort the port of the Prometheus endpoint, 0 for any free port, -1 for none
 * @param resultBackend where results are stored, as a URL: {@code rpc://} (default) or a durable
 *     backend whose module is on the class path, e.g. {@code redis://host:6379/0}
 * @param resultOptions the expiry and extended format of stored results (Celery's {@code
 *     result_expires}, {@code result_extended}); {@code rpc://} keeps nothing
 * @param resultRetryTimeout how long a result the backend fails to store is retried, with backoff,
 *     before the task goes back to its queue; its message is not acknowledged meanwhile
 * @param resultRetryMaxBackoff the longest wait between two attempts to store a result (waits start
 *     at 100 ms and double)
 * @param security message signing (Celery's {@code auth} serializer), or null for none: with it,
 *     the worker runs only task messages signed by a trusted, unexpired certificate, dead-letters
 *     every other one with the reason, and signs the task messages it publishes
 */
public record WorkerSettings(
    BrokerSettings broker,
    List<String> queues,
    int concurrency,
    PoolType pool,
    int prefetchMultiplier,
    String hostname,
    Duration shutdownTimeout,
    int maxDeliveries,
    long maxMessageSize,
    boolean taskEvents,
    boolean heartbeat,
    int metricsPort,
    String resultBackend,
    ResultBackendOptions resultOptions,
    Duration resultRetryTimeout,
    Duration resultRetryMaxBackoff,
    SecuritySettings security) {

  public WorkerSettings {
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(pool, "pool");
    queues = List.copyOf(queues);
    require(!queues.isEmpty(), "a worker needs at least one queue");
    for (String queue : queues) {
      require(!queue.isBlank(), "queue names must not be blank; got " + queues);
    }
    require(concurrency >= 1, "concurrency must be at least 1; got " + concurrency);
    require(
        prefetchMultiplier >= 1 && (long) prefetchMultiplier * concurrency <= 65_535,
        "prefetch multiplier × concurrency must be 1..65535 (AMQP's prefetch limit); got "
            + prefetchMultiplier
            + " × "
            + concurrency);
    require(hostname != null && !hostname.isBlank(), "hostname must not be blank");
    require(
        shutdownTimeout != null && !shutdownTimeout.isNegative(),
        "shutdown timeout must not be negative; got " + shutdownTimeout);
    require(maxDeliveries >= 1, "max deliveries must be at least 1; got " + maxDeliveries);
    require(maxMessageSize >= 1, "max message size must be at least 1 byte; got " + maxMessageSize);
    require(
        metricsPort >= -1 && metricsPort <= 65_535,
        "metrics port must be 0..65535 (0: any free port), or -1 for none; got " + metricsPort);
    require(
        resultBackend != null && resultBackend.contains("://"),
        "result backend must be a URL such as rpc:// or redis://host:6379/0; got " + resultBackend);
    Objects.requireNonNull(resultOptions, "resultOptions");
    require(
        resultRetryTimeout != null && !resultRetryTimeout.isNegative(),
        "result retry timeout must be zero (no retry) or positive; got " + resultRetryTimeout);
    require(
        resultRetryMaxBackoff != null && resultRetryMaxBackoff.isPositive(),
        "result retry max backoff must be positive; got " + resultRetryMaxBackoff);
  }

  /** Unacknowledged messages per queue consumer: multiplier × concurrency (1 for solo). */
  public int prefetch() {
    return prefetchMultiplier * effectiveConcurrency();
  }

  /** Concurrency as the pool applies it: solo runs one task at a time. */
  public int effectiveConcurrency() {
    return pool == PoolType.SOLO ? 1 : concurrency;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with Celery's defaults. */
  public static final class Builder {
    private BrokerSettings broker = BrokerSettings.builder().build();
    private List<String> queues = List.of(Topology.DEFAULT_QUEUE);
    private int concurrency = Runtime.getRuntime().availableProcessors();
    private PoolType pool = PoolType.VIRTUAL;
    private int prefetchMultiplier = 4;
    private String hostname = "celery@" + HostNames.local();
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private int maxDeliveries = 5;
    private long maxMessageSize = 16L * 1024 * 1024;
    private boolean taskEvents;
    private boolean heartbeat = true;
    private int metricsPort = -1;
    private String resultBackend = "rpc://";
    private ResultBackendOptions resultOptions = ResultBackendOptions.defaults();
    private Duration resultRetryTimeout = Duration.ofMinutes(2);
    private Duration resultRetryMaxBackoff = Duration.ofSeconds(10);
    private SecuritySettings security;

    /**
     * Where results are stored. Default {@code rpc://}; another scheme needs its backend module on
     * the class path (e.g. {@code celeriac-backend-redis} for {@code redis://}).
     */
    public Builder resultBackend(String resultBackend) {
      this.resultBackend = resultBackend == null ? null : resultBackend.strip();
      return this;
    }

    /** How long a durable backend keeps results. Default one day; zero: until deleted. */
    public Builder resultExpires(Duration expires) {
      this.resultOptions = resultOptions.withExpires(expires);
      return this;
    }

    /** Store each task's name, arguments, worker, retries and queue too. Default false. */
    public Builder resultExtended(boolean extended) {
      this.resultOptions = resultOptions.withExtended(extended);
      return this;
    }

    /**
     * Send {@code rpc://} results as persistent messages, which survive a broker restart while they
     * wait (Celery's {@code result_persistent}). Default false, as in Celery.
     */
    public Builder resultPersistent(boolean persistent) {
      this.resultOptions = resultOptions.withPersistent(persistent);
      return this;
    }

    /**
     * How long a failing store is retried before the task goes back to its queue. Default 2 min.
     */
    public Builder resultRetryTimeout(Duration resultRetryTimeout) {
      this.resultRetryTimeout = resultRetryTimeout;
      return this;
    }

    /** The longest wait between two attempts to store a result. Default 10 s, as Celery's. */
    public Builder resultRetryMaxBackoff(Duration resultRetryMaxBackoff) {
      this.resultRetryMaxBackoff = resultRetryMaxBackoff;
      return this;
    }

    /** Send task events, like Celery's {@code -E}. Default false. */
    public Builder taskEvents(boolean taskEvents) {
      this.taskEvents = taskEvents;
      return this;
    }

    /** Send worker-online/heartbeat/offline events. Default true, as Celery. */
    public Builder heartbeat(boolean heartbeat) {
      this.heartbeat = heartbeat;
      return this;
    }

    /** Serve Prometheus metrics on this port (0: any free port). Default -1: none. */
    public Builder metricsPort(int metricsPort) {
      this.metricsPort = metricsPort;
      return this;
    }

    /** Default 16 MiB. */
    public Builder maxMessageSize(long maxMessageSize) {
      this.maxMessageSize = maxMessageSize;
      return this;
    }

    private Builder() {}

    /** Default 5. */
    public Builder maxDeliveries(int maxDeliveries) {
      this.maxDeliveries = maxDeliveries;
      return this;
    }

    public Builder broker(BrokerSettings broker) {
      this.broker = broker;
      return this;
    }

    /** Default {@code [celery]}. */
    public Builder queues(List<String> queues) {
      this.queues = queues;
      return this;
    }

    /** Default: the number of CPUs. */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /** Default {@link PoolType#VIRTUAL}. */
    public Builder pool(PoolType pool) {
      this.pool = pool;
      return this;
    }

    /** Default 4. */
    public Builder prefetchMultiplier(int prefetchMultiplier) {
      this.prefetchMultiplier = prefetchMultiplier;
      return this;
    }

    /** Default {@code celery@<host>}. */
    public Builder hostname(String hostname) {
      this.hostname = hostname;
      return this;
    }

    /** Default 30 s. */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    /**
     * Message signing: run only task messages signed by a trusted certificate, sign those this
     * worker publishes. Default none. {@link Worker#start} reads the files and fails before it
     * connects when they do not fit.
     */
    public Builder security(SecuritySettings security) {
      this.security = security;
      return this;
    }

    public WorkerSettings build() {
      return new WorkerSettings(
          broker,
          queues,
          concurrency,
          pool,
          prefetchMultiplier,
          hostname,
          shutdownTimeout,
          maxDeliveries,
          maxMessageSize,
          taskEvents,
          heartbeat,
          metricsPort,
          resultBackend,
          resultOptions,
          resultRetryTimeout,
          resultRetryMaxBackoff,
          security);
    }
  }
}
