package dev.celeriac.monitor.state;

/**
 * What the monitor knows about one task, folded from its events. Fields an event has not told yet
 * are null. Times are epoch seconds as Celery sends them.
 *
 * @param state Celery's state name: PENDING, RECEIVED, STARTED, SUCCESS, FAILURE, RETRY, REVOKED or
 *     REJECTED
 * @param args Python repr of the positional arguments, as events carry them
 * @param runtime seconds the task ran, from {@code task-succeeded}
 * @param exception Python repr of the exception, from {@code task-failed} or {@code task-retried};
 *     for billiard's uninformative wrapper, its traceback's last line ({@link ExceptionText})
 */
public record TaskView(
    String id,
    String name,
    String state,
    String args,
    String kwargs,
    String queue,
    String worker,
    String result,
    String exception,
    String traceback,
    Integer retries,
    Double runtime,
    String eta,
    String parentId,
    String rootId,
    Double sent,
    Double received,
    Double started,
    Double finished,
    double updated) {

  /** Whether the text appears in the id, name, args, kwargs, worker or state (case-insensitive). */
  public boolean matches(String text) {
    if (text == null || text.isBlank()) {
      return true;
    }
    String needle = text.strip().toLowerCase(java.util.Locale.ROOT);
    for (String field : new String[] {id, name, args, kwargs, worker, state, result, exception}) {
      if (field != null && field.toLowerCase(java.util.Locale.ROOT).contains(needle)) {
        return true;
      }
    }
    return false;
  }
}
