package dev.celeriac.broker.topology;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.error.ConfigurationException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Countdowns and ETAs held by the broker instead of worker memory: the binary-tier topology of
 * kombu's native delayed delivery ({@code kombu/transport/native_delayed_delivery.py}, Celery
 * 5.5+), declared identically so Celery 5.5 apps can share it.
 *
 * <p>28 levels: topic exchange and queue {@code celery_delayed_<n>}; the queue holds messages for
 * 2^n seconds ({@code x-message-ttl}) and then dead-letters them to level n-1 (level 0 to {@value
 * #DELIVERY_EXCHANGE}). A message is published to {@code celery_delayed_27} with a routing key of
 * the 28 binary digits of its delay in seconds, dot-separated, then the target queue's routing key:
 * each level's queue takes it when its digit is 1 (it waits 2^n s there), an exchange-to-exchange
 * binding passes it on when it is 0. At the end {@value #DELIVERY_EXCHANGE} routes it by {@code
 * #.<queue>}, which Celeriac binds straight to each task queue (its direct exchange, declared as
 * Celery declares it, could not match the prefixed key). Delays up to 2^28-1 s (8.5 years);
 * precision one second, the rest is waited out by the worker.
 */
public final class DelayedDelivery {

  public static final String DELIVERY_EXCHANGE = "celery_delayed_delivery";
  public static final int LEVELS = 28;
  public static final long MAX_DELAY_SECONDS = (1L << LEVELS) - 1;

  private DelayedDelivery() {}

  /** {@code celery_delayed_<level>}. */
  public static String levelName(int level) {
    return "celery_delayed_" + level;
  }

  /** Where delayed messages are published. */
  public static String entryExchange() {
    return levelName(LEVELS - 1);
  }

  /**
   * kombu's routing key: the delay's 28 binary digits, dot-separated, then {@code routingKey}.
   *
   * @throws ConfigurationException for delays below 1 s or above {@link #MAX_DELAY_SECONDS}
   */
  public static String routingKey(long delaySeconds, String routingKey) {
    ConfigurationException.require(
        delaySeconds >= 1 && delaySeconds <= MAX_DELAY_SECONDS,
        "a broker-held delay must be 1.." + MAX_DELAY_SECONDS + " seconds; got " + delaySeconds);
    StringBuilder key = new StringBuilder(2 * LEVELS + routingKey.length());
    for (int bit = LEVELS - 1; bit >= 0; bit--) {
      key.append((delaySeconds >> bit) & 1).append('.');
    }
    return key.append(routingKey).toString();
  }

  /** The whole seconds of {@code delay} that the broker can hold, or 0 when it is under 1 s. */
  public static long brokerSeconds(Duration delay) {
    long seconds = delay.toSeconds();
    return seconds < 1 ? 0 : Math.min(seconds, MAX_DELAY_SECONDS);
  }

  /** Declares the 28 levels and the delivery exchange, exactly as kombu does. */
  public static void declare(Channel channel, QueueType type) {
    try {
      String queueBinding = "1.#";
      for (int level = LEVELS - 1; level >= 0; level--) {
        String name = levelName(level);
        channel.exchangeDeclare(name, BuiltinExchangeType.TOPIC, true);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("x-queue-type", type.argument());
        args.put("x-overflow", "reject-publish");
        args.put("x-message-ttl", (1L << level) * 1000);
        args.put("x-dead-letter-exchange", level > 0 ? levelName(level - 1) : DELIVERY_EXCHANGE);
        if (type == QueueType.QUORUM) {
          args.put("x-dead-letter-strategy", "at-least-once");
        }
        channel.queueDeclare(name, true, false, false, args);
        channel.queueBind(name, name, queueBinding);
        queueBinding = "*." + queueBinding;
      }
      String passOn = "0.#";
      for (int level = LEVELS - 1; level >= 1; level--) {
        channel.exchangeBind(levelName(level - 1), levelName(level), passOn);
        passOn = "*." + passOn;
      }
      channel.exchangeDeclare(DELIVERY_EXCHANGE, BuiltinExchangeType.TOPIC, true);
      channel.exchangeBind(DELIVERY_EXCHANGE, levelName(0), passOn);
    } catch (IOException e) {
      throw new BrokerException(
          "Cannot declare the delayed-delivery topology (celery_delayed_*): "
              + BrokerException.rootMessage(e)
              + ". It needs RabbitMQ (exchange-to-exchange bindings, x-message-ttl, dead-lettering).",
          e);
    }
  }

  /** Lets delayed messages for {@code queue} reach it. */
  public static void bindQueue(Channel channel, String queue) {
    try {
      channel.queueBind(queue, DELIVERY_EXCHANGE, "#." + queue);
    } catch (IOException e) {
      throw new BrokerException(
          "Cannot bind queue '"
              + queue
              + "' to "
              + DELIVERY_EXCHANGE
              + ": "
              + BrokerException.rootMessage(e),
          e);
    }
  }
}
