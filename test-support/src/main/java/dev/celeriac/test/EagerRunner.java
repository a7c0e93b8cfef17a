package dev.celeriac.test;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.HostNames;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.spi.BrokerPort;
import dev.celeriac.protocol.Headers;
import dev.celeriac.worker.TaskRegistry;
import dev.celeriac.worker.consume.ClientPorts;
import dev.celeriac.worker.execution.TaskScope;
import dev.celeriac.worker.pipeline.DeliveryPipeline;
import dev.celeriac.worker.pipeline.InboundMessage;
import dev.celeriac.worker.pipeline.Settler;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Eager mode's stand-in broker: each task message an eager app publishes is delivered at once, in
 * the caller's thread, to a worker's own {@link DeliveryPipeline}, which decodes it, decides and
 * runs it exactly as a worker consuming from RabbitMQ does, and stores how it ended in the app's
 * result backend. Nothing here decides how a task ends: argument binding, the task's exception as
 * FAILURE with type, message and traceback, {@code TypeError}, {@code NotRegistered}, {@code
 * Reject}, retries, expiry, time limits, {@code celery.map}/{@code starmap} and chain steps,
 * callbacks and errbacks are the pipeline's.
 *
 * <p>What makes it eager is in this class only: the pipeline runs on its callers ({@link
 * dev.celeriac.worker.pipeline.DeliveryPipelineBuilder#callerRuns()}); the {@code eta} header is
 * cleared, so countdowns, ETAs and the countdown of a retry are not waited (Celery's {@code
 * task_always_eager} ignores them too); follow-ups and retries are published through the eager app
 * itself, so they come back here and run at once; and with no queues, there is nothing to
 * acknowledge, requeue or dead-letter.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe. A task runs on the thread that sent it; its follow-ups re-enter {@link #publish} on
 * that thread, one level deeper per chain step or retry. The pipeline is set once, by {@link
 * #attach}, right after the app is built. The pipeline starts a thread of its own only to time
 * tasks with time limits; {@link #close} stops it.
 */
final class EagerRunner implements BrokerPort {

  /** With no queue to settle in, acknowledging or requeueing a delivery does nothing. */
  private static final Settler NO_QUEUE =
      new Settler() {
        @Override
        public void ack(InboundMessage message) {}

        @Override
        public void requeue(InboundMessage message) {}
      };

  private final TaskRegistry registry;
  private final ResultBackend results;
  private final AtomicLong deliveryTags = new AtomicLong();
  private volatile DeliveryPipeline pipeline;

  EagerRunner(TaskRegistry registry, ResultBackend results) {
    this.registry = registry;
    this.results = results;
  }

  /** Builds the pipeline that runs the tasks {@code app} publishes; once, before any publish. */
  void attach(Celeriac app) {
    this.pipeline =
        DeliveryPipeline.builder()
            .tasks(registry)
            .callerRuns()
            .hostname("eager@" + HostNames.local())
            .results(results)
            // Chain steps, callbacks, errbacks and retries go out through the app, as a worker's
            // do, and so come back to publish() below.
            .followUps(new ClientPorts(app))
            // A dead letter has no queue to go to; its caller was told why already (FAILURE).
            .republisher(copy -> {})
            .scope(TaskScope.of(app))
            .build();
  }

  @Override
  public boolean brokerDelays() {
    return false;
  }

  @Override
  public boolean streams() {
    return false;
  }

  @Override
  public void declareTaskQueue(String queue) {}

  @Override
  public void declareDelayedDelivery() {}

  @Override
  public void bindDelayedDelivery(String queue) {}

  @Override
  public void declareRevocations() {}

  /**
   * Delivers the message to the pipeline as the broker would deliver it from the queue named by
   * {@code routingKey}, and returns once the task ran and its result is stored.
   */
  @Override
  public CompletableFuture<Void> publish(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    Envelope envelope = new Envelope(deliveryTags.incrementAndGet(), false, exchange, routingKey);
    pipeline.onDelivery(
        new InboundMessage(routingKey, envelope, dueNow(properties), body, NO_QUEUE));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void await(CompletableFuture<Void> confirm, String target) {
    try {
      confirm.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** Stops the pipeline's time-limit and ETA threads, if it started any. */
  @Override
  public void close() {
    if (pipeline != null) {
      pipeline.abort();
    }
  }

  /** The message without its {@code eta}, as Celery sends a task without a countdown. */
  private static AMQP.BasicProperties dueNow(AMQP.BasicProperties properties) {
    Map<String, Object> headers = properties.getHeaders();
    if (headers == null || headers.get(Headers.ETA) == null) {
      return properties;
    }
    Map<String, Object> now = new HashMap<>(headers);
    now.put(Headers.ETA, null);
    return properties.builder().headers(now).build();
  }
}
