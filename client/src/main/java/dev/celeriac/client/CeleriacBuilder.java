package dev.celeriac.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.internal.AmqpBrokerPort;
import dev.celeriac.client.internal.ResultBackends;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultBackendOptions;
import dev.celeriac.client.spi.BrokerPort;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.security.MessageSigning;
import dev.celeriac.security.SecuritySettings;
import java.time.Clock;
import java.time.Duration;

/**
 * Settings of a {@link Celeriac} app; every one has a default. Get one from {@link
 * Celeriac#builder()}.
 *
 * <pre>{@code
 * Celeriac app = Celeriac.builder()
 *     .url("amqp://guest:guest@localhost:5672//")
 *     .defaultQueue("math")
 *     .sendSentEvents(true)
 *     .build();
 * }</pre>
 */
public final class CeleriacBuilder {
  private BrokerSettings broker = BrokerSettings.builder().build();
  private String defaultQueue = Topology.DEFAULT_QUEUE;
  private String connectionName = "celeriac-client";
  private ObjectMapper json = CeleryJson.mapper();
  private String resultBackend = ResultBackends.RPC;
  private ResultBackendOptions resultOptions = ResultBackendOptions.defaults();
  private BrokerConnection shared;
  private boolean sendSentEvents;
  private SecuritySettings security;
  private MessageSigning signing;

  CeleriacBuilder() {}

  /**
   * Signs every task message this app publishes, as Celery's {@code auth} serializer does after
   * {@code app.setup_security()}; workers with signing on run only signed messages whose
   * certificate they trust. Default: none (plain JSON). {@link #build()} reads the key and
   * certificate and fails with a {@link ConfigurationException} when they do not fit.
   */
  public CeleriacBuilder security(SecuritySettings security) {
    this.security = security;
    return this;
  }

  /**
   * Sends a {@code task-sent} event on {@code celeryev} for every task this app publishes, Celery's
   * {@code task_send_sent_event}. Default false.
   */
  public CeleriacBuilder sendSentEvents(boolean sendSentEvents) {
    this.sendSentEvents = sendSentEvents;
    return this;
  }

  /**
   * Uses an open connection instead of opening one; the app does not close it. A worker uses this
   * to publish retries, chain steps and callbacks on its own connection.
   */
  public CeleriacBuilder connection(BrokerConnection shared) {
    this.shared = shared;
    return this;
  }

  /** Broker URL(s); shorthand for {@code broker(BrokerSettings.of(url))}. */
  public CeleriacBuilder url(String url) {
    this.broker = broker.toBuilder().url(url).build();
    return this;
  }

  public CeleriacBuilder broker(BrokerSettings broker) {
    this.broker = broker;
    return this;
  }

  /**
   * Where results live, as a URL. Default {@code rpc://}, the only backend built in; another scheme
   * needs its backend module on the class path (a {@link
   * dev.celeriac.client.results.ResultBackendProvider}), else {@link #build()} fails with a {@link
   * ConfigurationException} naming the schemes available.
   */
  public CeleriacBuilder resultBackend(String url) {
    ConfigurationException.require(
        url != null && !url.isBlank(), "result backend URL must not be blank, e.g. rpc://");
    this.resultBackend = url.strip();
    return this;
  }

  /**
   * How long a durable backend keeps a result (Celery's {@code result_expires}): default one day;
   * {@link Duration#ZERO} keeps results until they are forgotten. {@code rpc://} keeps nothing.
   */
  public CeleriacBuilder resultExpires(Duration expires) {
    this.resultOptions = resultOptions.withExpires(expires);
    return this;
  }

  /**
   * Whether a durable backend also stores each task's call: name, arguments, worker, retries and
   * queue (Celery's {@code result_extended}). Default false.
   */
  public CeleriacBuilder resultExtended(boolean extended) {
    this.resultOptions = resultOptions.withExtended(extended);
    return this;
  }

  /**
   * Whether {@code rpc://} results travel as persistent messages that survive a broker restart
   * while they wait in the reply queue (Celery's {@code result_persistent}). Default false, as in
   * Celery: results are transient, and this client reads them without acknowledgements, which
   * halves the broker's CPU per task; a result still waiting when the broker restarts is lost, and
   * so is one on its way when this client's connection drops. The worker's setting decides how
   * results are sent, the client's how they are read: set both. Durable backends ignore it.
   */
  public CeleriacBuilder resultPersistent(boolean persistent) {
    this.resultOptions = resultOptions.withPersistent(persistent);
    return this;
  }

  /**
   * The queue tasks go to when neither the call nor {@code @Task} names one. Default {@code
   * celery}.
   */
  public CeleriacBuilder defaultQueue(String defaultQueue) {
    ConfigurationException.require(
        defaultQueue != null && !defaultQueue.isBlank(), "default queue must not be blank");
    this.defaultQueue = defaultQueue;
    return this;
  }

  /** The connection name shown by the broker. Default {@code celeriac-client}. */
  public CeleriacBuilder connectionName(String connectionName) {
    this.connectionName = connectionName;
    return this;
  }

  /** The Jackson mapper for arguments and results. Default {@link CeleryJson#mapper()}. */
  public CeleriacBuilder json(ObjectMapper json) {
    this.json = json;
    return this;
  }

  /**
   * Connects.
   *
   * @throws dev.celeriac.broker.BrokerUnavailableException when the broker cannot be reached
   * @throws ConfigurationException when no backend serves the result backend URL
   */
  public Celeriac build() {
    loadSigning();
    BrokerConnection connection =
        shared != null ? shared : BrokerConnection.open(broker, connectionName);
    try {
      ResultBackend results = ResultBackends.open(resultBackend, resultOptions, connection);
      return new Celeriac(
          this,
          connection,
          shared == null,
          new AmqpBrokerPort(connection),
          results,
          Clock.systemUTC());
    } catch (RuntimeException e) {
      if (shared == null) {
        connection.close();
      }
      throw e;
    }
  }

  /**
   * For test kits and embedding: an app over a stand-in broker. Every task message it sends goes to
   * {@code port} instead of RabbitMQ, and results come from {@code results}; it opens no
   * connection, so of this builder's settings only the default queue and the JSON mapper apply (the
   * broker, connection, result backend and sent-event settings need a connection).
   *
   * <pre>{@code
   * Celeriac app = Celeriac.builder().buildOn(standInBroker, standInResults);
   * }</pre>
   *
   * <p>What needs a real broker connection is refused with a {@link ConfigurationException}: {@link
   * Celeriac#control()}, a revoke (unless {@code port} has streams) and the worker SPI's {@code
   * connection()}. Closing the app closes {@code port} and {@code results}.
   */
  public Celeriac buildOn(BrokerPort port, ResultBackend results) {
    return buildOn(port, results, Clock.systemUTC());
  }

  /** As {@link #buildOn(BrokerPort, ResultBackend)}, with the clock etas are measured from. */
  Celeriac buildOn(BrokerPort port, ResultBackend results, Clock clock) {
    ConfigurationException.require(port != null, "a stand-in broker (BrokerPort) is required");
    ConfigurationException.require(results != null, "a result backend is required");
    loadSigning();
    return new Celeriac(this, null, false, port, results, clock);
  }

  /** Reads and checks the signing key and certificates before anything connects. */
  private void loadSigning() {
    signing = security == null ? null : security.load();
  }

  MessageSigning signing() {
    return signing;
  }

  ObjectMapper json() {
    return json;
  }

  String defaultQueue() {
    return defaultQueue;
  }

  boolean sendSentEvents() {
    return sendSentEvents;
  }
}
