package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.state.TaskState;
import java.util.function.Predicate;

/**
 * Reports a task's state changes to its caller, Celery's way: builds the result messages (STARTED
 * with pid and hostname, SUCCESS, FAILURE and the failure of the chain steps that will now never
 * run, RETRY, REVOKED) and stores them through the {@link ResultStore}, addressed with this
 * worker's node name and the task's delivery routing key (which durable backends keep with Celery's
 * {@code result_extended}). Whether a task wants results at all is decided here, once ({@link
 * #wantsResult}).
 *
 * <pre>{@code
 * StateReporter states = new StateReporter(store, "celery@host", registry::ignoresResult);
 * states.success(message, "celery", result); // returns once the backend stored it
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Stateless and thread-safe; every call but {@link #started} blocks until the result is stored or
 * the store's retries ran out.
 */
public final class StateReporter {

  private final ResultStore store;
  private final String hostname;
  private final Predicate<String> taskIgnoresResult;
  private final ChordJoiner chords;

  /**
   * @param hostname this worker's node name, in STARTED results and extended results
   * @param taskIgnoresResult whether a task name is declared {@code @Task(ignoreResult = true)};
   *     such tasks report nothing whatever the caller asked, as in Celery
   */
  public StateReporter(ResultStore store, String hostname, Predicate<String> taskIgnoresResult) {
    this(store, hostname, taskIgnoresResult, null);
  }

  /**
   * @param chords where a chord header member's final state goes after it is stored, or null
   */
  public StateReporter(
      ResultStore store, String hostname, Predicate<String> taskIgnoresResult, ChordJoiner chords) {
    this.store = store;
    this.hostname = hostname;
    this.taskIgnoresResult = taskIgnoresResult;
    this.chords = chords;
  }

  /**
   * Whether {@code task} gets result messages: not when the caller sent {@code ignore_result}, nor
   * when the task is declared {@code @Task(ignoreResult = true)}. (Where the result goes, e.g. that
   * {@code rpc://} needs a {@code reply_to}, is the backend's business.)
   */
  public boolean wantsResult(TaskMessage task) {
    return !task.headers().ignoreResult() && !taskIgnoresResult.test(task.taskName());
  }

  /**
   * STARTED with {@code {"pid": .., "hostname": ..}}; neither awaited nor retried (the backend
   * keeps order, and a lost STARTED only hides that the task runs).
   *
   * @param routingKey the routing key the task was delivered with
   */
  public void started(TaskMessage task, String routingKey) {
    ObjectNode info = JsonNodeFactory.instance.objectNode();
    info.put("pid", ProcessHandle.current().pid());
    info.put("hostname", hostname);
    if (wantsResult(task)) {
      store.storeWithoutWaiting(
          target(task, routingKey),
          new ResultMessage(task.id(), TaskState.STARTED, info, null, null));
    }
  }

  /** SUCCESS with the return value, stored. */
  public void success(TaskMessage task, String routingKey, JsonNode value) {
    store(task, routingKey, new ResultMessage(task.id(), TaskState.SUCCESS, value, null, null));
    joinChord(task, routingKey, TaskState.SUCCESS, value);
  }

  /** FAILURE with the encoded exception and traceback, stored; the remaining chain steps too. */
  public void failure(
      TaskMessage task, String routingKey, RemoteException error, String traceback) {
    JsonNode encoded = ResultCodec.encodeException(error);
    store(
        task,
        routingKey,
        new ResultMessage(task.id(), TaskState.FAILURE, encoded, traceback, null));
    failRemainingChainSteps(task, encoded, traceback);
    joinChord(task, routingKey, TaskState.FAILURE, encoded);
  }

  /** RETRY with the exception that caused it, stored. */
  public void retry(TaskMessage task, String routingKey, RemoteException cause, String traceback) {
    JsonNode encoded = ResultCodec.encodeException(cause);
    store(
        task, routingKey, new ResultMessage(task.id(), TaskState.RETRY, encoded, traceback, null));
  }

  /** REVOKED with Celery's {@code TaskRevokedError(reason)}, stored. */
  public void revoked(TaskMessage task, String routingKey, String reason) {
    RemoteException error = Failures.python("celery.exceptions", "TaskRevokedError", reason);
    JsonNode encoded = ResultCodec.encodeException(error);
    store(task, routingKey, new ResultMessage(task.id(), TaskState.REVOKED, encoded, null, null));
    joinChord(task, routingKey, TaskState.REVOKED, encoded);
  }

  /**
   * A chord header member's final state joins its chord after it is stored, whether or not the task
   * wants its own result (Celery's {@code mark_as_done} does the same). The routing key stands for
   * the queue a body that names none is sent to.
   */
  private void joinChord(TaskMessage task, String routingKey, TaskState state, JsonNode result) {
    if (chords != null) {
      chords.partReturned(task, routingKey, state, result);
    }
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
      store.store(
          new ResultTarget(id, replyTo, null, null),
          new ResultMessage(id, TaskState.FAILURE, error, traceback, null));
    }
  }

  private void store(TaskMessage task, String routingKey, ResultMessage result) {
    if (wantsResult(task)) {
      store.store(target(task, routingKey), result);
    }
  }

  private ResultTarget target(TaskMessage task, String routingKey) {
    return ResultTarget.of(task, hostname, routingKey);
  }
}
