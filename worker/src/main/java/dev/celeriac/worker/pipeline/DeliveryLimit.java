package dev.celeriac.worker.pipeline;

import dev.celeriac.broker.deadletter.DeadLetterHeaders;

/**
 * Keeps a message that kills or hangs its workers from being redelivered forever: after {@code
 * maxDeliveries} deliveries that did not finish, it is dead-lettered instead of run again.
 *
 * <p>Quorum queues count deliveries themselves ({@code x-delivery-count}). Classic queues only flag
 * a redelivery, so the count is carried in the message: a redelivered message is re-published once
 * to the back of its queue with {@value DeadLetterHeaders#DELIVERY_COUNT} raised by one ({@link
 * MessageCopy#recounted}), and the redelivered copy is acknowledged. Only redelivered messages pay
 * for this. Every redelivery counts, whatever its cause (crash, lost connection, a warm shutdown
 * handing back unstarted work), as RabbitMQ's own quorum {@code delivery-limit} counts them. This
 * class only decides; the pipeline carries the verdict out.
 */
final class DeliveryLimit {

  /** RabbitMQ's count on quorum queues. */
  static final String QUORUM_COUNT_HEADER = "x-delivery-count";

  /** What to do with a delivery. */
  sealed interface Verdict {
    /** Run it. */
    record Proceed() implements Verdict {}

    /** Queue a copy counting {@code failedDeliveries}, acknowledge this one, do nothing else. */
    record Recount(int failedDeliveries) implements Verdict {}

    /** Delivered too often: dead-letter it. */
    record Exceeded(int deliveries) implements Verdict {}
  }

  private final int maxDeliveries;

  /**
   * @param maxDeliveries the limit; 0 or less for none
   */
  DeliveryLimit(int maxDeliveries) {
    this.maxDeliveries = maxDeliveries;
  }

  /** Whether {@link #check} has anything to do (a cheap test on the dispatch thread). */
  boolean concerns(InboundMessage message) {
    return maxDeliveries > 0 && (message.redelivered() || header(message, QUORUM_COUNT_HEADER) > 0);
  }

  Verdict check(InboundMessage message) {
    int quorumCount = header(message, QUORUM_COUNT_HEADER);
    if (quorumCount > 0) {
      // x-delivery-count counts earlier deliveries; this one is number count + 1.
      return quorumCount >= maxDeliveries
          ? new Verdict.Exceeded(quorumCount + 1)
          : new Verdict.Proceed();
    }
    if (!message.redelivered()) {
      return new Verdict.Proceed();
    }
    int failed = header(message, DeadLetterHeaders.DELIVERY_COUNT) + 1;
    if (failed >= maxDeliveries) {
      return new Verdict.Exceeded(failed + 1);
    }
    return new Verdict.Recount(failed);
  }

  /** Why a message delivered {@code deliveries} times is dead-lettered. */
  String reason(int deliveries) {
    return "delivered "
        + deliveries
        + " times without finishing (limit "
        + maxDeliveries
        + "): it may crash or hang its worker";
  }

  private static int header(InboundMessage message, String name) {
    Object value = message.headers().get(name);
    return value instanceof Number n ? (int) Math.min(Integer.MAX_VALUE, n.longValue()) : 0;
  }
}
