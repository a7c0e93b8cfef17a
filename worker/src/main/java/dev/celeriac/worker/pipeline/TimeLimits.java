package dev.celeriac.worker.pipeline;

import dev.celeriac.broker.concurrent.NamedThreadFactory;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.worker.TaskDefinition;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The soft and hard time limits of running task bodies. Apart from the {@link JobRunner} because
 * the timers fire on their own thread while the body runs, and which limit applies (the call's
 * header or the task's) is decided here once.
 *
 * <h2>Concurrency</h2>
 *
 * Timers run on one scheduler thread, {@code celeriac-worker-time-limits}, which this class owns;
 * {@link #shutdownNow()} closes it.
 */
final class TimeLimits {

  private final ScheduledExecutorService limits =
      Executors.newSingleThreadScheduledExecutor(
          new NamedThreadFactory("celeriac-worker-time-limits", true));
  private final AtomicLong abandoned = new AtomicLong();

  /** The timers of one task body; {@link #cancel()} once the body returned. */
  interface Timers {
    void cancel();
  }

  /**
   * Starts the limits of {@code delivery}'s body: at the soft limit its thread is interrupted; at
   * the hard limit {@code onHard} gets the limit.
   */
  Timers start(TrackedDelivery delivery, TaskDefinition task, Consumer<Duration> onHard) {
    TaskMessage message = delivery.message();
    Duration hard = limit(message.headers().timeLimit().hardSeconds(), task.hardTimeLimit());
    Duration soft = limit(message.headers().timeLimit().softSeconds(), task.softTimeLimit());
    ScheduledFuture<?> hardTimer =
        hard == null
            ? null
            : limits.schedule(() -> onHard.accept(hard), hard.toNanos(), TimeUnit.NANOSECONDS);
    ScheduledFuture<?> softTimer =
        soft == null
            ? null
            : limits.schedule(
                () -> delivery.interrupt(TrackedDelivery.Interruption.SOFT_TIME_LIMIT),
                soft.toNanos(),
                TimeUnit.NANOSECONDS);
    return () -> {
      if (hardTimer != null) {
        hardTimer.cancel(false);
      }
      if (softTimer != null) {
        softTimer.cancel(false);
      }
    };
  }

  /** Counts a thread left behind by a hard time limit; returns the count so far. */
  long countAbandoned() {
    return abandoned.incrementAndGet();
  }

  /** Tasks whose hard time limit abandoned their thread since start. */
  long abandoned() {
    return abandoned.get();
  }

  void shutdownNow() {
    limits.shutdownNow();
  }

  /** The call's limit from the {@code timelimit} header when set, else the task's. */
  private static Duration limit(Double headerSeconds, Duration taskLimit) {
    if (headerSeconds != null && headerSeconds > 0) {
      return Duration.ofNanos((long) (headerSeconds * 1e9));
    }
    return taskLimit;
  }
}
