package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.celeriac.backend.redis.testing.RedisProbe;
import dev.celeriac.backend.redis.testing.TestRedis;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Canvas;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.GroupResult;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.state.TaskState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker storing its results in Redis ({@code resultBackend("redis://…")}), read by id from
 * another app; what it stores (extended fields, STARTED), that it stores nowhere else, and that a
 * task whose result cannot be stored is never acknowledged.
 */
class RedisResultsIT {

  /** This suite's database, unless CELERIAC_TEST_REDIS_URL names one. */
  private static final int DATABASE = 13;

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<String> ids = new ArrayList<>();
  private String redis;
  private QueueFixture fixture;
  private Celeriac reader;
  private RedisProbe probe;

  @BeforeEach
  void start() {
    redis = TestRedis.require(DATABASE);
    probe = new RedisProbe(redis);
    fixture = QueueFixture.create("it-redis");
    // Another process, as far as results go: its own app, connection and backend.
    reader = Celeriac.builder().url(TestBroker.amqpUrl()).resultBackend(redis).build();
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
    if (reader != null) {
      reader.close();
    }
    if (probe != null) {
      probe.delete(ids.stream().map(id -> "celery-task-meta-" + id).toArray(String[]::new));
      probe.close();
    }
  }

  private Worker worker(java.util.function.UnaryOperator<WorkerSettings.Builder> tune) {
    return fixture.startWorker(w -> tune.apply(w.concurrency(2).resultBackend(redis)));
  }

  private String remember(String id) {
    ids.add(id);
    return id;
  }

  private JsonNode stored(String id) {
    String value = probe.get("celery-task-meta-" + id);
    return value == null ? null : CeleryJson.read(value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSavedGroupIsRestoredByIdInAnotherAppAndInPythonCelery() throws Exception {
    worker(w -> w);
    String groupKey = null;
    // Saving needs the sender's own backend to keep groups: the fixture's app is on rpc://.
    try (Celeriac sender =
        Celeriac.builder()
            .url(TestBroker.amqpUrl())
            .resultBackend(redis)
            .defaultQueue(fixture.queue)
            .build()) {
      var add = sender.task("it.add", Integer.class);
      GroupResult<Integer> group = Canvas.group(add.s(1, 1), add.s(2, 2), add.s(3, 3)).applyAsync();
      group.results().forEach(r -> remember(r.id()));
      groupKey = "celery-taskset-meta-" + group.id();
      group.save();
      assertThat(probe.ttl(groupKey)).isBetween(86_000L, 86_400L);

      GroupResult<Integer> restored = reader.groupResult(group.id(), Integer.class).orElseThrow();
      assertThat(restored.results())
          .extracting(AsyncResult::id)
          .containsExactlyElementsOf(group.results().stream().map(AsyncResult::id).toList());
      assertThat(restored.get(WAIT)).containsExactly(2, 4, 6);
      assertThat(reader.groupResult("never-saved-" + UUID.randomUUID())).isEmpty();

      PythonCelery.requireWithRedis();
      String out =
          PythonCelery.runWithBackend(
              """
              g = GroupResult.restore(sys.argv[2], app=app)
              print(json.dumps([[r.id for r in g.results], g.get(timeout=30)]))
              """,
              redis,
              group.id());
      List<String> memberIds = group.results().stream().map(AsyncResult::id).toList();
      assertThat(CeleryJson.read(out.getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(CeleryJson.mapper().valueToTree(List.of(memberIds, List.of(2, 4, 6))));
    } finally {
      if (groupKey != null) {
        probe.delete(groupKey);
      }
    }
  }

  @Test
  void anotherAppReadsAResultAndAFailureByIdWithTheirTraceback() {
    worker(w -> w);
    String ok = remember(fixture.app.task("it.add", Integer.class).delay(20, 22).id());
    String bad = remember(fixture.app.task("it.fail", Integer.class).delay("boom").id());

    assertThat(reader.result(ok, Integer.class).get(WAIT)).isEqualTo(42);
    assertThatThrownBy(() -> reader.result(bad).get(WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("IllegalStateException");
              assertThat(e.traceback()).contains("java.lang.IllegalStateException: boom");
            });
    assertThat(probe.ttl("celery-task-meta-" + ok)).isBetween(86_000L, 86_400L);
  }

  @Test
  void extendedResultsNameTheTaskTheWorkerAndTheQueueAndStartedIsStoredWhenTracked() {
    Worker worker = worker(w -> w.resultExtended(true).resultExpires(Duration.ofMinutes(5)));
    String id = remember(fixture.app.task("it.slow", String.class).delay(1500).id());

    await().atMost(WAIT).until(() -> reader.result(id).state() == TaskState.STARTED);
    JsonNode started = stored(id);
    assertThat(started.path("result").path("hostname").asText())
        .isEqualTo(worker.settings().hostname());
    assertThat(reader.result(id, String.class).get(WAIT)).isEqualTo("done");

    JsonNode done = stored(id);
    assertThat(done.path("status").asText()).isEqualTo("SUCCESS");
    assertThat(done.path("name").asText()).isEqualTo("it.slow");
    assertThat(done.path("args").toString()).isEqualTo("[1500]");
    assertThat(done.path("worker").asText()).isEqualTo(worker.settings().hostname());
    assertThat(done.path("queue").asText()).isEqualTo(fixture.queue);
    assertThat(probe.ttl("celery-task-meta-" + id)).isBetween(250L, 300L);
  }

  @Test
  void aResultGoesOnlyToTheConfiguredBackendNotToTheCallersReplyQueue() throws Exception {
    Worker worker = worker(w -> w.concurrency(1));
    // A Celery client always sets reply_to, whatever its backend; nobody consumes this one.
    Channel channel = fixture.channel();
    String replies = channel.queueDeclare().getQueue();
    String id = remember(UUID.randomUUID().toString());
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .contentEncoding("utf-8")
            .correlationId(id)
            .replyTo(replies)
            .headers(Map.of("id", id, "task", "it.add", "lang", "py"))
            .build();
    channel.basicPublish(
        "", fixture.queue, properties, "[[1, 2], {}, {}]".getBytes(StandardCharsets.UTF_8));

    assertThat(reader.result(id, Integer.class).get(WAIT)).isEqualTo(3);
    // Settled only after every store: if a reply were published, it would be in the queue now.
    await().atMost(WAIT).until(() -> worker.processed() == 1);
    assertThat(channel.messageCount(replies)).isZero();
    Topology.closeQuietly(channel);
  }

  @Test
  void aTaskWhoseResultCannotBeStoredIsNeverAcknowledgedAndRunsAgainOnceABackendStoresIt() {
    // Nothing listens on port 1: every store fails at once.
    Worker unreachable =
        fixture.startWorker(
            w ->
                w.concurrency(1)
                    .resultBackend("redis://127.0.0.1:1/0")
                    .resultRetryTimeout(Duration.ofMillis(500))
                    .resultRetryMaxBackoff(Duration.ofMillis(100)));
    AsyncResult<Integer> sent = fixture.app.task("it.add", Integer.class).delay(2, 3);
    String id = remember(sent.id());

    // Run, not stored within the retry timeout, put back: at least once.
    await().atMost(WAIT).until(() -> unreachable.processed() >= 1);
    unreachable.shutdownNow();
    await().atMost(WAIT).until(() -> fixture.depth(fixture.queue) >= 1);
    assertThat(stored(id)).as("nothing stored while the backend was away").isNull();

    worker(w -> w);
    assertThat(reader.result(id, Integer.class).get(WAIT)).isEqualTo(5);
  }
}
