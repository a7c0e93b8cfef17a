package dev.celeriac.worker.control;

/**
 * Port to the broker: keeps a revoke where workers started later find it (the {@code
 * celeriac.revoked} stream). A revoke that reaches a worker by remote control is recorded this way
 * too.
 *
 * <h2>Concurrency</h2>
 *
 * Implementations are thread-safe; {@link #record} blocks until the broker confirmed it.
 */
@FunctionalInterface
public interface RevokeRecorder {

  /**
   * Records the revoke of {@code taskId}.
   *
   * @return false, doing nothing, when the broker cannot keep revokes (no streams)
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm it
   */
  boolean record(String taskId, boolean terminate);
}
