package dev.celeriac.worker.pipeline;

import dev.celeriac.broker.AmqpProperties;
import dev.celeriac.error.MessageSecurityException;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.TaskMessageCodec;
import dev.celeriac.protocol.TaskProperties;
import dev.celeriac.security.AuthSerializer;
import dev.celeriac.security.MessageSigning;

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
  private final MessageSigning signing;

  /**
   * @param signing verifies signed messages and refuses others; null when signing is off
   */
  MessageDecoder(long maxMessageSize, MessageSigning signing) {
    this.maxMessageSize = maxMessageSize;
    this.signing = signing;
  }

  /**
   * The task message in {@code inbound}.
   *
   * @throws RuntimeException (a {@link ProtocolException}, or a codec bug) saying why not; a {@link
   *     MessageSecurityException} when signing is on and the message is not signed by a trusted
   *     certificate
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
    TaskProperties properties = AmqpProperties.taskProperties(inbound.properties());
    if (signing == null) {
      return codec.decode(inbound.properties().getHeaders(), properties, inbound.body());
    }
    // Verified before anything reads the body: only what a trusted key signed is decoded.
    AuthSerializer.Unpacked opened = signing.open(properties.contentType(), inbound.body());
    return codec.decode(
        inbound.properties().getHeaders(),
        new TaskProperties(
            properties.correlationId(),
            properties.replyTo(),
            properties.priority(),
            properties.deliveryMode(),
            properties.expiration(),
            opened.contentType(),
            opened.contentEncoding()),
        opened.body());
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
