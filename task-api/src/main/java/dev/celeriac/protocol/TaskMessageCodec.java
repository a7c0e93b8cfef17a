package dev.celeriac.protocol;

import dev.celeriac.error.ProtocolException;
import java.util.Map;

/**
 * Encodes and decodes protocol v2 task messages with the JSON serializer, byte-compatible with
 * Celery 5.2 (docs/protocol.md). Thread-safe and stateless.
 */
public final class TaskMessageCodec {

  /**
   * The AMQP-ready parts of a task message: every Celery header (absent values as null), the
   * properties, and the body {@code [args, kwargs, embed]} written as Python's {@code json.dumps}
   * writes it.
   */
  public EncodedMessage encode(TaskMessage message) {
    throw new UnsupportedOperationException("todo");
  }

  /**
   * Reads a task message. Header values must already be plain Java values (strings, numbers,
   * booleans, lists, maps, null); the AMQP layer converts its own string type before calling this.
   * Missing optional headers take Celery's defaults; unknown headers land in {@link
   * TaskHeaders#extra()}.
   *
   * @throws ProtocolException naming what is missing or malformed
   */
  public TaskMessage decode(Map<String, ?> headers, TaskProperties properties, byte[] body) {
    throw new UnsupportedOperationException("todo");
  }
}
