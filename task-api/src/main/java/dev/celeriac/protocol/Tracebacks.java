package dev.celeriac.protocol;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The {@code traceback} text of a failure result for a Java exception.
 *
 * <pre>{@code
 * new ResultMessage(id, TaskState.FAILURE, ResultCodec.encodeException(RemoteException.of(e)),
 *     Tracebacks.format(e), null);
 * }</pre>
 *
 * <p>Celery puts the Python traceback there; Celeriac puts Java's stack trace (the text of {@link
 * Throwable#printStackTrace()}, with causes and suppressed exceptions). Python clients only display
 * it.
 */
public final class Tracebacks {

  private Tracebacks() {}

  /** The stack trace of {@code exception} including its causes, lines ending in {@code \n}. */
  public static String format(Throwable exception) {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      exception.printStackTrace(out);
    }
    // printStackTrace uses the platform line separator; the wire text should not depend on it.
    return text.toString().replace(System.lineSeparator(), "\n");
  }
}
