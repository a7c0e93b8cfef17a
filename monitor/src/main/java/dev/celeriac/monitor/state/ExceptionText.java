package dev.celeriac.monitor.state;

/**
 * The exception a task event names, as the monitor shows it. Celery's {@code task-failed} and
 * {@code task-retried} carry the exception's repr, shown as it is (as flower does), except when it
 * is billiard's wrapper: a Python worker running the solo or threads pool sends {@code
 * ExceptionWithTraceback()}, which names nothing (the prefork pool unwraps it on its way back from
 * the child process). The traceback's last line then names the real exception and its message.
 */
public final class ExceptionText {

  private static final String WRAPPER = "ExceptionWithTraceback";

  private ExceptionText() {}

  /**
   * {@code exception} as it is, or the last line of {@code traceback} when {@code exception} is
   * billiard's wrapper and there is a traceback.
   *
   * @param exception the event's {@code exception} field (a Python repr), or null
   * @param traceback the event's {@code traceback} field, or null
   */
  public static String describe(String exception, String traceback) {
    if (exception == null || !isWrapper(exception.strip())) {
      return exception;
    }
    String last = lastLine(traceback);
    return last == null ? exception : last;
  }

  /** {@code ExceptionWithTraceback()}, with or without its module, as repr gives it. */
  private static boolean isWrapper(String repr) {
    int open = repr.indexOf('(');
    if (open < 0 || !repr.endsWith(")")) {
      return false;
    }
    String type = repr.substring(0, open);
    return type.equals(WRAPPER) || type.endsWith("." + WRAPPER);
  }

  private static String lastLine(String traceback) {
    if (traceback == null) {
      return null;
    }
    String[] lines = traceback.strip().split("\\R");
    String last = lines[lines.length - 1].strip();
    return last.isEmpty() ? null : last;
  }
}
