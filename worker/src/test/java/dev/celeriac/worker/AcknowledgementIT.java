package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When a message is acknowledged decides whether a worker that dies mid-task loses it. */
class AcknowledgementIT {

  private final String queue = "it-ack-" + UUID.randomUUID();
  private Worker worker;
  private Celeriac app;

  @BeforeEach
  void start() {
    worker =
        Worker.start(
            WorkerSettings.builder()
                .broker(BrokerSettings.of(TestBroker.amqpUrl()))
                .queues(List.of(queue))
                .concurrency(1)
                .hostname("ack@it")
                .build(),
            TaskRegistry.builder().add(TestTasks.class).build());
    app = Celeriac.builder().url(TestBroker.amqpUrl()).defaultQueue(queue).build();
  }

  @AfterEach
  void stop() throws Exception {
    worker.shutdownNow();
    var channel = app.connection().createChannel();
    channel.queueDelete(queue);
    channel.queueDelete(queue + ".dead-letter");
    app.close();
  }

  private long messagesInQueue() throws Exception {
    var channel = app.connection().createChannel();
    try {
      return channel.queueDeclarePassive(queue).getMessageCount();
    } finally {
      channel.close();
    }
  }

  @Test
  void acksLateRedeliversATaskWhoseWorkerDied() throws Exception {
    AsyncResult<String> result = app.task("it.sleep_late", String.class).delay(10_000);
    await().atMost(Duration.ofSeconds(10)).until(() -> TestTasks.STARTED.contains(result.id()));

    worker.shutdownNow(); // the connection drops with the delivery unacknowledged

    await().atMost(Duration.ofSeconds(10)).until(() -> messagesInQueue() == 1);
  }

  @Test
  void earlyAckLosesATaskWhoseWorkerDied() throws Exception {
    AsyncResult<String> result = app.task("it.sleep_early", String.class).delay(10_000);
    await().atMost(Duration.ofSeconds(10)).until(() -> TestTasks.STARTED.contains(result.id()));
    Thread.sleep(300); // let the early ack reach the broker before the connection drops

    worker.shutdownNow();

    Thread.sleep(1000);
    assertThat(messagesInQueue()).isZero();
  }
}
