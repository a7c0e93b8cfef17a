package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.client.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Soft limits interrupt the task; hard limits report, free the slot and abandon the thread. */
class TimeLimitIT {

  private final String queue = "it-limits-" + UUID.randomUUID();
  private Worker worker;
  private Celeriac app;

  @BeforeEach
  void start() {
    TestTasks.releaseStuck = false;
    worker =
        Worker.start(
            WorkerSettings.builder()
                .broker(BrokerSettings.of(TestBroker.amqpUrl()))
                .queues(List.of(queue))
                .concurrency(1) // a stuck task must not block the next one
                .shutdownTimeout(Duration.ofSeconds(2))
                .hostname("limits@it")
                .build(),
            TaskRegistry.builder().add(TestTasks.class).build());
    app = Celeriac.builder().url(TestBroker.amqpUrl()).defaultQueue(queue).build();
  }

  @AfterEach
  void stop() throws Exception {
    TestTasks.releaseStuck = true;
    worker.shutdown();
    var channel = app.connection().createChannel();
    channel.queueDelete(queue);
    channel.queueDelete(queue + ".dead-letter");
    app.close();
  }

  @Test
  void softLimitInterruptsTheTaskAndReportsSoftTimeLimitExceeded() {
    Instant sent = Instant.now();
    assertThatThrownBy(
            () -> app.task("it.soft_limited", String.class).delay().get(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("SoftTimeLimitExceeded");
              assertThat(e.remoteModule()).isEqualTo("celery.exceptions");
              assertThat(e.traceback()).contains("InterruptedException");
            });
    assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aTaskMayCatchTheSoftLimitAndCleanUp() {
    assertThat(app.task("it.soft_cleanup", String.class).delay().get(Duration.ofSeconds(10)))
        .isEqualTo("cleaned up");
  }

  @Test
  void hardLimitReportsTimeLimitExceededAndFreesTheSlot() {
    AsyncResult<String> stuck = app.task("it.stuck", String.class).delay();
    assertThatThrownBy(() -> stuck.get(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("TimeLimitExceeded");
              assertThat(e.remoteArguments().toString()).isEqualTo("[1]");
            });
    // concurrency 1: this only runs because the stuck task's slot was freed
    assertThat(app.task("it.add", Integer.class).delay(1, 2).get(Duration.ofSeconds(10)))
        .isEqualTo(3);
    assertThat(worker.abandonedThreads()).isEqualTo(1);
  }

  @Test
  void aCallsOwnLimitOverridesTheTasks() {
    assertThatThrownBy(
            () ->
                app.task("it.slow", String.class)
                    .applyAsync(
                        List.of(5_000),
                        TaskOptions.builder().softTimeLimit(Duration.ofMillis(200)).build())
                    .get(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> assertThat(e.remoteType()).isEqualTo("SoftTimeLimitExceeded"));
  }
}
