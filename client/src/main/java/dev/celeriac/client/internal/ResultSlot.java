package dev.celeriac.client.internal;

import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import dev.celeriac.state.TaskStateTransitions;
import java.util.concurrent.CompletableFuture;

/**
 * What a client knows about one task's result: the latest state, and a future completed with the
 * final result message.
 *
 * <h2>Concurrency</h2>
 *
 * Written by the reply consumer's dispatch thread, read by any caller thread.
 */
public final class ResultSlot {

  private final CompletableFuture<ResultMessage> done = new CompletableFuture<>();
  private volatile TaskState state = TaskState.PENDING;
  private volatile ResultMessage latest;

  /**
   * Folds in a result message. Moves the table does not allow are dropped: results can arrive twice
   * (Celery sends some FAILUREs twice) or late (a STARTED after SUCCESS).
   *
   * @return true when the message changed the state
   */
  public synchronized boolean accept(ResultMessage message) {
    if (!TaskStateTransitions.isAllowed(state, message.status())) {
      return false;
    }
    state = message.status();
    latest = message;
    if (state.isReady()) {
      done.complete(message);
    }
    return true;
  }

  public TaskState state() {
    return state;
  }

  /** The latest message, or null while PENDING. */
  public ResultMessage latest() {
    return latest;
  }

  /** Completes with the final (SUCCESS, FAILURE or REVOKED) message. */
  public CompletableFuture<ResultMessage> done() {
    return done;
  }

  /** Fails waiters, e.g. when the client closes before the result arrived. */
  public void abandon(RuntimeException cause) {
    done.completeExceptionally(cause);
  }
}
