package dev.celeriac.state;

import java.util.Locale;

/**
 * The states of a task, named as Celery names them on the wire.
 *
 * <p>PENDING is never sent: it is what a caller sees before any message about the task arrived.
 * RECEIVED exists only as an event. SUCCESS, FAILURE and REVOKED are final ({@link #isReady()}).
 * The allowed moves between states are in {@link TaskStateTransitions}.
 */
public enum TaskState {
  PENDING,
  RECEIVED,
  STARTED,
  RETRY,
  SUCCESS,
  FAILURE,
  REVOKED;

  /** True for the final states, after which no other state is expected. */
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
