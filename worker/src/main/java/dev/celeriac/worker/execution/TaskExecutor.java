package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celeriac.Retry;
import dev.celeriac.TaskContext;
import dev.celeriac.broker.AmqpProperties;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.futures.ManagedBlocking;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.TaskMessageCodec;
import dev.celeriac.worker.TaskDefinition;
import dev.celeriac.worker.TaskRegistry;
import dev.celeriac.worker.consume.AckPolicy;
import dev.celeriac.worker.consume.DeadLetters;
import dev.celeriac.worker.consume.Delivery;
import dev.celeriac.worker.consume.DeliveryLimit;
import dev.celeriac.worker.consume.Outcome;
import dev.celeriac.worker.consume.Postponements;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles deliveries from start to settlement: decode, look up the task, bind arguments, run it in
 * the pool, publish its result, then apply {@link AckPolicy}'s decision. Acknowledgement comes last
 * (acks late), so a worker that dies mid-task leaves the message to be redelivered.
 *
 * <h2>Concurrency</h2>
 *
 * {@link #onDelivery} is called on amqp-client's dispatch thread and only hands off. Task bodies
 * run in the {@link TaskPool}; tasks with a future ETA wait on one scheduler thread, {@code
 * celeriac-worker-eta} ({@link EtaWaits}), and time limits fire on another, {@code
 * celeriac-worker-time-limits} ({@link TimeLimits}); this class creates both and closes them in
 * {@link #drain} and {@link #abort}.
 */
public final class TaskExecutor {

  private static final Logger log = LoggerFactory.getLogger(TaskExecutor.class);

  private final TaskRegistry registry;
  private final TaskPool pool;
  private final ResultSender results;
  private final ArgumentBinder binder;
  private final BuiltinTasks builtins;
  private final FollowUps followUps;
  private final ChunkRunner chunks;
  private final Celeriac app;
  private final OutcomeReporter outcomes;
  private final String hostname;
  private final EtaWaits etaWaits;
  private final PoisonGuard poisonGuard;
  private final long maxMessageSize;
  private final ObjectMapper json;
  private final TaskMessageCodec codec = new TaskMessageCodec();
  private final RunningJobs running = new RunningJobs();
  private final RevokedIds revoked = new RevokedIds();
  private final TimeLimits limits = new TimeLimits();
  private static final ThreadLocal<Job> CURRENT = new ThreadLocal<>();
  private volatile boolean draining;
  private final TaskObserver observer;
  private final Ledger ledger = new Ledger();
  private final Settlement settlement;
  private final RateLimits rateLimits = new RateLimits();

  public TaskExecutor(
      TaskRegistry registry,
      TaskPool pool,
      ResultSender results,
      DeadLetters deadLetters,
      ObjectMapper json,
      Celeriac app,
      String hostname,
      Postponements postponements,
      DeliveryLimit deliveryLimit,
      long maxMessageSize,
      TaskObserver observer) {
    this.observer = observer;
    this.registry = registry;
    this.pool = pool;
    this.results = results;
    this.settlement = new Settlement(deadLetters, observer, ledger);
    this.etaWaits = new EtaWaits(postponements, settlement, pool);
    this.json = json;
    this.binder = new ArgumentBinder(json);
    this.followUps = new FollowUps(app);
    this.outcomes = new OutcomeReporter(results, followUps, json, () -> draining, observer);
    this.hostname = hostname;
    this.poisonGuard = new PoisonGuard(deliveryLimit, results, observer);
    this.maxMessageSize = maxMessageSize;
    this.builtins = new BuiltinTasks(registry, binder);
    this.app = app;
    this.chunks = new ChunkRunner(registry, binder, json, app);
  }

  /** Entry point for each delivery; never blocks. */
  public void onDelivery(Delivery delivery) {
    if (draining) {
      delivery.source().settle(delivery, true);
      return;
    }
    settlement.received(delivery);
    if (poisonGuard.concerns(delivery)) {
      pool.execute(() -> countDelivery(delivery)); // may publish and wait for a confirm
      return;
    }
    accept(delivery);
  }

  /** Applies the delivery limit to a redelivered message, then handles it as usual if allowed. */
  private void countDelivery(Delivery delivery) {
    switch (poisonGuard.check(delivery)) {
      case DeliveryLimit.Verdict.Proceed p -> accept(delivery);
      case DeliveryLimit.Verdict.Recounted r -> {
        log.debug(
            "Redelivered message on {} requeued as delivery {}",
            delivery.queue(),
            r.failedDeliveries() + 1);
        settlement.handOff(delivery, false);
      }
      case DeliveryLimit.Verdict.Exceeded x -> {
        // A message delivered too often without finishing: tell the caller, keep it for inspection.
        Outcome.Poison poison = poisonGuard.outcome(x.deliveries());
        settle(delivery, poisonGuard.report(delivery, poison, this::decode), poison);
      }
    }
  }

  private TaskMessage decode(Delivery delivery) {
    return codec.decode(
        delivery.properties().getHeaders(),
        AmqpProperties.taskProperties(delivery.properties()),
        delivery.body());
  }

  private void accept(Delivery delivery) {
    if (delivery.body().length > maxMessageSize) {
      String reason =
          "message body of "
              + delivery.body().length
              + " bytes exceeds the limit of "
              + maxMessageSize
              + " bytes (--max-message-size)";
      log.error("Rejecting a message on {}: {}", delivery.queue(), reason);
      pool.execute(() -> settle(delivery, null, new Outcome.Undecodable(reason)));
      return;
    }
    TaskMessage message;
    try {
      message = decode(delivery);
    } catch (
        RuntimeException e) { // a ProtocolException, or a codec bug: the message is kept either way
      log.error(
          "Received an undecodable message on queue {}: {}", delivery.queue(), e.getMessage());
      pool.execute(() -> settle(delivery, null, new Outcome.Undecodable(e.getMessage())));
      return;
    }
    log.info("Task {}[{}] received", message.taskName(), message.id());
    observer.received(message, delivery.queue());
    ledger.hold(delivery, message);
    etaWaits.whenDue(delivery, message, () -> dispatch(delivery, message));
  }

  /**
   * Runs a due task in the pool, or, when its task's rate limit has no token left, waits (on the
   * ETA thread, unacknowledged, as Celery does) and tries again.
   */
  private void dispatch(Delivery delivery, TaskMessage message) {
    long wait = draining ? 0 : rateLimits.take(message.taskName());
    // When shutting down, the pool hands it back to the broker.
    if (wait > 0 && etaWaits.retryAfter(() -> dispatch(delivery, message), wait)) {
      return;
    }
    pool.execute(() -> runJob(delivery, message));
  }

  /** Sets (or with {@code perSecond <= 0} removes) the rate limit of a task name on this worker. */
  public void rateLimit(String taskName, double perSecond) {
    rateLimits.set(taskName, perSecond);
  }

  /** The current rate limits, tasks per second by task name. */
  public Map<String, Double> rateLimits() {
    return rateLimits.snapshot();
  }

  /** A decoded delivery this worker holds, and since when. */
  public record Held(TaskMessage message, Instant since) {}

  /** Tasks received and not settled, including running ones (see {@link #running()}). */
  public java.util.List<Held> held() {
    return ledger.held();
  }

  /** Tasks started since start, by name (Celery's {@code stats.total}). */
  public Map<String, Long> totals() {
    return ledger.totals();
  }

  private void runJob(Delivery delivery, TaskMessage message) {
    if (!pool.acquire(() -> draining)) {
      settle(delivery, message, new Outcome.Interrupted());
      return;
    }
    Job job = new Job(delivery, message, Thread.currentThread());
    running.add(job);
    CURRENT.set(job);
    Outcome outcome = new Outcome.Interrupted(); // if run() itself breaks, the message goes back
    try {
      outcome = run(message, delivery);
    } finally {
      CURRENT.remove();
      running.remove(delivery);
      // A pool thread is reused: an interrupt meant for this task must not hit the next one.
      Thread.interrupted();
      if (job.claim()) {
        job.releaseSlot(pool);
        settle(delivery, message, outcome);
      } else {
        log.warn(
            "Task {}[{}] returned after its hard time limit; its outcome was discarded",
            message.taskName(),
            message.id());
      }
    }
  }

  /**
   * The hard time limit: report TimeLimitExceeded, settle, free the slot, and leave the thread to
   * itself (it is interrupted; Java cannot stop it).
   */
  private void abandon(Job job, String queue, Duration limit) {
    if (!job.claim()) {
      return; // finished in the meantime
    }
    job.abandoned = true;
    long count = limits.countAbandoned();
    log.error(
        "Hard time limit ({}s) exceeded for {}[{}]; its thread {} is abandoned ({} so far on this worker)",
        OutcomeReporter.format(limit.toNanos() / 1e9),
        job.message.taskName(),
        job.message.id(),
        job.thread.getName(),
        count);
    job.thread.interrupt();
    var exceeded = OutcomeReporter.timeLimitExceeded(limit);
    Outcome outcome =
        OutcomeReporter.publishing(
            () -> results.failure(job.message, exceeded, null),
            new Outcome.Failed(new java.util.concurrent.TimeoutException("hard time limit")));
    observer.failed(job.message, exceeded, null, limit.toNanos() / 1e9);
    followUps.afterFailure(job.message, queue);
    job.releaseSlot(pool);
    settle(job.delivery, job.message, outcome);
  }

  /** Tasks whose hard time limit abandoned their thread since start. */
  public long abandonedThreads() {
    return limits.abandoned();
  }

  /** What runs right now: task name, id and start time, for inspection. */
  public java.util.List<RunningTask> running() {
    return running.list();
  }

  /** A task body in progress. */
  public record RunningTask(String name, String id, Instant started, String thread) {}

  private Outcome run(TaskMessage message, Delivery delivery) {
    String queue = delivery.queue();
    String name = message.taskName();
    if (isRevoked(message.id())) {
      log.info("Discarding revoked task: {}[{}]", name, message.id());
      return discard(message, false);
    }
    if (BuiltinTasks.isBuiltin(name)) {
      return runBuiltin(message, queue);
    }
    if (ChunkRunner.isChunk(name)) {
      return runChunk(message, queue);
    }
    TaskDefinition task = registry.find(name).orElse(null);
    if (task == null) {
      log.error(
          "Received unregistered task of type '{}'. The message has been dead-lettered. "
              + "Registered tasks: {}. Did you pass the class or package with -A?",
          name,
          registry.names());
      return refuse(
          message,
          Failures.python("celery.exceptions", "NotRegistered", name),
          true,
          new Outcome.NotRegistered(name));
    }
    if (message.headers().expires() != null
        && Instant.now().isAfter(message.headers().expires().toInstant())) {
      log.info("Task {}[{}] expired, not run", name, message.id());
      return discard(message, true);
    }
    Object[] args;
    try {
      args = binder.bind(name, task.method(), message.body().args(), message.body().kwargs());
    } catch (ArgumentException e) {
      return badArguments(message, e, true);
    }
    if (!task.options().acksLate()) {
      // Early ack (the task opted out of acks late): from here a crash loses the task.
      settlement.ackEarly(delivery);
    }
    if (task.trackStarted()) {
      outcomes.started(message);
    }
    ledger.started(message.taskName());
    observer.started(message);
    long start = System.nanoTime();
    Object value;
    Job job = CURRENT.get();
    TimeLimits.Timers timers = limits.start(job, message, task, hard -> abandon(job, queue, hard));
    try {
      // Futures.inTask() reaches this worker's app; waits on futures lend the slot out.
      value =
          context(message)
              .callWith(
                  () ->
                      ManagedBlocking.callWith(
                          app,
                          queue,
                          lender(job),
                          () -> task.method().invoke(task.target(), args)));
    } catch (InvocationTargetException e) {
      return outcomes.failed(
          job,
          message,
          queue,
          task.options().maxRetries(),
          autoretry(task, message, e.getCause()),
          start);
    } catch (Exception e) {
      return outcomes.failed(job, message, queue, task.options().maxRetries(), e, start);
    } finally {
      timers.cancel();
    }
    return outcomes.succeeded(job, message, queue, value, start);
  }

  /**
   * Marks a task revoked: it will not run when it arrives or comes due. With {@code terminate}, a
   * running one is interrupted and reported REVOKED.
   */
  public void revoke(String taskId, boolean terminate) {
    revoked.add(taskId);
    if (terminate) {
      running.terminate(taskId);
    }
  }

  /** The revoked task ids this worker remembers (the newest hundred thousand), oldest first. */
  public java.util.List<String> revokedIds() {
    return revoked.ids();
  }

  /** Whether {@code taskId} was revoked. */
  public boolean isRevoked(String taskId) {
    return revoked.contains(taskId);
  }

  /**
   * Celery's {@code autoretry_for}: a listed exception becomes a retry after the policy's
   * countdown.
   */
  private static Throwable autoretry(TaskDefinition task, TaskMessage message, Throwable error) {
    if (error instanceof Retry || !task.retryPolicy().retriesOn(error)) {
      return error;
    }
    return new Retry(task.retryPolicy().countdown(message.headers().retries()), error);
  }

  private TaskContext context(TaskMessage message) {
    var h = message.headers();
    return new TaskContext(
        h.id(), h.task(), h.retries(), h.rootId(), h.parentId(), h.group(), hostname);
  }

  private SlotLender lender(Job job) {
    return new SlotLender(job, pool, () -> settlement.ackEarly(job.delivery), () -> draining);
  }

  /** A {@code celeriac.chunk} message: many items of a map in one message. */
  private Outcome runChunk(TaskMessage message, String queue) {
    Job job = CURRENT.get();
    long start = System.nanoTime();
    com.fasterxml.jackson.databind.node.ObjectNode value;
    try {
      value =
          chunks.run(
              message.body().args(), message.body().kwargs(), context(message), queue, lender(job));
    } catch (ArgumentException e) {
      return badArguments(message, e, false);
    } catch (Exception e) {
      return outcomes.failed(job, message, queue, 0, e, start);
    }
    return outcomes.succeeded(job, message, queue, value, start);
  }

  private Outcome runBuiltin(TaskMessage message, String queue) {
    java.util.List<Object> values = new java.util.ArrayList<>();
    java.util.List<Runnable> calls;
    try {
      calls =
          builtins.plan(message.taskName(), message.body().args(), message.body().kwargs(), values);
    } catch (ArgumentException e) {
      return badArguments(message, e, true);
    }
    ledger.started(message.taskName());
    observer.started(message);
    long start = System.nanoTime();
    try {
      calls.forEach(Runnable::run);
    } catch (BuiltinTasks.BuiltinCallException e) {
      return outcomes.failed(CURRENT.get(), message, queue, 0, e.getCause(), start);
    } catch (RuntimeException e) {
      return outcomes.failed(CURRENT.get(), message, queue, 0, e, start);
    }
    return outcomes.succeeded(CURRENT.get(), message, queue, values, start);
  }

  /** A task revoked, or expired, before it ran: reported REVOKED, as Celery does. */
  private Outcome discard(TaskMessage message, boolean expired) {
    String reason = expired ? "expired" : "revoked";
    observer.revoked(message, false, expired);
    return OutcomeReporter.publishing(
        () -> results.revoked(message, reason), new Outcome.Revoked(reason));
  }

  /**
   * A task that did not run because its arguments do not fit: a TypeError, as in Python.
   *
   * @param observed whether observers hear of it (chunk messages do not report to them)
   */
  private Outcome badArguments(TaskMessage message, ArgumentException e, boolean observed) {
    log.error("Task {}[{}] rejected: {}", message.taskName(), message.id(), e.getMessage());
    return refuse(
        message,
        Failures.python("builtins", "TypeError", e.getMessage()),
        observed,
        new Outcome.BadArguments(e.getMessage()));
  }

  /** Reports a task that will not run as failed with {@code error}; settled by {@code outcome}. */
  private Outcome refuse(
      TaskMessage message, RemoteException error, boolean observed, Outcome outcome) {
    if (observed) {
      observer.failed(message, error, null, 0);
    }
    return OutcomeReporter.publishing(() -> results.failure(message, error, null), outcome);
  }

  private void settle(Delivery delivery, TaskMessage message, Outcome outcome) {
    settlement.settle(delivery, message, outcome);
  }

  /** Deliveries received and not yet settled (waiting, scheduled or running). */
  public int inFlight() {
    return settlement.inFlight();
  }

  /** Deliveries settled since start. */
  public long processed() {
    return settlement.processed();
  }

  /**
   * Warm shutdown: jobs not yet running go back to the queue now; running ones get {@code timeout}
   * to finish, then are interrupted and requeued.
   *
   * @return true when every running task finished in time
   */
  public boolean drain(Duration timeout) {
    draining = true;
    // ETA tasks still waiting for their time: hand them back to the broker right away.
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
    limits.shutdownNow();
    return finished;
  }

  /** Cold shutdown: interrupt everything now; the broker requeues what was not acknowledged. */
  public void abort() {
    draining = true;
    limits.shutdownNow();
    etaWaits.shutdownNow();
    pool.shutdownNow();
  }
}
