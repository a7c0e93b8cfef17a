package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.celeriac.protocol.RemoteException;

/**
 * Exceptions the worker reports under Celery's names, so Python callers rebuild the exception they
 * know ({@code celery.exceptions.NotRegistered}, {@code builtins.TypeError}, ...). A task's own
 * Java exceptions go through {@link RemoteException#of(Throwable)} instead.
 */
public final class Failures {

  private Failures() {}

  public static RemoteException python(String module, String type, String message) {
    ArrayNode args = JsonNodeFactory.instance.arrayNode();
    if (message != null) {
      args.add(message);
    }
    return new RemoteException(type, module, args);
  }
}
