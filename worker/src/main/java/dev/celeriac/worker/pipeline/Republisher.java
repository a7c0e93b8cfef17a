package dev.celeriac.worker.pipeline;

/**
 * Port to the broker: publishes a copy of a message and waits for the broker's confirm. Dead
 * letters, delivery-limit recounts and ETA postponements all go through it, and the original is
 * acknowledged only after the copy is confirmed ({@link Settlement#handOver}), so a crash in
 * between duplicates the message rather than losing it.
 *
 * <h2>Concurrency</h2>
 *
 * Called from task threads; implementations are thread-safe and block until confirmed.
 */
@FunctionalInterface
public interface Republisher {

  /**
   * Publishes {@code copy} and waits for the broker's confirm.
   *
   * @throws RuntimeException (usually {@link dev.celeriac.broker.PublishException}) when the copy
   *     is not confirmed; the caller then keeps the original
   */
  void publish(MessageCopy copy);
}
