package dev.celeriac.worker.execution;

import dev.celeriac.error.CeleriacException;

/**
 * The message's arguments do not fit the task's parameters: wrong count, unknown keyword, or a
 * value that cannot be converted. Reported to the caller as Python's {@code TypeError}, which is
 * what Celery raises for the same mistakes.
 */
public class ArgumentException extends CeleriacException {

  public ArgumentException(String message) {
    super(message);
  }

  public ArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
