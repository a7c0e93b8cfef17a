package dev.celeriac.state;

import java.util.Locale;

/**
 * The states of a task, named as Celery names them on the wire ({@code celery/states.py}).
 *
 * <p>PENDING is never sent: it is what a caller sees before any message about the task arrived.
 * RECEIVED and REJECTED exist only as events ({@link dev.celeriac.protocol.TaskEventType}).
 * SUCCESS, FAILURE and REVOKED are final ({@link #isReady()}, Celery's {@code READY_STATES});
 * REJECTED is not: Celery counts it among {@code UNREADY_STATES}, because a message rejected with
 * requeue is delivered and run again. The allowed moves between states are in {@link
 * TaskStateTransitions}.
 */
public enum TaskState {
  PENDING,
  RECEIVED,
  STARTED,
  RETRY,
  SUCCESS,
  FAILURE,
  REVOKED,
  /** A worker rejected the message ({@code Reject}); requeued, it runs again. Events only. */
  REJECTED;

  /**
   * True for the final states, after which no other state is expected: Celery's {@code
   * READY_STATES}.
   */
  public boolean isReady() {
    return this == SUCCESS || this == FAILURE || this == REVOKED;
  }

  /** The wire name, e.g. {@code "SUCCESS"}. */
  public String wireName() {
    return name();
  }

  /**
   * Reads a wire name such as {@code "SUCCESS"}.
   *
   * @throws IllegalArgumentException for a name that is not a state
   */
  public static TaskState fromWire(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
