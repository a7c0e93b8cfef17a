package dev.celeriac.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.MalformedFrameException;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.broker.testing.TestBroker;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real py-amqp publisher puts ints beyond 32 bits in message headers (tag {@code L}); a consumer
 * on a {@link BrokerConnection} reads them as {@link Long}s and keeps its connection, while a plain
 * amqp-client connection dies on the same message.
 */
class PyAmqpHeaderTagIT {

  private static final long BIG = 1L << 40;

  /** Publishes with confirms: {@code sys.argv[1:]} = host port user password queue. */
  private static final String PUBLISHER =
      """
      import sys, amqp
      host, port, user, password, queue = sys.argv[1:]
      with amqp.Connection(host=f"{host}:{port}", userid=user, password=password) as connection:
          channel = connection.channel()
          channel.confirm_select()
          channel.basic_publish(
              amqp.Message(
                  b"[[1, 2], {}, {}]",
                  content_type="application/json",
                  application_headers={
                      "x-big-int": 2**40,
                      "stamps": {"deep": -(2**40)},
                      "list": [2**33, "x"],
                  },
              ),
              exchange="",
              routing_key=queue,
          )
      """;

  private BrokerConnection connection;
  private Channel channel;
  private String queue;

  @BeforeEach
  void declareQueue() throws IOException {
    PythonCelery.require("amqp", "python3-amqp");
    connection = BrokerConnection.open(BrokerSettings.of(TestBroker.amqpUrl()), "ltag-it");
    channel = connection.createChannel();
    queue = "celeriac.py-amqp-tags." + UUID.randomUUID();
    // Durable with an expiry: RabbitMQ 4.3 refuses transient non-exclusive queues, and the
    // unguarded consumer below needs a second connection.
    channel.queueDeclare(queue, true, false, false, Map.of("x-expires", 60_000));
  }

  @AfterEach
  void deleteQueue() throws IOException {
    if (connection != null) {
      if (channel.isOpen()) {
        channel.queueDelete(queue);
      }
      connection.close();
    }
  }

  @Test
  void headerIntsFromPythonArriveAsLongsAndTheConnectionStaysOpen() throws Exception {
    publishFromPython();

    Delivery delivery = consumeOne(channel);
    channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);

    Map<String, Object> headers = delivery.getProperties().getHeaders();
    assertThat(headers.get("x-big-int")).isEqualTo(BIG);
    assertThat(headers.get("stamps")).isEqualTo(Map.of("deep", -BIG));
    assertThat(headers.get("list"))
        .asInstanceOf(InstanceOfAssertFactories.LIST)
        .first()
        .isEqualTo(1L << 33);
    assertThat(new String(delivery.getBody(), UTF_8)).isEqualTo("[[1, 2], {}, {}]");
    assertThat(connection.isOpen()).isTrue();
    assertThat(channel.isOpen()).isTrue();
    assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isZero();
  }

  @Test
  void withoutTheGuardAmqpClientClosesTheWholeConnection() throws Exception {
    publishFromPython();
    ConnectionFactory plain = new ConnectionFactory();
    plain.setUri(TestBroker.amqpUrl());
    plain.setAutomaticRecoveryEnabled(false);

    Connection unguarded = plain.newConnection("ltag-it-unguarded");
    try {
      Channel unguardedChannel = unguarded.createChannel();
      unguardedChannel.basicConsume(queue, false, (tag, delivery) -> {}, tag -> {});

      await().atMost(Duration.ofSeconds(10)).until(() -> !unguarded.isOpen());
      assertThat(unguarded.getCloseReason())
          .hasRootCauseInstanceOf(MalformedFrameException.class)
          .hasStackTraceContaining("Unrecognised type in table");
    } finally {
      unguarded.abort(); // close() would throw on the connection amqp-client already closed
    }

    // The message went back to the queue; the guarded connection takes the redelivery.
    Delivery redelivered = consumeOne(channel);
    channel.basicAck(redelivered.getEnvelope().getDeliveryTag(), false);
    assertThat(redelivered.getEnvelope().isRedeliver()).isTrue();
    assertThat(redelivered.getProperties().getHeaders().get("x-big-int")).isEqualTo(BIG);
    assertThat(connection.isOpen()).isTrue();
  }

  private Delivery consumeOne(Channel consumer) throws Exception {
    CompletableFuture<Delivery> received = new CompletableFuture<>();
    String tag =
        consumer.basicConsume(queue, false, (t, delivery) -> received.complete(delivery), t -> {});
    Delivery delivery = received.get(10, TimeUnit.SECONDS);
    consumer.basicCancel(tag);
    return delivery;
  }

  private void publishFromPython() throws Exception {
    URI url = URI.create(TestBroker.amqpUrl());
    String[] userInfo = url.getRawUserInfo().split(":", 2);
    PythonCelery.run(
        PUBLISHER,
        TestBroker.host(),
        String.valueOf(TestBroker.amqpPort()),
        URLDecoder.decode(userInfo[0], UTF_8),
        URLDecoder.decode(userInfo[1], UTF_8),
        queue);
  }
}
