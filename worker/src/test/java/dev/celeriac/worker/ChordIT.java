package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.celeriac.backend.redis.testing.PythonCelery;
import dev.celeriac.backend.redis.testing.RedisProbe;
import dev.celeriac.backend.redis.testing.TestRedis;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Canvas;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.Signature;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.error.ConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chords on Redis run by Celeriac workers: Celery's join in Redis, the body with the header's
 * results in order, a failed member's ChordError, the join's keys and the client's subscriptions
 * gone afterwards, and a chord a Python Celery client sends. One worker serves every test.
 */
class ChordIT {

  private static final int DATABASE = 13;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static String redis;
  private static QueueFixture fixture;
  private static RedisProbe probe;
  private static Celeriac sender;

  @BeforeAll
  static void start() {
    redis = TestRedis.require(DATABASE);
    probe = new RedisProbe(redis);
    fixture = QueueFixture.create("it-chord");
    fixture.startWorker(w -> w.concurrency(4).resultBackend(redis));
    sender =
        Celeriac.builder()
            .url(TestBroker.amqpUrl())
            .resultBackend(redis)
            .defaultQueue(fixture.queue)
            .build();
  }

  @AfterAll
  static void stop() {
    if (sender != null) {
      sender.close();
    }
    if (fixture != null) {
      fixture.close();
    }
    if (probe != null) {
      probe.close();
    }
  }

  private static String joinKey(String groupId, String suffix) {
    return "celery-taskset-meta-" + groupId + suffix;
  }

  @Test
  void theBodyGetsTheHeaderResultsInHeaderOrderAndTheJoinAndSubscriptionsAreGoneAfterwards() {
    var add = sender.task("it.add", Integer.class);
    var slow = sender.task("it.mul", Integer.class);
    Signature<Object> echo = sender.task("it.echo", Object.class).s();
    AsyncResult<Object> body =
        Canvas.chord(List.of(add.s(1, 1), slow.s(3, 3), add.s(4, 4)), echo).applyAsync();

    assertThat(body.get(WAIT)).isEqualTo(List.of(2, 9, 8));
    String stored = probe.get("celery-task-meta-" + body.id());
    assertThat(stored).contains("\"status\": \"SUCCESS\"").contains("\"result\": [2, 9, 8]");
    // The worker that completed the join deleted it (Celery's finally: delete .j, .t, .s).
    String groupId = groupIdOf(body);
    // (right after sending the body, so the body may finish first).
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> probe.redis().exists(joinKey(groupId, ".j"), joinKey(groupId, ".s")) == 0);
    // celery#3812: the client's subscription to the body's channel ends with the body.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> probe.subscribers("celery-task-meta-" + body.id()) == 0);
  }

  @Test
  void aFailedMemberFailsTheBodyWithChordErrorNamingItAndTheBodyDoesNotRun() {
    var add = sender.task("it.add", Integer.class);
    var fail = sender.task("it.fail", Integer.class);
    Signature<Object> record = sender.task("it.echo", Object.class).s();
    AsyncResult<Object> body =
        Canvas.chord(List.of(add.s(1, 1), fail.s("header boom")), record).applyAsync();

    assertThatThrownBy(() -> body.get(WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("ChordError");
              assertThat(e.remoteModule()).isEqualTo("celery.exceptions");
              assertThat(e.getMessage())
                  .containsPattern(
                      "Dependency [0-9a-f-]{36} raised IllegalStateException\\('header boom'\\)");
            });
    String stored = probe.get("celery-task-meta-" + body.id());
    assertThat(stored)
        .startsWith("{\"status\": \"FAILURE\", \"result\": {\"exc_type\": \"ChordError\"")
        .contains("\"exc_module\": \"celery.exceptions\"");
  }

  @Test
  void withoutResultExpiryTheChordStillCompletesAndItsKeysHaveNoTtl() {
    try (Celeriac noExpiry =
        Celeriac.builder()
            .url(TestBroker.amqpUrl())
            .resultBackend(redis)
            .resultExpires(Duration.ZERO)
            .defaultQueue(fixture.queue)
            .build()) {
      var add = noExpiry.task("it.add", Integer.class);
      var echo = noExpiry.task("it.echo", Object.class);
      AsyncResult<Object> body =
          Canvas.chord(List.of(add.s(1, 2), add.s(3, 4)), echo.s()).applyAsync();
      assertThat(body.get(WAIT)).isEqualTo(List.of(3, 7));
    }
  }

  @Test
  void rpcRefusesChordsNamingTheRemedy() {
    var add = fixture.app.task("it.add", Integer.class);
    assertThatThrownBy(
            () ->
                Canvas.chord(List.of(add.s(1, 1)), fixture.app.task("it.echo", Object.class).s())
                    .applyAsync())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("rpc://")
        .hasMessageContaining("resultBackend(");
  }

  @Test
  void aPythonClientsChordAndChainWithAGroupRunEntirelyOnCeleriacWorkers() throws Exception {
    PythonCelery.require();
    String out =
        PythonCelery.run(
            """
            from celery import chain, chord, group
            app = Celery("interop", broker=sys.argv[2], backend=sys.argv[1])
            app.conf.task_default_queue = sys.argv[3]
            add = app.signature
            c = chord([add("it.add", (1, 1)), add("it.add", (2, 2))], add("it.echo")).apply_async()
            ch = chain(add("it.add", (1, 1)), group(add("it.add", (10,)), add("it.add", (20,))),
                       add("it.echo")).apply_async()
            print(json.dumps([c.get(timeout=30), ch.get(timeout=30)]))
            """,
            redis,
            TestBroker.amqpUrl(),
            fixture.queue);
    assertThat(out).isEqualTo("[[2, 4], [12, 22]]");
  }

  private static String groupIdOf(AsyncResult<?> body) {
    // The body's parent is the header member that completed the join; its meta names the group.
    String parent = meta(body.id()).path("parent_id").asText();
    return meta(parent).path("group_id").asText();
  }

  private static com.fasterxml.jackson.databind.JsonNode meta(String id) {
    return dev.celeriac.protocol.CeleryJson.read(
        probe.get("celery-task-meta-" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
