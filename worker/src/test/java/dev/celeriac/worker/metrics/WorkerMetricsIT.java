package dev.celeriac.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.client.TaskFailedException;
import dev.celeriac.worker.QueueFixture;
import dev.celeriac.worker.Worker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A worker's Prometheus endpoint, scraped over HTTP. */
class WorkerMetricsIT {

  private QueueFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static String scrape(int port) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      return response.body();
    }
  }

  @Test
  void bindsToTheApplicationsRegistryWithoutServingAndRemovesItsMetersOnShutdown() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    fixture = QueueFixture.create("it-metrics-bound").withWorker(w -> w.concurrency(2), meters);
    Worker worker = fixture.worker();
    assertThat(worker.metricsPort()).isEqualTo(-1);

    assertThat(fixture.app.task("it.add", Integer.class).delay(1, 2).get(Duration.ofSeconds(20)))
        .isEqualTo(3);

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(
                        meters
                            .get("celeriac.tasks")
                            .tags("task", "it.add", "state", "succeeded")
                            .counter()
                            .count())
                    .isEqualTo(1.0));
    assertThat(
            meters.get("celeriac.tasks.active").tag("node", worker.settings().hostname()).gauge())
        .isNotNull();
    assertThat(meters.find("jvm.memory.used").meters()).as("JVM metrics are the app's").isEmpty();

    worker.shutdown();
    assertThat(meters.getMeters())
        .filteredOn(m -> m.getId().getName().startsWith("celeriac."))
        .isEmpty();
  }

  @Test
  void servesTaskCountsRuntimesDepthsAndDeadLetters() throws Exception {
    fixture = QueueFixture.create("it-metrics").withWorker(w -> w.metricsPort(0).concurrency(2));
    Worker worker = fixture.worker();
    int port = worker.metricsPort();
    assertThat(port).isPositive();

    assertThat(fixture.app.task("it.add", Integer.class).delay(1, 2).get(Duration.ofSeconds(20)))
        .isEqualTo(3);
    Assertions.assertThatThrownBy(
            () ->
                fixture
                    .app
                    .task("it.fail", Integer.class)
                    .delay("boom")
                    .get(Duration.ofSeconds(20)))
        .isInstanceOf(TaskFailedException.class);
    assertThat(fixture.app.task("it.flaky", Integer.class).delay(1).get(Duration.ofSeconds(20)))
        .isEqualTo(1);
    Assertions.assertThatThrownBy(
            () -> fixture.app.task("it.unknown", Integer.class).delay().get(Duration.ofSeconds(20)))
        .isInstanceOf(TaskFailedException.class);

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              String text = scrape(port);
              assertThat(text)
                  .containsPattern(
                      "celeriac_tasks_total\\{[^}]*state=\"succeeded\",task=\"it.add\"[^}]*\\} 1\\.0")
                  .containsPattern(
                      "celeriac_tasks_total\\{[^}]*state=\"failed\",task=\"it.fail\"[^}]*\\} 1\\.0")
                  .containsPattern(
                      "celeriac_tasks_total\\{[^}]*state=\"retried\",task=\"it.flaky\"")
                  .containsPattern("celeriac_task_retries_total\\{[^}]*task=\"it.flaky\"")
                  .containsPattern("celeriac_task_runtime_seconds_bucket\\{[^}]*task=\"it.add\"")
                  .containsPattern(
                      "celeriac_dead_letters_total\\{[^}]*queue=\""
                          + fixture.queue
                          + "\"[^}]*\\} 1\\.0")
                  .containsPattern("celeriac_queue_depth\\{[^}]*queue=\"" + fixture.queue + "\"")
                  .contains("celeriac_tasks_in_flight")
                  .contains("celeriac_tasks_active")
                  .contains("celeriac_connection_recoveries_total")
                  .contains("jvm_memory_used_bytes");
            });

    worker.shutdown();
    assertThat(
            Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(
                    n ->
                        n.startsWith("celeriac-metrics")
                            || n.startsWith("celeriac-events")
                            || n.startsWith("celeriac-worker-heartbeat")))
        .as("threads left after shutdown")
        .isEmpty();
  }
}
