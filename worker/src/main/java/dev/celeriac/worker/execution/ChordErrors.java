package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.protocol.PythonRepr;
import dev.celeriac.protocol.RemoteException;

/**
 * Celery's {@code ChordError} as a chord body's FAILURE: {@code {"exc_type": "ChordError",
 * "exc_message": ["Dependency <id> raised ValueError('boom')"], "exc_module":
 * "celery.exceptions"}}, the reason worded as {@code _unpack_chord_result} and {@code unlock_chord}
 * word it.
 */
public final class ChordErrors {

  private ChordErrors() {}

  /** {@code Dependency <id> raised <repr of the exception>}. */
  public static RemoteException dependency(String taskId, JsonNode encodedException) {
    return chordError("Dependency " + taskId + " raised " + exceptionRepr(encodedException));
  }

  /** {@code Callback error: <repr>}: the body could not be applied. */
  public static RemoteException callback(RuntimeException e) {
    return chordError(
        "Callback error: " + e.getClass().getSimpleName() + "(" + quote(e.getMessage()) + ")");
  }

  /** The exception of a ChordError with {@code reason}. */
  public static RemoteException chordError(String reason) {
    return Failures.python("celery.exceptions", "ChordError", reason);
  }

  /**
   * Python's {@code repr(exc)} of an exception encoded as Celery encodes it: {@code
   * ValueError('boom')}, {@code KeyError('a', 1)}, {@code TaskRevokedError('revoked')}.
   */
  static String exceptionRepr(JsonNode encoded) {
    if (encoded == null || !encoded.isObject() || !encoded.hasNonNull("exc_type")) {
      return PythonRepr.repr(encoded);
    }
    StringBuilder out = new StringBuilder(encoded.get("exc_type").asText()).append('(');
    JsonNode args = encoded.path("exc_message");
    if (args.isArray()) {
      for (int i = 0; i < args.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(PythonRepr.repr(args.get(i)));
      }
    } else if (!args.isMissingNode() && !args.isNull()) {
      out.append(PythonRepr.repr(args));
    }
    return out.append(')').toString();
  }

  private static String quote(String message) {
    return PythonRepr.repr(
        com.fasterxml.jackson.databind.node.TextNode.valueOf(String.valueOf(message)));
  }
}
