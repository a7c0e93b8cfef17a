package dev.celeriac;

import dev.celeriac.error.CeleriacException;

/**
 * Thrown by task code for input that must never be retried, Celery's {@code Reject(requeue=False)}:
 * the worker reports FAILURE {@code Reject} to the caller and moves the message to the queue's
 * dead-letter queue with the reason, where it can be inspected and replayed.
 *
 * <pre>{@code
 * if (order.total() < 0) {
 *   throw new Reject("negative total in order " + order.id());
 * }
 * }</pre>
 */
public class Reject extends CeleriacException {

  public Reject(String reason) {
    super(reason);
  }

  public Reject(String reason, Throwable cause) {
    super(reason, cause);
  }
}
