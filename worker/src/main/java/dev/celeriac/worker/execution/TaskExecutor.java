package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celeriac.Retry;
import dev.celeriac.TaskContext;
import dev.celeriac.broker.AmqpProperties;
import dev.celeriac.broker.HeaderValues;
import dev.celeriac.broker.internal.NamedThreadFactory;
import dev.celeriac.broker.topology.DelayedDelivery;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.futures.ManagedBlocking;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.TaskMessageCodec;
import dev.celeriac.worker.TaskDefinition;
import dev.celeriac.worker.TaskRegistry;
import dev.celeriac.worker.consume.AckPolicy;
import dev.celeriac.worker.consume.DeadLetters;
import dev.celeriac.worker.consume.Delivery;
import dev.celeriac.worker.consume.DeliveryLimit;
import dev.celeriac.worker.consume.Disposition;
import dev.celeriac.worker.consume.Outcome;
import dev.celeriac.worker.consume.Postponements;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * celeriac-worker-eta}, which this class owns and closes.
 */
public final class TaskExecutor {

  private static final Logger log = LoggerFactory.getLogger(TaskExecutor.class);

  private final TaskRegistry registry;
  private final TaskPool pool;
  private final ResultSender results;
  private final DeadLetters deadLetters;
  private final ArgumentBinder binder;
  private final BuiltinTasks builtins;
  private final FollowUps followUps;
  private final ChunkRunner chunks;
  private final Celeriac app;
  private final OutcomeReporter outcomes;
  private final String hostname;
  private final Postponements postponements;
  private final DeliveryLimit deliveryLimit;
  private final long maxMessageSize;
  private final ObjectMapper json;
  private final TaskMessageCodec codec = new TaskMessageCodec();
  private final ScheduledExecutorService etaScheduler =
      Executors.newSingleThreadScheduledExecutor(
          new NamedThreadFactory("celeriac-worker-eta", true));
  private final Map<Delivery, Boolean> inFlight = new ConcurrentHashMap<>();
  private final java.util.Set<Delivery> ackedEarly = ConcurrentHashMap.newKeySet();
  private final Map<Delivery, Job> running = new ConcurrentHashMap<>();
  // Bounded: the stream keeps revokes for days; memory keeps the newest hundred thousand ids.
  private final Map<String, Boolean> revoked =
      new java.util.LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > 100_000;
        }
      };
  private final AtomicLong abandoned = new AtomicLong();
  private final ScheduledExecutorService limits =
      Executors.newSingleThreadScheduledExecutor(
          new NamedThreadFactory("celeriac-worker-time-limits", true));
  private static final ThreadLocal<Job> CURRENT = new ThreadLocal<>();
  private final AtomicLong processed = new AtomicLong();
  private volatile boolean draining;
  private final TaskObserver observer;
  // Decoded deliveries not yet settled: what inspect reserved/scheduled/active report.
  private final Map<Delivery, Held> held = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.LongAdder> totals =
      new ConcurrentHashMap<>();
  private final Map<String, TokenBucket> rateLimits = new ConcurrentHashMap<>();

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
    this.deadLetters = deadLetters;
    this.json = json;
    this.binder = new ArgumentBinder(json);
    this.followUps = new FollowUps(app);
    this.outcomes = new OutcomeReporter(results, followUps, json, () -> draining, observer);
    this.hostname = hostname;
    this.postponements = postponements;
    this.deliveryLimit = deliveryLimit;
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
    inFlight.put(delivery, Boolean.TRUE);
    if (deliveryLimit != null && DeliveryLimit.concerns(delivery)) {
      pool.execute(() -> countDelivery(delivery)); // may publish and wait for a confirm
      return;
    }
    accept(delivery);
  }

  /** Applies the delivery limit to a redelivered message, then handles it as usual if allowed. */
  private void countDelivery(Delivery delivery) {
    DeliveryLimit.Verdict verdict;
    try {
      verdict = deliveryLimit.check(delivery);
    } catch (RuntimeException e) {
      log.warn(
          "Cannot recount a redelivered message on {} ({}); running it as it is",
          delivery.queue(),
          e.getMessage());
      verdict = new DeliveryLimit.Verdict.Proceed();
    }
    switch (verdict) {
      case DeliveryLimit.Verdict.Proceed p -> accept(delivery);
      case DeliveryLimit.Verdict.Recounted r -> {
        log.debug(
            "Redelivered message on {} requeued as delivery {}",
            delivery.queue(),
            r.failedDeliveries() + 1);
        inFlight.remove(delivery);
        delivery.source().settle(delivery, false);
      }
      case DeliveryLimit.Verdict.Exceeded x -> poison(delivery, x.deliveries());
    }
  }

  /** A message delivered too often without finishing: tell the caller, keep it for inspection. */
  private void poison(Delivery delivery, int deliveries) {
    String reason =
        "delivered "
            + deliveries
            + " times without finishing (limit "
            + deliveryLimit.maxDeliveries()
            + "): it may crash or hang its worker";
    TaskMessage message = null;
    try {
      message = decode(delivery);
      TaskMessage failed = message;
      log.error("Task {}[{}] {}; dead-lettering it", failed.taskName(), failed.id(), reason);
      var lost = Failures.python("billiard.exceptions", "WorkerLostError", "Task " + reason);
      OutcomeReporter.publishing(
          () -> results.failure(failed, lost, null), new Outcome.Succeeded());
      observer.failed(failed, lost, null, 0);
    } catch (RuntimeException e) {
      log.error("A message on {} was {}; dead-lettering it", delivery.queue(), reason);
    }
    settle(delivery, message, new Outcome.Poison(reason));
  }

  private TaskMessage decode(Delivery delivery) {
    return codec.decode(
        HeaderValues.normalize(delivery.properties().getHeaders()),
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
    held.put(delivery, new Held(message, Instant.now()));
    Instant eta = message.headers().eta() == null ? null : message.headers().eta().toInstant();
    Duration delay = eta == null ? Duration.ZERO : Duration.between(Instant.now(), eta);
    long delayMillis = delay.toMillis();
    long brokerSeconds = postponements == null ? 0 : DelayedDelivery.brokerSeconds(delay);
    if (brokerSeconds > 0) {
      pool.execute(() -> postpone(delivery, message, brokerSeconds, delayMillis));
    } else if (delayMillis > 0) {
      etaScheduler.schedule(() -> dispatch(delivery, message), delayMillis, TimeUnit.MILLISECONDS);
    } else {
      dispatch(delivery, message);
    }
  }

  /**
   * Runs a due task in the pool, or, when its task's rate limit has no token left, waits (on the
   * ETA thread, unacknowledged, as Celery does) and tries again.
   */
  private void dispatch(Delivery delivery, TaskMessage message) {
    TokenBucket bucket = rateLimits.get(message.taskName());
    long wait = bucket == null || draining ? 0 : bucket.take();
    if (wait > 0) {
      try {
        etaScheduler.schedule(() -> dispatch(delivery, message), wait, TimeUnit.NANOSECONDS);
        return;
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // shutting down: fall through; the pool hands it back to the broker
      }
    }
    pool.execute(() -> runJob(delivery, message));
  }

  /** Sets (or with {@code perSecond <= 0} removes) the rate limit of a task name on this worker. */
  public void rateLimit(String taskName, double perSecond) {
    if (perSecond <= 0) {
      rateLimits.remove(taskName);
    } else {
      rateLimits.put(taskName, new TokenBucket(perSecond));
    }
  }

  /** The current rate limits, tasks per second by task name. */
  public Map<String, Double> rateLimits() {
    Map<String, Double> limits = new java.util.TreeMap<>();
    rateLimits.forEach((name, bucket) -> limits.put(name, bucket.perSecond()));
    return limits;
  }

  /** A decoded delivery this worker holds, and since when. */
  public record Held(TaskMessage message, Instant since) {}

  /** Tasks received and not settled, including running ones (see {@link #running()}). */
  public java.util.List<Held> held() {
    return java.util.List.copyOf(held.values());
  }

  /** Tasks started since start, by name (Celery's {@code stats.total}). */
  public Map<String, Long> totals() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    totals.forEach((name, count) -> copy.put(name, count.sum()));
    return copy;
  }

  /**
   * Hands a task that is not due yet to the broker's delay queues and acknowledges it; if the
   * broker does not take it, holds it here instead.
   */
  private void postpone(Delivery delivery, TaskMessage message, long seconds, long delayMillis) {
    try {
      postponements.postpone(delivery, seconds);
      log.info(
          "Task {}[{}] is due at {}: held by the broker until then",
          message.taskName(),
          message.id(),
          message.headers().eta());
      inFlight.remove(delivery);
      held.remove(delivery);
      delivery.source().settle(delivery, false);
    } catch (RuntimeException e) {
      log.warn(
          "Cannot move task {}[{}] to the broker's delay queues ({}); holding it in memory",
          message.taskName(),
          message.id(),
          e.getMessage());
      etaScheduler.schedule(() -> dispatch(delivery, message), delayMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void runJob(Delivery delivery, TaskMessage message) {
    if (!pool.acquire(() -> draining)) {
      settle(delivery, message, new Outcome.Interrupted());
      return;
    }
    Job job = new Job(delivery, message, Thread.currentThread());
    running.put(delivery, job);
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
    long count = abandoned.incrementAndGet();
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
    return abandoned.get();
  }

  /** What runs right now: task name, id and start time, for inspection. */
  public java.util.List<RunningTask> running() {
    return running.values().stream()
        .map(
            j ->
                new RunningTask(
                    j.message.taskName(), j.message.id(), j.started, j.thread.getName()))
        .toList();
  }

  /** A task body in progress. */
  public record RunningTask(String name, String id, Instant started, String thread) {}

  private Outcome run(TaskMessage message, Delivery delivery) {
    String queue = delivery.queue();
    String name = message.taskName();
    if (isRevoked(message.id())) {
      log.info("Discarding revoked task: {}[{}]", name, message.id());
      observer.revoked(message, false, false);
      return OutcomeReporter.publishing(
          () -> results.revoked(message, "revoked"), new Outcome.Revoked("revoked"));
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
      var notRegistered = Failures.python("celery.exceptions", "NotRegistered", name);
      observer.failed(message, notRegistered, null, 0);
      return OutcomeReporter.publishing(
          () -> results.failure(message, notRegistered, null), new Outcome.NotRegistered(name));
    }
    if (message.headers().expires() != null
        && Instant.now().isAfter(message.headers().expires().toInstant())) {
      log.info("Task {}[{}] expired, not run", name, message.id());
      observer.revoked(message, false, true);
      return OutcomeReporter.publishing(
          () -> results.revoked(message, "expired"), new Outcome.Revoked("expired"));
    }
    Object[] args;
    try {
      args = binder.bind(name, task.method(), message.body().args(), message.body().kwargs());
    } catch (ArgumentException e) {
      log.error("Task {}[{}] rejected: {}", name, message.id(), e.getMessage());
      var typeError = Failures.python("builtins", "TypeError", e.getMessage());
      observer.failed(message, typeError, null, 0);
      return OutcomeReporter.publishing(
          () -> results.failure(message, typeError, null),
          new Outcome.BadArguments(e.getMessage()));
    }
    if (!task.options().acksLate()) {
      // Early ack (the task opted out of acks late): from here a crash loses the task.
      ackedEarly.add(delivery);
      delivery.source().settle(delivery, false);
    }
    if (task.trackStarted()) {
      outcomes.started(message);
    }
    totals
        .computeIfAbsent(message.taskName(), n -> new java.util.concurrent.atomic.LongAdder())
        .increment();
    observer.started(message);
    long start = System.nanoTime();
    Object value;
    Job job = CURRENT.get();
    Duration hard = limit(message.headers().timeLimit().hardSeconds(), task.hardTimeLimit());
    Duration soft = limit(message.headers().timeLimit().softSeconds(), task.softTimeLimit());
    ScheduledFuture<?> hardTimer =
        hard == null
            ? null
            : limits.schedule(
                () -> abandon(job, queue, hard), hard.toNanos(), TimeUnit.NANOSECONDS);
    ScheduledFuture<?> softTimer =
        soft == null
            ? null
            : limits.schedule(
                () -> {
                  job.softLimitReached = true;
                  job.thread.interrupt();
                },
                soft.toNanos(),
                TimeUnit.NANOSECONDS);
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
      if (hardTimer != null) {
        hardTimer.cancel(false);
      }
      if (softTimer != null) {
        softTimer.cancel(false);
      }
    }
    return outcomes.succeeded(job, message, queue, value, start);
  }

  /**
   * Marks a task revoked: it will not run when it arrives or comes due. With {@code terminate}, a
   * running one is interrupted and reported REVOKED.
   */
  public void revoke(String taskId, boolean terminate) {
    synchronized (revoked) {
      revoked.put(taskId, Boolean.TRUE);
    }
    if (terminate) {
      for (Job job : running.values()) {
        if (job.message.id().equals(taskId)) {
          job.terminated = true;
          job.thread.interrupt();
        }
      }
    }
  }

  /** The revoked task ids this worker remembers (the newest hundred thousand), oldest first. */
  public java.util.List<String> revokedIds() {
    synchronized (revoked) {
      return java.util.List.copyOf(revoked.keySet());
    }
  }

  /** Whether {@code taskId} was revoked. */
  public boolean isRevoked(String taskId) {
    synchronized (revoked) {
      return revoked.containsKey(taskId);
    }
  }

  /** The call's limit from the {@code timelimit} header when set, else the task's. */
  private static Duration limit(Double headerSeconds, Duration taskLimit) {
    if (headerSeconds != null && headerSeconds > 0) {
      return Duration.ofNanos((long) (headerSeconds * 1e9));
    }
    return taskLimit;
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
    return new SlotLender(job, pool, () -> ackEarly(job.delivery), () -> draining);
  }

  /** Acknowledges a running task's message now, once; its outcome will not settle it again. */
  private void ackEarly(Delivery delivery) {
    if (ackedEarly.add(delivery)) {
      delivery.source().settle(delivery, false);
    }
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
      log.error("Task {}[{}] rejected: {}", message.taskName(), message.id(), e.getMessage());
      return OutcomeReporter.publishing(
          () ->
              results.failure(
                  message, Failures.python("builtins", "TypeError", e.getMessage()), null),
          new Outcome.BadArguments(e.getMessage()));
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
      log.error("Task {}[{}] rejected: {}", message.taskName(), message.id(), e.getMessage());
      var typeError = Failures.python("builtins", "TypeError", e.getMessage());
      observer.failed(message, typeError, null, 0);
      return OutcomeReporter.publishing(
          () -> results.failure(message, typeError, null),
          new Outcome.BadArguments(e.getMessage()));
    }
    totals
        .computeIfAbsent(message.taskName(), n -> new java.util.concurrent.atomic.LongAdder())
        .increment();
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

  private void settle(Delivery delivery, TaskMessage message, Outcome outcome) {
    try {
      Disposition decision = AckPolicy.decide(outcome);
      if (ackedEarly.remove(delivery)) {
        if (decision.action() != Disposition.Action.ACK) {
          log.warn(
              "Task {}[{}] was acknowledged early (acksLate=false) and cannot be {}: {}",
              message.taskName(),
              message.id(),
              decision.action() == Disposition.Action.REQUEUE ? "requeued" : "dead-lettered",
              decision.reason());
        }
        return;
      }
      switch (decision.action()) {
        case ACK -> delivery.source().settle(delivery, false);
        case REQUEUE -> delivery.source().settle(delivery, true);
        case DEAD_LETTER -> deadLetter(delivery, message, decision.reason());
      }
    } finally {
      inFlight.remove(delivery);
      held.remove(delivery);
      processed.incrementAndGet();
    }
  }

  private void deadLetter(Delivery delivery, TaskMessage message, String reason) {
    try {
      deadLetters.send(delivery, reason);
      delivery.source().settle(delivery, false);
      observer.deadLettered(delivery.queue(), reason);
      log.warn(
          "Message {} from queue {} moved to {}.dead-letter: {}",
          message == null ? "(undecodable)" : message.taskName() + "[" + message.id() + "]",
          delivery.queue(),
          delivery.queue(),
          reason);
    } catch (RuntimeException e) {
      // Not safely stored elsewhere: keep it in its queue rather than lose it.
      log.error(
          "Cannot dead-letter a message from {} ({}); requeueing it: {}",
          delivery.queue(),
          reason,
          e.getMessage());
      delivery.source().settle(delivery, true);
    }
  }

  /** Deliveries received and not yet settled (waiting, scheduled or running). */
  public int inFlight() {
    return inFlight.size();
  }

  /** Deliveries settled since start. */
  public long processed() {
    return processed.get();
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
    etaScheduler.shutdownNow().forEach(Runnable::run);
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
    etaScheduler.shutdownNow();
    pool.shutdownNow();
  }
}
