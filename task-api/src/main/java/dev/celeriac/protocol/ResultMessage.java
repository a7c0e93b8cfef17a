package dev.celeriac.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.state.TaskState;
import java.util.Objects;

/**
 * One state change of a task as the {@code rpc://} backend sends it: {@code {"task_id": ..,
 * "status": "SUCCESS", "result": 5, "traceback": null, "children": []}}.
 *
 * @param taskId the task id
 * @param status the new state
 * @param result the return value (SUCCESS), an encoded exception (FAILURE, RETRY, REVOKED) or
 *     {@code {"pid": .., "hostname": ..}} (STARTED); JSON null when absent
 * @param traceback the stack trace text for failures, or null
 * @param children result tuples of tasks this task launched (raw JSON array)
 */
public record ResultMessage(
    String taskId, TaskState status, JsonNode result, String traceback, JsonNode children) {

  public ResultMessage {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(status, "status");
  }
}
