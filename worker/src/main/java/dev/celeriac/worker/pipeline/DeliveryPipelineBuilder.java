package dev.celeriac.worker.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.security.MessageSigning;
import dev.celeriac.worker.PoolType;
import dev.celeriac.worker.TaskRegistry;
import dev.celeriac.worker.execution.FollowUpPublisher;
import dev.celeriac.worker.execution.StoreRetry;
import dev.celeriac.worker.execution.TaskScope;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds a {@link DeliveryPipeline}: the tasks, the pool, the limits and the ports through which it
 * reaches the broker. Tests give it in-memory ports; a worker gives it the broker's.
 *
 * <pre>{@code
 * DeliveryPipeline pipeline = DeliveryPipeline.builder()
 *     .tasks(registry)
 *     .pool(PoolType.VIRTUAL, 8)
 *     .republisher(copy -> publisher.publish(...))
 *     .results(RpcResultBackend.on(connection, false))
 *     .followUps(followUpPublisher)
 *     .build();
 * }</pre>
 */
public final class DeliveryPipelineBuilder {

  TaskRegistry tasks;
  InFlightRegistry inFlight = new InFlightRegistry();
  PoolType poolType = PoolType.VIRTUAL;
  int concurrency = 1;
  boolean callerRuns;
  String hostname = "celeriac@localhost";
  long maxMessageSize = Long.MAX_VALUE;
  int maxDeliveries = 5;
  boolean brokerDelays;
  Duration resultTimeout = Duration.ofSeconds(30);
  StoreRetry resultRetry = StoreRetry.of(Duration.ofMinutes(2), Duration.ofSeconds(10));
  ObjectMapper json = CeleryJson.mapper();
  Republisher republisher;
  ResultBackend results;
  FollowUpPublisher followUps;
  WorkerTaskListener listener = WorkerTaskListener.NONE;
  TaskScope scope = TaskScope.NONE;
  MessageSigning signing;

  DeliveryPipelineBuilder() {}

  /** The tasks it runs. Required. */
  public DeliveryPipelineBuilder tasks(TaskRegistry tasks) {
    this.tasks = tasks;
    return this;
  }

  /** Where it keeps its deliveries' states; give one to read counts before the pipeline exists. */
  public DeliveryPipelineBuilder inFlight(InFlightRegistry inFlight) {
    this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    return this;
  }

  /** The pool it creates (and closes) for checks and task bodies. Default: virtual, 1. */
  public DeliveryPipelineBuilder pool(PoolType type, int concurrency) {
    this.poolType = Objects.requireNonNull(type, "type");
    this.concurrency = concurrency;
    return this;
  }

  /**
   * Runs each delivery to its end on the thread that hands it to {@link
   * DeliveryPipeline#onDelivery}, instead of in a pool: checks, body, results, follow-ups and
   * settlement, so {@code onDelivery} returns when the task is done. For running tasks in-process
   * without a broker (a test kit's eager mode); not for consuming from RabbitMQ, whose dispatch
   * thread must not run task bodies. Replaces {@link #pool}; ETAs still wait on the ETA thread.
   */
  public DeliveryPipelineBuilder callerRuns() {
    this.callerRuns = true;
    return this;
  }

  /** The worker's node name, in STARTED results, dead letters and task contexts. */
  public DeliveryPipelineBuilder hostname(String hostname) {
    this.hostname = hostname;
    return this;
  }

  /** Bodies larger than this are dead-lettered undecoded. Default: no limit. */
  public DeliveryPipelineBuilder maxMessageSize(long maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
    return this;
  }

  /** Deliveries of one message before it is dead-lettered as poison. Default 5. */
  public DeliveryPipelineBuilder maxDeliveries(int maxDeliveries) {
    this.maxDeliveries = maxDeliveries;
    return this;
  }

  /** Whether the broker's delay queues hold tasks that are not due (else they wait in memory). */
  public DeliveryPipelineBuilder brokerDelays(boolean brokerDelays) {
    this.brokerDelays = brokerDelays;
    return this;
  }

  /** How long one attempt waits for the result backend to store a result. Default 30 s. */
  public DeliveryPipelineBuilder resultTimeout(Duration resultTimeout) {
    this.resultTimeout = resultTimeout;
    return this;
  }

  /**
   * How a result the backend failed to store is retried before the task goes back to its queue.
   * Default: for 2 min, waits from 100 ms doubling up to 10 s.
   */
  public DeliveryPipelineBuilder resultRetry(StoreRetry resultRetry) {
    this.resultRetry = Objects.requireNonNull(resultRetry, "resultRetry");
    return this;
  }

  /** The mapper for arguments and results. Default: Celery's JSON. */
  public DeliveryPipelineBuilder json(ObjectMapper json) {
    this.json = json;
    return this;
  }

  /** Publishes dead letters, recounted and postponed copies, confirmed. Required. */
  public DeliveryPipelineBuilder republisher(Republisher republisher) {
    this.republisher = republisher;
    return this;
  }

  /** Where results are stored. Required. */
  public DeliveryPipelineBuilder results(ResultBackend results) {
    this.results = results;
    return this;
  }

  /** Publishes chain steps, callbacks, errbacks and retries. Required. */
  public DeliveryPipelineBuilder followUps(FollowUpPublisher followUps) {
    this.followUps = followUps;
    return this;
  }

  /**
   * Runs only task messages signed by a trusted, unexpired certificate; every other one is
   * dead-lettered with the reason and never runs. Default null: plain JSON messages, no signature
   * checks.
   */
  public DeliveryPipelineBuilder signing(MessageSigning signing) {
    this.signing = signing;
    return this;
  }

  /** Hears every task's progress (events, metrics). Default: none. */
  public DeliveryPipelineBuilder listener(WorkerTaskListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** What surrounds each body (the app for {@code Futures.inTask()}). Default: nothing. */
  public DeliveryPipelineBuilder scope(TaskScope scope) {
    this.scope = Objects.requireNonNull(scope, "scope");
    return this;
  }

  /**
   * @throws ConfigurationException when a required part is missing or a limit is out of range
   */
  public DeliveryPipeline build() {
    ConfigurationException.require(tasks != null, "a pipeline needs its tasks");
    ConfigurationException.require(republisher != null, "a pipeline needs a republisher");
    ConfigurationException.require(results != null, "a pipeline needs a result backend");
    ConfigurationException.require(followUps != null, "a pipeline needs a follow-up publisher");
    ConfigurationException.require(
        concurrency >= 1, "concurrency must be at least 1; got " + concurrency);
    ConfigurationException.require(
        maxMessageSize >= 1, "max message size must be at least 1 byte; got " + maxMessageSize);
    ConfigurationException.require(
        maxDeliveries >= 1, "max deliveries must be at least 1; got " + maxDeliveries);
    ConfigurationException.require(
        resultTimeout != null && resultTimeout.isPositive(),
        "result timeout must be positive; got " + resultTimeout);
    return new DeliveryPipeline(this);
  }
}
