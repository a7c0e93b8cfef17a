package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.TaskRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Acks go out coalesced ({@code multiple}) under load: none may settle a delivery that is still
 * running, or a worker that dies would lose it.
 */
class AckCoalescingIT {

  private QueueFixture fixture;

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aBurstOfAcksNeverSettlesTheEarlierTaskStillRunning() throws Exception {
    fixture = QueueFixture.create("it-ack-multiple").withWorker(w -> w.concurrency(8));
    String queue = fixture.queue;
    AsyncResult<String> running = fixture.app.task("it.sleep_late", String.class).delay(30_000);
    await().atMost(Duration.ofSeconds(10)).until(() -> TestTasks.STARTED.contains(running.id()));

    // Delivered after the running one, acknowledged while it runs: tags above the lowest unsettled.
    TaskRef<Integer> add = fixture.app.task("it.add", Integer.class);
    List<List<?>> args = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      args.add(List.of(i, i));
    }
    List<AsyncResult<Integer>> sums = add.delayAll(args);
    for (int i = 0; i < sums.size(); i++) {
      assertThat(sums.get(i).get(Duration.ofSeconds(60))).isEqualTo(2 * i);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> fixture.depth(queue) == 0);

    fixture.worker().shutdownNow(); // the connection drops; what is unacknowledged comes back

    await().atMost(Duration.ofSeconds(10)).until(() -> fixture.depth(queue) >= 1);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> fixture.depth(queue) == 1);
    GetResponse back = fixture.channel().basicGet(queue, true);
    assertThat(back.getProps().getHeaders().get("id")).hasToString(running.id());
  }
}
