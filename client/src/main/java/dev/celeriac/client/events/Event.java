package dev.celeriac.client.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.protocol.TaskEventType;
import dev.celeriac.protocol.WorkerEventType;
import java.util.Optional;

/**
 * One Celery event as received: its {@code type} (e.g. {@code task-succeeded}, {@code
 * worker-heartbeat}), the sending node, its timestamp (epoch seconds) and every field as sent.
 *
 * <pre>{@code
 * if (event.isTaskEvent()) {
 *   System.out.println(event.type() + " " + event.uuid() + " on " + event.hostname());
 * }
 * }</pre>
 *
 * @param body the whole event object; treat it as read-only
 */
public record Event(String type, String hostname, double timestamp, ObjectNode body) {

  /** An event from its JSON object. */
  public static Event of(ObjectNode body) {
    return new Event(
        body.path("type").asText(""),
        body.path("hostname").asText(""),
        body.path("timestamp").asDouble(0),
        body);
  }

  /** The task event type, or empty for a worker event or a custom type. */
  public Optional<TaskEventType> taskEventType() {
    return TaskEventType.fromWire(type);
  }

  /** The worker event type, or empty for a task event or another type. */
  public Optional<WorkerEventType> workerEventType() {
    return WorkerEventType.fromWire(type);
  }

  /** True for {@code task-*} events. */
  public boolean isTaskEvent() {
    return type.startsWith("task-");
  }

  /** True for {@code worker-*} events. */
  public boolean isWorkerEvent() {
    return type.startsWith("worker-");
  }

  /** The task id of a task event, or null. */
  public String uuid() {
    return text("uuid");
  }

  /** A text field, or null when absent or null. */
  public String text(String field) {
    var value = body.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
