package dev.celeriac.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.client.TaskRevokedException;
import dev.celeriac.state.TaskState;
import dev.celeriac.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Revokes are kept by the broker: restarting every worker does not bring a revoked task back. */
class RevokeChaosIT {

  @RegisterExtension final WorkerProcessQueue drill = new WorkerProcessQueue("chaos-revoke");

  @Test
  void revokedQueuedTaskNeverRunsAfterEveryWorkerRestarts() throws Exception {
    Celeriac app = drill.app();
    String output;
    AsyncResult<Integer> result;
    try (LaunchedWorker first = drill.startWorker("revoke-a@it").awaitReady()) {
      result =
          app.task("it.add", Integer.class)
              .applyAsync(
                  List.of(1, 2), TaskOptions.builder().countdown(Duration.ofSeconds(4)).build());
      app.revoke(result.id());
      first.kill(); // every worker gone, with nothing saved locally
    }
    try (LaunchedWorker second = drill.startWorker("revoke-b@it").awaitReady()) {
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
    Celeriac app = drill.app();
    AsyncResult<Integer> result = app.task("it.add", Integer.class).delay(2, 2);
    app.revoke(result.id());
    try (LaunchedWorker worker = drill.startWorker("revoke-c@it").awaitReady()) {
      assertThatThrownBy(() -> result.get(Duration.ofSeconds(30)))
          .isInstanceOf(TaskRevokedException.class);
    }
  }

  @Test
  void terminateInterruptsARunningTask() {
    Celeriac app = drill.app();
    Worker worker = drill.fixture().startWorker(w -> w.concurrency(1));
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
