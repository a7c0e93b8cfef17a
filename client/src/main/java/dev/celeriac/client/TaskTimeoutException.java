package dev.celeriac.client;

import java.time.Duration;

/**
 * No final state arrived within the wait. The task may still be queued or running; waiting again
 * may succeed.
 */
public class TaskTimeoutException extends TaskException {

  public TaskTimeoutException(String taskId, String taskName, Duration waited, String lastState) {
    super(
        taskId,
        taskName,
        "Task "
            + taskName
            + "["
            + taskId
            + "] did not finish within "
            + waited
            + " (last state "
            + lastState
            + "). Is a worker consuming its queue?",
        null);
  }
}
