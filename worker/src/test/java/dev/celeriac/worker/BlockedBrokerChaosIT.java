package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.PublishException;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.client.spi.WorkerClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A broker memory alarm blocks publishers: a publish fails clearly in bounded time, then works
 * again.
 */
class BlockedBrokerChaosIT {

  @Test
  void publishFailsClearlyWhileTheBrokerBlocksPublishersAndWorksAfterwards() throws Exception {
    String queue = "chaos-blocked-" + UUID.randomUUID();
    try (Celeriac app =
        Celeriac.builder()
            .broker(
                BrokerSettings.builder()
                    .url(TestBroker.amqpUrl())
                    .publishConfirmTimeout(Duration.ofSeconds(3))
                    .build())
            .defaultQueue(queue)
            .build()) {
      app.task("it.add", Integer.class)
          .applyAsync(List.of(1, 1), TaskOptions.builder().ignoreResult(true).build());
      try {
        TestBroker.rabbitmqctl("set_vm_memory_high_watermark", "0.000001");
        // RabbitMQ tells a connection it is blocked when it next publishes.

        assertThatThrownBy(
                () ->
                    app.task("it.add", Integer.class)
                        .applyAsync(
                            List.of(2, 2), TaskOptions.builder().ignoreResult(true).build()))
            .isInstanceOf(PublishException.class)
            .hasMessageContaining("blocks publishers");
      } finally {
        TestBroker.rabbitmqctl("set_vm_memory_high_watermark", "0.4");
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> WorkerClient.of(app).connection().blockedReason() == null);
      app.task("it.add", Integer.class)
          .applyAsync(List.of(3, 3), TaskOptions.builder().ignoreResult(true).build());
      var channel = WorkerClient.of(app).connection().createChannel();
      assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isGreaterThanOrEqualTo(2);
      channel.queueDelete(queue);
      channel.exchangeDelete(queue);
      channel.close();
    }
  }
}
