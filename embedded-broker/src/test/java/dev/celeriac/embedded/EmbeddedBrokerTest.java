package dev.celeriac.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerTest {

  @Test
  void amqpClientPublishesAndGetsOverLoopback() throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.options().port(0))) {
      assertThat(broker.url()).startsWith("amqp://guest:guest@127.0.0.1:");
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(broker.url().replace("//", "/").replaceFirst("amqp:/", "amqp://"));
      factory.setPort(broker.port());
      try (Connection connection = factory.newConnection()) {
        assertThat(connection.getServerProperties()).containsKey("qpid.instance_name");
        Channel channel = connection.createChannel();
        // An x-* argument RabbitMQ knows is logged, not fatal to the connection.
        channel.queueDeclare("embedded-test", true, false, false, Map.of("x-expires", 1000));
        channel.basicPublish("", "embedded-test", null, "hello".getBytes(StandardCharsets.UTF_8));
        GetResponse response = channel.basicGet("embedded-test", true);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
      }
    }
  }

  @Test
  void refusesToStartOnAPortInUse() throws Exception {
    try (EmbeddedBroker first = EmbeddedBroker.start(EmbeddedBroker.options().port(0))) {
      assertThatThrownBy(() -> EmbeddedBroker.start(EmbeddedBroker.options().port(first.port())))
          .isInstanceOf(EmbeddedBrokerException.class)
          .hasMessageContaining("could not start");
    }
  }
}
