package dev.celeriac.client.results;

import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import dev.celeriac.state.TaskStateTransitions;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The {@link ResultWatch} a result backend hands out and feeds: the latest state, and a future
 * completed with the final result message. The backend calls {@link #accept} with each result of
 * the task it receives, and the slot moves only as the task state table ({@link
 * TaskStateTransitions}) allows, so every backend copes the same way with results that arrive twice
 * or late.
 *
 * <pre>{@code
 * ResultSlot slot = new ResultSlot(self -> watching.remove(taskId, self));
 * watching.put(taskId, slot);   // in ResultBackend.watch
 * slot.accept(result);          // when a result for taskId arrives
 * slot.abandon(closedError);    // when the backend closes first
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe: written by the backend's thread that receives results, read by any caller thread.
 * {@link #accept} is serialised on the slot; callbacks on {@link #done()} run on the thread that
 * completed it.
 */
public final class ResultSlot implements ResultWatch {

  private final CompletableFuture<ResultMessage> done = new CompletableFuture<>();
  private final Consumer<? super ResultSlot> onCancel;
  private volatile TaskState state = TaskState.PENDING;
  private volatile ResultMessage latest;

  /**
   * @param onCancel what {@link #cancel} does, given this slot: e.g. removing it from the backend's
   *     table of watches, so results that arrive later are dropped
   */
  public ResultSlot(Consumer<? super ResultSlot> onCancel) {
    this.onCancel = onCancel;
  }

  /**
   * Folds in a result message. Moves the table does not allow are dropped: results can arrive twice
   * (Celery sends some FAILUREs twice; a durable backend may both read and be told of one store) or
   * late (a STARTED after SUCCESS). A final state completes {@link #done()}.
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
    onCancel.accept(this);
  }

  /**
   * Fails waiters with {@code cause}, e.g. when the backend closes or cannot reach its store before
   * the final result arrived. Does nothing once {@link #done()} is complete.
   */
  public void abandon(RuntimeException cause) {
    done.completeExceptionally(cause);
  }
}
