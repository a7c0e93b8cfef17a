package dev.celeriac.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.client.TaskRevokedException;
import dev.celeriac.state.TaskState;
import dev.celeriac.worker.QueueFixture;
import dev.celeriac.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Revokes are kept by the broker: restarting every worker does not bring a revoked task back. */
class RevokeChaosIT {

  private QueueFixture fixture;
  private String queue;
  private Celeriac app;

  @BeforeEach
  void start() {
    fixture = QueueFixture.create("chaos-revoke");
    queue = fixture.queue;
    app = fixture.app;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void revokedQueuedTaskNeverRunsAfterEveryWorkerRestarts() throws Exception {
    String output;
    AsyncResult<Integer> result;
    try (LaunchedWorker first =
        WorkerProcess.start(TestBroker.amqpUrl(), queue, "revoke-a@it").awaitReady()) {
      result =
          app.task("it.add", Integer.class)
              .applyAsync(
                  List.of(1, 2), TaskOptions.builder().countdown(Duration.ofSeconds(4)).build());
      app.revoke(result.id());
      first.kill(); // every worker gone, with nothing saved locally
    }
    try (LaunchedWorker second =
        WorkerProcess.start(TestBroker.amqpUrl(), queue, "revoke-b@it").awaitReady()) {
      assertThatThrownBy(() -> result.get(Duration.ofSeconds(30)))
          .isInstanceOf(TaskRevokedException.class)
          .hasMessageContaining("revoked");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> second.output().contains("Discarding revoked task"));
      output = second.output();
    }
    assertThat(output)
        .contains("Discarding revoked task: it.add[" + result.id() + "]")
        .doesNotContain("succeeded");
  }

  @Test
  void revokeMadeWhileNoWorkerRunsStillHolds() throws Exception {
    AsyncResult<Integer> result = app.task("it.add", Integer.class).delay(2, 2);
    app.revoke(result.id());
    try (LaunchedWorker worker =
        WorkerProcess.start(TestBroker.amqpUrl(), queue, "revoke-c@it").awaitReady()) {
      assertThatThrownBy(() -> result.get(Duration.ofSeconds(30)))
          .isInstanceOf(TaskRevokedException.class);
    }
  }

  @Test
  void terminateInterruptsARunningTask() {
    Worker worker = fixture.startWorker(w -> w.concurrency(1));
    try {
      AsyncResult<String> slow = app.task("it.slow", String.class).delay(20_000);
      await().atMost(Duration.ofSeconds(10)).until(() -> slow.state() == TaskState.STARTED);
      app.revoke(slow.id(), true);
      assertThatThrownBy(() -> slow.get(Duration.ofSeconds(10)))
          .isInstanceOf(TaskRevokedException.class)
          .hasMessageContaining("terminated");
      // the slot is free again
      assertThat(app.task("it.add", Integer.class).delay(1, 1).get(Duration.ofSeconds(10)))
          .isEqualTo(2);
    } finally {
      worker.shutdown();
    }
  }
}
