package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.state.TaskState;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Reports a task's state changes to its caller, Celery's way: builds the result messages (STARTED
 * with pid and hostname, SUCCESS, FAILURE and the failure of the chain steps that will now never
 * run, RETRY, REVOKED) and stores them through the {@link ResultBackend}. Whether a task wants
 * results at all is decided here, once ({@link #wantsResult}).
 *
 * <pre>{@code
 * StateReporter states = new StateReporter(backend, "celery@host", registry::ignoresResult, timeout);
 * states.success(message, result); // returns once the backend stored it
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Stateless and thread-safe; every call but {@link #started} blocks until the backend stored the
 * result or the timeout passed.
 */
public final class StateReporter {

  private final ResultBackend backend;
  private final String hostname;
  private final Predicate<String> taskIgnoresResult;
  private final Duration timeout;

  /**
   * @param taskIgnoresResult whether a task name is declared {@code @Task(ignoreResult = true)};
   *     such tasks report nothing whatever the caller asked, as in Celery
   * @param timeout how long to wait for the backend to store a result
   */
  public StateReporter(
      ResultBackend backend,
      String hostname,
      Predicate<String> taskIgnoresResult,
      Duration timeout) {
    this.backend = backend;
    this.hostname = hostname;
    this.taskIgnoresResult = taskIgnoresResult;
    this.timeout = timeout;
  }

  /**
   * Whether {@code task} gets result messages: not when the caller sent {@code ignore_result}, nor
   * when the task is declared {@code @Task(ignoreResult = true)}. (Where the result goes, e.g. that
   * {@code rpc://} needs a {@code reply_to}, is the backend's business.)
   */
  public boolean wantsResult(TaskMessage task) {
    return !task.headers().ignoreResult() && !taskIgnoresResult.test(task.taskName());
  }

  /** STARTED with {@code {"pid": .., "hostname": ..}}; not awaited (the backend keeps order). */
  public void started(TaskMessage task) {
    ObjectNode info = JsonNodeFactory.instance.objectNode();
    info.put("pid", ProcessHandle.current().pid());
    info.put("hostname", hostname);
    if (wantsResult(task)) {
      backend.store(
          ResultTarget.of(task), new ResultMessage(task.id(), TaskState.STARTED, info, null, null));
    }
  }

  /** SUCCESS with the return value, stored. */
  public void success(TaskMessage task, JsonNode value) {
    store(task, new ResultMessage(task.id(), TaskState.SUCCESS, value, null, null));
  }

  /** FAILURE with the encoded exception and traceback, stored; the remaining chain steps too. */
  public void failure(TaskMessage task, RemoteException error, String traceback) {
    JsonNode encoded = ResultCodec.encodeException(error);
    store(task, new ResultMessage(task.id(), TaskState.FAILURE, encoded, traceback, null));
    failRemainingChainSteps(task, encoded, traceback);
  }

  /** RETRY with the exception that caused it, stored. */
  public void retry(TaskMessage task, RemoteException cause, String traceback) {
    JsonNode encoded = ResultCodec.encodeException(cause);
    store(task, new ResultMessage(task.id(), TaskState.RETRY, encoded, traceback, null));
  }

  /** REVOKED with Celery's {@code TaskRevokedError(reason)}, stored. */
  public void revoked(TaskMessage task, String reason) {
    RemoteException error = Failures.python("celery.exceptions", "TaskRevokedError", reason);
    store(
        task,
        new ResultMessage(
            task.id(), TaskState.REVOKED, ResultCodec.encodeException(error), null, null));
  }

  /**
   * The steps after a failed one will never run: they get the same FAILURE, each at its own task id
   * and reply queue, so callers waiting on a later step learn it (Celery's {@code mark_as_failure}
   * does the same).
   */
  private void failRemainingChainSteps(TaskMessage task, JsonNode error, String traceback) {
    JsonNode chain = task.body().embed().chain();
    if (chain == null || !chain.isArray()) {
      return;
    }
    for (JsonNode step : chain) {
      JsonNode options = step.path("options");
      String id = options.path("task_id").asText(null);
      if (id == null) {
        continue;
      }
      String replyTo = options.path("reply_to").asText(task.properties().replyTo());
      await(
          backend.store(
              new ResultTarget(id, replyTo, null, null),
              new ResultMessage(id, TaskState.FAILURE, error, traceback, null)),
          id);
    }
  }

  private void store(TaskMessage task, ResultMessage result) {
    if (wantsResult(task)) {
      await(backend.store(ResultTarget.of(task), result), task.id());
    }
  }

  private void await(CompletableFuture<Void> stored, String taskId) {
    try {
      stored.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new ResultNotStoredException(
          "The result of task "
              + taskId
              + " was not stored by "
              + backend.url()
              + " within "
              + timeout
              + "; check the broker's health (memory or disk alarm?)",
          e);
    } catch (ExecutionException e) {
      throw new ResultNotStoredException(
          "The result of task "
              + taskId
              + " was not stored by "
              + backend.url()
              + ": "
              + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResultNotStoredException(
          "Interrupted while storing the result of task " + taskId, e);
    }
  }
}
