package dev.celeriac.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.deadletter.DeadLetterHeaders;
import dev.celeriac.broker.topology.QueueType;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.worker.TestTasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A task that kills its worker process every time is dead-lettered after the delivery limit. */
class PoisonMessageChaosIT {

  private static final int LIMIT = 3;

  @RegisterExtension final WorkerProcessQueue drill = new WorkerProcessQueue("chaos-poison");

  @Test
  void messageThatCrashesEveryWorkerIsDeadLetteredAfterTheLimit() throws Exception {
    Celeriac app = drill.app();
    AsyncResult<Integer> result = app.task("it.crash", Integer.class).delay();
    var channel = WorkerClient.of(app).connection().createChannel();
    // Declared as the workers declare it, so that it can be counted before the first one starts.
    Topology.declareDeadLetterQueue(channel, drill.queue(), QueueType.CLASSIC);
    String dlq = Topology.deadLetterQueueName(drill.queue());
    List<Integer> exits = new ArrayList<>();
    int starts = 0;
    while (channel.queueDeclarePassive(dlq).getMessageCount() == 0 && starts < LIMIT + 4) {
      try (LaunchedWorker worker =
          drill.startWorker("poison" + starts + "@it", "--max-deliveries", String.valueOf(LIMIT))) {
        starts++;
        // Either the task kills this worker (perhaps before it said it is ready), or the worker
        // dead-letters the message and lives on.
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> !worker.isAlive() || channel.queueDeclarePassive(dlq).getMessageCount() > 0);
        if (!worker.isAlive()) {
          exits.add(worker.awaitExit(Duration.ZERO));
        }
      }
    }
    GetResponse dead = channel.basicGet(dlq, true);
    long crashes = exits.stream().filter(status -> status == TestTasks.CRASH_EXIT_STATUS).count();

    System.out.printf(
        "poison drill: %d worker starts, exit statuses %s (%d = killed by the task), dead-lettered:"
            + " %s%n",
        starts, exits, TestTasks.CRASH_EXIT_STATUS, dead != null);
    assertThat(dead).as("the message reached the dead-letter queue").isNotNull();
    // Every worker that died was killed by the task, not by anything else.
    assertThat(exits)
        .as("exit statuses of the workers that died")
        .containsOnly(TestTasks.CRASH_EXIT_STATUS);
    // One more when a worker died between queueing the recounted copy and acknowledging the
    // original, which then comes back too (docs/reliability.md: classic queues can count one over).
    assertThat(crashes).isBetween((long) LIMIT, LIMIT + 1L);
    assertThat(dead.getProps().getHeaders().get(DeadLetterHeaders.REASON).toString())
        .contains("delivered " + (LIMIT + 1) + " times without finishing (limit " + LIMIT + ")");
    assertThatThrownBy(() -> result.get(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> assertThat(e.remoteType()).isEqualTo("WorkerLostError"));
  }
}
