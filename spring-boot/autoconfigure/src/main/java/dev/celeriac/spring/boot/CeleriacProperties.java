package dev.celeriac.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The {@code celeriac.*} properties of a Spring Boot application. Each is also read from the
 * environment variable the {@code celeriac} command reads ({@code CELERIAC_BROKER_URL} for {@code
 * celeriac.broker-url}, see {@link CeleriacEnvironmentPostProcessor}); docs/spring-boot.md lists
 * them all.
 *
 * <pre>{@code
 * celeriac.broker-url=amqp://guest:guest@rabbit:5672//
 * celeriac.result-backend=redis://cache:6379/0
 * celeriac.worker.queues=orders
 * }</pre>
 */
@ConfigurationProperties("celeriac")
public class CeleriacProperties {

  /** Property names, for messages that tell the user what to change. */
  static final String BROKER_URL = "celeriac.broker-url";

  static final String SHUTDOWN_TIMEOUT = "celeriac.worker.shutdown-timeout";

  static final String BEAT_SCHEDULE = "celeriac.beat.schedule";

  static final String BEAT_TIMEZONE = "celeriac.beat.timezone";

  /** Broker URL(s), ';'-separated for failover. */
  private String brokerUrl = "amqp://guest:guest@localhost:5672//";

  /** Where results live: rpc:// or a durable backend such as redis://host:6379/0. */
  private String resultBackend = "rpc://";

  /** Queue the client sends tasks to when neither the call nor the task's @Task names one. */
  private String defaultQueue = "celery";

  /** Queue type of task, dead-letter and delay queues: classic or quorum. */
  private String queueType = "classic";

  /** Connection attempts before start-up gives up. */
  private int connectAttempts = 5;

  /** How long a durable backend keeps a result (Celery's result_expires); 0s: until deleted. */
  private Duration resultExpires = Duration.ofDays(1);

  /** Results also store the task's name, arguments, worker, retries and queue. */
  private boolean resultExtended;

  /**
   * rpc:// results are persistent messages that survive a broker restart, read with
   * acknowledgements (Celery's result_persistent).
   */
  private boolean resultPersistent;

  private final Worker worker = new Worker();

  private final Beat beat = new Beat();

  public String getBrokerUrl() {
    return brokerUrl;
  }

  public void setBrokerUrl(String brokerUrl) {
    this.brokerUrl = brokerUrl;
  }

  public String getResultBackend() {
    return resultBackend;
  }

  public void setResultBackend(String resultBackend) {
    this.resultBackend = resultBackend;
  }

  public String getDefaultQueue() {
    return defaultQueue;
  }

  public void setDefaultQueue(String defaultQueue) {
    this.defaultQueue = defaultQueue;
  }

  public String getQueueType() {
    return queueType;
  }

  public void setQueueType(String queueType) {
    this.queueType = queueType;
  }

  public int getConnectAttempts() {
    return connectAttempts;
  }

  public void setConnectAttempts(int connectAttempts) {
    this.connectAttempts = connectAttempts;
  }

  public Duration getResultExpires() {
    return resultExpires;
  }

  public void setResultExpires(Duration resultExpires) {
    this.resultExpires = resultExpires;
  }

  public boolean isResultExtended() {
    return resultExtended;
  }

  public void setResultExtended(boolean resultExtended) {
    this.resultExtended = resultExtended;
  }

  public boolean isResultPersistent() {
    return resultPersistent;
  }

  public void setResultPersistent(boolean resultPersistent) {
    this.resultPersistent = resultPersistent;
  }

  public Worker getWorker() {
    return worker;
  }

  public Beat getBeat() {
    return beat;
  }

  /** The worker that runs the application's {@code @Task} bean methods. */
  public static class Worker {

    /** Whether this application runs a worker for its @Task bean methods. */
    private boolean enabled = true;

    /** Queues the worker consumes. */
    private List<String> queues = new ArrayList<>(List.of("celery"));

    /** Tasks the worker runs at once; default: the number of CPUs. */
    private Integer concurrency;

    /** How tasks run: virtual, threads or solo. */
    private String pool = "virtual";

    /** Unacknowledged messages per concurrency slot. */
    private int prefetchMultiplier = 4;

    /** Worker node name; default: celery@<host>. */
    private String hostname;

    /**
     * How long a warm shutdown waits for running tasks; default: the shutdown phase's timeout
     * (spring.lifecycle.timeout-per-shutdown-phase) less 5 s, and it must stay under it.
     */
    private Duration shutdownTimeout;

    /** Deliveries of one message before it is dead-lettered as poison. */
    private int maxDeliveries = 5;

    /** Whether the worker sends Celery task events (Celery's -E). */
    private boolean taskEvents;

    /** Whether the worker sends worker-online, worker-heartbeat and worker-offline events. */
    private boolean heartbeat = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public List<String> getQueues() {
      return queues;
    }

    public void setQueues(List<String> queues) {
      this.queues = queues;
    }

    public Integer getConcurrency() {
      return concurrency;
    }

    public void setConcurrency(Integer concurrency) {
      this.concurrency = concurrency;
    }

    public String getPool() {
      return pool;
    }

    public void setPool(String pool) {
      this.pool = pool;
    }

    public int getPrefetchMultiplier() {
      return prefetchMultiplier;
    }

    public void setPrefetchMultiplier(int prefetchMultiplier) {
      this.prefetchMultiplier = prefetchMultiplier;
    }

    public String getHostname() {
      return hostname;
    }

    public void setHostname(String hostname) {
      this.hostname = hostname;
    }

    public Duration getShutdownTimeout() {
      return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
    }

    public int getMaxDeliveries() {
      return maxDeliveries;
    }

    public void setMaxDeliveries(int maxDeliveries) {
      this.maxDeliveries = maxDeliveries;
    }

    public boolean isTaskEvents() {
      return taskEvents;
    }

    public void setTaskEvents(boolean taskEvents) {
      this.taskEvents = taskEvents;
    }

    public boolean isHeartbeat() {
      return heartbeat;
    }

    public void setHeartbeat(boolean heartbeat) {
      this.heartbeat = heartbeat;
    }
  }

  /** The embedded beat, which sends periodic tasks (docs/beat.md). */
  public static class Beat {

    /**
     * Whether this application runs a beat: the @Periodic entries of its task beans and those of
     * the schedule file.
     */
    private boolean enabled;

    /**
     * A schedule file, Celery's beat_schedule as JSON, e.g. classpath:beat.json or
     * file:/etc/app/beat.json.
     */
    private Resource schedule;

    // Literals, not BeatSettings' constants, so that the IDE metadata shows them; a test keeps
    // them equal.

    /** Beats of one schedule: they elect one sender among themselves and share its last runs. */
    private String group = "celeriac.beat";

    /** The zone crontabs are read in, e.g. Europe/Paris. */
    private String timezone = "UTC";

    /**
     * While an entry's oldest due tick is at most this late all its due ticks are sent; beyond, its
     * misfire policy applies.
     */
    private Duration misfireThreshold = Duration.ofSeconds(5);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Resource getSchedule() {
      return schedule;
    }

    public void setSchedule(Resource schedule) {
      this.schedule = schedule;
    }

    public String getGroup() {
      return group;
    }

    public void setGroup(String group) {
      this.group = group;
    }

    public String getTimezone() {
      return timezone;
    }

    public void setTimezone(String timezone) {
      this.timezone = timezone;
    }

    public Duration getMisfireThreshold() {
      return misfireThreshold;
    }

    public void setMisfireThreshold(Duration misfireThreshold) {
      this.misfireThreshold = misfireThreshold;
    }
  }
}
