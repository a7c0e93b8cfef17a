package dev.celeriac.monitor;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.celeriac.beat.BeatStatus;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.broker.topology.Topology;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads {@code <group>.status}, the report the sending beat publishes once a second, on the
 * monitor's own connection: the message is got and returned unacknowledged, so the queue keeps it
 * for {@code celeriac beat --status} and the next read.
 *
 * <p>Concurrency: thread-safe; each read uses a channel of its own.
 */
final class AmqpBeatStatusSource implements BeatStatusSource {

  private final BrokerConnection connection;
  private final String queue;

  AmqpBeatStatusSource(BrokerConnection connection, String group) {
    this.connection = connection;
    this.queue = BeatStatus.queue(group);
  }

  @Override
  public Optional<BeatStatus> read() {
    Channel channel = connection.createChannel();
    try {
      try {
        channel.queueDeclarePassive(queue);
      } catch (IOException e) {
        return Optional.empty(); // no beat of the group ever ran; the broker closed the channel
      }
      GetResponse response = channel.basicGet(queue, false);
      if (response == null) {
        return Optional.empty();
      }
      channel.basicNack(response.getEnvelope().getDeliveryTag(), false, true);
      return Optional.of(BeatStatus.fromJson(response.getBody()));
    } catch (IOException e) {
      throw new BrokerException("Cannot read the beat status from " + queue + ": " + e, e);
    } finally {
      Topology.closeQuietly(channel);
    }
  }
}
