package dev.celeriac.broker.topology;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.celeriac.broker.BrokerException;
import java.io.IOException;
import java.util.Map;

/**
 * Celery's event topology ({@code celery/events/event.py}): events go to the topic exchange {@value
 * #EXCHANGE} (durable, as Celery declares it) with the event type as routing key, dashes turned
 * into dots ({@code task-succeeded} → {@code task.succeeded}). A monitor binds its own auto-delete
 * queue with {@code #}.
 */
public final class Events {

  public static final String EXCHANGE = "celeryev";

  private Events() {}

  public static void declareExchange(Channel channel) {
    try {
      channel.exchangeDeclare(EXCHANGE, BuiltinExchangeType.TOPIC, true);
    } catch (IOException e) {
      throw new BrokerException(
          "Cannot declare exchange " + EXCHANGE + ": " + BrokerException.rootMessage(e), e);
    }
  }

  /** The routing key of an event type: {@code worker-heartbeat} → {@code worker.heartbeat}. */
  public static String routingKey(String type) {
    return type.replace('-', '.');
  }

  /**
   * A monitor's queue, as Celery's event receiver declares it: not durable, deleted when its
   * consumer goes, events older than 5 s dropped, the queue itself gone 60 s after its last
   * consumer; bound to {@value #EXCHANGE} with {@code pattern}.
   */
  public static void declareMonitorQueue(Channel channel, String queue, String pattern) {
    try {
      channel.queueDeclare(
          queue, false, false, true, Map.of("x-message-ttl", 5_000, "x-expires", 60_000));
      channel.queueBind(queue, EXCHANGE, pattern);
    } catch (IOException e) {
      throw new BrokerException(
          "Cannot declare event queue " + queue + ": " + BrokerException.rootMessage(e), e);
    }
  }
}
