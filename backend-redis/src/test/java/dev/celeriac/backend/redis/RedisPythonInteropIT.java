package dev.celeriac.backend.redis;

import static dev.celeriac.backend.redis.testing.RedisBackendFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.celeriac.backend.redis.testing.RedisBackendFixture;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Python Celery 5.2 with {@code backend='redis://…'} and this backend share one Redis database:
 * each reads what the other stored, and each one's waiting caller is woken by the other's store.
 */
class RedisPythonInteropIT {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @RegisterExtension final RedisBackendFixture redis = new RedisBackendFixture();

  @BeforeAll
  static void requirePython() {
    PythonCelery.requireWithRedis();
  }

  @Test
  void pythonClientGetsAResultCeleriacStored() throws Exception {
    String id = redis.newTaskId();
    JsonNode value =
        CeleryJson.read(
            "{\"a\": [1, \"h\\u00e9\", null], \"b\": 2.5}".getBytes(StandardCharsets.UTF_8));
    redis
        .backend()
        .store(new ResultTarget(id, null, null, null), success(id, value))
        .get(10, TimeUnit.SECONDS);

    String out =
        PythonCelery.runWithBackend(
            """
            r = AsyncResult(sys.argv[2], app=app)
            print(json.dumps({"state": r.state, "result": r.get(timeout=10),
                              "date_done": r.date_done.isoformat()}))
            """,
            redis.url(),
            id);

    JsonNode seen = CeleryJson.read(out.getBytes(StandardCharsets.UTF_8));
    assertThat(seen.get("state").asText()).isEqualTo("SUCCESS");
    assertThat(seen.get("result")).isEqualTo(value);
    assertThat(seen.get("date_done").asText()).isNotEmpty();
  }

  @Test
  void pythonClientSeesACeleriacFailureAsTheRemoteExceptionWithTraceback() throws Exception {
    String id = redis.newTaskId();
    RemoteException error =
        new RemoteException("ValueError", "builtins", NODES.arrayNode().add("boom").add(42));
    ResultMessage failure =
        new ResultMessage(
            id,
            TaskState.FAILURE,
            ResultCodec.encodeException(error),
            "Traceback (most recent call last):\n  at Tasks.run(Tasks.java:1)\nValueError: boom\n",
            null);
    redis
        .backend()
        .store(new ResultTarget(id, null, null, null), failure)
        .get(10, TimeUnit.SECONDS);

    String out =
        PythonCelery.runWithBackend(
            """
            r = AsyncResult(sys.argv[2], app=app)
            try:
                r.get(timeout=10)
                print(json.dumps({"raised": None}))
            except Exception as e:
                print(json.dumps({"raised": type(e).__name__, "args": list(e.args),
                                  "state": r.state, "traceback": r.traceback}))
            """,
            redis.url(),
            id);

    JsonNode seen = CeleryJson.read(out.getBytes(StandardCharsets.UTF_8));
    assertThat(seen.get("raised").asText()).isEqualTo("ValueError");
    assertThat(seen.get("args").toString()).isEqualTo("[\"boom\",42]");
    assertThat(seen.get("state").asText()).isEqualTo("FAILURE");
    assertThat(seen.get("traceback").asText()).contains("ValueError: boom");
  }

  @Test
  void waitingPythonClientIsWokenByACeleriacStore() throws Exception {
    String id = redis.newTaskId();
    Process python =
        PythonCelery.startWithBackend(
            """
            print(json.dumps({"result": AsyncResult(sys.argv[2], app=app).get(timeout=30)}))
            """,
            redis.url(),
            id);
    try {
      // Store only once Python listens on the task's channel, so the publish is what wakes it.
      await().atMost(Duration.ofSeconds(20)).until(() -> redis.probe().subscribers(key(id)) >= 1);
      redis
          .backend()
          .store(new ResultTarget(id, null, null, null), success(id, NODES.numberNode(7)))
          .get(10, TimeUnit.SECONDS);

      assertThat(PythonCelery.lastLine(python)).isEqualTo("{\"result\": 7}");
    } finally {
      python.destroyForcibly();
    }
  }

  @Test
  void celeriacFetchesResultsPythonStored() throws Exception {
    String ok = redis.newTaskId();
    String failed = redis.newTaskId();

    PythonCelery.runWithBackend(
        """
        app.backend.store_result(sys.argv[2], {"x": [1, 2]}, "SUCCESS")
        try:
            raise KeyError("missing")
        except KeyError as e:
            import traceback
            app.backend.mark_as_failure(sys.argv[3], e, traceback=traceback.format_exc())
        print("stored")
        """,
        redis.url(),
        ok,
        failed);

    ResultMessage success = redis.backend().fetch(ok).orElseThrow();
    assertThat(success.status()).isEqualTo(TaskState.SUCCESS);
    assertThat(success.result().toString()).isEqualTo("{\"x\":[1,2]}");
    ResultMessage failure = redis.backend().fetch(failed).orElseThrow();
    assertThat(failure.status()).isEqualTo(TaskState.FAILURE);
    RemoteException error = ResultCodec.decodeException(failure.result());
    assertThat(error.type()).isEqualTo("KeyError");
    assertThat(error.module()).isEqualTo("builtins");
    assertThat(failure.traceback()).contains("KeyError: 'missing'");
  }

  @Test
  void celeriacWatchIsWokenByAPythonStore() throws Exception {
    String id = redis.newTaskId();
    ResultWatch watch = redis.backend().watch(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.probe().subscribers(key(id)) >= 1);

    PythonCelery.runWithBackend(
        """
        app.backend.store_result(sys.argv[2], None, "STARTED")
        app.backend.store_result(sys.argv[2], "from python", "SUCCESS")
        print("stored")
        """,
        redis.url(),
        id);

    assertThat(watch.done().get(10, TimeUnit.SECONDS).result().asText()).isEqualTo("from python");
  }

  @Test
  void pythonRestoresAGroupCeleriacSaved() throws Exception {
    String groupId = "celeriac-it-group-" + UUID.randomUUID();
    redis.deleteAfter("celery-taskset-meta-" + groupId);
    redis.backend().saveGroup(groupId, List.of("m1", "m2")).get(10, TimeUnit.SECONDS);

    String out =
        PythonCelery.runWithBackend(
            """
            g = GroupResult.restore(sys.argv[2], app=app)
            print(json.dumps([r.id for r in g.results]))
            """,
            redis.url(),
            groupId);

    assertThat(out).isEqualTo("[\"m1\", \"m2\"]");
  }

  @Test
  void celeriacRestoresAGroupPythonSaved() throws Exception {
    String groupId = "python-it-group-" + UUID.randomUUID();
    redis.deleteAfter("celery-taskset-meta-" + groupId);

    PythonCelery.runWithBackend(
        """
        g = GroupResult(sys.argv[2], [AsyncResult("p1-" + sys.argv[2], app=app),
                                      AsyncResult("p2-" + sys.argv[2], app=app)], app=app)
        g.save()
        print("saved")
        """,
        redis.url(),
        groupId);

    assertThat(redis.backend().restoreGroup(groupId))
        .contains(List.of("p1-" + groupId, "p2-" + groupId));
  }

  private static ResultMessage success(String id, JsonNode value) {
    return new ResultMessage(id, TaskState.SUCCESS, value, null, null);
  }
}
