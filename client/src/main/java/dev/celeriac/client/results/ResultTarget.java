package dev.celeriac.client.results;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.protocol.TaskMessage;
import java.util.Objects;

/**
 * Whose result is being stored, and where its caller looks for it.
 *
 * @param taskId the task the result belongs to
 * @param replyTo the caller's reply queue ({@code rpc://}), or null when the caller gave none
 * @param correlationId the id the caller matches replies by ({@code rpc://}); usually the task id
 * @param groupId the group the task is a member of, or null (durable backends write it as {@code
 *     group_id} and count chord parts by it)
 * @param parentId the task that published this one, or null (durable backends write it as {@code
 *     parent_id}, as Celery does for chain steps and callbacks)
 * @param request what the task was called with, or null; durable backends write it only with
 *     Celery's {@code result_extended} on
 */
public record ResultTarget(
    String taskId,
    String replyTo,
    String correlationId,
    String groupId,
    String parentId,
    Request request) {

  public ResultTarget {
    Objects.requireNonNull(taskId, "taskId");
    if (replyTo != null && replyTo.isEmpty()) {
      replyTo = null;
    }
    if (correlationId == null) {
      correlationId = taskId;
    }
  }

  /** A target without parent or request details, as {@code rpc://} needs it. */
  public ResultTarget(String taskId, String replyTo, String correlationId, String groupId) {
    this(taskId, replyTo, correlationId, groupId, null, null);
  }

  /** The target of the task a worker received; worker and queue of the request stay unknown. */
  public static ResultTarget of(TaskMessage request) {
    return of(request, null, null);
  }

  /**
   * The target of the task a worker received.
   *
   * @param worker the worker's node name (Celery's {@code hostname}, e.g. {@code celery@host}), or
   *     null
   * @param queue the routing key the task was delivered with, or null
   */
  public static ResultTarget of(TaskMessage request, String worker, String queue) {
    return new ResultTarget(
        request.id(),
        request.properties().replyTo(),
        request.properties().correlationId(),
        request.headers().group(),
        request.headers().parentId(),
        new Request(
            request.taskName(),
            request.body().args(),
            request.body().kwargs(),
            worker,
            request.headers().retries(),
            queue));
  }

  /**
   * The call behind a result, as Celery's {@code result_extended} stores it.
   *
   * @param name the registered task name
   * @param args positional arguments
   * @param kwargs keyword arguments
   * @param worker the node name of the worker that ran it, or null
   * @param retries how often it was retried before this run
   * @param queue the routing key it was delivered with, or null
   */
  public record Request(
      String name, ArrayNode args, ObjectNode kwargs, String worker, int retries, String queue) {}
}
