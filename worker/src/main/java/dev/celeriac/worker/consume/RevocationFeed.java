package dev.celeriac.worker.consume;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.broker.topology.Revocations;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.protocol.CeleryJson;
import java.io.IOException;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code celeriac.revoked} stream from its first retained entry, so a worker knows
 * every revoke made while it was down, and each new one as it is made.
 *
 * <h2>Concurrency</h2>
 *
 * Its channel belongs to amqp-client's dispatch thread, which calls the listener one revoke at a
 * time and acknowledges there (a stream consumer must acknowledge to receive more).
 */
public final class RevocationFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RevocationFeed.class);

  private final BrokerConnection connection;
  private final BiConsumer<String, Boolean> onRevoke;
  private Channel channel;

  /** {@code onRevoke} receives the task id and whether to terminate it if running. */
  public RevocationFeed(BrokerConnection connection, BiConsumer<String, Boolean> onRevoke) {
    this.connection = connection;
    this.onRevoke = onRevoke;
  }

  /**
   * Declares the stream and starts following it.
   *
   * @throws BrokerException when the broker has no streams (RabbitMQ older than 3.9)
   */
  public void start() {
    if (!connection.dialect().streams()) {
      return; // no stream on this broker: revokes arrive only by broadcast (logged at connect)
    }
    channel = connection.createChannel();
    try {
      Revocations.declare(channel);
      channel.basicQos(500, false); // streams need a prefetch to be consumed
      channel.basicConsume(
          Revocations.STREAM, false, Map.of("x-stream-offset", "first"), new Entries(channel));
    } catch (IOException e) {
      throw new BrokerException(
          "Cannot follow the revoke stream " + Revocations.STREAM + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      Topology.closeQuietly(channel);
    }
  }

  private final class Entries extends DefaultConsumer {
    Entries(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) throws IOException {
      try {
        JsonNode entry = CeleryJson.read(body);
        String id = entry.path("task_id").asText("");
        if (!id.isEmpty()) {
          onRevoke.accept(id, entry.path("terminate").asBoolean(false));
        }
      } catch (RuntimeException e) {
        log.warn("Ignoring an unreadable entry in {}: {}", Revocations.STREAM, e.getMessage());
      }
      getChannel().basicAck(envelope.getDeliveryTag(), false);
    }
  }
}
