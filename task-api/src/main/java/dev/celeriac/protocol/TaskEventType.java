package dev.celeriac.protocol;

import dev.celeriac.state.TaskState;
import java.util.Optional;

/**
 * Celery's task event types, the one table of what each is called on the wire, which {@link
 * TaskState} it reports and whether the task is over after it. It follows Celery 5.2's {@code
 * TASK_EVENT_TO_STATE} ({@code celery/events/state.py}) and {@code READY_STATES} ({@code
 * celery/states.py}).
 *
 * <p>{@code task-rejected} reports REJECTED, which is not final, as in Celery (REJECTED is one of
 * its {@code UNREADY_STATES}): a message rejected with {@code requeue} is delivered and run again,
 * and the events that follow move the task on. A rejection without requeue sends the message to its
 * dead-letter queue, so no further event will come; a watcher that waits for a task's end checks
 * the event's {@code requeue} field for that.
 *
 * <pre>{@code
 * TaskEventType.fromWire("task-succeeded")           // Optional[SUCCEEDED]
 *     .map(t -> t.state() + " final=" + t.isFinal()); // "SUCCESS final=true"
 * }</pre>
 */
public enum TaskEventType {
  /** Published by the client that sent the task (Celery's {@code task_send_sent_event}). */
  SENT("task-sent", TaskState.PENDING),
  RECEIVED("task-received", TaskState.RECEIVED),
  STARTED("task-started", TaskState.STARTED),
  SUCCEEDED("task-succeeded", TaskState.SUCCESS),
  FAILED("task-failed", TaskState.FAILURE),
  RETRIED("task-retried", TaskState.RETRY),
  REVOKED("task-revoked", TaskState.REVOKED),
  REJECTED("task-rejected", TaskState.REJECTED);

  private static final String PREFIX = "task-";

  private final String wireName;
  private final TaskState state;

  TaskEventType(String wireName, TaskState state) {
    this.wireName = wireName;
    this.state = state;
  }

  /** The event's {@code type} field, e.g. {@code task-succeeded}. */
  public String wireName() {
    return wireName;
  }

  /** The type without {@code task-}, e.g. {@code succeeded}: Celery's event "subject". */
  public String subject() {
    return wireName.substring(PREFIX.length());
  }

  /** The routing key on {@code celeryev}: the type with dots, e.g. {@code task.succeeded}. */
  public String routingKey() {
    return wireName.replace('-', '.');
  }

  /** The state a task is in after this event. */
  public TaskState state() {
    return state;
  }

  /** Whether the task is over after this event: its state is one of Celery's READY_STATES. */
  public boolean isFinal() {
    return state.isReady();
  }

  /** Whether a client sends this event ({@code task-sent}); workers send all the others. */
  public boolean fromClient() {
    return this == SENT;
  }

  /** The type of an event's {@code type} field, or empty for another or a custom one. */
  public static Optional<TaskEventType> fromWire(String type) {
    for (TaskEventType t : values()) {
      if (t.wireName.equals(type)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
