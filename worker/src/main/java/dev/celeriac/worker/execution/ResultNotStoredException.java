package dev.celeriac.worker.execution;

import dev.celeriac.error.CeleriacException;

/**
 * The result backend did not store a task's result in time, or refused it. The worker then requeues
 * the task rather than acknowledge a task whose caller may never hear of it.
 */
public final class ResultNotStoredException extends CeleriacException {

  public ResultNotStoredException(String message, Throwable cause) {
    super(message, cause);
  }
}
