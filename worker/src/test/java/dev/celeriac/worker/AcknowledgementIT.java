package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
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
    // One slot and a prefetch of one: the broker sends the next message only after an ack.
    fixture = QueueFixture.create("it-ack").withWorker(w -> w.concurrency(1).prefetchMultiplier(1));
    queue = fixture.queue;
    worker = fixture.worker();
    app = fixture.app;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private long messagesInQueue() {
    return fixture.depth(queue);
  }

  @Test
  void acksLateRedeliversATaskWhoseWorkerDied() throws Exception {
    AsyncResult<String> result = app.task("it.sleep_late", String.class).delay(10_000);
    await().atMost(Duration.ofSeconds(10)).until(() -> TestTasks.STARTED.contains(result.id()));

    worker.shutdownNow(); // the connection drops with the delivery unacknowledged

    await().atMost(Duration.ofSeconds(10)).until(() -> messagesInQueue() == 1);
    GetResponse back = fixture.channel().basicGet(queue, true);
    assertThat(back.getProps().getHeaders().get("id")).hasToString(result.id());
    assertThat(back.getEnvelope().isRedeliver()).isTrue();
  }

  @Test
  void earlyAckLosesATaskWhoseWorkerDied() throws Exception {
    AsyncResult<String> early = app.task("it.sleep_early", String.class).delay(10_000);
    AsyncResult<Integer> next = app.task("it.add", Integer.class).delay(1, 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> TestTasks.STARTED.contains(early.id()));
    // With a prefetch of one the broker delivers the next message only once the early ack of the
    // first reached it: an empty queue is the broker's word that the first is acknowledged.
    await().atMost(Duration.ofSeconds(10)).until(() -> messagesInQueue() == 0);

    worker.shutdownNow();

    // The next message, held unacknowledged while the slot was busy, comes back; the first never.
    await().atMost(Duration.ofSeconds(10)).until(() -> messagesInQueue() == 1);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> messagesInQueue() == 1);
    GetResponse back = fixture.channel().basicGet(queue, true);
    assertThat(back.getProps().getHeaders().get("id")).hasToString(next.id());
  }
}
