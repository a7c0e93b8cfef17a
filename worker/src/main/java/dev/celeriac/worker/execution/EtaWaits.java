package dev.celeriac.worker.execution;

import dev.celeriac.broker.concurrent.NamedThreadFactory;
import dev.celeriac.broker.topology.DelayedDelivery;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.worker.consume.Delivery;
import dev.celeriac.worker.consume.Postponements;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks that are not due yet (ETA or countdown) and rate-limited tasks waiting for a token. Apart
 * from {@link TaskExecutor} because where such a task waits is a decision of its own: the broker's
 * delay queues when they can hold it (the message is then acknowledged here), else this worker's
 * memory, unacknowledged, as Celery does.
 *
 * <h2>Concurrency</h2>
 *
 * Waiting tasks are kept on one scheduler thread, {@code celeriac-worker-eta}, which this class
 * owns; {@link #shutdownNow()} closes it and hands back what still waits.
 */
final class EtaWaits {

  // The executor's logger, so one logging setting covers everything that happens to a delivery.
  private static final Logger log = LoggerFactory.getLogger(TaskExecutor.class);

  private final ScheduledExecutorService etaScheduler =
      Executors.newSingleThreadScheduledExecutor(
          new NamedThreadFactory("celeriac-worker-eta", true));
  private final Postponements postponements;
  private final Settlement settlement;
  private final TaskPool pool;

  /**
   * @param postponements the broker's delay queues, or null when they are not used
   */
  EtaWaits(Postponements postponements, Settlement settlement, TaskPool pool) {
    this.postponements = postponements;
    this.settlement = settlement;
    this.pool = pool;
  }

  /** Runs {@code dispatch} now when the message is due, else once it is. */
  void whenDue(Delivery delivery, TaskMessage message, Runnable dispatch) {
    Instant eta = message.headers().eta() == null ? null : message.headers().eta().toInstant();
    Duration delay = eta == null ? Duration.ZERO : Duration.between(Instant.now(), eta);
    long delayMillis = delay.toMillis();
    long brokerSeconds = postponements == null ? 0 : DelayedDelivery.brokerSeconds(delay);
    if (brokerSeconds > 0) {
      pool.execute(() -> postpone(delivery, message, brokerSeconds, delayMillis, dispatch));
    } else if (delayMillis > 0) {
      etaScheduler.schedule(dispatch, delayMillis, TimeUnit.MILLISECONDS);
    } else {
      dispatch.run();
    }
  }

  /**
   * Runs {@code dispatch} again after {@code nanos}.
   *
   * @return false when shutting down: the caller goes on now
   */
  boolean retryAfter(Runnable dispatch, long nanos) {
    try {
      etaScheduler.schedule(dispatch, nanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Stops the scheduler; returns the tasks still waiting. */
  List<Runnable> shutdownNow() {
    return etaScheduler.shutdownNow();
  }

  /**
   * Hands a task that is not due yet to the broker's delay queues and acknowledges it; if the
   * broker does not take it, holds it here instead.
   */
  private void postpone(
      Delivery delivery, TaskMessage message, long seconds, long delayMillis, Runnable dispatch) {
    try {
      postponements.postpone(delivery, seconds);
      log.info(
          "Task {}[{}] is due at {}: held by the broker until then",
          message.taskName(),
          message.id(),
          message.headers().eta());
      settlement.handOff(delivery, false);
    } catch (RuntimeException e) {
      log.warn(
          "Cannot move task {}[{}] to the broker's delay queues ({}); holding it in memory",
          message.taskName(),
          message.id(),
          e.getMessage());
      etaScheduler.schedule(dispatch, delayMillis, TimeUnit.MILLISECONDS);
    }
  }
}
