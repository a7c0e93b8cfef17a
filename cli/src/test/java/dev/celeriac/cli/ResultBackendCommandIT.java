package dev.celeriac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.backend.redis.testing.RedisProbe;
import dev.celeriac.backend.redis.testing.TestRedis;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.monitor.Monitor;
import dev.celeriac.monitor.MonitorSettings;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.worker.QueueFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code celeriac call}, {@code celeriac result} and the monitor's task page reading results
 * through a durable backend ({@code --result-backend redis://…} or {@code
 * CELERIAC_RESULT_BACKEND}), from a worker that stores there.
 */
class ResultBackendCommandIT {

  /** This suite's database, unless CELERIAC_TEST_REDIS_URL names one. */
  private static final int DATABASE = 13;

  private final List<String> ids = new ArrayList<>();
  private String redis;
  private RedisProbe probe;
  private QueueFixture fixture;
  private StringWriter out;

  @BeforeEach
  void start() {
    redis = TestRedis.require(DATABASE);
    probe = new RedisProbe(redis);
    fixture = QueueFixture.create("it-results").withWorker(w -> w.resultBackend(redis));
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

  private int cli(Map<String, String> env, String... args) {
    out = new StringWriter();
    Map<String, String> environment = new HashMap<>(env);
    environment.put("CELERIAC_BROKER_URL", TestBroker.amqpUrl());
    var cli = CeleriacCommand.commandLine(environment);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    return cli.execute(args);
  }

  private int cli(String... args) {
    return cli(Map.of(), args);
  }

  private List<String> lines() {
    return out.toString().strip().lines().toList();
  }

  /** Sends a task with {@code celeriac call} (no wait) and returns its id. */
  private String call(String task, String args) {
    assertThat(cli("call", task, "--args", args, "-Q", fixture.queue, "--result-backend", redis))
        .as(out.toString())
        .isZero();
    String id = lines().getFirst();
    ids.add(id);
    return id;
  }

  @Test
  void resultShowsAFinishedTasksResultByIdWhoseCallDidNotWait() {
    String id = call("it.add", "[5, 5]");

    assertThat(cli("result", id, "--wait", "--result-backend", redis)).isZero();
    assertThat(lines()).containsExactly("SUCCESS", "10");
    // Once stored, without --wait too, and the backend can come from the environment.
    assertThat(cli(Map.of("CELERIAC_RESULT_BACKEND", redis), "result", id, "--json")).isZero();
    JsonNode shown = CeleryJson.read(out.toString().strip().getBytes(StandardCharsets.UTF_8));
    assertThat(shown.path("state").asText()).isEqualTo("SUCCESS");
    assertThat(shown.path("result").asInt()).isEqualTo(10);
    assertThat(shown.path("source").asText()).isEqualTo("backend");
  }

  @Test
  void resultShowsAFailuresExceptionAndTracebackWithExitCodeOne() {
    String id = call("it.fail", "[\"boom\"]");

    assertThat(cli("result", id, "--wait", "--result-backend", redis)).isEqualTo(1);
    assertThat(lines().get(0)).isEqualTo("FAILURE");
    assertThat(lines().get(1)).isEqualTo("IllegalStateException: boom");
    assertThat(out.toString()).contains("java.lang.IllegalStateException: boom\n\tat ");
  }

  @Test
  void resultOfAnIdNobodyStoredIsPending() {
    assertThat(cli("result", UUID.randomUUID().toString(), "--result-backend", redis)).isZero();
    assertThat(lines()).containsExactly("PENDING");
  }

  @Test
  void callWaitsThroughTheResultBackend() {
    assertThat(
            cli(
                Map.of("CELERIAC_RESULT_BACKEND", redis),
                "call",
                "it.add",
                "--args",
                "[1, 2]",
                "-Q",
                fixture.queue,
                "--wait"))
        .isZero();
    ids.add(lines().getFirst());
    assertThat(lines()).hasSize(2).last().isEqualTo("3");
    assertThat(probe.get("celery-task-meta-" + lines().getFirst())).contains("\"result\": 3");
  }

  @Test
  void theMonitorsTaskPageShowsTheStoredResultWhenEventsLackIt() throws Exception {
    String id = call("it.add", "[20, 22]");
    assertThat(cli("result", id, "--wait", "--result-backend", redis)).isZero();

    try (Monitor monitor =
        Monitor.start(
            MonitorSettings.builder()
                .broker(BrokerSettings.of(TestBroker.amqpUrl()))
                .port(0)
                .resultBackend(redis)
                .build())) {
      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(monitor.url().resolve("/api/tasks/" + id)).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      JsonNode task = CeleryJson.read(page.body().getBytes(StandardCharsets.UTF_8));
      assertThat(task.path("id").asText()).isEqualTo(id);
      assertThat(task.path("stored").path("state").asText()).isEqualTo("SUCCESS");
      assertThat(task.path("stored").path("result").asText()).isEqualTo("42");
    }
  }
}
