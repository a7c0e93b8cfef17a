package dev.celeriac.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.worker.TestTasks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 10,000 tasks, two worker processes, one killed with SIGKILL mid-run: nothing is lost. */
class WorkerKillChaosIT {

  private static final int TASKS = 10_000;
  private static final int CONCURRENCY = 20;
  private static final int PREFETCH_MULTIPLIER = 4;
  private static final int BATCHES = 10;
  // The two workers (40 slots) need at least 5 s for the lot, so the kill, after a quarter of the
  // results, comes with thousands of tasks left. With 2 ms tasks published all at once and the
  // kill after the publishing, the workers had kept pace with the publisher and the run was over
  // before the kill: nothing was held, nothing redelivered.
  private static final long TASK_MILLIS = 20;
  private static final Pattern SUCCEEDED =
      Pattern.compile("Task it\\.pid\\[([0-9a-f-]+)\\] succeeded");

  @RegisterExtension final WorkerProcessQueue drill = new WorkerProcessQueue("chaos-kill");

  @Test
  void everyTaskSucceedsWhenAWorkerIsKilledMidRun() throws Exception {
    TestBroker.requireContainer("reads the broker's redelivery count from its management API");
    String[] options = {
      "-c",
      String.valueOf(CONCURRENCY),
      "--prefetch-multiplier",
      String.valueOf(PREFETCH_MULTIPLIER)
    };
    try (LaunchedWorker victim = drill.startWorker("victim@chaos", options);
        LaunchedWorker survivor = drill.startWorker("survivor@chaos", options)) {
      victim.awaitReady();
      survivor.awaitReady();
      List<List<?>> batch = new ArrayList<>();
      for (int i = 0; i < TASKS / BATCHES; i++) {
        batch.add(List.of(TASK_MILLIS));
      }
      // Published in batches beside the test's thread, so the kill waits for results, not for
      // the publishing to end.
      List<AsyncResult<Long>> results = new CopyOnWriteArrayList<>();
      Instant start = Instant.now();
      CompletableFuture<Long> publishing =
          CompletableFuture.supplyAsync(
              () -> {
                for (int b = 0; b < BATCHES; b++) {
                  results.addAll(drill.app().task(TestTasks::pid).untyped().delayAll(batch));
                }
                return Duration.between(start, Instant.now()).toMillis();
              });

      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(20))
          .failFast("publishing failed", publishing::isCompletedExceptionally)
          .until(() -> results.stream().filter(AsyncResult::ready).count() >= TASKS / 4);
      victim.kill();
      long killedAt = results.stream().filter(AsyncResult::ready).count();
      assertThat(victim.awaitExit(Duration.ofSeconds(10))).isNotZero();
      // The kill came mid-run: tasks were left, and the victim held some of them.
      assertThat(killedAt).as("results in when the victim was killed").isLessThan(TASKS);
      long published = publishing.get(2, TimeUnit.MINUTES);
      assertThat(results).hasSize(TASKS);

      Map<Long, Integer> byWorker = new HashMap<>();
      for (AsyncResult<Long> r : results) {
        byWorker.merge(r.get(Duration.ofMinutes(2)), 1, Integer::sum);
      }
      long total = Duration.between(start, Instant.now()).toMillis();
      // What the victim held unacknowledged when it died, the broker delivered again, flagged.
      long redelivered =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> BrokerFigures.redeliveredFrom(drill.queue()), n -> n > 0);

      Map<String, Integer> runs = new HashMap<>();
      for (String log : List.of(victim.output(), survivor.output())) {
        Matcher m = SUCCEEDED.matcher(log);
        while (m.find()) {
          runs.merge(m.group(1), 1, Integer::sum);
        }
      }
      long twice = runs.values().stream().filter(n -> n > 1).count();
      System.out.printf(
          "worker-kill drill: %d tasks published in %d batches with pipelined confirms in %d ms; victim killed after %d results;"
              + " %d of its unacknowledged deliveries redelivered; all %d SUCCESS in %d ms; results by worker pid %s; ran twice: %d"
              + " (prefetch window %d)%n",
          TASKS,
          BATCHES,
          published,
          killedAt,
          redelivered,
          results.size(),
          total,
          byWorker,
          twice,
          CONCURRENCY * PREFETCH_MULTIPLIER);

      assertThat(redelivered)
          .as("deliveries the victim held unacknowledged when it was killed")
          .isBetween(1L, (long) CONCURRENCY * PREFETCH_MULTIPLIER);
      assertThat(results).allMatch(AsyncResult::successful);
      assertThat(byWorker.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(TASKS);
      assertThat(byWorker).containsKey(survivor.pid());
      assertThat(twice).isLessThanOrEqualTo(CONCURRENCY * PREFETCH_MULTIPLIER);
    }
  }
}
