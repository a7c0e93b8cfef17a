package dev.celeriac.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.client.internal.ResultSlot;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The pending result of one task call.
 *
 * <pre>{@code
 * AsyncResult<Integer> r = add.delay(5, 5);
 * int ten = r.get(Duration.ofSeconds(10));
 * r.toCompletableFuture().thenAccept(System.out::println);
 * }</pre>
 *
 * <p>A task FAILURE surfaces as {@link TaskFailedException}, a revoked or expired task as {@link
 * TaskRevokedException}, and a wait that runs out as {@link TaskTimeoutException}.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe; any number of threads may wait on the same result.
 */
public final class AsyncResult<R> {

  private final String id;
  private final String taskName;
  private final ResultSlot slot;
  private final Function<JsonNode, R> converter;
  private final List<ResultSlot> parents;

  AsyncResult(
      String id,
      String taskName,
      ResultSlot slot,
      Function<JsonNode, R> converter,
      List<ResultSlot> parents) {
    this.id = id;
    this.taskName = taskName;
    this.slot = slot;
    this.converter = converter;
    this.parents = List.copyOf(parents);
  }

  /** The task id. */
  public String id() {
    return id;
  }

  /** The task name. */
  public String taskName() {
    return taskName;
  }

  /** The latest known state; PENDING until the first result message arrives. */
  public TaskState state() {
    return slot == null ? TaskState.PENDING : slot.state();
  }

  /** True once the task reached SUCCESS, FAILURE or REVOKED. */
  public boolean ready() {
    return state().isReady();
  }

  /** True once the task succeeded. */
  public boolean successful() {
    return state() == TaskState.SUCCESS;
  }

  /** True once the task failed. */
  public boolean failed() {
    return state() == TaskState.FAILURE;
  }

  /**
   * Waits up to {@code timeout} for the final state and returns the task's value.
   *
   * @throws TaskFailedException when the task failed
   * @throws TaskRevokedException when it was revoked or expired
   * @throws TaskTimeoutException when no final state arrived in time
   */
  public R get(Duration timeout) {
    CompletableFuture<ResultMessage> done = done();
    try {
      return value(done.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      throw new TaskTimeoutException(id, taskName, timeout, state().name());
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TaskException(
          id, taskName, "Interrupted while waiting for task " + taskName + "[" + id + "]", e);
    }
  }

  /** Waits without a time limit; prefer {@link #get(Duration)}. */
  public R get() {
    try {
      return value(done().join());
    } catch (CompletionException e) {
      throw rethrow(e.getCause());
    }
  }

  /**
   * A future completed with the value, or exceptionally with the exceptions {@link #get(Duration)}
   * throws. Completing or cancelling it does not affect the task.
   */
  public CompletableFuture<R> toCompletableFuture() {
    return done().thenApply(this::value);
  }

  /**
   * Completes with this task's final message, or earlier with a parent's FAILURE or REVOKED: a
   * chain step that fails means the later steps never run, so waiting on the last one would hang
   * (Celery's {@code get()} re-raises the parent's error the same way).
   */
  private CompletableFuture<ResultMessage> done() {
    if (slot == null) {
      throw new CeleriacException(
          "Task " + taskName + "[" + id + "] was sent with ignoreResult; no result will arrive");
    }
    if (parents.isEmpty()) {
      return slot.done();
    }
    CompletableFuture<ResultMessage> first = new CompletableFuture<>();
    slot.done().whenComplete((m, e) -> complete(first, m, e));
    for (ResultSlot parent : parents) {
      parent
          .done()
          .whenComplete(
              (m, e) -> {
                if (e != null || m.status() != TaskState.SUCCESS) {
                  complete(first, m, e);
                }
              });
    }
    return first;
  }

  private static void complete(
      CompletableFuture<ResultMessage> target, ResultMessage m, Throwable e) {
    if (e != null) {
      target.completeExceptionally(e);
    } else {
      target.complete(m);
    }
  }

  private R value(ResultMessage message) {
    // A parent's failure carries the parent's id, so the exception names the step that failed.
    String failedId = message.taskId();
    return switch (message.status()) {
      case SUCCESS -> converter.apply(message.result());
      case REVOKED -> throw new TaskRevokedException(failedId, taskName, revokeReason(message));
      default ->
          throw new TaskFailedException(
              failedId,
              taskName,
              ResultCodec.decodeException(message.result()),
              message.traceback());
    };
  }

  private static String revokeReason(ResultMessage message) {
    try {
      return TaskFailedException.messageText(
          ResultCodec.decodeException(message.result()).message());
    } catch (RuntimeException e) {
      return "revoked";
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException re) {
      return re;
    }
    return new CeleriacException(String.valueOf(cause), cause);
  }

  @Override
  public String toString() {
    return "AsyncResult[" + taskName + "[" + id + "] " + state() + "]";
  }
}
