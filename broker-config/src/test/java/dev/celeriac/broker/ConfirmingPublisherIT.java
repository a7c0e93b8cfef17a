package dev.celeriac.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.testing.TestBroker;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Confirmed and written-only publishes against a real RabbitMQ. */
class ConfirmingPublisherIT {

  private final String queue = "it-confirming-" + UUID.randomUUID();
  private BrokerConnection connection;
  private Channel channel;

  @BeforeEach
  void open() throws Exception {
    connection = BrokerConnection.open(BrokerSettings.of(TestBroker.amqpUrl()), "confirming-it");
    channel = connection.createChannel();
    channel.queueDeclare(queue, false, false, true, null);
  }

  @AfterEach
  void close() throws Exception {
    channel.queueDelete(queue);
    connection.close();
  }

  @Test
  void publishAsyncCompletesWhenTheBrokerConfirms() throws Exception {
    try (ConfirmingPublisher publisher = new ConfirmingPublisher(connection)) {
      CompletableFuture<Void> confirmed =
          publisher.publishAsync("", queue, new AMQP.BasicProperties(), "a".getBytes(UTF_8));

      confirmed.get(10, TimeUnit.SECONDS);
      assertThat(text(channel.basicGet(queue, true))).isEqualTo("a");
    }
  }

  @Test
  void publishWrittenCompletesOnReturnAndTracksNoConfirm() throws Exception {
    try (ConfirmingPublisher publisher = new ConfirmingPublisher(connection)) {
      CompletableFuture<Void> written =
          publisher.publishWritten("", queue, new AMQP.BasicProperties(), "b".getBytes(UTF_8));

      assertThat(written).isCompleted();
      assertThat(publisher.outstanding()).isZero();
      // A confirmed publish after it still completes: the unregistered confirm is skipped.
      publisher
          .publishAsync("", queue, new AMQP.BasicProperties(), "c".getBytes(UTF_8))
          .get(10, TimeUnit.SECONDS);
      assertThat(text(channel.basicGet(queue, true))).isEqualTo("b");
      assertThat(text(channel.basicGet(queue, true))).isEqualTo("c");
    }
  }

  private static String text(GetResponse response) {
    assertThat(response).isNotNull();
    return new String(response.getBody(), UTF_8);
  }
}
