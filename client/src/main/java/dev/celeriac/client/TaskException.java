package dev.celeriac.client;

import dev.celeriac.error.CeleriacException;

/** About one task call; names the task and its id. */
public class TaskException extends CeleriacException {

  private final String taskId;
  private final String taskName;

  public TaskException(String taskId, String taskName, String message, Throwable cause) {
    super(message, cause);
    this.taskId = taskId;
    this.taskName = taskName;
  }

  public String taskId() {
    return taskId;
  }

  public String taskName() {
    return taskName;
  }
}
