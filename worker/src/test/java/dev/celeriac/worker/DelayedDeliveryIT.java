package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.topology.DelayedDelivery;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.client.spi.WorkerClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Countdowns wait in the broker's celery_delayed_* queues, not in the worker. */
class DelayedDeliveryIT {

  private QueueFixture fixture;
  private String queue;
  private Worker worker;
  private Celeriac app;

  @BeforeEach
  void start() {
    fixture = QueueFixture.create("it-delay").withWorker(w -> w.concurrency(2));
    queue = fixture.queue;
    worker = fixture.worker();
    app = fixture.app;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private long depth(String name) throws Exception {
    var channel = WorkerClient.of(app).connection().createChannel();
    try {
      return channel.queueDeclarePassive(name).getMessageCount();
    } finally {
      channel.close();
    }
  }

  @Test
  void countdownWaitsInTheBrokerThenRuns() throws Exception {
    Instant sent = Instant.now();
    AsyncResult<Integer> result =
        app.task("it.add", Integer.class)
            .applyAsync(
                List.of(2, 2), TaskOptions.builder().countdown(Duration.ofSeconds(3)).build());

    // For the first second (the broker holds it 2 s or more) the worker holds nothing.
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofMillis(1500))
        .until(() -> worker.inFlight() == 0 && depth(queue) == 0);

    assertThat(result.get(Duration.ofSeconds(20))).isEqualTo(4);
    assertThat(Duration.between(sent, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(2900));
  }

  @Test
  void workerMovesAFarEtaMessageFromItsQueueIntoTheBroker() throws Exception {
    // A client without broker delays (like Celery 5.2) puts the eta message straight on the queue.
    // 2^20 + 30 s: its highest binary digit makes it wait first in level 20.
    String level = DelayedDelivery.levelName(20);
    long before = depth(level);
    try (Celeriac plain =
        Celeriac.builder()
            .broker(BrokerSettings.builder().url(TestBroker.amqpUrl()).brokerDelays(false).build())
            .defaultQueue(queue)
            .build()) {
      plain
          .task("it.add", Integer.class)
          .applyAsync(
              List.of(1, 1),
              TaskOptions.builder().countdown(Duration.ofSeconds((1L << 20) + 30)).build());
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> depth(level) == before + 1);
    assertThat(depth(queue)).isZero();
    assertThat(worker.inFlight()).isZero();
    var channel = WorkerClient.of(app).connection().createChannel();
    channel.queuePurge(level); // the message would wait 12 days
    channel.close();
  }
}
