package dev.celeriac.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.backend.redis.testing.RedisProbe;
import dev.celeriac.backend.redis.testing.TestRedis;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskRef1;
import dev.celeriac.client.TaskRef2;
import dev.celeriac.worker.TestTasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Workers started from the CLI in their own JVMs, as users run them. */
class WorkerProcessIT {

  private static final Pattern RECEIVED = Pattern.compile("Task it\\.pid\\[[0-9a-f-]+\\] received");

  @RegisterExtension final WorkerProcessQueue processes = new WorkerProcessQueue("it-process");

  /** Task messages the worker logged as received: running, or prefetched and waiting. */
  private static long received(LaunchedWorker worker) {
    return RECEIVED.matcher(worker.output()).results().count();
  }

  private LaunchedWorker worker(String name, String... extra) throws Exception {
    return processes.startWorker(name, extra).awaitReady();
  }

  @Test
  void delayIsExecutedByAWorkerProcessStartedFromTheCli() throws Exception {
    LaunchedWorker worker = worker("one@it");
    TaskRef2<Integer, Integer, Integer> add = processes.app().task(TestTasks::add);

    AsyncResult<Integer> result = add.delay(5, 5);

    assertThat(result.get(Duration.ofSeconds(30))).isEqualTo(10);
    // The worker logs success after publishing the result, so the line may trail the result.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> worker.output().contains("Task it.add[" + result.id() + "] succeeded"));
    assertThat(worker.output())
        .contains("Task it.add[" + result.id() + "] received")
        .containsPattern("Task it\\.add\\[" + result.id() + "\\] succeeded in \\d+\\.\\d+s: 10")
        .contains("[tasks]")
        .contains("transport:   amqp://guest:**@");
  }

  @Test
  void aWorkerProcessStoresResultsInTheRedisBackendItsFlagNames() throws Exception {
    String redis = TestRedis.require(13);
    LaunchedWorker worker = worker("redis@it", "--result-backend", redis, "--result-expires", "5m");
    String id = processes.app().task(TestTasks::add).delay(20, 22).id();

    try (Celeriac reader =
            Celeriac.builder().url(TestBroker.amqpUrl()).resultBackend(redis).build();
        RedisProbe probe = new RedisProbe(redis)) {
      assertThat(reader.result(id, Integer.class).get(Duration.ofSeconds(30))).isEqualTo(42);
      assertThat(probe.ttl("celery-task-meta-" + id)).isBetween(250L, 300L);
      probe.delete("celery-task-meta-" + id);
    }
    assertThat(worker.output()).contains(".> results:     " + redis);
  }

  @Test
  void twoWorkerProcessesShareAQueue() throws Exception {
    LaunchedWorker a = worker("a@it", "-c", "2", "--prefetch-multiplier", "1");
    LaunchedWorker b = worker("b@it", "-c", "2", "--prefetch-multiplier", "1");
    TaskRef1<Long, Long> pid = processes.app().task(TestTasks::pid);

    List<AsyncResult<Long>> results = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      results.add(pid.delay(200L));
    }
    Set<Long> pids = new HashSet<>();
    for (AsyncResult<Long> r : results) {
      pids.add(r.get(Duration.ofSeconds(60)));
    }

    System.out.printf("20 tasks ran on worker processes %s%n", pids);
    assertThat(pids).containsExactlyInAnyOrder(a.pid(), b.pid());
  }

  @Test
  void warmShutdownFinishesRunningTasksAndRequeuesTheRestSoNoneIsLost() throws Exception {
    LaunchedWorker first = worker("first@it", "-c", "2", "--prefetch-multiplier", "2");
    TaskRef1<Long, Long> pid = processes.app().task(TestTasks::pid);
    List<AsyncResult<Long>> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(pid.delay(1000L));
    }
    // Two tasks running and two prefetched (logged as received), six left in the queue.
    await().atMost(Duration.ofSeconds(30)).until(() -> received(first) >= 4);

    first.stop();
    assertThat(first.awaitExit(Duration.ofSeconds(30))).isZero();
    assertThat(first.output()).contains("warm shutdown");
    LaunchedWorker second = worker("second@it", "-c", "4");

    Set<Long> ranOn = new HashSet<>();
    for (AsyncResult<Long> r : results) {
      ranOn.add(r.get(Duration.ofSeconds(60)));
    }
    long onFirst = results.stream().filter(r -> r.get(Duration.ZERO) == first.pid()).count();
    System.out.printf(
        "warm shutdown: %d of 10 tasks finished on the stopped worker, the rest on the next%n",
        onFirst);
    assertThat(ranOn).containsExactlyInAnyOrder(first.pid(), second.pid());
    assertThat(onFirst).isGreaterThanOrEqualTo(2);
  }
}
