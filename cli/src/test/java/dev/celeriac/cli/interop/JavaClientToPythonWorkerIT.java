package dev.celeriac.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.broker.topology.QueueType;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Canvas;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.GroupResult;
import dev.celeriac.client.Signature;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.client.TaskRef;
import dev.celeriac.client.TaskRevokedException;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.protocol.TaskBody;
import dev.celeriac.protocol.TaskHeaders;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.TaskProperties;
import dev.celeriac.state.TaskState;
import dev.celeriac.worker.QueueFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Celeriac client, Python Celery 5.2.6 workers running the tasks. */
class JavaClientToPythonWorkerIT {

  private static QueueFixture fixture;
  private static PythonWorker python;
  private static Path records;
  private static Celeriac app;
  private static TaskRef<Integer> add;

  @BeforeAll
  static void start() throws Exception {
    PythonCelery.require();
    records = Files.createTempDirectory("interop-records");
    fixture = QueueFixture.create("interop-py");
    app = fixture.app;
    var channel = fixture.channel();
    Topology.declareDeadLetterQueue(channel, fixture.queue, QueueType.CLASSIC);
    channel.close();
    python =
        PythonWorker.start(
            fixture.queue, records, Map.of("INTEROP_DLX_QUEUE", fixture.queue), fixture::channel);
    add = app.task("py.add", Integer.class);
  }

  @AfterAll
  static void stop() throws Exception {
    if (python != null) {
      python.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  private static List<String> recorded(String key) throws Exception {
    Path file = records.resolve(key);
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  @Test
  void positionalKeywordExplicitIdAndCustomHeaders() {
    assertThat(add.delay(2, 3).get(Duration.ofSeconds(30))).isEqualTo(5);
    assertThat(
            add.applyAsync(List.of(), Map.of("x", 4, "y", 5), TaskOptions.NONE)
                .get(Duration.ofSeconds(30)))
        .isEqualTo(9);
    String id = "java-explicit-" + UUID.randomUUID();
    AsyncResult<Integer> explicit =
        add.applyAsync(List.of(1, 1), TaskOptions.builder().taskId(id).build());
    assertThat(explicit.id()).isEqualTo(id);
    assertThat(explicit.get(Duration.ofSeconds(30))).isEqualTo(2);
    assertThat(
            add.applyAsync(
                    List.of(3, 3),
                    TaskOptions.builder()
                        .header("x-custom", "abc")
                        .header("x-big", 1L << 40)
                        .build())
                .get(Duration.ofSeconds(30)))
        .isEqualTo(6);
  }

  @Test
  void valuesCrossUnchanged() {
    List<Object> values =
        Arrays.asList(
            1,
            -7,
            1L << 31,
            1L << 40,
            1.5,
            "h\u00e9llo \u4e16\u754c",
            null,
            true,
            false,
            List.of(1, List.of(2)),
            Map.of("a", Map.of("b", List.of(1))));
    Map<String, Object> echoed =
        app.task("py.echo", new TypeReference<Map<String, Object>>() {})
            .delay(values)
            .get(Duration.ofSeconds(30));
    assertThat(echoed.get("args")).isEqualTo(List.of(values));
  }

  @Test
  void routingToANamedQueue() throws Exception {
    // The Python worker consumes only its queue: naming it per call routes there from any app.
    try (Celeriac other =
        Celeriac.builder()
            .broker(WorkerClient.of(app).connection().settings())
            .defaultQueue("celeriac-elsewhere")
            .build()) {
      assertThat(
              other
                  .task("py.add", Integer.class)
                  .applyAsync(List.of(7, 8), TaskOptions.builder().queue(fixture.queue).build())
                  .get(Duration.ofSeconds(30)))
          .isEqualTo(15);
      var channel = WorkerClient.of(other).connection().createChannel();
      channel.queueDelete("celeriac-elsewhere");
      channel.exchangeDelete("celeriac-elsewhere");
      channel.close();
    }
  }

  @Test
  void countdownEtaAndExpiry() {
    Instant sent = Instant.now();
    assertThat(
            add.applyAsync(
                    List.of(1, 2), TaskOptions.builder().countdown(Duration.ofMillis(1500)).build())
                .get(Duration.ofSeconds(30)))
        .isEqualTo(3);
    assertThat(Duration.between(sent, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1400));
    assertThat(
            add.applyAsync(
                    List.of(2, 2), TaskOptions.builder().eta(Instant.now().plusSeconds(1)).build())
                .get(Duration.ofSeconds(30)))
        .isEqualTo(4);
    AsyncResult<Integer> expired =
        add.applyAsync(
            List.of(1, 1), TaskOptions.builder().expires(Instant.now().minusSeconds(60)).build());
    assertThatThrownBy(() -> expired.get(Duration.ofSeconds(30)))
        .isInstanceOf(TaskRevokedException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void failuresArriveWithTypeArgumentsAndTraceback() {
    assertThatThrownBy(
            () -> app.task("py.fail", Integer.class).delay("boom").get(Duration.ofSeconds(30)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("ValueError");
              assertThat(e.remoteModule()).isEqualTo("builtins");
              assertThat(e.remoteArguments().toString()).isEqualTo("[\"boom\"]");
              assertThat(e.traceback())
                  .contains("raise ValueError(message)")
                  .contains("ValueError: boom");
            });
    assertThatThrownBy(
            () ->
                app.task("py.fail_custom", Integer.class)
                    .delay(42, "custom")
                    .get(Duration.ofSeconds(30)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("CustomError");
              assertThat(e.remoteModule()).isEqualTo("celeriac_interop");
              assertThat(e.remoteArguments().toString()).isEqualTo("[42,\"custom\"]");
            });
  }

  @Test
  void retriesAndExhaustedRetries() {
    AsyncResult<Integer> flaky = app.task("py.flaky", Integer.class).delay(2);
    List<TaskState> seen = new CopyOnWriteArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              seen.add(flaky.state());
              return flaky.ready();
            });
    assertThat(flaky.get(Duration.ZERO)).isEqualTo(2);
    assertThat(seen).contains(TaskState.RETRY);
    assertThatThrownBy(
            () -> app.task("py.always_retry", Integer.class).delay().get(Duration.ofSeconds(30)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("OSError");
              assertThat(e.remoteArguments().toString()).isEqualTo("[\"still down\"]");
            });
  }

  @Test
  void chainOfThreeWithAnImmutableStep() {
    TaskRef<Integer> mul = app.task("py.mul", Integer.class);
    assertThat(
            Canvas.<Integer>chain(add.s(1, 2), mul.s(3), add.s(4))
                .applyAsync()
                .get(Duration.ofSeconds(30)))
        .isEqualTo(13);
    assertThat(
            Canvas.<Integer>chain(add.s(1, 2), mul.s(3), add.si(4, 4))
                .applyAsync()
                .get(Duration.ofSeconds(30)))
        .isEqualTo(8);
  }

  @Test
  void groupOfTenInOrder() {
    List<Signature<Integer>> members = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      members.add(add.s(i, i));
    }
    GroupResult<Integer> group = Canvas.group(members).applyAsync();
    assertThat(group.get(Duration.ofSeconds(30)))
        .containsExactly(0, 2, 4, 6, 8, 10, 12, 14, 16, 18);
  }

  @Test
  void mapStarmapAndChunks() {
    assertThat(
            add.starmap(List.of(List.of(1, 2), List.of(3, 4)), Integer.class)
                .delay()
                .get(Duration.ofSeconds(30)))
        .containsExactly(3, 7);
    assertThat(
            app.task("py.echo", Object.class)
                .map(List.of(1, 2), Object.class)
                .delay()
                .get(Duration.ofSeconds(30)))
        .hasSize(2);
    List<List<Integer>> pairs = List.of(List.of(0, 0), List.of(1, 1), List.of(2, 2));
    assertThat(add.chunks(pairs, 2, Integer.class).applyAsync().get(Duration.ofSeconds(30)))
        .containsExactly(List.of(0, 2), List.of(4));
  }

  @Test
  void linkAndLinkErrorCallbacks() throws Exception {
    String key = UUID.randomUUID().toString();
    TaskRef<String> record = app.task("py.record", String.class);
    add.s(20, 22).link(record.s(key)).delay().get(Duration.ofSeconds(30));
    AsyncResult<Integer> failed =
        app.task("py.fail", Integer.class)
            .s("boom")
            .linkError(app.task("py.on_error", String.class).s(key + "-err"))
            .delay();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !recorded(key).isEmpty() && !recorded(key + "-err").isEmpty());
    assertThat(recorded(key)).containsExactly("42");
    assertThat(recorded(key + "-err")).containsExactly("'" + failed.id() + "'");
  }

  @Test
  void trackStartedShowsStarted() {
    AsyncResult<String> slow = app.task("py.slow", String.class).delay(1.5);
    await().atMost(Duration.ofSeconds(30)).until(() -> slow.state() == TaskState.STARTED);
    assertThat(slow.get(Duration.ofSeconds(30))).isEqualTo("done");
  }

  @Test
  void unknownTaskFailsWithNotRegisteredAndTheMessageIsKept() {
    AsyncResult<Object> unknown = app.task("py.nope", Object.class).delay(1);
    assertThatThrownBy(() -> unknown.get(Duration.ofSeconds(30)))
        .isInstanceOfSatisfying(
            TaskFailedException.class, e -> assertThat(e.remoteType()).isEqualTo("NotRegistered"));
    GetResponse[] dead = new GetResponse[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> (dead[0] = fixture.takeDeadLetter()) != null);
    assertThat(dead[0].getProps().getHeaders().get("id").toString()).isEqualTo(unknown.id());
  }

  @Test
  void ignoreResultSendsNoResultMessage() throws Exception {
    // Our own reply queue, to see exactly what the Python worker sends back.
    var channel = fixture.channel();
    String replies = channel.queueDeclare().getQueue();
    String id = UUID.randomUUID().toString();
    TaskHeaders headers =
        TaskHeaders.builder(id, "py.add").origin("test@it").ignoreResult(true).build();
    TaskProperties props = new TaskProperties(id, replies, 0, 2, null, null, null);
    var json = app.json();
    WorkerClient.of(app)
        .send(
            new TaskMessage(
                headers, new TaskBody(json.valueToTree(List.of(1, 1)), null, null), props),
            fixture.queue);
    assertThat(add.delay(2, 2).get(Duration.ofSeconds(30)))
        .isEqualTo(4); // ran after it, on the same worker
    // Celery logs success after storing the result: a reply, if any, would be on its way by then.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> python.output().contains("Task py.add[" + id + "] succeeded"));
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> channel.queueDeclarePassive(replies).getMessageCount() == 0);
    channel.close();
  }

  @Test
  void priorityOnAnXMaxPriorityQueue() throws Exception {
    try (QueueFixture prio = QueueFixture.create("interop-py-prio")) {
      var channel = prio.channel();
      Topology.taskQueue(prio.queue, 10, QueueType.CLASSIC)
          .declare(channel); // as the Python app declares it
      channel.close();
      String key = UUID.randomUUID().toString();
      TaskRef<String> record = prio.app.task("py.record", String.class);
      for (int n : new int[] {1, 9, 5}) {
        record.applyAsync(
            List.of(n, key), TaskOptions.builder().priority(n).ignoreResult(true).build());
      }
      try (PythonWorker worker =
          PythonWorker.start(
              prio.queue,
              records,
              Map.of("INTEROP_MAX_PRIORITY", "10", "CONCURRENCY", "1"),
              prio::channel)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded(key).size() == 3);
      }
      assertThat(recorded(key)).containsExactly("9", "5", "1");
    }
  }
}
