package dev.celeriac.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.cli.CeleriacCommand;
import dev.celeriac.worker.QueueFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Celery's own tools and Celeriac's, across languages: Python's {@code celery inspect} and {@code
 * celery events --dump} with a Celeriac worker, and {@code celeriac inspect} with a Python worker.
 */
class CeleryToolsInteropIT {

  private QueueFixture fixture;
  private Path records;
  private final String node = "tools-" + UUID.randomUUID() + "@it";

  @BeforeEach
  void start() throws IOException {
    PythonCelery.require();
    records = Files.createTempDirectory("interop-tools");
    fixture = QueueFixture.create("interop-tools");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private record Output(int code, String text) {}

  /** Runs {@code python3 -m celery -A celeriac_interop ARGS} to completion. */
  private Output celery(String... args) throws IOException, InterruptedException {
    Process p = PythonWorker.celery(records, args).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("celery %s finished", args[0]).isTrue();
    return new Output(p.exitValue(), text);
  }

  @Test
  void pythonInspectAndControlAnswerForACeleriacWorker() throws Exception {
    fixture.withWorker(w -> w.hostname(node));

    Output ping = celery("inspect", "ping", "-d", node, "-t", "5");
    assertThat(ping.code()).as(ping.text()).isZero();
    assertThat(ping.text()).contains("->  " + node + ": OK").contains("pong");

    Output registered = celery("inspect", "registered", "-d", node, "-t", "5");
    assertThat(registered.code()).as(registered.text()).isZero();
    assertThat(registered.text()).contains("->  " + node + ": OK").contains("* it.add");

    Output stats = celery("inspect", "stats", "-d", node, "-t", "5");
    assertThat(stats.code()).as(stats.text()).isZero();
    assertThat(stats.text()).contains("max-concurrency");

    Output limit = celery("control", "rate_limit", "it.add", "5/s", "-d", node, "-t", "5");
    assertThat(limit.code()).as(limit.text()).isZero();
    assertThat(limit.text()).contains("new rate limit set successfully");
    Output added = celery("control", "add_consumer", fixture.queue + "-py", "-d", node, "-t", "5");
    assertThat(added.text()).contains("add consumer " + fixture.queue + "-py");
    Output cancelled =
        celery("control", "cancel_consumer", fixture.queue + "-py", "-d", node, "-t", "5");
    assertThat(cancelled.text()).contains("no longer consuming from " + fixture.queue + "-py");
    fixture.deleteQueue(fixture.queue + "-py");
  }

  @Test
  void celeriacInspectPingAnswersForAPythonWorker() throws Exception {
    try (PythonWorker python =
        PythonWorker.start(fixture.queue, records, Map.of(), fixture::channel)) {
      String pythonNode = "py-" + fixture.queue + "@it";
      StringWriter out = new StringWriter();
      var cli = CeleriacCommand.commandLine(Map.of("CELERIAC_BROKER_URL", TestBroker.amqpUrl()));
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(out));
      assertThat(cli.execute("inspect", "ping", "-d", pythonNode, "-t", "10s"))
          .as(out.toString())
          .isZero();
      assertThat(out.toString()).contains("->  " + pythonNode + ": OK").contains("pong");

      var registered =
          fixture
              .app
              .control()
              .to(pythonNode)
              .timeout(Duration.ofSeconds(10))
              .inspect()
              .registered();
      assertThat(registered.get(pythonNode).toString()).contains("py.add");
    }
  }

  @Test
  void aStartingPythonWorkerLearnsRevokesFromACeleriacWorkerByMingle() throws Exception {
    fixture.withWorker(w -> w.hostname(node));
    String revoked = "revoked-" + UUID.randomUUID();
    fixture.app.control().revoke(revoked);
    var control = fixture.app.control().timeout(Duration.ofSeconds(5));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> control.to(node).inspect().revoked().get(node).toString().contains(revoked));

    String pythonNode = "py-mingle-" + UUID.randomUUID() + "@it";
    Path log = Files.createTempFile("python-mingle", ".log");
    Process python =
        PythonWorker.celery( // mingle on: it asks the live workers for their revokes
                records, PythonWorker.workerArgs(fixture.queue + "-py", "1", pythonNode, true))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                var replies = control.to(pythonNode).inspect().revoked();
                return replies.containsKey(pythonNode)
                    && replies.get(pythonNode).toString().contains(revoked);
              });
      assertThat(Files.readString(log)).contains("mingle: sync with 1 nodes");
    } finally {
      PythonWorker.stop(python);
      fixture.deleteQueue(fixture.queue + "-py");
    }
  }

  @Test
  void celeriacEventsReadAPythonWorkersBatchedTaskEvents() throws Exception {
    java.util.List<dev.celeriac.client.events.Event> events =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var receiver = dev.celeriac.client.events.EventReceiver.start(fixture.app, events::add);
        PythonWorker python =
            PythonWorker.start(
                fixture.queue, records, Map.of("INTEROP_TASK_EVENTS", "1"), fixture::channel)) {
      String pythonNode = "py-" + fixture.queue + "@it";
      var result = fixture.app.task("py.add", Integer.class).delay(20, 22);
      assertThat(result.get(Duration.ofSeconds(30))).isEqualTo(42);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  events.stream()
                      .anyMatch(
                          e -> result.id().equals(e.uuid()) && e.type().equals("task-succeeded")));
      var mine = events.stream().filter(e -> result.id().equals(e.uuid())).toList();
      assertThat(mine)
          .extracting(dev.celeriac.client.events.Event::type)
          .contains("task-received", "task-started", "task-succeeded");
      assertThat(mine).allMatch(e -> e.hostname().equals(pythonNode));
      assertThat(mine.getFirst().text("name")).isEqualTo("py.add");
      assertThat(
              mine.stream()
                  .filter(e -> e.type().equals("task-succeeded"))
                  .findFirst()
                  .orElseThrow()
                  .text("result"))
          .isEqualTo("42");
    }
  }

  @Test
  void pythonEventsDumpSeesACeleriacWorkersTaskEvents() throws Exception {
    fixture.withWorker(w -> w.hostname(node).taskEvents(true));
    Path log = Files.createTempFile("celery-events", ".log");
    Process dump =
        PythonWorker.celery(records, "events", "--dump")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      // Listening once the worker's heartbeats (every 2 s) appear in the dump.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(log).contains(node + " ["));
      var result = fixture.app.task("it.add", Integer.class).delay(20, 22);
      assertThat(result.get(Duration.ofSeconds(20))).isEqualTo(42);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> Files.readString(log).contains("task succeeded"));
      String text = Files.readString(log);
      assertThat(text)
          .contains("task received: it.add(" + result.id() + ") args=(20, 22)")
          .contains("task started")
          .contains("task succeeded: it.add(" + result.id() + ")")
          .contains("result=42")
          .contains(node + " [");
    } finally {
      PythonWorker.stop(dump);
    }
  }
}
