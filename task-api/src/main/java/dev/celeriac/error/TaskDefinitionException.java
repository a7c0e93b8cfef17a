package dev.celeriac.error;

/**
 * A {@code @Task} method that cannot be registered: a duplicate name, a signature the worker cannot
 * call, or a class it cannot instantiate. The message names the places involved.
 */
public class TaskDefinitionException extends CeleriacException {

  public TaskDefinitionException(String message) {
    super(message);
  }

  public TaskDefinitionException(String message, Throwable cause) {
    super(message, cause);
  }
}
