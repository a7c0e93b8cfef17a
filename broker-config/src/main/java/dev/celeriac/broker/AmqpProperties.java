package dev.celeriac.broker;

import com.rabbitmq.client.AMQP;
import dev.celeriac.protocol.EncodedMessage;
import dev.celeriac.protocol.TaskProperties;

/** Converts between Celeriac's message parts and amqp-client's {@link AMQP.BasicProperties}. */
public final class AmqpProperties {

  private AmqpProperties() {}

  /** Properties of a task message: headers plus the properties Celery sets. */
  public static AMQP.BasicProperties forTask(EncodedMessage message) {
    TaskProperties p = message.properties();
    return new AMQP.BasicProperties.Builder()
        .contentType(p.contentType() == null ? TaskProperties.JSON : p.contentType())
        .contentEncoding(p.contentEncoding() == null ? TaskProperties.UTF_8 : p.contentEncoding())
        .headers(message.headers())
        .deliveryMode(p.deliveryMode() == null ? TaskProperties.PERSISTENT : p.deliveryMode())
        .priority(p.priority())
        .correlationId(p.correlationId())
        .replyTo(p.replyTo())
        .expiration(p.expiration())
        .build();
  }

  /**
   * Properties of an {@code rpc://} result: JSON, priority 0, no headers; persistent only when
   * asked (Celery's {@code result_persistent}), so that a result waiting in a reply queue survives
   * a broker restart. Celery 5.2 sends them transient by default.
   */
  public static AMQP.BasicProperties forResult(String correlationId, boolean persistent) {
    return new AMQP.BasicProperties.Builder()
        .contentType(TaskProperties.JSON)
        .contentEncoding(TaskProperties.UTF_8)
        .deliveryMode(persistent ? TaskProperties.PERSISTENT : TaskProperties.TRANSIENT)
        .priority(0)
        .correlationId(correlationId)
        .build();
  }

  /** The task-relevant part of received properties. */
  public static TaskProperties taskProperties(AMQP.BasicProperties p) {
    return new TaskProperties(
        p.getCorrelationId(),
        p.getReplyTo(),
        p.getPriority(),
        p.getDeliveryMode(),
        p.getExpiration(),
        p.getContentType(),
        p.getContentEncoding());
  }
}
