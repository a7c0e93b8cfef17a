package dev.celeriac.worker.pipeline;

/**
 * What happens to a delivered message.
 *
 * @param action ack, requeue, put back, or dead-letter
 * @param reason why, for dead letters (stored in the message's headers) and logs
 */
public record Disposition(Action action, String reason) {

  /** The things a worker can do with a delivery. */
  public enum Action {
    /** Remove it from the queue: it was handled. */
    ACK,
    /** Put it back for this or another worker. */
    REQUEUE,
    /**
     * Put an unchanged copy at the back of its queue, then remove it: it runs again later without
     * counting as a failed delivery (requeued instead when the copy is not confirmed).
     */
    PUT_BACK,
    /** Move it to the queue's dead-letter queue with the reason, then remove it. */
    DEAD_LETTER
  }

  static Disposition ack() {
    return new Disposition(Action.ACK, null);
  }

  static Disposition requeue(String reason) {
    return new Disposition(Action.REQUEUE, reason);
  }

  static Disposition putBack(String reason) {
    return new Disposition(Action.PUT_BACK, reason);
  }

  static Disposition deadLetter(String reason) {
    return new Disposition(Action.DEAD_LETTER, reason);
  }
}
