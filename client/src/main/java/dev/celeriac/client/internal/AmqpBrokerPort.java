package dev.celeriac.client.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.ConfirmingPublisher;
import dev.celeriac.broker.topology.DelayedDelivery;
import dev.celeriac.broker.topology.Revocations;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.spi.BrokerPort;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The {@link BrokerPort} of a RabbitMQ connection: declarations on short-lived channels, publishes
 * on one {@link ConfirmingPublisher}.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe: each declaration uses its own channel; the publisher serialises publishes.
 */
public final class AmqpBrokerPort implements BrokerPort {

  private final BrokerConnection connection;
  private final ConfirmingPublisher publisher;

  /** A port on {@code connection}, which it uses but does not close. */
  public AmqpBrokerPort(BrokerConnection connection) {
    this.connection = connection;
    this.publisher = new ConfirmingPublisher(connection);
  }

  @Override
  public boolean brokerDelays() {
    return connection.brokerDelays();
  }

  @Override
  public boolean streams() {
    return connection.dialect().streams();
  }

  @Override
  public void declareTaskQueue(String queue) {
    Topology.ensureTaskQueue(connection, queue, null, connection.settings().queueType());
  }

  @Override
  public void declareDelayedDelivery() {
    onChannel(channel -> DelayedDelivery.declare(channel, connection.settings().queueType()));
  }

  @Override
  public void bindDelayedDelivery(String queue) {
    onChannel(channel -> DelayedDelivery.bindQueue(channel, queue));
  }

  @Override
  public void declareRevocations() {
    onChannel(Revocations::declare);
  }

  @Override
  public CompletableFuture<Void> publish(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    return publisher.publishAsync(exchange, routingKey, properties, body);
  }

  @Override
  public void await(CompletableFuture<Void> confirm, String target) {
    publisher.await(confirm, target);
  }

  @Override
  public void close() {
    publisher.close();
  }

  private void onChannel(Consumer<Channel> declaration) {
    Channel channel = connection.createChannel();
    try {
      declaration.accept(channel);
    } finally {
      Topology.closeQuietly(channel);
    }
  }
}
