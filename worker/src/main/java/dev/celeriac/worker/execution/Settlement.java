package dev.celeriac.worker.execution;

import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.worker.consume.AckPolicy;
import dev.celeriac.worker.consume.DeadLetters;
import dev.celeriac.worker.consume.Delivery;
import dev.celeriac.worker.consume.Disposition;
import dev.celeriac.worker.consume.Outcome;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@link AckPolicy}'s decision for a delivery and keeps the count of what is in flight.
 * Apart from {@link TaskExecutor} because every path (run, revoked, undecodable, poison, hard time
 * limit, shutdown) ends here, and a message acknowledged early must not be settled twice.
 */
final class Settlement {

  // The executor's logger, so one logging setting covers everything that happens to a delivery.
  private static final Logger log = LoggerFactory.getLogger(TaskExecutor.class);

  private final DeadLetters deadLetters;
  private final TaskObserver observer;
  private final Ledger ledger;
  private final Map<Delivery, Boolean> inFlight = new ConcurrentHashMap<>();
  private final Set<Delivery> ackedEarly = ConcurrentHashMap.newKeySet();
  private final AtomicLong processed = new AtomicLong();

  Settlement(DeadLetters deadLetters, TaskObserver observer, Ledger ledger) {
    this.deadLetters = deadLetters;
    this.observer = observer;
    this.ledger = ledger;
  }

  /** A delivery this worker now holds until it is settled. */
  void received(Delivery delivery) {
    inFlight.put(delivery, Boolean.TRUE);
  }

  /**
   * Hands a delivery on without running it here (recounted, or held by the broker's delay queues):
   * acknowledged, or with {@code requeue} given back.
   */
  void handOff(Delivery delivery, boolean requeue) {
    inFlight.remove(delivery);
    ledger.release(delivery);
    delivery.source().settle(delivery, requeue);
  }

  /** Acknowledges a task's message now, once; its outcome will not settle it again. */
  void ackEarly(Delivery delivery) {
    if (ackedEarly.add(delivery)) {
      delivery.source().settle(delivery, false);
    }
  }

  /** Settles a delivery as {@link AckPolicy} decides for its outcome. */
  void settle(Delivery delivery, TaskMessage message, Outcome outcome) {
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
      ledger.release(delivery);
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
  int inFlight() {
    return inFlight.size();
  }

  /** Deliveries settled since start. */
  long processed() {
    return processed.get();
  }
}
