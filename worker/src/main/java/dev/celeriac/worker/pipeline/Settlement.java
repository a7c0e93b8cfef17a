package dev.celeriac.worker.pipeline;

import dev.celeriac.protocol.TaskMessage;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every acknowledgement goes through here: it carries out {@link AckPolicy}'s decision for a
 * delivery, hands deliveries over to the broker (a copy published and confirmed, then the original
 * acknowledged), and acknowledges early. A delivery's state says whether it was acknowledged
 * already, so no message is acknowledged twice.
 *
 * <h2>Concurrency</h2>
 *
 * Called from task threads and the time-limit and ETA threads; each delivery is settled by one of
 * them (its state moves decide which).
 */
final class Settlement {

  // The pipeline's logger, so one logging setting covers everything that happens to a delivery.
  private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);

  private final InFlightRegistry registry;
  private final Republisher republisher;
  private final String hostname;
  private final WorkerTaskListener listener;

  Settlement(
      InFlightRegistry registry,
      Republisher republisher,
      String hostname,
      WorkerTaskListener listener) {
    this.registry = registry;
    this.republisher = republisher;
    this.hostname = hostname;
    this.listener = listener;
  }

  /** Settles a delivery as {@link AckPolicy} decides for its outcome, once. */
  void settle(TrackedDelivery delivery, Outcome outcome) {
    if (delivery.state() != DeliveryState.SETTLING) {
      delivery.move(DeliveryState.SETTLING);
    }
    InboundMessage inbound = delivery.inbound();
    Disposition decision = AckPolicy.decide(outcome);
    try {
      if (delivery.acknowledged()) {
        if (decision.action() != Disposition.Action.ACK) {
          log.warn(
              "{} was acknowledged early (acksLate=false, or while it waited on futures) and"
                  + " cannot be {}: {}",
              delivery,
              decision.action() == Disposition.Action.DEAD_LETTER ? "dead-lettered" : "requeued",
              decision.reason());
        }
        return;
      }
      switch (decision.action()) {
        case ACK -> inbound.settler().ack(inbound);
        case REQUEUE -> inbound.settler().requeue(inbound);
        case PUT_BACK -> putBack(inbound, decision.reason());
        case DEAD_LETTER ->
            deadLetter(delivery, decision.reason(), outcome instanceof Outcome.Untrusted);
      }
    } finally {
      registry.countProcessed();
      delivery.move(DeliveryState.SETTLED);
    }
  }

  /**
   * Hands a delivery to the broker instead of running it here (recounted, or held by the broker's
   * delay queues): publishes {@code copy}, waits for the confirm, then acknowledges the original.
   *
   * @throws RuntimeException when the copy is not confirmed; the delivery is then unchanged
   */
  void handOver(TrackedDelivery delivery, MessageCopy copy) {
    replace(delivery.inbound(), copy);
    delivery.move(DeliveryState.SETTLING);
    delivery.move(DeliveryState.SETTLED);
  }

  /**
   * The one way a message is moved: publish the copy, wait for the broker's confirm, then
   * acknowledge the original. A crash in between leaves both (a duplicate), never neither.
   */
  private void replace(InboundMessage original, MessageCopy copy) {
    republisher.publish(copy);
    original.settler().ack(original);
  }

  /** The task opted out of acks late: RUNNING to ACKED_EARLY, acknowledged now. */
  void ackEarly(TrackedDelivery delivery) {
    delivery.move(DeliveryState.ACKED_EARLY);
    InboundMessage inbound = delivery.inbound();
    inbound.settler().ack(inbound);
  }

  /**
   * The body waits on futures: RUNNING or ACKED_EARLY to LENT, acknowledged if it was not yet.
   *
   * @return false when the hard time limit abandoned it first (nothing changed)
   */
  boolean lend(TrackedDelivery delivery) {
    DeliveryState from =
        delivery.moveFrom(
            EnumSet.of(DeliveryState.RUNNING, DeliveryState.ACKED_EARLY), DeliveryState.LENT);
    if (from == DeliveryState.RUNNING) {
      InboundMessage inbound = delivery.inbound();
      inbound.settler().ack(inbound);
    }
    return from != null;
  }

  /** An unchanged copy to the back of the queue, then the original acknowledged. */
  private void putBack(InboundMessage inbound, String reason) {
    try {
      replace(inbound, MessageCopy.putBack(inbound));
    } catch (RuntimeException e) {
      // The broker is struggling too: a plain requeue keeps the message, counted or not.
      log.warn(
          "Cannot put a message back at the end of {} ({}); requeueing it: {}",
          inbound.queue(),
          reason,
          e.getMessage());
      inbound.settler().requeue(inbound);
    }
  }

  private void deadLetter(TrackedDelivery delivery, String reason, boolean untrusted) {
    InboundMessage inbound = delivery.inbound();
    TaskMessage message = delivery.message();
    try {
      replace(inbound, MessageCopy.deadLetter(inbound, reason, hostname, untrusted));
    } catch (RuntimeException e) {
      // Not safely stored elsewhere: keep it in its queue rather than lose it.
      log.error(
          "Cannot dead-letter a message from {} ({}); requeueing it: {}",
          inbound.queue(),
          reason,
          e.getMessage());
      inbound.settler().requeue(inbound);
      return;
    }
    listener.deadLettered(inbound.queue(), reason);
    log.warn(
        "Message {} from queue {} moved to {}.dead-letter: {}",
        message == null ? "(undecodable)" : message.taskName() + "[" + message.id() + "]",
        inbound.queue(),
        inbound.queue(),
        reason);
  }
}
