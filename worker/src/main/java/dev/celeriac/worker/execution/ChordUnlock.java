package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.Retry;
import dev.celeriac.client.Signature;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.state.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Celery's built-in {@code celery.chord_unlock} ({@code celery/app/builtins.py}, {@code
 * unlock_chord}), which joins a chord on a durable backend that has no join of its own: it reads
 * every header task's result by id ({@link ResultBackend#fetchAll}); until all are final it retries
 * itself every {@code interval} seconds (default one second, Celery's {@code
 * result_chord_retry_interval}); then it applies the body with the results in header order, or,
 * when one failed, stores the body's {@code ChordError} FAILURE and sends its errbacks.
 *
 * <p>Message: args {@code [group_id, body]}, kwargs {@code {"interval": null | seconds,
 * "max_retries": null | n, "result": [[[task_id, null], null], ...]}}, {@code ignore_result}.
 *
 * <h2>Concurrency</h2>
 *
 * Stateless and thread-safe.
 */
public final class ChordUnlock {

  public static final String NAME = "celery.chord_unlock";
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  private static final Logger log =
      LoggerFactory.getLogger("dev.celeriac.worker.pipeline.DeliveryPipeline");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ResultBackend backend;
  private final ChordBodies bodies;

  public ChordUnlock(ResultBackend backend, ChordBodies bodies) {
    this.backend = backend;
    this.bodies = bodies;
  }

  /** The {@code celery.chord_unlock} call that joins {@code memberIds}, as Celery sends it. */
  public static Signature<Object> signature(String groupId, JsonNode body, List<String> memberIds) {
    ObjectNode sig = NODES.objectNode();
    sig.put("task", NAME);
    sig.putArray("args").add(groupId).add(body);
    ObjectNode kwargs = sig.putObject("kwargs");
    kwargs.putNull("interval");
    kwargs.putNull("max_retries");
    ArrayNode result = kwargs.putArray("result");
    for (String id : memberIds) {
      result.addArray().add(NODES.arrayNode().add(id).addNull()).addNull();
    }
    ObjectNode options = sig.putObject("options").put("ignore_result", true);
    // With the body's priority, as Celery's fallback_chord_unlock.
    JsonNode priority = body.path("options").get("priority");
    if (priority != null && priority.canConvertToInt()) {
      options.put("priority", priority.asInt());
    }
    sig.putNull("subtask_type");
    sig.put("immutable", true);
    return Signature.fromJson(sig);
  }

  /**
   * One poll of the chord's header.
   *
   * @param queue where the body goes unless it names a queue
   * @throws Retry when a header task is not final yet, or the backend failed: the message is sent
   *     again, due after the interval
   * @throws ArgumentException when the message is not a {@code chord_unlock} call
   */
  public void run(TaskMessage task, String queue) {
    ArrayNode args = task.body().args();
    ObjectNode kwargs = task.body().kwargs();
    JsonNode groupId = args.size() > 0 ? args.get(0) : kwargs.get("group_id");
    JsonNode callback = args.size() > 1 ? args.get(1) : kwargs.get("callback");
    JsonNode result = kwargs.get("result");
    if (groupId == null
        || !groupId.isTextual()
        || callback == null
        || !callback.isObject()
        || result == null
        || !result.isArray()) {
      throw new ArgumentException(
          NAME
              + "() takes group_id and callback (a signature) and the keyword argument result (a"
              + " list of [[task_id, parent], children] tuples)");
    }
    List<String> ids = new ArrayList<>(result.size());
    for (JsonNode tuple : result) {
      JsonNode id = tuple.path(0).path(0);
      if (!id.isTextual()) {
        throw new ArgumentException(
            NAME + "(): a result is not a [[task_id, parent], children] tuple: " + tuple);
      }
      ids.add(id.textValue());
    }
    Duration interval = interval(kwargs.get("interval"));
    JsonNode maxRetries = kwargs.get("max_retries");
    Integer limit =
        maxRetries == null || maxRetries.isNull() ? Integer.MAX_VALUE : maxRetries.asInt();
    Signature<Object> body = Signature.fromJson(callback);

    List<ResultMessage> states = new ArrayList<>(ids.size());
    int pending = 0;
    try {
      // One round trip where the backend can (PostgreSQL: one query for the whole header).
      for (Optional<ResultMessage> stored : backend.fetchAll(ids)) {
        if (stored.isEmpty() || !stored.get().status().isReady()) {
          pending++;
        } else {
          states.add(stored.get());
        }
      }
    } catch (RuntimeException e) {
      throw new Retry(interval, e, limit);
    }
    if (pending > 0) {
      throw new Retry(
          interval,
          new IllegalStateException(
              "chord "
                  + groupId.textValue()
                  + " waits for "
                  + pending
                  + " of "
                  + ids.size()
                  + " header tasks"),
          limit);
    }
    for (ResultMessage state : states) {
      // The first failed member in header order stops the chord, as join(propagate=True) does.
      if (state.status() == TaskState.FAILURE || state.status() == TaskState.REVOKED) {
        var error = ChordErrors.dependency(state.taskId(), state.result());
        log.error("Chord {} raised: ChordError('{}')", groupId.textValue(), error.messageText());
        bodies.fail(body, error, task, queue);
        return;
      }
    }
    ArrayNode values = NODES.arrayNode();
    states.forEach(state -> values.add(state.result()));
    try {
      bodies.apply(body, values, task, queue);
    } catch (dev.celeriac.broker.PublishException e) {
      throw e;
    } catch (RuntimeException e) {
      log.error("Chord {} callback error: {}", groupId.textValue(), e.toString());
      bodies.fail(body, ChordErrors.callback(e), task, queue);
    }
  }

  private static Duration interval(JsonNode seconds) {
    if (seconds == null || seconds.isNull() || !seconds.isNumber() || seconds.asDouble() <= 0) {
      return DEFAULT_INTERVAL;
    }
    return Duration.ofNanos((long) (seconds.asDouble() * 1e9));
  }
}
