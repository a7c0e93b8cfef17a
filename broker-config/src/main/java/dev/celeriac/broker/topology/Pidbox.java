package dev.celeriac.broker.topology;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.celeriac.broker.BrokerDialect;
import dev.celeriac.broker.BrokerException;
import java.io.IOException;
import java.util.Map;

/**
 * Celery's remote-control topology ({@code kombu/pidbox.py}): requests go to the fanout exchange
 * {@value #EXCHANGE}, every worker has a queue {@code <node>.celery.pidbox} bound to it, replies go
 * to the direct exchange {@value #REPLY_EXCHANGE}. Exchanges are declared exactly as Celery
 * declares them (non-durable), so both can share a broker.
 */
public final class Pidbox {

  public static final String EXCHANGE = "celery.pidbox";
  public static final String REPLY_EXCHANGE = "reply.celery.pidbox";

  private Pidbox() {}

  public static void declareExchange(Channel channel) {
    try {
      channel.exchangeDeclare(EXCHANGE, BuiltinExchangeType.FANOUT, false);
    } catch (IOException e) {
      throw new BrokerException(
          "Cannot declare exchange " + EXCHANGE + ": " + BrokerException.rootMessage(e), e);
    }
  }

  /** The reply exchange, as kombu declares it: direct, not durable. */
  public static void declareReplyExchange(Channel channel) {
    try {
      channel.exchangeDeclare(REPLY_EXCHANGE, BuiltinExchangeType.DIRECT, false);
    } catch (IOException e) {
      throw new BrokerException(
          "Cannot declare exchange " + REPLY_EXCHANGE + ": " + BrokerException.rootMessage(e), e);
    }
  }

  /**
   * A worker's mailbox queue, with Celery's expiry and message TTL; exclusive, which RabbitMQ 4.3
   * still accepts for transient queues.
   */
  public static void declareNodeQueue(Channel channel, String node) {
    try {
      String queue = node + ".celery.pidbox";
      channel.queueDeclare(
          queue,
          false,
          true,
          true,
          BrokerDialect.of(channel)
              .queueArguments(queue, Map.of("x-expires", 10_000, "x-message-ttl", 300_000)));
      channel.queueBind(queue, EXCHANGE, "");
    } catch (IOException e) {
      throw new BrokerException(
          "Cannot declare the mailbox of " + node + ": " + BrokerException.rootMessage(e), e);
    }
  }
}
