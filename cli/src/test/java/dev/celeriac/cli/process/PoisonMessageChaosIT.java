package dev.celeriac.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.deadletter.DeadLetterHeaders;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.worker.QueueFixture;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A task that kills its worker process every time is dead-lettered after the delivery limit. */
class PoisonMessageChaosIT {

  private static final int LIMIT = 3;

  private QueueFixture fixture;
  private String queue;
  private Celeriac app;

  @BeforeEach
  void start() {
    fixture = QueueFixture.create("chaos-poison");
    queue = fixture.queue;
    app = fixture.app;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void messageThatCrashesEveryWorkerIsDeadLetteredAfterTheLimit() throws Exception {
    AsyncResult<Integer> result = app.task("it.crash", Integer.class).delay();
    var channel = app.connection().createChannel();
    GetResponse dead = null;
    int starts = 0;
    int crashes = 0;
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (dead == null && Instant.now().isBefore(deadline) && starts < LIMIT + 4) {
      try (WorkerProcess worker =
          WorkerProcess.start(
              TestBroker.amqpUrl(),
              queue,
              "poison" + starts + "@it",
              "--max-deliveries",
              String.valueOf(LIMIT))) {
        starts++;
        // The task may kill the worker before it has even said it is ready.
        worker.awaitReadyOrExit();
        // Either the task kills this worker, or the worker dead-letters the message.
        Instant until = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(until)) {
          dead = channel.basicGet(Topology.deadLetterQueueName(queue), true);
          if (dead != null) {
            break;
          }
          if (!worker.isAlive()) {
            crashes++;
            break;
          }
          Thread.sleep(100);
        }
      }
    }

    System.out.printf(
        "poison drill: %d worker starts, %d killed by the task, dead-lettered: %s%n",
        starts, crashes, dead != null);
    assertThat(dead).as("the message reached the dead-letter queue").isNotNull();
    // One more when a worker died between queueing the recounted copy and acknowledging the
    // original, which then comes back too (docs/reliability.md: classic queues can count one over).
    assertThat(crashes).isBetween(LIMIT, LIMIT + 1);
    assertThat(dead.getProps().getHeaders().get(DeadLetterHeaders.REASON).toString())
        .contains("delivered " + (LIMIT + 1) + " times without finishing (limit " + LIMIT + ")");
    assertThatThrownBy(() -> result.get(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> assertThat(e.remoteType()).isEqualTo("WorkerLostError"));
  }
}
