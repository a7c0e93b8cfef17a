package dev.celeriac.worker.consume;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;

/**
 * One message as the broker delivered it, with the consumer that must settle it.
 *
 * @param queue the queue it came from
 * @param envelope delivery tag, redelivered flag, exchange and routing key
 * @param properties AMQP properties including the raw header table
 * @param body the body bytes
 * @param source the consumer whose channel acknowledges it
 */
public record Delivery(
    String queue,
    Envelope envelope,
    AMQP.BasicProperties properties,
    byte[] body,
    QueueConsumer source) {}
