package dev.celeriac.worker.pipeline;

import dev.celeriac.broker.concurrent.NamedThreadFactory;
import dev.celeriac.broker.topology.DelayedDelivery;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.worker.execution.TaskPool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks that are not due yet (ETA or countdown) and rate-limited tasks waiting for a token. Apart
 * from the {@link DeliveryPipeline} because where such a task waits is a decision of its own: the
 * broker's delay queues when they can hold it (the message is then handed over), else this worker's
 * memory, unacknowledged and WAITING, as Celery does.
 *
 * <h2>Concurrency</h2>
 *
 * Waiting tasks are kept on one scheduler thread, {@code celeriac-worker-eta}, which this class
 * owns; {@link #shutdownNow()} closes it and hands back what still waits.
 */
final class EtaWaits {

  // The pipeline's logger, so one logging setting covers everything that happens to a delivery.
  private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);

  private final ScheduledExecutorService etaScheduler =
      Executors.newSingleThreadScheduledExecutor(
          new NamedThreadFactory("celeriac-worker-eta", true));
  private final Set<Runnable> waiting = ConcurrentHashMap.newKeySet();
  private final boolean brokerDelays;
  private final Settlement settlement;
  private final TaskPool pool;

  /**
   * @param brokerDelays whether the broker's delay queues can hold tasks that are not due
   */
  EtaWaits(boolean brokerDelays, Settlement settlement, TaskPool pool) {
    this.brokerDelays = brokerDelays;
    this.settlement = settlement;
    this.pool = pool;
  }

  /** Runs {@code dispatch} now when the delivery is due, else once it is. */
  void whenDue(TrackedDelivery delivery, Runnable dispatch) {
    TaskMessage message = delivery.message();
    Instant eta = message.headers().eta() == null ? null : message.headers().eta().toInstant();
    Duration delay = eta == null ? Duration.ZERO : Duration.between(Instant.now(), eta);
    long delayMillis = delay.toMillis();
    long brokerSeconds = brokerDelays ? DelayedDelivery.brokerSeconds(delay) : 0;
    if (brokerSeconds > 0) {
      // Off the dispatch thread: the hand-over waits for the broker's confirm.
      pool.execute(() -> postpone(delivery, brokerSeconds, delayMillis, dispatch));
    } else if (delayMillis <= 0
        || !schedule(dispatch, TimeUnit.MILLISECONDS.toNanos(delayMillis))) {
      dispatch.run(); // due now, or shutting down: dispatching hands it back
    }
  }

  /**
   * Runs {@code dispatch} again after {@code nanos}.
   *
   * @return false when shutting down: the caller goes on now
   */
  boolean retryAfter(Runnable dispatch, long nanos) {
    return schedule(dispatch, nanos);
  }

  /**
   * Stops the scheduler; returns the dispatches still waiting, each of which runs at most once.
   * (The scheduler's own list would not do: a stopped scheduler cancels delayed tasks instead of
   * running them.)
   */
  List<Runnable> shutdownNow() {
    etaScheduler.shutdownNow();
    return List.copyOf(waiting);
  }

  /**
   * Hands a task that is not due yet to the broker's delay queues; if the broker does not take it,
   * holds it here instead.
   */
  private void postpone(
      TrackedDelivery delivery, long seconds, long delayMillis, Runnable dispatch) {
    TaskMessage message = delivery.message();
    try {
      settlement.handOver(delivery, MessageCopy.postponed(delivery.inbound(), seconds));
      log.info(
          "Task {}[{}] is due at {}: held by the broker until then",
          message.taskName(),
          message.id(),
          message.headers().eta());
    } catch (RuntimeException e) {
      log.warn(
          "Cannot move task {}[{}] to the broker's delay queues ({}); holding it in memory",
          message.taskName(),
          message.id(),
          e.getMessage());
      if (!schedule(dispatch, TimeUnit.MILLISECONDS.toNanos(delayMillis))) {
        dispatch.run(); // shutting down: dispatching hands it back
      }
    }
  }

  /**
   * Runs {@code dispatch} after {@code nanos} on the ETA thread, once; it stays listed as waiting
   * until then.
   *
   * @return false when shutting down (nothing scheduled)
   */
  private boolean schedule(Runnable dispatch, long nanos) {
    Runnable once =
        new Runnable() {
          @Override
          public void run() {
            if (waiting.remove(this)) {
              dispatch.run();
            }
          }
        };
    waiting.add(once);
    try {
      etaScheduler.schedule(once, nanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (RejectedExecutionException e) {
      waiting.remove(once);
      return false;
    }
  }
}
