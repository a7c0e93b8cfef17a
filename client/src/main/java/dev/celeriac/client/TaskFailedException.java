package dev.celeriac.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.celeriac.protocol.RemoteException;

/**
 * The task raised an exception in the worker (or the worker could not run it: unknown name, bad
 * arguments). Carries the remote exception's type, module, arguments and traceback as the worker
 * sent them, whichever language the worker is written in.
 *
 * <pre>{@code
 * try {
 *   result.get(Duration.ofSeconds(10));
 * } catch (TaskFailedException e) {
 *   e.remoteType();   // "ValueError" or "IllegalArgumentException"
 *   e.traceback();    // the worker's stack trace text
 * }
 * }</pre>
 */
public class TaskFailedException extends TaskException {

  private final RemoteException remote;
  private final String traceback;

  public TaskFailedException(
      String taskId, String taskName, RemoteException remote, String traceback) {
    super(taskId, taskName, describe(taskId, taskName, remote), null);
    this.remote = remote;
    this.traceback = traceback;
  }

  private static String describe(String taskId, String taskName, RemoteException remote) {
    return "Task "
        + taskName
        + "["
        + taskId
        + "] failed: "
        + remote.qualifiedType()
        + ": "
        + messageText(remote.message());
  }

  static String messageText(ArrayNode args) {
    if (args == null || args.isEmpty()) {
      return "";
    }
    if (args.size() == 1 && args.get(0).isTextual()) {
      return args.get(0).asText();
    }
    return args.toString();
  }

  /** The exception class name, e.g. {@code ValueError}. */
  public String remoteType() {
    return remote.type();
  }

  /** The module or package, e.g. {@code builtins}, {@code java.lang}. */
  public String remoteModule() {
    return remote.module();
  }

  /** The exception's arguments as sent ({@code exc_message}). */
  public ArrayNode remoteArguments() {
    return remote.message();
  }

  /** The whole remote exception. */
  public RemoteException remote() {
    return remote;
  }

  /** The worker's traceback text, or null when it sent none. */
  public String traceback() {
    return traceback;
  }
}
