package dev.celeriac.broker.topology;

import com.rabbitmq.client.Channel;
import dev.celeriac.broker.BrokerDialect;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.error.ConfigurationException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A queue declaration. Re-declaring an existing queue with other flags or arguments makes RabbitMQ
 * close the channel ({@code PRECONDITION_FAILED}), so every queue Celeriac shares with Celery is
 * built by {@link Topology} exactly as Celery declares it.
 *
 * <pre>{@code
 * QueueSpec.durable("celery").build().declare(channel);
 * }</pre>
 */
public record QueueSpec(
    String name,
    boolean durable,
    boolean exclusive,
    boolean autoDelete,
    Map<String, Object> arguments) {

  public QueueSpec {
    ConfigurationException.require(
        name != null && !name.isBlank() && name.length() <= 255,
        "queue name must be 1 to 255 characters; got '" + name + "'");
    arguments = Map.copyOf(arguments == null ? Map.of() : arguments);
  }

  /** A durable, shared queue. */
  public static Builder durable(String name) {
    return new Builder(name, true, false, false);
  }

  /** A queue private to its connection and deleted with it. */
  public static Builder exclusive(String name) {
    return new Builder(name, false, true, true);
  }

  /**
   * Declares the queue.
   *
   * @throws BrokerException when the broker refuses, e.g. because the queue exists with other
   *     arguments; the message names the queue
   */
  public void declare(Channel channel) {
    try {
      channel.queueDeclare(
          name,
          durable,
          exclusive,
          autoDelete,
          BrokerDialect.of(channel).queueArguments(name, arguments));
    } catch (IOException e) {
      throw new BrokerException(
          "The broker refused to declare queue '"
              + name
              + "' as "
              + this
              + ": "
              + BrokerException.rootMessage(e)
              + ". If it exists with other arguments (e.g. x-max-priority), declare it the same way everywhere or delete it.",
          e);
    }
  }

  /** Builder for the optional arguments. */
  public static final class Builder {
    private final String name;
    private final boolean durable;
    private final boolean exclusive;
    private final boolean autoDelete;
    private final Map<String, Object> arguments = new LinkedHashMap<>();

    private Builder(String name, boolean durable, boolean exclusive, boolean autoDelete) {
      this.name = name;
      this.durable = durable;
      this.exclusive = exclusive;
      this.autoDelete = autoDelete;
    }

    /** {@code x-max-priority}: enables message priorities 0..max on this queue. */
    public Builder maxPriority(int max) {
      ConfigurationException.require(
          max >= 1 && max <= 255, "x-max-priority must be 1..255; got " + max);
      arguments.put("x-max-priority", max);
      return this;
    }

    public Builder argument(String key, Object value) {
      arguments.put(key, value);
      return this;
    }

    public QueueSpec build() {
      return new QueueSpec(name, durable, exclusive, autoDelete, arguments);
    }
  }
}
