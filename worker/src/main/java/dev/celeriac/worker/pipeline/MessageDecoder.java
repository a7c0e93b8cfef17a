package dev.celeriac.worker.pipeline;

import dev.celeriac.broker.AmqpProperties;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.TaskMessageCodec;

/**
 * Turns a delivery into a task message: the size limit first, then Celery's protocol v2 codec.
 *
 * <h2>Concurrency</h2>
 *
 * Stateless and thread-safe.
 */
final class MessageDecoder {

  private final TaskMessageCodec codec = new TaskMessageCodec();
  private final long maxMessageSize;

  MessageDecoder(long maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  /**
   * The task message in {@code inbound}.
   *
   * @throws RuntimeException (a {@link ProtocolException}, or a codec bug) saying why not
   */
  TaskMessage decode(InboundMessage inbound) {
    if (inbound.body().length > maxMessageSize) {
      throw new ProtocolException(
          "message body of "
              + inbound.body().length
              + " bytes exceeds the limit of "
              + maxMessageSize
              + " bytes (--max-message-size)");
    }
    return codec.decode(
        inbound.properties().getHeaders(),
        AmqpProperties.taskProperties(inbound.properties()),
        inbound.body());
  }

  /** The task message, or null when there is none to tell a caller about. */
  TaskMessage decodeOrNull(InboundMessage inbound) {
    try {
      return decode(inbound);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
