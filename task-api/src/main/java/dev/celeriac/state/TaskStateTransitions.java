package dev.celeriac.state;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of allowed state changes. A caller folds incoming result messages through it, so a
 * late STARTED after SUCCESS (results may arrive out of order or twice) does not move a finished
 * task back.
 */
public final class TaskStateTransitions {

  private static final Map<TaskState, Set<TaskState>> ALLOWED = new EnumMap<>(TaskState.class);

  static {
    // Before anything is known every state may arrive first: STARTED is optional, RECEIVED is an
    // event.
    ALLOWED.put(TaskState.PENDING, EnumSet.complementOf(EnumSet.of(TaskState.PENDING)));
    ALLOWED.put(
        TaskState.RECEIVED,
        EnumSet.of(
            TaskState.STARTED,
            TaskState.RETRY,
            TaskState.SUCCESS,
            TaskState.FAILURE,
            TaskState.REVOKED,
            TaskState.REJECTED));
    ALLOWED.put(
        TaskState.STARTED,
        EnumSet.of(
            TaskState.RETRY,
            TaskState.SUCCESS,
            TaskState.FAILURE,
            TaskState.REVOKED,
            TaskState.REJECTED));
    // A retried task is started again, or revoked/expired before its next run.
    ALLOWED.put(
        TaskState.RETRY,
        EnumSet.of(
            TaskState.STARTED,
            TaskState.RETRY,
            TaskState.SUCCESS,
            TaskState.FAILURE,
            TaskState.REVOKED,
            TaskState.REJECTED));
    // A message rejected with requeue is delivered again, and runs like a new one.
    ALLOWED.put(
        TaskState.REJECTED,
        EnumSet.of(
            TaskState.RECEIVED,
            TaskState.STARTED,
            TaskState.RETRY,
            TaskState.SUCCESS,
            TaskState.FAILURE,
            TaskState.REVOKED));
    // Final states stay final.
    ALLOWED.put(TaskState.SUCCESS, EnumSet.noneOf(TaskState.class));
    ALLOWED.put(TaskState.FAILURE, EnumSet.noneOf(TaskState.class));
    ALLOWED.put(TaskState.REVOKED, EnumSet.noneOf(TaskState.class));
  }

  private TaskStateTransitions() {}

  /** Whether a task in state {@code from} may move to {@code to}. */
  public static boolean isAllowed(TaskState from, TaskState to) {
    return ALLOWED.get(from).contains(to);
  }
}
