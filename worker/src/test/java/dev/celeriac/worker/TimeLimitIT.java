package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.client.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Soft limits interrupt the task; hard limits report, free the slot and abandon the thread. */
class TimeLimitIT {

  private QueueFixture fixture;
  private Worker worker;
  private Celeriac app;

  @BeforeEach
  void start() {
    TestTasks.releaseStuck = false;
    fixture =
        QueueFixture.create("it-limits")
            .withWorker(w -> w.concurrency(1).shutdownTimeout(Duration.ofSeconds(2)));
    worker = fixture.worker();
    app = fixture.app;
  }

  @AfterEach
  void stop() {
    TestTasks.releaseStuck = true;
    fixture.close();
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
