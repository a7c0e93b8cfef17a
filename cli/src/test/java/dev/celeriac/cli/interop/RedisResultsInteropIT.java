package dev.celeriac.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.backend.redis.testing.RedisProbe;
import dev.celeriac.backend.redis.testing.TestRedis;
import dev.celeriac.broker.testing.PythonCelery;
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
 * Results through Redis between Python Celery 5.2.6 ({@code backend='redis://…'}) and Celeriac, in
 * both directions, each read by id by a process that did not send the task.
 */
class RedisResultsInteropIT {

  /** This suite's database, unless CELERIAC_TEST_REDIS_URL names one. */
  private static final int DATABASE = 13;

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<String> ids = new ArrayList<>();
  private String redis;
  private RedisProbe probe;
  private Path records;
  private QueueFixture fixture;

  @BeforeEach
  void start() throws Exception {
    PythonCelery.requireWithRedis();
    redis = TestRedis.require(DATABASE);
    probe = new RedisProbe(redis);
    records = Files.createTempDirectory("interop-records");
    fixture = QueueFixture.create("interop-redis");
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
    if (probe != null) {
      probe.delete(ids.stream().map(id -> "celery-task-meta-" + id).toArray(String[]::new));
      probe.close();
    }
  }

  private Celeriac app(String defaultQueue) {
    return Celeriac.builder()
        .url(TestBroker.amqpUrl())
        .defaultQueue(defaultQueue)
        .resultBackend(redis)
        .build();
  }

  @Test
  void aPythonClientWithARedisBackendGetsACeleriacWorkersResultsAndFailures() throws Exception {
    fixture.withWorker(w -> w.concurrency(2).resultBackend(redis));

    JsonNode r =
        PythonInterop.drive(
            Map.of("INTEROP_BACKEND", redis),
            TestBroker.amqpUrl(),
            records,
            "durable",
            fixture.queue);
    System.out.println("python client with redis results: " + r);
    ids.add(r.path("ok_id").asText());
    ids.add(r.path("bad_id").asText());

    assertThat(r.path("backend").asText()).isEqualTo("RedisBackend");
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
  void aCeleriacAppReadsAPythonWorkersResultsAndFailuresByIdFromRedis() throws Exception {
    try (PythonWorker python =
            PythonWorker.start(
                fixture.queue, records, Map.of("INTEROP_BACKEND", redis), fixture::channel);
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
      assertThat(probe.get("celery-task-meta-" + ok)).contains("\"status\": \"SUCCESS\"");
    }
  }
}
