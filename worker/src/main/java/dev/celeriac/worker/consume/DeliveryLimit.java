package dev.celeriac.worker.consume;

import com.rabbitmq.client.AMQP;
import dev.celeriac.broker.ConfirmingPublisher;
import dev.celeriac.broker.deadletter.DeadLetterHeaders;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a message that kills or hangs its workers from being redelivered forever: after {@code
 * maxDeliveries} deliveries that did not finish, it is dead-lettered instead of run again.
 *
 * <p>Quorum queues count deliveries themselves ({@code x-delivery-count}). Classic queues only flag
 * a redelivery, so the count is carried in the message: a redelivered message is re-published once
 * to the back of its queue with {@value #COUNT_HEADER} raised by one (confirmed), and the
 * redelivered copy is acknowledged. Only redelivered messages pay for this. Every redelivery
 * counts, whatever its cause (crash, lost connection, a warm shutdown handing back unstarted work),
 * as RabbitMQ's own quorum {@code delivery-limit} counts them.
 */
public final class DeliveryLimit {

  /** Failed deliveries so far, on classic queues. */
  public static final String COUNT_HEADER = DeadLetterHeaders.DELIVERY_COUNT;

  /** RabbitMQ's count on quorum queues. */
  static final String QUORUM_COUNT_HEADER = "x-delivery-count";

  /** What to do with a delivery. */
  public sealed interface Verdict {
    /** Run it. */
    record Proceed() implements Verdict {}

    /** A recounted copy is queued; acknowledge this one and do nothing else. */
    record Recounted(int failedDeliveries) implements Verdict {}

    /** Delivered too often: dead-letter it. */
    record Exceeded(int deliveries) implements Verdict {}
  }

  private final ConfirmingPublisher publisher;
  private final int maxDeliveries;

  public DeliveryLimit(ConfirmingPublisher publisher, int maxDeliveries) {
    this.publisher = publisher;
    this.maxDeliveries = maxDeliveries;
  }

  public int maxDeliveries() {
    return maxDeliveries;
  }

  /** Whether {@link #check} has anything to do (a cheap test on the dispatch thread). */
  public static boolean concerns(Delivery delivery) {
    return delivery.envelope().isRedeliver() || header(delivery, QUORUM_COUNT_HEADER) > 0;
  }

  /**
   * Decides, and re-publishes the recounted copy when that is the verdict.
   *
   * @throws dev.celeriac.broker.PublishException when the copy is not confirmed; the caller then
   *     lets the delivery run as it is
   */
  public Verdict check(Delivery delivery) {
    int quorumCount = header(delivery, QUORUM_COUNT_HEADER);
    if (quorumCount > 0) {
      // x-delivery-count counts earlier deliveries; this one is number count + 1.
      return quorumCount >= maxDeliveries
          ? new Verdict.Exceeded(quorumCount + 1)
          : new Verdict.Proceed();
    }
    if (!delivery.envelope().isRedeliver()) {
      return new Verdict.Proceed();
    }
    int failed = header(delivery, COUNT_HEADER) + 1;
    if (failed >= maxDeliveries) {
      return new Verdict.Exceeded(failed + 1);
    }
    AMQP.BasicProperties original = delivery.properties();
    Map<String, Object> headers = new LinkedHashMap<>();
    if (original.getHeaders() != null) {
      headers.putAll(original.getHeaders());
    }
    headers.put(COUNT_HEADER, failed);
    publisher.publish(
        "", delivery.queue(), original.builder().headers(headers).build(), delivery.body());
    return new Verdict.Recounted(failed);
  }

  private static int header(Delivery delivery, String name) {
    Map<String, Object> headers = delivery.properties().getHeaders();
    Object value = headers == null ? null : headers.get(name);
    return value instanceof Number n ? (int) Math.min(Integer.MAX_VALUE, n.longValue()) : 0;
  }
}
