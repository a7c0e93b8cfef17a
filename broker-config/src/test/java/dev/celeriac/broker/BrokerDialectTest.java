package dev.celeriac.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerDialectTest {

  @Test
  void detectsBrokerJFromTheProductServerProperty() {
    assertThat(BrokerDialect.detect(Map.of("product", "Apache Qpid Broker-J Core")))
        .isEqualTo(BrokerDialect.QPID_BROKER_J);
    assertThat(BrokerDialect.detect(Map.of("product", "RabbitMQ")))
        .isEqualTo(BrokerDialect.RABBITMQ);
    assertThat(BrokerDialect.detect(Map.of())).isEqualTo(BrokerDialect.RABBITMQ);
  }

  @Test
  void rabbitMqKeepsEveryQueueArgument() {
    Map<String, Object> arguments = Map.of("x-queue-type", "quorum", "x-expires", 1000);
    assertThat(BrokerDialect.RABBITMQ.queueArguments("q", arguments)).isEqualTo(arguments);
  }

  @Test
  void brokerJDropsRabbitMqArgumentsAndTranslatesPriorities() {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("x-queue-type", "quorum");
    arguments.put("x-expires", 1000);
    arguments.put("x-max-priority", 10);
    arguments.put("qpid.max_count", 5);
    assertThat(BrokerDialect.QPID_BROKER_J.queueArguments("q", arguments))
        .containsExactly(Map.entry("x-qpid-priorities", 10), Map.entry("qpid.max_count", 5));
  }

  @Test
  void brokerJGetsAbsoluteExpirationsOnce() {
    AMQP.BasicProperties relative = new AMQP.BasicProperties.Builder().expiration("60000").build();
    long before = System.currentTimeMillis();
    AMQP.BasicProperties converted = BrokerDialect.QPID_BROKER_J.outgoing(relative);
    long absolute = Long.parseLong(converted.getExpiration());
    assertThat(absolute).isBetween(before + 60_000, System.currentTimeMillis() + 60_000);
    // Republishing a message read back keeps its absolute time.
    assertThat(BrokerDialect.QPID_BROKER_J.outgoing(converted).getExpiration())
        .isEqualTo(converted.getExpiration());
    assertThat(BrokerDialect.RABBITMQ.outgoing(relative)).isSameAs(relative);
  }

  @Test
  void capabilities() {
    assertThat(BrokerDialect.RABBITMQ.delayedDelivery()).isTrue();
    assertThat(BrokerDialect.RABBITMQ.streams()).isTrue();
    assertThat(BrokerDialect.QPID_BROKER_J.delayedDelivery()).isFalse();
    assertThat(BrokerDialect.QPID_BROKER_J.streams()).isFalse();
  }
}
