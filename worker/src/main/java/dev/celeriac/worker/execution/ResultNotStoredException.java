package dev.celeriac.worker.execution;

import dev.celeriac.error.CeleriacException;

/**
 * The result backend did not store a task's result, though retried with backoff for the retry
 * timeout (or the wait was interrupted by a shutdown). The worker then puts the task back in its
 * queue rather than acknowledge a task whose caller may never hear of it.
 */
public final class ResultNotStoredException extends CeleriacException {

  public ResultNotStoredException(String message, Throwable cause) {
    super(message, cause);
  }
}
