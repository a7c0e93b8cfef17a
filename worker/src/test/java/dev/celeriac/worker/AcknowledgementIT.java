package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.spi.WorkerClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When a message is acknowledged decides whether a worker that dies mid-task loses it. */
class AcknowledgementIT {

  private QueueFixture fixture;
  private String queue;
  private Worker worker;
  private Celeriac app;

  @BeforeEach
  void start() {
    fixture = QueueFixture.create("it-ack").withWorker(w -> w.concurrency(1));
    queue = fixture.queue;
    worker = fixture.worker();
    app = fixture.app;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private long messagesInQueue() throws Exception {
    var channel = WorkerClient.of(app).connection().createChannel();
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
