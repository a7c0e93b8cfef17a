package dev.celeriac.client.results;

import dev.celeriac.protocol.TaskMessage;
import java.util.Objects;

/**
 * Whose result is being stored, and where its caller looks for it.
 *
 * @param taskId the task the result belongs to
 * @param replyTo the caller's reply queue ({@code rpc://}), or null when the caller gave none
 * @param correlationId the id the caller matches replies by ({@code rpc://}); usually the task id
 * @param groupId the group the task is a member of, or null (durable backends count chord parts by
 *     it)
 */
public record ResultTarget(String taskId, String replyTo, String correlationId, String groupId) {

  public ResultTarget {
    Objects.requireNonNull(taskId, "taskId");
    if (replyTo != null && replyTo.isEmpty()) {
      replyTo = null;
    }
    if (correlationId == null) {
      correlationId = taskId;
    }
  }

  /** The target of the task a worker received. */
  public static ResultTarget of(TaskMessage request) {
    return new ResultTarget(
        request.id(),
        request.properties().replyTo(),
        request.properties().correlationId(),
        request.headers().group());
  }
}
