package dev.celeriac.protocol;

/**
 * The AMQP basic properties of a task message that Celery sets.
 *
 * @param correlationId the task id; results echo it
 * @param replyTo the queue results go to ({@code rpc://}), or null for none
 * @param priority the message priority, or null
 * @param deliveryMode 2 (persistent) for tasks
 * @param expiration the per-message TTL in milliseconds as a decimal string, or null
 * @param contentType {@code application/json}
 * @param contentEncoding {@code utf-8}
 */
public record TaskProperties(
    String correlationId,
    String replyTo,
    Integer priority,
    Integer deliveryMode,
    String expiration,
    String contentType,
    String contentEncoding) {

  public static final String JSON = "application/json";
  public static final String UTF_8 = "utf-8";
  public static final int PERSISTENT = 2;
  public static final int TRANSIENT = 1;
}
