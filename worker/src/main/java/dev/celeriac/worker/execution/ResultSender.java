package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.broker.AmqpProperties;
import dev.celeriac.broker.ConfirmingPublisher;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.state.TaskState;

/**
 * Publishes {@code rpc://} state changes to a task's {@code reply_to}: to the default exchange,
 * routing key = reply_to, correlation id = the task's, transient, no headers (as Celery does).
 * Tasks without a reply_to or with ignore_result get nothing.
 */
public final class ResultSender {

  private final ConfirmingPublisher publisher;
  private final ResultCodec codec = new ResultCodec();
  private final String hostname;

  private final java.util.function.Predicate<String> taskIgnoresResult;

  /**
   * @param taskIgnoresResult whether a task name is declared {@code @Task(ignoreResult = true)};
   *     such tasks send no result whatever the caller asked, as in Celery
   */
  public ResultSender(
      ConfirmingPublisher publisher,
      String hostname,
      java.util.function.Predicate<String> taskIgnoresResult) {
    this.taskIgnoresResult = taskIgnoresResult;
    this.publisher = publisher;
    this.hostname = hostname;
  }

  /**
   * STARTED with {@code {"pid": .., "hostname": ..}}; not awaited, order is kept by the channel.
   */
  public void started(TaskMessage task) {
    ObjectNode info = JsonNodeFactory.instance.objectNode();
    info.put("pid", ProcessHandle.current().pid());
    info.put("hostname", hostname);
    send(task, new ResultMessage(task.id(), TaskState.STARTED, info, null, null), false);
  }

  /** SUCCESS with the return value, confirmed. */
  public void success(TaskMessage task, JsonNode value) {
    send(task, new ResultMessage(task.id(), TaskState.SUCCESS, value, null, null), true);
  }

  /** FAILURE with the encoded exception and traceback, confirmed. */
  public void failure(TaskMessage task, RemoteException error, String traceback) {
    send(
        task,
        new ResultMessage(
            task.id(), TaskState.FAILURE, ResultCodec.encodeException(error), traceback, null),
        true);
    failRemainingChainSteps(task, error, traceback);
  }

  /**
   * The steps after a failed one will never run: they get the same FAILURE, each at its own task id
   * and reply queue, so callers waiting on a later step learn it (Celery's {@code mark_as_failure}
   * does the same).
   */
  private void failRemainingChainSteps(TaskMessage task, RemoteException error, String traceback) {
    com.fasterxml.jackson.databind.JsonNode chain = task.body().embed().chain();
    if (chain == null || !chain.isArray()) {
      return;
    }
    for (com.fasterxml.jackson.databind.JsonNode step : chain) {
      com.fasterxml.jackson.databind.JsonNode options = step.path("options");
      String id = options.path("task_id").asText(null);
      String replyTo = options.path("reply_to").asText(task.properties().replyTo());
      if (id == null || replyTo == null || replyTo.isEmpty()) {
        continue;
      }
      ResultMessage result =
          new ResultMessage(
              id, TaskState.FAILURE, ResultCodec.encodeException(error), traceback, null);
      publisher.await(
          publisher.publishAsync("", replyTo, AmqpProperties.forResult(id), codec.encode(result)),
          replyTo);
    }
  }

  /** RETRY with the exception that caused it, confirmed. */
  public void retry(TaskMessage task, RemoteException cause, String traceback) {
    send(
        task,
        new ResultMessage(
            task.id(), TaskState.RETRY, ResultCodec.encodeException(cause), traceback, null),
        true);
  }

  /** REVOKED with Celery's {@code TaskRevokedError(reason)}, confirmed. */
  public void revoked(TaskMessage task, String reason) {
    RemoteException error = Failures.python("celery.exceptions", "TaskRevokedError", reason);
    send(
        task,
        new ResultMessage(
            task.id(), TaskState.REVOKED, ResultCodec.encodeException(error), null, null),
        true);
  }

  /** Whether this task gets result messages at all. */
  public static boolean wantsResult(TaskMessage task) {
    String replyTo = task.properties().replyTo();
    return !task.headers().ignoreResult() && replyTo != null && !replyTo.isEmpty();
  }

  private void send(TaskMessage task, ResultMessage result, boolean await) {
    if (!wantsResult(task) || taskIgnoresResult.test(task.taskName())) {
      return;
    }
    String correlationId =
        task.properties().correlationId() != null ? task.properties().correlationId() : task.id();
    var confirmed =
        publisher.publishAsync(
            "",
            task.properties().replyTo(),
            AmqpProperties.forResult(correlationId),
            codec.encode(result));
    if (await) {
      publisher.await(confirmed, task.properties().replyTo());
    }
  }
}
