package dev.celeriac.worker.pipeline;

import dev.celeriac.error.MessageSecurityException;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.worker.TaskDefinition;
import dev.celeriac.worker.TaskRegistry;
import dev.celeriac.worker.execution.ArgumentBinder;
import dev.celeriac.worker.execution.ArgumentException;
import dev.celeriac.worker.execution.BuiltinTasks;
import dev.celeriac.worker.execution.ChordBodyActions;
import dev.celeriac.worker.execution.ChordJoiner;
import dev.celeriac.worker.execution.ChordUnlock;
import dev.celeriac.worker.execution.ChunkRunner;
import dev.celeriac.worker.execution.FollowUps;
import dev.celeriac.worker.execution.ResultStore;
import dev.celeriac.worker.execution.StateReporter;
import dev.celeriac.worker.execution.TaskPool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to each delivery, from the broker handing it over to its settlement: the delivery
 * limit, the size limit, decoding, the ETA and rate-limit waits, then, holding a slot, the checks
 * (revoked, unknown task, expired, arguments) and the run; its {@link Outcome} then decides ack,
 * requeue or dead-letter ({@link AckPolicy}). Results are stored before the message is acknowledged
 * (acks late), so a worker that dies mid-task leaves it to be redelivered.
 *
 * <p>It reaches the broker only through ports: the message's {@link Settler}, a {@link
 * Republisher}, the result backend, the follow-up publisher and a {@link WorkerTaskListener}
 * ({@link DeliveryPipelineBuilder}); each delivery's state is in the {@link InFlightRegistry}.
 *
 * <h2>Concurrency</h2>
 *
 * {@link #onDelivery} is called on amqp-client's dispatch thread and only hands off. Checks and
 * task bodies run in the {@link TaskPool}, which this class creates and closes ({@link #drain},
 * {@link #abort}), as it does the ETA thread ({@code celeriac-worker-eta}) and, through the {@link
 * JobRunner}, the time-limit thread. Built with {@link DeliveryPipelineBuilder#callerRuns()}, the
 * pool runs everything on the thread that called {@link #onDelivery}, which returns when the
 * delivery is settled (a task due later still waits on the ETA thread).
 */
public final class DeliveryPipeline {

  private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);

  private final TaskRegistry tasks;
  private final TaskPool pool;
  private final MessageDecoder decoder;
  private final WorkerTaskListener listener;
  private final InFlightRegistry inFlight;
  private final TaskGates gates;
  private final DeliveryLimit deliveryLimit;
  private final ArgumentBinder binder;
  private final BuiltinTasks builtins;
  private final Settlement settlement;
  private final EtaWaits etaWaits;
  private final Refusals refusals;
  private final RunReporter reporter;
  private final JobRunner runner;
  private final dev.celeriac.client.results.ResultBackend results;
  private final ChordUnlock chordUnlock;
  private volatile boolean draining;

  DeliveryPipeline(DeliveryPipelineBuilder b) {
    this.tasks = b.tasks;
    this.results = b.results;
    this.inFlight = b.inFlight;
    this.gates = new TaskGates(inFlight);
    this.pool = b.callerRuns ? TaskPool.callerRuns() : new TaskPool(b.poolType, b.concurrency);
    this.decoder = new MessageDecoder(b.maxMessageSize, b.signing);
    this.listener = b.listener;
    this.deliveryLimit = new DeliveryLimit(b.maxDeliveries);
    this.binder = new ArgumentBinder(b.json);
    this.builtins = new BuiltinTasks(tasks, binder);
    this.settlement = new Settlement(inFlight, b.republisher, b.hostname, listener);
    this.etaWaits = new EtaWaits(b.brokerDelays, settlement, pool);
    var store = new ResultStore(b.results, b.resultTimeout, b.resultRetry);
    var followUps = new FollowUps(b.followUps, b.results);
    var chordBodies = new ChordBodyActions(followUps, store);
    this.chordUnlock = new ChordUnlock(b.results, chordBodies);
    var states =
        new StateReporter(
            store,
            b.hostname,
            name -> tasks.find(name).map(TaskDefinition::ignoreResult).orElse(false),
            new ChordJoiner(b.results, chordBodies));
    this.refusals = new Refusals(states, listener);
    this.reporter = new RunReporter(states, followUps, b.json, () -> draining, listener);
    this.runner =
        new JobRunner(
            pool,
            inFlight,
            settlement,
            reporter,
            listener,
            b.scope,
            new ChunkRunner(tasks, binder, b.json, b.scope),
            b.hostname);
  }

  /** A builder; tasks and the four ports are required. */
  public static DeliveryPipelineBuilder builder() {
    return new DeliveryPipelineBuilder();
  }

  /** Entry point for each delivery; never blocks, unless the pipeline runs on its callers. */
  public void onDelivery(InboundMessage inbound) {
    if (draining) {
      inbound.settler().requeue(inbound); // not started here: another worker runs it
      return;
    }
    TrackedDelivery delivery = inFlight.receive(inbound);
    if (deliveryLimit.concerns(inbound)) {
      pool.execute(() -> count(delivery)); // may publish and wait for a confirm
      return;
    }
    admit(delivery);
  }

  /** Applies the delivery limit to a redelivered message, then admits it if it may run. */
  private void count(TrackedDelivery delivery) {
    InboundMessage inbound = delivery.inbound();
    switch (deliveryLimit.check(inbound)) {
      case DeliveryLimit.Verdict.Proceed p -> admit(delivery);
      case DeliveryLimit.Verdict.Recount r -> {
        try {
          settlement.handOver(delivery, MessageCopy.recounted(inbound, r.failedDeliveries()));
          log.debug(
              "Redelivered message on {} requeued as delivery {}",
              inbound.queue(),
              r.failedDeliveries() + 1);
        } catch (RuntimeException e) {
          log.warn(
              "Cannot recount a redelivered message on {} ({}); running it as it is",
              inbound.queue(),
              e.getMessage());
          admit(delivery);
        }
      }
      // Delivered too often without finishing: it crashes or hangs workers; keep it aside.
      case DeliveryLimit.Verdict.Exceeded x ->
          settlement.settle(
              delivery,
              refusals.poison(
                  decoder.decodeOrNull(inbound), inbound, deliveryLimit.reason(x.deliveries())));
    }
  }

  /** Size limit and decoding; then the delivery waits for its ETA, if any. */
  private void admit(TrackedDelivery delivery) {
    InboundMessage inbound = delivery.inbound();
    TaskMessage message;
    try {
      message = decoder.decode(inbound);
    } catch (MessageSecurityException e) {
      // Unsigned, untrusted or tampered: never runs, anywhere; kept aside with Celery's reason.
      log.error(
          "Refusing a task message on queue {} (id {}): {}; dead-lettering it",
          inbound.queue(),
          inbound.properties().getCorrelationId(),
          e.getMessage());
      pool.execute(() -> settlement.settle(delivery, new Outcome.Untrusted(e.getMessage())));
      return;
    } catch (RuntimeException e) {
      // Will never decode, on any worker: kept aside (off this thread: it waits for a confirm).
      log.error("Received an undecodable message on queue {}: {}", inbound.queue(), e.getMessage());
      pool.execute(() -> settlement.settle(delivery, new Outcome.Undecodable(e.getMessage())));
      return;
    }
    log.info("Task {}[{}] received", message.taskName(), message.id());
    delivery.admit(message);
    listener.received(message, inbound.queue());
    etaWaits.whenDue(delivery, () -> dispatch(delivery));
  }

  /**
   * Runs a due task in the pool, or, when its task's rate limit has no token left, waits (on the
   * ETA thread, unacknowledged, as Celery does) and tries again.
   */
  private void dispatch(TrackedDelivery delivery) {
    long wait = draining ? 0 : gates.take(delivery.message().taskName());
    // When shutting down, the pool hands it back to the broker.
    if (wait > 0 && etaWaits.retryAfter(() -> dispatch(delivery), wait)) {
      return;
    }
    pool.execute(() -> runJob(delivery));
  }

  /** On a pool thread: takes a slot, decides and runs, then settles (unless abandoned). */
  private void runJob(TrackedDelivery delivery) {
    if (!pool.acquire()) { // shutting down: back to the broker
      settlement.settle(delivery, new Outcome.Interrupted());
      return;
    }
    delivery.start(Thread.currentThread());
    Outcome outcome = new Outcome.Interrupted(); // if deciding breaks, the message goes back
    try {
      outcome = decideAndRun(delivery);
    } finally {
      if (delivery.state().running()) {
        runner.claim(delivery); // refused before its body ran, or something broke
      }
      // A pool thread is reused: an interrupt meant for this task must not hit the next one.
      Thread.interrupted();
      if (delivery.entered(DeliveryState.ABANDONED) == null) {
        settlement.settle(delivery, outcome);
      } else {
        log.warn("{} returned after its hard time limit; its outcome was discarded", delivery);
      }
    }
  }

  /** Celery's built-in task that deletes expired results; it takes no arguments. */
  static final String BACKEND_CLEANUP = "celery.backend_cleanup";

  /** Returns None, as Celery's {@code backend_cleanup} does. */
  private Object cleanupResults() {
    long deleted = results.cleanup();
    log.info(
        "celery.backend_cleanup: {} expired result(s) deleted from {}", deleted, results.url());
    return null;
  }

  /** The checks before a task runs, in Celery's order, then the run. */
  private Outcome decideAndRun(TrackedDelivery delivery) {
    TaskMessage message = delivery.message();
    String name = message.taskName();
    String key = delivery.inbound().routingKey();
    // Revoked before it ran (while queued, waiting or before this worker started): not run.
    if (gates.isRevoked(message.id())) {
      return refusals.revoked(message, key, false);
    }
    // Celery's celery.backend_cleanup (sent daily by celery beat): expired results deleted here.
    if (BACKEND_CLEANUP.equals(name)) {
      return report(delivery, runner.runInline(delivery, this::cleanupResults));
    }
    // Celery's celery.map and celery.starmap: one message runs a task over a list.
    if (BuiltinTasks.isBuiltin(name)) {
      List<Object> values = new ArrayList<>();
      List<Runnable> calls;
      try {
        calls = builtins.plan(name, message.body().args(), message.body().kwargs(), values);
      } catch (ArgumentException e) {
        return refusals.badArguments(message, key, e.getMessage(), true);
      }
      return report(delivery, runner.runBuiltin(delivery, values, calls));
    }
    // Celery's chord join for backends without one: polls the header, retrying itself.
    if (ChordUnlock.NAME.equals(name)) {
      String queue = delivery.inbound().queue();
      BodyEnd end =
          runner.runBuiltin(
              delivery, new ArrayList<>(), List.of(() -> chordUnlock.run(message, queue)));
      if (end.error() instanceof ArgumentException e) {
        return refusals.badArguments(message, key, e.getMessage(), true);
      }
      return report(delivery, end);
    }
    // Many items of a map in one message; a malformed one is bad arguments.
    if (ChunkRunner.isChunk(name)) {
      BodyEnd end = runner.runChunk(delivery);
      if (end.error() instanceof ArgumentException e) {
        return refusals.badArguments(message, key, e.getMessage(), false);
      }
      return report(delivery, end);
    }
    TaskDefinition task = tasks.find(name).orElse(null);
    // Unknown here: redelivering it would loop, so it is kept aside and its caller told.
    if (task == null) {
      return refusals.notRegistered(message, key, tasks.names());
    }
    // Past its expiry: reported REVOKED, not run.
    if (message.headers().expires() != null
        && Instant.now().isAfter(message.headers().expires().toInstant())) {
      return refusals.revoked(message, key, true);
    }
    Object[] args;
    try {
      args = binder.bind(name, task.method(), message.body().args(), message.body().kwargs());
    } catch (ArgumentException e) {
      // The same arguments fail the same way anywhere: a TypeError, kept aside.
      return refusals.badArguments(message, key, e.getMessage(), true);
    }
    return report(delivery, runner.runTask(delivery, task, args));
  }

  /** Reports the end of a body, unless its hard time limit reported it already. */
  private Outcome report(TrackedDelivery delivery, BodyEnd end) {
    if (!runner.claim(delivery)) {
      return new Outcome.Interrupted(); // discarded: the hard limit settled it
    }
    return end.error() == null
        ? reporter.succeeded(delivery, end.value(), end.startNanos())
        : reporter.failed(delivery, end.maxRetries(), end.error(), end.startNanos());
  }

  /** Revokes and rate limits, as remote control sets them. */
  public TaskGates gates() {
    return gates;
  }

  /** Every delivery in flight and the counts, for inspection, events and metrics. */
  public InFlightRegistry inFlight() {
    return inFlight;
  }

  /** Tasks whose hard time limit abandoned their thread since start. */
  public long abandonedThreads() {
    return runner.abandoned();
  }

  /**
   * The first step of either shutdown, which the worker takes before it stops its other parts:
   * nothing starts from now on. Deliveries still arriving, and those waiting for a slot, go back to
   * the broker; a slot a running task frees starts nothing; running tasks go on. Idempotent.
   */
  public void stopStarting() {
    draining = true;
    pool.refuseSlots();
  }

  /**
   * Warm shutdown: work not yet running goes back to the queue now; running tasks get {@code
   * timeout} to finish, then are interrupted and requeued.
   *
   * @return true when every running task finished in time
   */
  public boolean drain(Duration timeout) {
    stopStarting();
    // Tasks still waiting for their ETA or a token: dispatched now, they go back to the broker.
    etaWaits.shutdownNow().forEach(Runnable::run);
    boolean finished = pool.awaitTermination(timeout);
    if (!finished) {
      log.warn(
          "{} task(s) still running after {}; interrupting them and requeueing",
          pool.busy(),
          timeout);
      pool.shutdownNow();
      pool.awaitTermination(Duration.ofSeconds(5));
    }
    runner.shutdownNow();
    return finished;
  }

  /** Cold shutdown: interrupt everything now; the broker requeues what was not acknowledged. */
  public void abort() {
    stopStarting(); // before any interrupt: a slot freed by an interrupted task starts nothing
    runner.shutdownNow();
    etaWaits.shutdownNow();
    pool.shutdownNow();
  }
}
