package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.BrokerDialect;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.deadletter.DeadLetterHeaders;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.client.spi.WorkerClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The core behaviours every broker Celeriac runs on must show, whatever its dialect: a subclass per
 * broker supplies its URL and what it can hold itself. Features a broker lacks degrade (countdowns
 * wait in the worker) but still behave the same to the caller.
 */
abstract class BrokerContract {

  private QueueFixture fixture;

  /** The URL of the broker under test. */
  abstract String brokerUrl();

  /** The dialect the connection must detect. */
  abstract BrokerDialect expectedDialect();

  private QueueFixture fixture() {
    if (fixture == null) {
      fixture =
          QueueFixture.create("contract", BrokerSettings.of(brokerUrl()))
              .withWorker(w -> w.concurrency(2));
    }
    return fixture;
  }

  @AfterEach
  void closeFixture() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void detectsTheBrokerDialect() {
    assertThat(WorkerClient.of(fixture().app).connection().dialect()).isEqualTo(expectedDialect());
  }

  @Test
  void delayRunsTheTaskAndGetReturnsItsResult() {
    AsyncResult<Integer> result = fixture().app.task("it.add", Integer.class).delay(5, 5);

    assertThat(result.get(Duration.ofSeconds(30))).isEqualTo(10);
  }

  @Test
  void aFailingTaskReportsItsExceptionToTheCaller() {
    AsyncResult<Integer> result = fixture().app.task("it.fail", Integer.class).delay("boom");

    assertThatThrownBy(() -> result.get(Duration.ofSeconds(30)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("IllegalStateException");
              assertThat(e.getMessage()).contains("boom");
            });
  }

  @Test
  void aTaskThatRetriesRunsAgainUntilItSucceeds() {
    AsyncResult<Integer> result = fixture().app.task("it.flaky", Integer.class).delay(2);

    assertThat(result.get(Duration.ofSeconds(30))).isEqualTo(2);
  }

  @Test
  void aRejectedTaskFailsTheCallAndIsDeadLettered() {
    AsyncResult<Integer> result = fixture().app.task("it.reject", Integer.class).delay(-5);

    assertThatThrownBy(() -> result.get(Duration.ofSeconds(30)))
        .isInstanceOf(TaskFailedException.class);
    GetResponse dead =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> fixture().takeDeadLetter(), response -> response != null);
    assertThat(dead.getProps().getHeaders().get(DeadLetterHeaders.REASON).toString())
        .isEqualTo("rejected by the task: negative total -5");
  }

  @Test
  void aCountdownRunsTheTaskNoEarlierThanAsked() {
    Instant sent = Instant.now();
    AsyncResult<Integer> result =
        fixture()
            .app
            .task("it.add", Integer.class)
            .applyAsync(
                List.of(2, 2), TaskOptions.builder().countdown(Duration.ofSeconds(2)).build());

    assertThat(result.get(Duration.ofSeconds(30))).isEqualTo(4);
    assertThat(Duration.between(sent, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    // Where it waited: in the broker's delay queues, or (degraded) in the worker's memory.
    assertThat(WorkerClient.of(fixture().app).connection().brokerDelays())
        .isEqualTo(expectedDialect().delayedDelivery());
  }

  @Test
  void aTaskWhoseWorkerDiedMidRunIsRedeliveredAndRunByAnother() {
    QueueFixture f = fixture();
    AsyncResult<String> result = f.app.task("it.sleep_late", String.class).delay(1500);
    await().atMost(Duration.ofSeconds(20)).until(() -> TestTasks.STARTED.contains(result.id()));

    f.worker().shutdownNow(); // the connection drops with the delivery unacknowledged
    Worker another = f.startWorker(w -> w.concurrency(1));

    assertThat(result.get(Duration.ofSeconds(40))).isEqualTo("slept");
    // The second worker settles the delivery after publishing the result.
    await().atMost(Duration.ofSeconds(10)).until(() -> another.processed() >= 1);
  }
}
