package dev.celeriac.monitor;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.monitor.state.ClusterState;
import dev.celeriac.protocol.EventCodec;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives every Celery event, as Flower does: its own auto-delete queue bound to the {@code
 * celeryev} topic exchange with {@code #}. Single events and {@code task.multi} arrays are both
 * read ({@link EventCodec}). The queue is exclusive and non-durable; amqp-client's topology
 * recovery declares and binds it again after the connection recovers, so the stream survives a
 * broker restart (events sent while the connection is down are lost, as they are for Flower).
 *
 * <p><b>Concurrency:</b> deliveries arrive on the connection's dispatch thread and go straight into
 * the thread-safe {@link ClusterState}.
 */
final class EventStream implements AutoCloseable {

  static final String EXCHANGE = "celeryev";

  private static final Logger log = LoggerFactory.getLogger(EventStream.class);

  // Events are live data: ones older than this are not worth reading after a stall.
  private static final int MESSAGE_TTL_MS = 60_000;

  private final Channel channel;
  private final String queue;
  private final AtomicLong undecodable = new AtomicLong();

  private EventStream(Channel channel, String queue) {
    this.channel = channel;
    this.queue = queue;
  }

  static EventStream start(BrokerConnection connection, ClusterState state) {
    Channel channel = connection.createChannel();
    String queue = "celeriac-monitor." + UUID.randomUUID();
    try {
      channel.exchangeDeclare(EXCHANGE, BuiltinExchangeType.TOPIC, true);
      channel.queueDeclare(queue, false, true, true, Map.of("x-message-ttl", MESSAGE_TTL_MS));
      channel.queueBind(queue, EXCHANGE, "#");
      EventStream stream = new EventStream(channel, queue);
      channel.basicConsume(
          queue,
          true,
          "celeriac-monitor",
          new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(
                String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
              try {
                EventCodec.decode(body).forEach(state::apply);
              } catch (ProtocolException e) {
                stream.undecodable.incrementAndGet();
                log.debug("Ignoring an undecodable event ({}): {}", envelope.getRoutingKey(), e);
              }
            }
          });
      return stream;
    } catch (IOException e) {
      Topology.closeQuietly(channel);
      throw new BrokerException("Cannot subscribe to " + EXCHANGE + ": " + e.getMessage(), e);
    }
  }

  String queue() {
    return queue;
  }

  long undecodable() {
    return undecodable.get();
  }

  @Override
  public void close() {
    Topology.closeQuietly(channel);
  }
}
