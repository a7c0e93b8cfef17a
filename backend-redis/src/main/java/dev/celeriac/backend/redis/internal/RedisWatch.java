package dev.celeriac.backend.redis.internal;

import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import dev.celeriac.state.TaskStateTransitions;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One caller's watch on a task's Redis result.
 *
 * <h2>Concurrency</h2>
 *
 * Written by the backend's dispatch thread, read by any caller thread.
 */
final class RedisWatch implements ResultWatch {

  private final String taskId;
  private final CompletableFuture<ResultMessage> done = new CompletableFuture<>();
  private final Consumer<RedisWatch> onCancel;
  private volatile TaskState state = TaskState.PENDING;
  private volatile ResultMessage latest;

  RedisWatch(String taskId, Consumer<RedisWatch> onCancel) {
    this.taskId = taskId;
    this.onCancel = onCancel;
  }

  String taskId() {
    return taskId;
  }

  /**
   * Folds in a stored or published meta. The same meta arrives twice when it is both read and
   * published around the subscription; moves the transition table refuses are dropped.
   */
  synchronized void accept(ResultMessage message) {
    if (!TaskStateTransitions.isAllowed(state, message.status())) {
      return;
    }
    state = message.status();
    latest = message;
    if (state.isReady()) {
      done.complete(message);
    }
  }

  void fail(RuntimeException cause) {
    done.completeExceptionally(cause);
  }

  @Override
  public TaskState state() {
    return state;
  }

  @Override
  public ResultMessage latest() {
    return latest;
  }

  @Override
  public CompletableFuture<ResultMessage> done() {
    return done;
  }

  @Override
  public void cancel() {
    onCancel.accept(this);
  }
}
