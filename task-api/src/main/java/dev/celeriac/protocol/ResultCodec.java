package dev.celeriac.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.error.ProtocolException;

/** Encodes and decodes {@code rpc://} result messages. Thread-safe and stateless. */
public final class ResultCodec {

  /** The result body, written as Python's {@code json.dumps} writes it. */
  public byte[] encode(ResultMessage result) {
    throw new UnsupportedOperationException("todo");
  }

  /**
   * Reads a result body; extra keys (newer Celery's {@code date_done}, extended fields) are
   * ignored.
   *
   * @throws ProtocolException when the body is not a result object
   */
  public ResultMessage decode(byte[] body) {
    throw new UnsupportedOperationException("todo");
  }

  /** {@code {"exc_type": .., "exc_message": [..], "exc_module": ..}}. */
  public static JsonNode encodeException(RemoteException exception) {
    throw new UnsupportedOperationException("todo");
  }

  /**
   * Reads an encoded exception; tolerates a string {@code exc_message} (older writers) by wrapping
   * it in a one-element array.
   *
   * @throws ProtocolException when {@code exc_type} is missing
   */
  public static RemoteException decodeException(JsonNode node) {
    throw new UnsupportedOperationException("todo");
  }
}
