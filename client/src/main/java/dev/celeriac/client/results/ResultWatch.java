package dev.celeriac.client.results;

import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.util.concurrent.CompletableFuture;

/**
 * A client's view of one task's results, from {@link ResultBackend#watch}: the newest state, and a
 * future completed by the final one.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe: updated by the backend's own thread, read by any caller.
 */
public interface ResultWatch {

  /** The newest state known, PENDING until the first result arrives. */
  TaskState state();

  /** The newest result message, or null while PENDING. */
  ResultMessage latest();

  /**
   * Completes with the final (SUCCESS, FAILURE or REVOKED) message; completes exceptionally when
   * the backend closes or fails first.
   */
  CompletableFuture<ResultMessage> done();

  /** Stops watching; results that arrive later for this task are dropped by this client. */
  void cancel();
}
