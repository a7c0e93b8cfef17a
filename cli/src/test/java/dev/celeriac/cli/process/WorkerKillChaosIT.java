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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 10,000 tasks, two worker processes, one killed with SIGKILL mid-run: nothing is lost. */
class WorkerKillChaosIT {

  private static final int TASKS = 10_000;
  private static final int CONCURRENCY = 20;
  private static final int PREFETCH_MULTIPLIER = 4;
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
      List<List<?>> calls = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        calls.add(List.of(2L));
      }
      Instant start = Instant.now();
      List<AsyncResult<Long>> results = drill.app().task(TestTasks::pid).untyped().delayAll(calls);
      long published = Duration.between(start, Instant.now()).toMillis();

      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> results.stream().filter(AsyncResult::ready).count() >= TASKS / 4);
      victim.kill();
      long killedAt = results.stream().filter(AsyncResult::ready).count();
      assertThat(victim.awaitExit(Duration.ofSeconds(10))).isNotZero();

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
          "worker-kill drill: %d tasks published with pipelined confirms in %d ms; victim killed after %d results;"
              + " %d of its unacknowledged deliveries redelivered; all %d SUCCESS in %d ms; results by worker pid %s; ran twice: %d"
              + " (prefetch window %d)%n",
          TASKS,
          published,
          killedAt,
          redelivered,
          results.size(),
          total,
          byWorker,
          twice,
          CONCURRENCY * PREFETCH_MULTIPLIER);

      // The kill came mid-run: tasks were left, and the victim held some of them.
      assertThat(killedAt).isLessThan(TASKS);
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
