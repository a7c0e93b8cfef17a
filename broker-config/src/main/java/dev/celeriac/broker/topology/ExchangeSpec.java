package dev.celeriac.broker.topology;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.celeriac.broker.BrokerException;
import java.io.IOException;

/** An exchange declaration. */
public record ExchangeSpec(String name, BuiltinExchangeType type, boolean durable) {

  public static ExchangeSpec durableDirect(String name) {
    return new ExchangeSpec(name, BuiltinExchangeType.DIRECT, true);
  }

  public void declare(Channel channel) {
    try {
      channel.exchangeDeclare(name, type, durable);
    } catch (IOException e) {
      throw new BrokerException(
          "The broker refused to declare exchange '"
              + name
              + "' as "
              + this
              + ": "
              + BrokerException.rootMessage(e),
          e);
    }
  }

  /** Binds {@code queue} to this exchange with {@code routingKey}. */
  public void bind(Channel channel, String queue, String routingKey) {
    try {
      channel.queueBind(queue, name, routingKey);
    } catch (IOException e) {
      throw new BrokerException(
          "Cannot bind queue '"
              + queue
              + "' to exchange '"
              + name
              + "': "
              + BrokerException.rootMessage(e),
          e);
    }
  }
}
