package dev.celeriac.backend.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.client.results.ChordPart;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Celery's task meta as its key-value backends store it, written byte for byte as Celery 5.2 does
 * ({@code celery/backends/base.py}, {@code _get_result_meta} and {@code _store_result}):
 *
 * <pre>
 * {"status": "SUCCESS", "result": 5, "traceback": null, "children": [],
 *  "date_done": "2026-12-04T16:01:45.523683", ["group_id": …,] ["parent_id": …,]
 *  ["name": …, "args": […], "kwargs": {…}, "worker": …, "retries": 0, "queue": …,]
 *  "task_id": "…"}
 * </pre>
 *
 * <p>{@code date_done} is naive UTC ({@code datetime.utcnow().isoformat()}: no offset, microseconds
 * only when non-zero) for SUCCESS, FAILURE and REVOKED, and null otherwise. The bracketed keys
 * appear only when the request has them; the extended ones only with {@code result_extended}.
 *
 * <p>Thread-safe and stateless.
 */
public final class MetaCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Celery refuses values beyond Redis's limit for a string (512 MiB) before sending them. */
  public static final int MAX_VALUE_BYTES = 512 * 1024 * 1024;

  private MetaCodec() {}

  /**
   * A stored meta: its status as written, and the result message when the status is one of Celery's
   * built-in states (null for a custom state set by {@code update_state}).
   */
  public record Stored(String status, ResultMessage message) {}

  /**
   * The meta JSON for one state change.
   *
   * @param now the time of the store, written as {@code date_done} when the state is final
   * @param extended whether to write the request's call ({@code result_extended})
   */
  public static byte[] encode(
      ResultTarget target, ResultMessage result, Instant now, boolean extended) {
    ObjectNode meta = NODES.objectNode();
    meta.put("status", result.status().wireName());
    meta.set("result", result.result() == null ? NODES.nullNode() : result.result());
    meta.set(
        "traceback",
        result.traceback() == null ? NODES.nullNode() : NODES.textNode(result.traceback()));
    meta.set("children", result.children() == null ? NODES.arrayNode() : result.children());
    if (result.status().isReady()) {
      meta.put("date_done", dateDone(now));
    } else {
      meta.putNull("date_done");
    }
    if (target.groupId() != null) {
      meta.put("group_id", target.groupId());
    }
    if (target.parentId() != null) {
      meta.put("parent_id", target.parentId());
    }
    ResultTarget.Request request = target.request();
    if (extended && request != null) {
      meta.put("name", request.name());
      meta.set("args", request.args() == null ? NODES.nullNode() : request.args());
      meta.set("kwargs", request.kwargs() == null ? NODES.nullNode() : request.kwargs());
      meta.put("worker", request.worker());
      meta.put("retries", request.retries());
      meta.put("queue", request.queue());
    }
    meta.put("task_id", target.taskId());
    return CeleryJson.writeBytes(meta);
  }

  /** {@code datetime.utcnow().isoformat()} at the instant: naive, microseconds when non-zero. */
  public static String dateDone(Instant instant) {
    LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    String seconds =
        String.format(
            Locale.ROOT,
            "%04d-%02d-%02dT%02d:%02d:%02d",
            utc.getYear(),
            utc.getMonthValue(),
            utc.getDayOfMonth(),
            utc.getHour(),
            utc.getMinute(),
            utc.getSecond());
    int micros = utc.getNano() / 1000;
    return micros == 0 ? seconds : seconds + String.format(Locale.ROOT, ".%06d", micros);
  }

  /**
   * Reads the value under a task's result key.
   *
   * @param key the key, named in every error
   * @param taskId the task the key belongs to; a meta naming another task is refused
   * @throws ProtocolException when the value is not Celery's JSON task meta for that task, naming
   *     the key and what was found instead
   */
  public static Stored decode(String key, String taskId, byte[] value) {
    JsonNode tree;
    try {
      tree = CeleryJson.read(value);
    } catch (ProtocolException e) {
      throw foreign(key, "it is not JSON (" + e.getMessage() + ")");
    }
    if (!tree.isObject()) {
      throw foreign(key, "it is a JSON " + tree.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    JsonNode status = tree.get("status");
    if (status == null || !status.isTextual()) {
      throw foreign(key, "it has no \"status\" string");
    }
    JsonNode id = tree.get("task_id");
    if (id != null && id.isTextual() && !id.textValue().equals(taskId)) {
      throw foreign(key, "it belongs to task '" + id.textValue() + "'");
    }
    TaskState state = celeryState(status.textValue());
    if (state == null) {
      return new Stored(status.textValue(), null);
    }
    JsonNode result = tree.get("result");
    JsonNode traceback = tree.get("traceback");
    if (traceback != null && !traceback.isNull() && !traceback.isTextual()) {
      throw foreign(key, "its \"traceback\" is not a string");
    }
    JsonNode children = tree.get("children");
    return new Stored(
        status.textValue(),
        new ResultMessage(
            taskId,
            state,
            result == null ? NODES.nullNode() : result,
            traceback == null || traceback.isNull() ? null : traceback.textValue(),
            children == null || children.isNull() ? NODES.arrayNode() : children));
  }

  /**
   * {@code {"result": [[group_id, null], [[[task_id, null], null], …]]}}: a saved group of plain
   * tasks, as {@code GroupResult.save()} writes it.
   */
  public static byte[] encodeGroup(String groupId, List<String> taskIds) {
    ArrayNode members = NODES.arrayNode();
    for (String id : taskIds) {
      members.add(NODES.arrayNode().add(NODES.arrayNode().add(id).addNull()).addNull());
    }
    ArrayNode result = NODES.arrayNode().add(NODES.arrayNode().add(groupId).addNull()).add(members);
    ObjectNode meta = NODES.objectNode();
    meta.set("result", result);
    return CeleryJson.writeBytes(meta);
  }

  /**
   * The member task ids of a saved group.
   *
   * @throws ProtocolException when the value is not a saved group of plain tasks, naming the key
   */
  public static List<String> decodeGroup(String key, byte[] value) {
    JsonNode tree;
    try {
      tree = CeleryJson.read(value);
    } catch (ProtocolException e) {
      throw foreign(key, "it is not JSON (" + e.getMessage() + ")");
    }
    JsonNode members = tree.path("result").path(1);
    if (!members.isArray()) {
      throw foreign(key, "it has no [[group_id, parent], [members…]] \"result\"");
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode member : members) {
      JsonNode id = member.path(0).path(0);
      if (!id.isTextual()) {
        throw foreign(key, "a member is not a [[task_id, parent], children] tuple: " + member);
      }
      ids.add(id.textValue());
    }
    return ids;
  }

  /**
   * {@code [1, "<task id>", "<state>", <encoded result>]}: one member of a chord's join set, as
   * {@code on_chord_part_return} encodes it.
   */
  public static byte[] encodeChordPart(ChordPart part) {
    ArrayNode tuple = NODES.arrayNode().add(1).add(part.taskId()).add(part.state().wireName());
    tuple.add(part.result() == null ? NODES.nullNode() : part.result());
    return CeleryJson.writeBytes(tuple);
  }

  /**
   * One member of a chord's join set, read back.
   *
   * @throws ProtocolException when it is not a {@code [1, task_id, state, result]} tuple, naming
   *     the key
   */
  public static ChordPart decodeChordPart(String key, String groupId, byte[] value) {
    JsonNode tree;
    try {
      tree = CeleryJson.read(value);
    } catch (ProtocolException e) {
      throw foreign(key, "a member is not JSON (" + e.getMessage() + ")");
    }
    TaskState state = tree.path(2).isTextual() ? celeryState(tree.path(2).textValue()) : null;
    if (!tree.isArray() || tree.size() != 4 || !tree.path(1).isTextual() || state == null) {
      throw foreign(key, "a member is not a [1, task_id, state, result] tuple: " + tree);
    }
    return new ChordPart(groupId, tree.get(1).textValue(), null, state, tree.get(3));
  }

  /** The built-in state named exactly as Celery writes it, or null for a custom state. */
  private static TaskState celeryState(String status) {
    for (TaskState state : TaskState.values()) {
      if (state.wireName().equals(status)) {
        return state;
      }
    }
    return null;
  }

  private static ProtocolException foreign(String key, String why) {
    return new ProtocolException(
        "The value under Redis key '"
            + key
            + "' is not a Celery result: "
            + why
            + ". Another application may use the same key names in this database; give Celeriac"
            + " a database of its own or delete the key.");
  }
}
