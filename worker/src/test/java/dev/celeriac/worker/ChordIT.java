package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.celeriac.backend.redis.testing.RedisProbe;
import dev.celeriac.backend.redis.testing.TestRedis;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Canvas;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.Signature;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.error.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
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
  void whileWaitingTheJoinHoldsCeleryKeysWithTheResultExpiryAsTtl() {
    assertJoinWhileWaiting(sender, 86_000L);
  }

  @Test
  void withoutResultExpiryTheJoinKeysHaveNoTtlAndTheChordStillCompletes() {
    // The worker's expiry governs the join (it EXPIREs all three keys); the client's the size.
    try (QueueFixture noExpiryWorker = QueueFixture.create("it-chord-noexp")) {
      noExpiryWorker.startWorker(
          w -> w.concurrency(2).resultBackend(redis).resultExpires(Duration.ZERO));
      try (Celeriac noExpiry =
          Celeriac.builder()
              .url(TestBroker.amqpUrl())
              .resultBackend(redis)
              .resultExpires(Duration.ZERO)
              .defaultQueue(noExpiryWorker.queue)
              .build()) {
        assertJoinWhileWaiting(noExpiry, -1L);
      }
    }
  }

  /**
   * chord([add(1, 1), slow], echo): once the first part returned, the join is Celery's (compare
   * chord-join.json): a sorted set with {@code [1, "<id>", "SUCCESS", 2]} scored 0, the size "2",
   * no {@code .t}; then the body gets both results.
   */
  private void assertJoinWhileWaiting(Celeriac app, long minTtl) {
    String first = UUID.randomUUID().toString();
    var add = app.task("it.add", Integer.class);
    var slow = app.task("it.slow", String.class);
    AsyncResult<Object> body =
        Canvas.chord(
                List.of(add.s(1, 1).withOption("task_id", TextNode.valueOf(first)), slow.s(1500)),
                app.task("it.echo", Object.class).s())
            .applyAsync();
    await().atMost(WAIT).until(() -> probe.get("celery-task-meta-" + first) != null);
    String groupId = meta(first).path("group_id").asText();
    String j = joinKey(groupId, ".j");
    await().atMost(WAIT).until(() -> probe.redis().zcard(j) == 1 || probe.redis().exists(j) == 0);
    var members = probe.redis().zrangeWithScores(j, 0, -1);
    assertThat(members).hasSize(1);
    assertThat(new String(members.getFirst().getValue(), StandardCharsets.UTF_8))
        .isEqualTo("[1, \"" + first + "\", \"SUCCESS\", 2]");
    assertThat(members.getFirst().getScore()).isZero();
    assertThat(probe.get(joinKey(groupId, ".s"))).isEqualTo("2");
    assertThat(probe.redis().exists(joinKey(groupId, ".t"))).isZero();
    if (minTtl < 0) {
      assertThat(probe.ttl(j)).isEqualTo(-1L);
      assertThat(probe.ttl(joinKey(groupId, ".s"))).isEqualTo(-1L);
    } else {
      assertThat(probe.ttl(j)).isBetween(minTtl, 86_400L);
      assertThat(probe.ttl(joinKey(groupId, ".s"))).isBetween(minTtl, 86_400L);
    }
    assertThat(body.get(WAIT)).isEqualTo(List.of(2, "done"));
  }

  @Test
  void aGroupFollowedByStepsInAChainIsAChordWhereverTheGroupStands() {
    ChordCases.aGroupFollowedByStepsInAChainIsAChord(sender, WAIT);
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
    PythonCelery.requireWithRedis();
    String out =
        PythonCelery.runWithBackend(
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

  @Test
  void aCeleriacWorkerRunsTheChordUnlockAPythonClientSends() throws Exception {
    PythonCelery.requireWithRedis();
    // As Celery's fallback_chord_unlock sends it for a backend without a join; here the members
    // are a plain group, so only chord_unlock can ever send the body.
    String out =
        PythonCelery.runWithBackend(
            """
            from celery import group
            app = Celery("interop", broker=sys.argv[2], backend=sys.argv[1])
            app.conf.task_default_queue = sys.argv[3]
            sig = app.signature
            g = group(sig("it.add", (1, 1)), sig("it.slow", (300,)), sig("it.fail", ("x",)))
            ok = g.apply_async()
            body = sig("it.echo").freeze()
            app.tasks["celery.chord_unlock"].apply_async(
                (ok.id, sig("it.echo", options={"task_id": body.id})),
                {"result": [r.as_tuple() for r in ok.results[:2]], "interval": 0.2},
                countdown=0.2)
            bad = group(sig("it.add", (1, 1)), sig("it.fail", ("member boom",))).apply_async()
            bad_body = sig("it.echo").freeze()
            app.tasks["celery.chord_unlock"].apply_async(
                (bad.id, sig("it.echo", options={"task_id": bad_body.id})),
                {"result": [r.as_tuple() for r in bad.results]})
            try:
                bad_body.get(timeout=30)
                failure = None
            except Exception as e:
                failure = [type(e).__name__, str(e), bad.results[1].id]
            print(json.dumps([body.get(timeout=30), failure]))
            """,
            redis,
            TestBroker.amqpUrl(),
            fixture.queue);
    var result = dev.celeriac.protocol.CeleryJson.read(out.getBytes(StandardCharsets.UTF_8));
    assertThat(result.get(0).toString()).isEqualTo("[2,\"done\"]");
    assertThat(result.get(1).get(0).asText()).isEqualTo("ChordError");
    assertThat(result.get(1).get(1).asText())
        .isEqualTo(
            "Dependency "
                + result.get(1).get(2).asText()
                + " raised IllegalStateException('member boom')");
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
