package dev.celeriac.broker.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.MessageProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Proves that {@link TestBroker} hands out a working RabbitMQ broker, not just an open port. */
class TestBrokerIT {

  @Test
  void deliversAPublishedMessageBackThroughARealRabbitMqBroker() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(TestBroker.amqpUrl());
    String queue = "celeriac.test-broker-it." + UUID.randomUUID();
    byte[] body = ("hello from " + queue).getBytes(UTF_8);

    try (Connection connection = factory.newConnection("celeriac-test-broker-it");
        Channel channel = connection.createChannel()) {
      assertThat(connection.getServerProperties().get("product")).hasToString("RabbitMQ");
      assertThat(factory.getVirtualHost()).isEqualTo("/");

      // Exclusive and auto-delete: the queue disappears with the connection even if asserts fail.
      channel.queueDeclare(queue, false, true, true, Map.of());
      channel.confirmSelect();
      channel.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN, body);
      channel.waitForConfirmsOrDie(10_000);

      CompletableFuture<Delivery> received = new CompletableFuture<>();
      channel.basicConsume(queue, true, (tag, delivery) -> received.complete(delivery), tag -> {});
      Delivery delivery = received.get(10, TimeUnit.SECONDS);

      assertThat(delivery.getBody()).isEqualTo(body);
      assertThat(delivery.getEnvelope().getRoutingKey()).isEqualTo(queue);
    }
  }

  @Test
  void containerServesTheManagementApi() throws Exception {
    // An external broker may run without the management plugin; the images used here enable it.
    TestBroker.requireContainer("checks the management plugin of the image the tests start");
    String credentials = Base64.getEncoder().encodeToString("guest:guest".getBytes(UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://%s:%d/api/overview"
                        .formatted(TestBroker.host(), TestBroker.managementPort())))
            .header("Authorization", "Basic " + credentials)
            .timeout(Duration.ofSeconds(10))
            .build();

    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"rabbitmq_version\":\"3.10");
    }
  }
}
