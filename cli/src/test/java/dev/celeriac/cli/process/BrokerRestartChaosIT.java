package dev.celeriac.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.worker.TestTasks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker stops and starts mid-run: no task is lost, and everyone reconnects unaided. Results
 * are sent persistent ({@code --result-persistent}), so those waiting in the reply queue survive.
 */
class BrokerRestartChaosIT {

  private static final int TASKS = 2000;

  /**
   * Long enough that 10 slots need about 10 s for the run, so plenty is still queued after the
   * broker comes back: with shorter tasks the worker could drain the queue while {@code stop_app}
   * was still starting up, and there would be no recovery left to measure.
   */
  private static final long TASK_MILLIS = 50;

  /**
   * How long a quarter of the run may take before the broker is stopped: about 3 s of work on 10
   * slots, so this only catches a worker that never gets going.
   */
  private static final Duration QUARTER_DONE = Duration.ofSeconds(60);

  @RegisterExtension final WorkerProcessQueue drill = new WorkerProcessQueue("chaos-restart");

  @Test
  void noTaskIsLostWhenTheBrokerRestartsMidRun() throws Exception {
    // Results that survive the restart in the reply queue: persistent, read with acknowledgements.
    try (LaunchedWorker worker =
            drill.startWorker("restart@chaos", "-c", "10", "--result-persistent");
        Celeriac app =
            Celeriac.builder()
                .url(TestBroker.amqpUrl())
                .defaultQueue(drill.queue())
                .resultPersistent(true)
                .build()) {
      worker.awaitReady();
      List<List<?>> calls = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        calls.add(List.of(TASK_MILLIS));
      }
      List<AsyncResult<Long>> results = app.task(TestTasks::pid).untyped().delayAll(calls);
      await("a quarter of the " + TASKS + " results ready before the broker stops")
          .atMost(QUARTER_DONE)
          .pollInterval(Duration.ofMillis(20))
          .failFast("the worker process exited before the broker stopped", () -> !worker.isAlive())
          .until(() -> results.stream().filter(AsyncResult::ready).count() >= TASKS / 4);

      Instant stop = Instant.now();
      TestBroker.rabbitmqctl("stop_app");
      long doneAtStop = results.stream().filter(AsyncResult::ready).count();
      Thread.sleep(2000);
      TestBroker.rabbitmqctl("start_app");
      Instant started = Instant.now();

      // Progress after the restart proves both sides reconnected by themselves.
      long before = results.stream().filter(AsyncResult::ready).count();
      assertThat(before).as("results ready when the broker came back").isLessThan(TASKS);
      while (results.stream().filter(AsyncResult::ready).count() == before
          && Duration.between(started, Instant.now()).toSeconds() < 30) {
        Thread.sleep(20);
      }
      Duration recovered = Duration.between(started, Instant.now());
      for (AsyncResult<Long> r : results) {
        r.get(Duration.ofMinutes(2));
      }
      System.out.printf(
          "broker-restart drill: %d tasks; broker down %d ms after %d results; first result after restart in %d ms;"
              + " all %d SUCCESS; worker process restarted: %s%n",
          TASKS,
          Duration.between(stop, started).toMillis(),
          doneAtStop,
          recovered.toMillis(),
          TASKS,
          !worker.isAlive());
      assertThat(results).allMatch(AsyncResult::successful);
      assertThat(worker.isAlive()).isTrue();
      assertThat(recovered).isLessThan(Duration.ofSeconds(10));
    }
  }
}
