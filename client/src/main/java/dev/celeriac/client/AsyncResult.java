package dev.celeriac.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
 * <p>The results come through the app's result backend: a task this app sent is watched from before
 * it was published. {@link Celeriac#result(String)} gives the result of any task id; on {@code
 * rpc://}, which sends each result only to the client that sent the task, its state can be read
 * only while this app watches the task (it sent it and the final state has not arrived); otherwise
 * {@link #state()} and {@link #get(Duration)} raise the backend's {@link
 * dev.celeriac.error.ConfigurationException}.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe; any number of threads may wait on the same result.
 */
public final class AsyncResult<R> {

  private static final String UNKNOWN_TASK = "unknown";

  private final String id;
  private final String taskName;
  private final ResultWatch watch;
  private final boolean ignored;
  private final ResultWatches results;
  private final Function<JsonNode, R> converter;
  private final List<ResultWatch> parents;
  private volatile ResultWatch late;
  private volatile boolean forgotten;

  private AsyncResult(
      String id,
      String taskName,
      ResultWatch watch,
      boolean ignored,
      ResultWatches results,
      Function<JsonNode, R> converter,
      List<ResultWatch> parents) {
    this.id = id;
    this.taskName = taskName;
    this.watch = watch;
    this.ignored = ignored;
    this.results = results;
    this.converter = converter;
    this.parents = List.copyOf(parents);
  }

  /**
   * The result of a task this app sent and watches; it fails early when one of {@code parents}
   * (earlier chain steps) fails.
   */
  static <R> AsyncResult<R> watched(
      String id,
      String taskName,
      ResultWatch watch,
      List<ResultWatch> parents,
      ResultWatches results,
      Function<JsonNode, R> converter) {
    return new AsyncResult<>(id, taskName, watch, false, results, converter, parents);
  }

  /** The result of a task sent with {@code ignore_result}: nothing will arrive. */
  static <R> AsyncResult<R> ignored(String id, String taskName, ResultWatches results) {
    return new AsyncResult<>(id, taskName, null, true, results, node -> null, List.of());
  }

  /**
   * The result of any task id: the watch when this app sent the task and its final state has not
   * arrived yet, else whatever the backend stores.
   */
  static <R> AsyncResult<R> byId(
      String id, ResultWatches results, Function<JsonNode, R> converter) {
    return results
        .watching(id)
        .map(w -> watched(id, w.taskName(), w.watch(), List.of(), results, converter))
        .orElseGet(
            () -> new AsyncResult<>(id, UNKNOWN_TASK, null, false, results, converter, List.of()));
  }

  /** The task id. */
  public String id() {
    return id;
  }

  /** The task name; {@code unknown} for a result looked up by id that this app does not watch. */
  public String taskName() {
    return taskName;
  }

  /**
   * The latest known state; PENDING until the first result message arrives.
   *
   * @throws dev.celeriac.error.ConfigurationException for a task this app does not watch ({@link
   *     Celeriac#result(String)}) on a result backend that cannot read results by id ({@code
   *     rpc://})
   */
  public TaskState state() {
    ResultWatch own = watch != null ? watch : late;
    if (own != null) {
      return own.state();
    }
    if (ignored) {
      return TaskState.PENDING;
    }
    return results.fetch(id).map(ResultMessage::status).orElse(TaskState.PENDING);
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
   * Stops watching this task and deletes its stored result from the result backend (on {@code
   * rpc://}, which stores nothing, only the watching stops). Waiting on this result afterwards
   * fails.
   */
  public void forget() {
    forgotten = true;
    results.forget(id);
  }

  /**
   * Completes with this task's final message, or earlier with a parent's FAILURE or REVOKED: a
   * chain step that fails means the later steps never run, so waiting on the last one would hang
   * (Celery's {@code get()} re-raises the parent's error the same way).
   */
  private CompletableFuture<ResultMessage> done() {
    if (forgotten) {
      throw new CeleriacException(
          "The result of task " + taskName + "[" + id + "] was forgotten; nothing will arrive");
    }
    if (ignored) {
      throw new CeleriacException(
          "Task " + taskName + "[" + id + "] was sent with ignoreResult; no result will arrive");
    }
    CompletableFuture<ResultMessage> own = watch != null ? watch.done() : stored();
    if (parents.isEmpty()) {
      return own;
    }
    CompletableFuture<ResultMessage> first = new CompletableFuture<>();
    own.whenComplete((m, e) -> complete(first, m, e));
    for (ResultWatch parent : parents) {
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

  /**
   * The final message of a task this app does not watch: read from the backend (which raises its
   * own ConfigurationException when it cannot read by id), and watched from now on while it is not
   * final.
   */
  private synchronized CompletableFuture<ResultMessage> stored() {
    if (late != null) {
      return late.done();
    }
    Optional<ResultMessage> latest = results.fetch(id);
    if (latest.isPresent() && latest.get().status().isReady()) {
      return CompletableFuture.completedFuture(latest.get());
    }
    late = results.watch(id, taskName);
    return late.done();
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
