package dev.celeriac.client.results;

import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import dev.celeriac.state.TaskStateTransitions;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link ResultWatch} a result backend hands out and feeds: the latest state, and a future
 * completed with the final result message. The backend calls {@link #accept} for each result of the
 * task, which moves the state only as the task state table allows.
 *
 * <pre>{@code
 * ResultSlot slot = new ResultSlot(() -> watching.remove(taskId));
 * watching.put(taskId, slot);   // in ResultBackend.watch
 * slot.accept(result);          // when a result for taskId arrives
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Written by the backend's thread that receives results, read by any caller thread.
 */
public final class ResultSlot implements ResultWatch {

  private final CompletableFuture<ResultMessage> done = new CompletableFuture<>();
  private final Runnable onCancel;
  private volatile TaskState state = TaskState.PENDING;
  private volatile ResultMessage latest;

  /**
   * @param onCancel what {@link #cancel} does besides, e.g. removing the slot from its dispatcher
   */
  public ResultSlot(Runnable onCancel) {
    this.onCancel = onCancel;
  }

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

  @Override
  public TaskState state() {
    return state;
  }

  /** The latest message, or null while PENDING. */
  @Override
  public ResultMessage latest() {
    return latest;
  }

  /** Completes with the final (SUCCESS, FAILURE or REVOKED) message. */
  @Override
  public CompletableFuture<ResultMessage> done() {
    return done;
  }

  @Override
  public void cancel() {
    onCancel.run();
  }

  /** Fails waiters, e.g. when the client closes before the result arrived. */
  public void abandon(RuntimeException cause) {
    done.completeExceptionally(cause);
  }
}
