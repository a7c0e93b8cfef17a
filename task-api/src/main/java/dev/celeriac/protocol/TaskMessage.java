package dev.celeriac.protocol;

import java.util.Objects;

/**
 * One task call as it travels to a worker: headers, body and properties. {@link TaskMessageCodec}
 * turns it into AMQP-ready parts and back.
 */
public record TaskMessage(TaskHeaders headers, TaskBody body, TaskProperties properties) {

  public TaskMessage {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(properties, "properties");
  }

  /** Shorthand for {@code headers().id()}. */
  public String id() {
    return headers.id();
  }

  /** Shorthand for {@code headers().task()}. */
  public String taskName() {
    return headers.task();
  }
}
