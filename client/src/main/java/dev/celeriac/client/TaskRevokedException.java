package dev.celeriac.client;

/** The task was revoked, or had expired, before it ran. */
public class TaskRevokedException extends TaskException {

  public TaskRevokedException(String taskId, String taskName, String reason) {
    super(taskId, taskName, "Task " + taskName + "[" + taskId + "] was not run: " + reason, null);
  }
}
