package dev.celeriac.worker.pipeline;

import dev.celeriac.Retry;
import dev.celeriac.TaskContext;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.worker.TaskDefinition;
import dev.celeriac.worker.execution.BuiltinTasks;
import dev.celeriac.worker.execution.ChunkRunner;
import dev.celeriac.worker.execution.TaskPool;
import dev.celeriac.worker.execution.TaskScope;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs task bodies on their pool thread: in the task's {@link TaskContext} and {@link TaskScope},
 * with the slot lent while the body waits on futures, and within its time limits. At the hard limit
 * it reports the task, settles its message and frees its slot, abandoning the thread (the JVM
 * cannot stop it). Which of the two, the body's end or the hard limit, reports a delivery is
 * decided by one state move ({@link #claim}).
 *
 * <h2>Concurrency</h2>
 *
 * The {@code run} methods run on the task's pool thread. Time limits fire on {@code
 * celeriac-worker-time-limits}, owned by the {@link TimeLimits} this class creates and closes in
 * {@link #shutdownNow()}.
 */
final class JobRunner {

  // The pipeline's logger, so one logging setting covers everything that happens to a delivery.
  private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);

  private final TaskPool pool;
  private final InFlightRegistry registry;
  private final Settlement settlement;
  private final RunReporter reporter;
  private final WorkerTaskListener listener;
  private final TaskScope scope;
  private final ChunkRunner chunks;
  private final String hostname;
  private final TimeLimits limits = new TimeLimits();

  JobRunner(
      TaskPool pool,
      InFlightRegistry registry,
      Settlement settlement,
      RunReporter reporter,
      WorkerTaskListener listener,
      TaskScope scope,
      ChunkRunner chunks,
      String hostname) {
    this.pool = pool;
    this.registry = registry;
    this.settlement = settlement;
    this.reporter = reporter;
    this.listener = listener;
    this.scope = scope;
    this.chunks = chunks;
    this.hostname = hostname;
  }

  /** Runs a registered task's body with its bound arguments. */
  BodyEnd runTask(TrackedDelivery delivery, TaskDefinition task, Object[] args) {
    TaskMessage message = delivery.message();
    if (!task.options().acksLate()) {
      // Early ack (the task opted out of acks late): from here a crash loses the task.
      settlement.ackEarly(delivery);
    }
    if (task.trackStarted()) {
      reporter.started(delivery);
    }
    started(message);
    long start = System.nanoTime();
    TimeLimits.Timers timers = limits.start(delivery, task, hard -> abandon(delivery, hard));
    try {
      // Futures.inTask() reaches this worker's app; waits on futures lend the slot out.
      Object value =
          context(message)
              .callWith(
                  () ->
                      scope.call(
                          delivery.inbound().queue(),
                          lender(delivery),
                          () -> task.method().invoke(task.target(), args)));
      return BodyEnd.returned(value, start);
    } catch (InvocationTargetException e) {
      int maxRetries = task.options().maxRetries();
      return BodyEnd.raised(autoretry(task, message, e.getCause()), start, maxRetries);
    } catch (Exception e) {
      return BodyEnd.raised(e, start, task.options().maxRetries());
    } finally {
      timers.cancel();
    }
  }

  /** Runs the planned inner calls of {@code celery.map} or {@code celery.starmap}, in order. */
  BodyEnd runBuiltin(TrackedDelivery delivery, List<Object> values, List<Runnable> calls) {
    started(delivery.message());
    long start = System.nanoTime();
    try {
      calls.forEach(Runnable::run);
      return BodyEnd.returned(values, start);
    } catch (BuiltinTasks.BuiltinCallException e) {
      return BodyEnd.raised(e.getCause(), start, 0);
    } catch (RuntimeException e) {
      return BodyEnd.raised(e, start, 0);
    }
  }

  /** Runs a built-in body on this thread: its value, or what it raised. */
  BodyEnd runInline(TrackedDelivery delivery, java.util.function.Supplier<Object> body) {
    started(delivery.message());
    long start = System.nanoTime();
    try {
      return BodyEnd.returned(body.get(), start);
    } catch (RuntimeException e) {
      return BodyEnd.raised(e, start, 0);
    }
  }

  /**
   * Runs a {@code celeriac.chunk} message: many items of a map in one message. An {@link
   * dev.celeriac.worker.execution.ArgumentException} it raises means the message is not a valid
   * chunk.
   */
  BodyEnd runChunk(TrackedDelivery delivery) {
    TaskMessage message = delivery.message();
    long start = System.nanoTime();
    try {
      Object value =
          chunks.run(
              message.body().args(),
              message.body().kwargs(),
              context(message),
              delivery.inbound().queue(),
              lender(delivery));
      return BodyEnd.returned(value, start);
    } catch (Exception e) {
      return BodyEnd.raised(e, start, 0);
    }
  }

  /**
   * Takes a running delivery's end for this thread to report: RUNNING, ACKED_EARLY or LENT to
   * SETTLING, giving its slot back.
   *
   * @return false when its hard time limit took it first (its outcome is then discarded)
   */
  boolean claim(TrackedDelivery delivery) {
    DeliveryState from = delivery.moveFrom(DeliveryState.RUNNING_STATES, DeliveryState.SETTLING);
    if (from != null && from.holdsSlot()) {
      pool.release();
    }
    return from != null;
  }

  /** Tasks whose hard time limit abandoned their thread since start. */
  long abandoned() {
    return limits.abandoned();
  }

  /** Stops the time-limit timers. */
  void shutdownNow() {
    limits.shutdownNow();
  }

  private void started(TaskMessage message) {
    registry.countStarted(message.taskName());
    listener.started(message);
  }

  /**
   * The hard time limit: report TimeLimitExceeded, settle, free the slot, and leave the thread to
   * itself (it is interrupted; Java cannot stop it).
   */
  private void abandon(TrackedDelivery delivery, Duration limit) {
    DeliveryState from = delivery.moveFrom(DeliveryState.RUNNING_STATES, DeliveryState.ABANDONED);
    if (from == null) {
      return; // finished in the meantime
    }
    if (from.holdsSlot()) {
      pool.release();
    }
    Thread thread = delivery.thread();
    log.error(
        "Hard time limit ({}s) exceeded for {}; its thread {} is abandoned ({} so far on this"
            + " worker)",
        RunReporter.format(limit.toNanos() / 1e9),
        delivery,
        thread.getName(),
        limits.countAbandoned());
    thread.interrupt();
    settlement.settle(delivery, reporter.timeLimitExceeded(delivery, limit));
  }

  private SlotLender lender(TrackedDelivery delivery) {
    return new SlotLender(delivery, pool, settlement);
  }

  private TaskContext context(TaskMessage message) {
    var h = message.headers();
    return new TaskContext(
        h.id(), h.task(), h.retries(), h.rootId(), h.parentId(), h.group(), hostname);
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
}
