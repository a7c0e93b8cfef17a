package dev.celeriac.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.topology.QueueType;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.worker.TaskRegistry;
import dev.celeriac.worker.TestTasks;
import dev.celeriac.worker.Worker;
import dev.celeriac.worker.WorkerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 3-node RabbitMQ cluster with a quorum task queue loses the node that leads the queue in the
 * middle of 10,000 tasks: none is lost, the work goes on on the surviving nodes, and the killed
 * node rejoins when it comes back. Client and workers get every node's address as a {@code
 * ;}-separated failover list. The figures are logged on lines starting {@code cluster-drill:}.
 */
class ClusterFailoverChaosIT {

  private static final Logger log = LoggerFactory.getLogger(ClusterFailoverChaosIT.class);

  private static final int TASKS = 10_000;

  private RabbitCluster cluster;
  private final List<Worker> workers = new ArrayList<>();
  private Celeriac app;
  private String queue;

  @BeforeEach
  void start() {
    cluster = new RabbitCluster(3).start();
    assertThat(cluster.runningNodes(0)).hasSize(3);
    queue = "it-cluster-" + UUID.randomUUID();
  }

  @AfterEach
  void stop() {
    workers.forEach(Worker::shutdownNow);
    if (app != null) {
      app.close();
    }
    cluster.close();
  }

  /** Quorum queues; broker-held countdowns off (28 more quorum queues this drill does not use). */
  private BrokerSettings settings(String urls) {
    return BrokerSettings.builder()
        .url(urls)
        .queueType(QueueType.QUORUM)
        .brokerDelays(false)
        .build();
  }

  @Test
  void killingTheQueueLeaderNodeMidRunLosesNoTask() throws Exception {
    // Declared through node 1, so the queue's leader starts there (client-local placement).
    try (Celeriac declaring = Celeriac.builder().broker(settings(cluster.url(0))).build()) {
      Topology.ensureTaskQueue(
          WorkerClient.of(declaring).connection(), queue, null, QueueType.QUORUM);
    }
    int leader = cluster.leaderOf(queue, 0);
    int other = (leader + 1) % 3;
    // Each gets all three addresses; one worker lists the leader's node first, the other and the
    // client another node (amqp-client shuffles the list, so where each lands is chance).
    // Persistent results read with acknowledgements (result_persistent): a result on its way to a
    // client whose node dies is delivered again rather than lost.
    app =
        Celeriac.builder()
            .broker(settings(cluster.urls(other)))
            .defaultQueue(queue)
            .resultPersistent(true)
            .build();
    for (int first : new int[] {leader, other}) {
      workers.add(
          Worker.start(
              WorkerSettings.builder()
                  .broker(settings(cluster.urls(first)))
                  .queues(List.of(queue))
                  .hostname("cluster-" + first + "-" + queue + "@it")
                  .concurrency(8)
                  .resultPersistent(true)
                  .build(),
              TaskRegistry.builder().add(TestTasks.class).build()));
    }
    String key = queue;
    List<List<?>> calls = new ArrayList<>(TASKS);
    for (int i = 0; i < TASKS; i++) {
      calls.add(List.of(i, key));
    }
    long startedAt = System.nanoTime();
    List<AsyncResult<String>> results = app.task("it.record", String.class).delayAll(calls);
    double submitSeconds = (System.nanoTime() - startedAt) / 1e9;
    await().atMost(Duration.ofMinutes(3)).until(() -> executed(key) >= TASKS / 5);

    // amqp-client shuffles the address list: which node the client landed on is chance.
    boolean clientOnKilledNode =
        WorkerClient.of(app).connection().amqp().getPort() == cluster.port(leader);
    int executedAtKill = executed(key);
    long killedAt = System.nanoTime();
    cluster.kill(leader);
    log.info(
        "cluster-drill: killed rmq{} (queue leader) after {} executions",
        leader + 1,
        executedAtKill);

    // Sample progress to find how long execution stalled after the kill.
    long longestStallNanos = 0;
    long lastGrowth = killedAt;
    int lastCount = executed(key);
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (executed(key) < TASKS && System.nanoTime() < deadline) {
      Thread.sleep(20);
      int now = executed(key);
      long t = System.nanoTime();
      if (now > lastCount) {
        longestStallNanos = Math.max(longestStallNanos, t - lastGrowth);
        lastGrowth = t;
        lastCount = now;
      }
    }
    int lost = 0;
    long resultsDeadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    for (AsyncResult<String> result : results) {
      try {
        long left = Math.max(0, resultsDeadline - System.nanoTime());
        result.get(Duration.ofNanos(Math.max(left, Duration.ofMillis(100).toNanos())));
      } catch (RuntimeException e) {
        lost++;
      }
    }
    double runSeconds = (System.nanoTime() - startedAt) / 1e9;
    int newLeader = cluster.leaderOf(queue, other);

    long restartAt = System.nanoTime();
    cluster.restart(leader);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> cluster.runningNodes(other).size() == 3);
    double rejoinSeconds = (System.nanoTime() - restartAt) / 1e9;

    List<Object> runs = TestTasks.RECORDED.get(key);
    int duplicates = runs.size() - new HashSet<>(runs).size();
    log.info(
        "cluster-drill: tasks={} lost={} executions={} duplicates={} submit={}s run={}s"
            + " longest-stall-after-kill={}s new-leader=rmq{} rejoined-after-restart={}s"
            + " client-connected-to-killed-node={}",
        TASKS,
        lost,
        runs.size(),
        duplicates,
        String.format("%.1f", submitSeconds),
        String.format("%.1f", runSeconds),
        String.format("%.2f", longestStallNanos / 1e9),
        newLeader + 1,
        String.format("%.1f", rejoinSeconds),
        clientOnKilledNode);

    assertThat(lost).as("tasks without a result").isZero();
    assertThat(new HashSet<>(runs)).as("distinct tasks executed").hasSize(TASKS);
    assertThat(newLeader).as("the queue is led by a survivor").isNotEqualTo(leader);
    assertThat(cluster.runningNodes(other)).contains("rabbit@rmq" + (leader + 1));
  }

  private static int executed(String key) {
    List<Object> runs = TestTasks.RECORDED.get(key);
    return runs == null ? 0 : runs.size();
  }
}
