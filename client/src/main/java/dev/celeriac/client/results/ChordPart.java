package dev.celeriac.client.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.state.TaskState;
import java.util.Objects;

/**
 * One chord header task's final state, as a backend's chord join records it (Celery's {@code [1,
 * task_id, state, encoded result]} member of the Redis join set).
 *
 * <pre>{@code
 * ChordPart part = new ChordPart(groupId, request.id(), 0, TaskState.SUCCESS, IntNode.valueOf(2));
 * Optional<List<ChordPart>> all = backend.chordPartReturned(part); // present for the last part
 * }</pre>
 *
 * @param groupId the chord's group id (the header members' {@code group} header)
 * @param taskId the header task's id
 * @param groupIndex its position in the header ({@code group_index}), or null when the message had
 *     none (Celery then sorts it last)
 * @param state its final state: SUCCESS, FAILURE or REVOKED
 * @param result the return value, or for FAILURE and REVOKED the exception encoded as Celery
 *     encodes it ({@code {"exc_type", "exc_message", "exc_module"}})
 */
public record ChordPart(
    String groupId, String taskId, Integer groupIndex, TaskState state, JsonNode result) {

  public ChordPart {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(state, "state");
  }

  /** Whether this part stops the chord: Celery's PROPAGATE_STATES (FAILURE, REVOKED). */
  public boolean propagates() {
    return state == TaskState.FAILURE || state == TaskState.REVOKED;
  }
}
