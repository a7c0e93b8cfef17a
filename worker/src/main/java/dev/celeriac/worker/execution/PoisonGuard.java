package dev.celeriac.worker.execution;

import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.worker.consume.Delivery;
import dev.celeriac.worker.consume.DeliveryLimit;
import dev.celeriac.worker.consume.Outcome;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery limit on the worker's side: recounts redelivered messages and reports the ones
 * delivered too often (they crash or hang every worker that takes them) as failed. It is apart from
 * {@link TaskExecutor} because this path runs before a message is decoded or accepted and must not
 * depend on the task itself; what happens to the message is still decided by {@code AckPolicy}.
 */
final class PoisonGuard {

  // The executor's logger, so one logging setting covers everything that happens to a delivery.
  private static final Logger log = LoggerFactory.getLogger(TaskExecutor.class);

  private final DeliveryLimit deliveryLimit;
  private final ResultSender results;
  private final TaskObserver observer;

  /**
   * @param deliveryLimit the limit, or null when there is none
   */
  PoisonGuard(DeliveryLimit deliveryLimit, ResultSender results, TaskObserver observer) {
    this.deliveryLimit = deliveryLimit;
    this.results = results;
    this.observer = observer;
  }

  /** Whether this delivery has to be counted before it is handled. */
  boolean concerns(Delivery delivery) {
    return deliveryLimit != null && DeliveryLimit.concerns(delivery);
  }

  /**
   * Applies the delivery limit to a redelivered message (may publish and wait for a confirm); when
   * the count cannot be kept, the message runs as it is.
   */
  DeliveryLimit.Verdict check(Delivery delivery) {
    try {
      return deliveryLimit.check(delivery);
    } catch (RuntimeException e) {
      log.warn(
          "Cannot recount a redelivered message on {} ({}); running it as it is",
          delivery.queue(),
          e.getMessage());
      return new DeliveryLimit.Verdict.Proceed();
    }
  }

  /** The outcome of a message delivered {@code deliveries} times without finishing. */
  Outcome.Poison outcome(int deliveries) {
    return new Outcome.Poison(
        "delivered "
            + deliveries
            + " times without finishing (limit "
            + deliveryLimit.maxDeliveries()
            + "): it may crash or hang its worker");
  }

  /**
   * Tells the caller a poison message failed (WorkerLostError, as Celery) when it can be decoded.
   *
   * @return the decoded message, or null
   */
  TaskMessage report(
      Delivery delivery, Outcome.Poison poison, Function<Delivery, TaskMessage> decoder) {
    String reason = poison.reason();
    TaskMessage message = null;
    try {
      message = decoder.apply(delivery);
      TaskMessage failed = message;
      log.error("Task {}[{}] {}; dead-lettering it", failed.taskName(), failed.id(), reason);
      var lost = Failures.python("billiard.exceptions", "WorkerLostError", "Task " + reason);
      OutcomeReporter.publishing(
          () -> results.failure(failed, lost, null), new Outcome.Succeeded());
      observer.failed(failed, lost, null, 0);
    } catch (RuntimeException e) {
      log.error("A message on {} was {}; dead-lettering it", delivery.queue(), reason);
    }
    return message;
  }
}
