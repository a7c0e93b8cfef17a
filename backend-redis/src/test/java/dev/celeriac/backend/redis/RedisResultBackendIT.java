package dev.celeriac.backend.redis;

import static dev.celeriac.backend.redis.testing.RedisBackendFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.backend.redis.testing.RedisBackendFixture;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.CeleryTime;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The backend against a real Redis: what it writes, publishes, reads, waits for and deletes. */
class RedisResultBackendIT {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Duration EXPIRES = Duration.ofMinutes(5);

  @RegisterExtension
  final RedisBackendFixture redis = new RedisBackendFixture(settings -> settings.expires(EXPIRES));

  @Test
  void storeWritesCeleryMetaWithTheExpiryAsTtlAndFetchReadsIt() throws Exception {
    String id = redis.newTaskId();
    ResultTarget target = new ResultTarget(id, null, null, "group-1", "parent-1", null);
    ObjectNode value = NODES.objectNode().put("answer", 42);

    redis.backend().store(target, success(id, value)).get(10, TimeUnit.SECONDS);

    JsonNode meta = CeleryJson.read(redis.probe().redis().get(key(id)));
    assertThat(meta.properties().stream().map(e -> e.getKey()).toList())
        .containsExactly(
            "status",
            "result",
            "traceback",
            "children",
            "date_done",
            "group_id",
            "parent_id",
            "task_id");
    assertThat(meta.get("result")).isEqualTo(value);
    assertThat(CeleryTime.parse(meta.get("date_done").asText()).toInstant())
        .isBetween(Instant.now().minusSeconds(30), Instant.now().plusSeconds(1));
    assertThat(redis.probe().ttl(key(id))).isBetween(EXPIRES.toSeconds() - 5, EXPIRES.toSeconds());
    Optional<ResultMessage> fetched = redis.backend().fetch(id);
    assertThat(fetched).isPresent();
    assertThat(fetched.get().status()).isEqualTo(TaskState.SUCCESS);
    assertThat(fetched.get().result()).isEqualTo(value);
  }

  @Test
  void storePublishesTheStoredValueOnTheChannelNamedLikeTheKey() throws Exception {
    String id = redis.newTaskId();
    redis.probe().subscribe(key(id));

    redis.backend().store(target(id), started(id)).get(10, TimeUnit.SECONDS);

    await().atMost(Duration.ofSeconds(5)).until(() -> redis.probe().messages.size() == 1);
    assertThat(redis.probe().messages).containsExactly(key(id) + "|" + redis.probe().get(key(id)));
  }

  @Test
  void zeroExpiryStoresWithoutTtl() throws Exception {
    String id = redis.newTaskId();
    try (RedisResultBackend forever =
        RedisResultBackend.create(
            RedisBackendSettings.builder().url(redis.url()).expires(Duration.ZERO).build())) {
      forever.store(target(id), success(id, NODES.numberNode(1))).get(10, TimeUnit.SECONDS);
    }

    assertThat(redis.probe().ttl(key(id))).isEqualTo(-1);
  }

  @Test
  void watchSeesAResultStoredBeforeTheWatchStarted() throws Exception {
    String id = redis.newTaskId();
    redis
        .backend()
        .store(target(id), success(id, NODES.textNode("early")))
        .get(10, TimeUnit.SECONDS);

    ResultWatch watch = redis.backend().watch(id);

    assertThat(watch.done().get(10, TimeUnit.SECONDS).result().asText()).isEqualTo("early");
  }

  @Test
  void watchFollowsStatesStoredAfterItStarted() throws Exception {
    String id = redis.newTaskId();
    ResultWatch watch = redis.backend().watch(id);
    await().atMost(Duration.ofSeconds(5)).until(() -> redis.probe().subscribers(key(id)) == 1);

    redis.backend().store(target(id), started(id)).get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> watch.state() == TaskState.STARTED);
    redis.backend().store(target(id), success(id, NODES.numberNode(5))).get(10, TimeUnit.SECONDS);

    assertThat(watch.done().get(10, TimeUnit.SECONDS).result().asInt()).isEqualTo(5);
    // Like Celery's result consumer, a finished task's channel is left.
    await().atMost(Duration.ofSeconds(5)).until(() -> redis.probe().subscribers(key(id)) == 0);
  }

  @Test
  void aStoredSuccessIsKeptWhenALaterStateArrives() throws Exception {
    String id = redis.newTaskId();
    redis.backend().store(target(id), success(id, NODES.numberNode(1))).get(10, TimeUnit.SECONDS);
    redis.probe().subscribe(key(id));

    // A redelivered copy of the task starts again after its result was stored.
    redis.backend().store(target(id), started(id)).get(10, TimeUnit.SECONDS);

    assertThat(redis.backend().fetch(id).orElseThrow().status()).isEqualTo(TaskState.SUCCESS);
    assertThat(redis.probe().messages).isEmpty();
  }

  @Test
  void forgetDeletesTheResult() throws Exception {
    String id = redis.newTaskId();
    redis.backend().store(target(id), success(id, NODES.numberNode(1))).get(10, TimeUnit.SECONDS);

    redis.backend().forget(id);

    assertThat(redis.probe().redis().exists(key(id))).isZero();
    assertThat(redis.backend().fetch(id)).isEmpty();
  }

  @Test
  void fetchOfAnUnknownTaskIsEmpty() {
    assertThat(redis.backend().fetch(redis.newTaskId())).isEmpty();
  }

  @Test
  void corruptValueGivesAnErrorNamingTheKeyToFetchAndWatch() {
    String id = redis.newTaskId();
    redis.probe().redis().set(key(id), new byte[] {(byte) 0x80, 0x04, 0x4b, 0x05, 0x2e});

    assertThatThrownBy(() -> redis.backend().fetch(id))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("Redis key '" + key(id) + "'");
    ResultWatch watch = redis.backend().watch(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> watch.done().isDone());
    assertThatThrownBy(() -> watch.done().get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ProtocolException.class)
        .hasMessageContaining(key(id));
  }

  @Test
  void keyOfAnotherTypeFailsTheStoreNamingBackendAndKey() {
    String id = redis.newTaskId();
    redis.probe().redis().rpush(key(id), "x".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(
            () -> redis.backend().store(target(id), started(id)).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(CeleriacException.class)
        .hasMessageContaining(redis.backend().url())
        .hasMessageContaining(key(id))
        .hasMessageContaining("WRONGTYPE");
  }

  @Test
  void unreachableRedisFailsTheStoreNamingTheBackend() {
    try (RedisResultBackend nowhere =
        RedisResultBackend.create(
            RedisBackendSettings.builder()
                .url("redis://:secret@127.0.0.1:1/0")
                .timeout(Duration.ofSeconds(2))
                .build())) {
      String id = redis.newTaskId();

      assertThatThrownBy(() -> nowhere.store(target(id), started(id)).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("redis://:****@127.0.0.1:1/0")
          .hasMessageNotContaining("secret");
      assertThatThrownBy(() -> nowhere.fetch(id))
          .isInstanceOf(CeleriacException.class)
          .hasMessageContaining("redis://:****@127.0.0.1:1/0");
    }
  }

  @Test
  void savedGroupIsRestoredWithItsMembersAndExpires() throws Exception {
    String groupId = "celeriac-it-group-" + UUID.randomUUID();
    redis.deleteAfter("celery-taskset-meta-" + groupId);

    redis.backend().saveGroup(groupId, List.of("a", "b")).get(10, TimeUnit.SECONDS);

    assertThat(redis.backend().restoreGroup(groupId)).contains(List.of("a", "b"));
    assertThat(redis.probe().ttl("celery-taskset-meta-" + groupId)).isPositive();
    assertThat(redis.backend().restoreGroup("celeriac-it-missing-" + UUID.randomUUID())).isEmpty();
  }

  @Test
  void closeFailsWatchesAndStopsEveryBackendThread() throws Exception {
    String id = redis.newTaskId();
    ResultWatch watch = redis.backend().watch(id);
    redis.backend().store(target(id), started(id)).get(10, TimeUnit.SECONDS);

    redis.backend().close();

    assertThat(watch.done()).isCompletedExceptionally();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(Thread.getAllStackTraces().keySet())
                    .extracting(Thread::getName)
                    .noneMatch(name -> name.startsWith("celeriac-redis")));
    assertThatThrownBy(() -> redis.backend().fetch(id)).hasMessageContaining("closed");
  }

  private static ResultTarget target(String id) {
    return new ResultTarget(id, null, null, null);
  }

  private static ResultMessage success(String id, JsonNode value) {
    return new ResultMessage(id, TaskState.SUCCESS, value, null, null);
  }

  private static ResultMessage started(String id) {
    return new ResultMessage(
        id,
        TaskState.STARTED,
        NODES.objectNode().put("pid", 1).put("hostname", "it@host"),
        null,
        null);
  }
}
