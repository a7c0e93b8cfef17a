package dev.celeriac.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.worker.QueueFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Results through one result backend between Python Celery 5.2.6 and Celeriac, in both directions,
 * each read by id by a process that did not send the task: a subclass per backend supplies it and
 * reads what it stored.
 */
abstract class ResultsInteropContract {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<String> ids = new ArrayList<>();
  private String backend;
  private Path records;
  private QueueFixture fixture;

  /**
   * Skips the test (fails it in CI) unless Python Celery with this backend's modules and the
   * backend itself are there; returns the backend URL.
   */
  abstract String requireBackend() throws Exception;

  /** The name of Python Celery's backend class for the URL, e.g. "RedisBackend". */
  abstract String pythonBackendClass();

  /** A short name of the backend, for the queue and the printed result, e.g. "redis". */
  abstract String name();

  /** The status the backend stored for a task, as written there; null if it has none. */
  abstract String storedStatus(String taskId) throws Exception;

  /** Deletes what the backend stored for these tasks; the ids are not empty. */
  abstract void forget(List<String> taskIds) throws Exception;

  /** The backend URL, once the test has started. */
  final String backend() {
    return backend;
  }

  @BeforeEach
  final void startFixture() throws Exception {
    backend = requireBackend();
    records = Files.createTempDirectory("interop-records");
    fixture = QueueFixture.create("interop-" + name());
  }

  @AfterEach
  final void stopFixture() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    if (backend != null && !ids.isEmpty()) {
      forget(ids);
    }
  }

  private Celeriac app(String defaultQueue) {
    return Celeriac.builder()
        .url(TestBroker.amqpUrl())
        .defaultQueue(defaultQueue)
        .resultBackend(backend)
        .build();
  }

  @Test
  void aPythonClientWithThisBackendGetsACeleriacWorkersResultsAndFailures() throws Exception {
    fixture.withWorker(w -> w.concurrency(2).resultBackend(backend));

    JsonNode r =
        PythonInterop.drive(
            Map.of("INTEROP_BACKEND", backend),
            TestBroker.amqpUrl(),
            records,
            "durable",
            fixture.queue);
    System.out.println("python client with " + name() + " results: " + r);
    ids.add(r.path("ok_id").asText());
    ids.add(r.path("bad_id").asText());

    assertThat(r.path("backend").asText()).isEqualTo(pythonBackendClass());
    assertThat(r.path("ok").asInt()).isEqualTo(42);
    JsonNode failure = r.path("failure");
    assertThat(failure.path("state").asText()).isEqualTo("FAILURE");
    assertThat(failure.path("type").asText()).isEqualTo("IllegalStateException");
    assertThat(failure.path("args").toString()).isEqualTo("[\"boom\"]");
    assertThat(failure.path("traceback").asText())
        .contains("java.lang.IllegalStateException: boom");
    // A third process, a Celeriac app, reads the same results by id.
    try (Celeriac reader = app(fixture.queue)) {
      assertThat(reader.result(r.path("ok_id").asText(), Integer.class).get(WAIT)).isEqualTo(42);
      assertThatThrownBy(() -> reader.result(r.path("bad_id").asText()).get(WAIT))
          .isInstanceOf(TaskFailedException.class)
          .hasMessageContaining("boom");
    }
  }

  @Test
  void aCeleriacAppReadsAPythonWorkersResultsAndFailuresByIdFromThisBackend() throws Exception {
    try (PythonWorker python =
            PythonWorker.start(
                fixture.queue, records, Map.of("INTEROP_BACKEND", backend), fixture::channel);
        Celeriac sender = app(fixture.queue);
        Celeriac reader = app(fixture.queue)) {
      String ok = sender.task("py.add", Integer.class).delay(2, 3).id();
      String bad = sender.task("py.fail", Integer.class).delay("boom").id();
      ids.add(ok);
      ids.add(bad);

      assertThat(reader.result(ok, Integer.class).get(WAIT)).isEqualTo(5);
      assertThatThrownBy(() -> reader.result(bad).get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> {
                assertThat(e.remoteType()).isEqualTo("ValueError");
                assertThat(e.remoteModule()).isEqualTo("builtins");
                assertThat(e.traceback()).contains("ValueError: boom");
              });
      assertThat(storedStatus(ok)).isEqualTo("SUCCESS");
    }
  }
}
