package dev.celeriac.worker.pipeline;

/**
 * What happens to a delivered message.
 *
 * @param action ack, requeue, or dead-letter
 * @param reason why, for dead letters (stored in the message's headers) and logs
 */
public record Disposition(Action action, String reason) {

  /** The three things a worker can do with a delivery. */
  public enum Action {
    /** Remove it from the queue: it was handled. */
    ACK,
    /** Put it back for this or another worker. */
    REQUEUE,
    /** Move it to the queue's dead-letter queue with the reason, then remove it. */
    DEAD_LETTER
  }

  static Disposition ack() {
    return new Disposition(Action.ACK, null);
  }

  static Disposition requeue(String reason) {
    return new Disposition(Action.REQUEUE, reason);
  }

  static Disposition deadLetter(String reason) {
    return new Disposition(Action.DEAD_LETTER, reason);
  }
}
