package dev.celeriac.backend.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.celeriac.backend.db.testing.TestPostgres;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Python Celery 5.2 with {@code backend='db+postgresql://…'} (SQLAlchemy, psycopg2) and this
 * backend share one database: each reads the results and groups the other stored.
 */
class DatabasePythonInteropIT {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private String url;
  private DatabaseResultBackend backend;

  @BeforeAll
  static void requirePython() {
    PythonCelery.requireWithPostgres();
  }

  @BeforeEach
  void open() {
    url = TestPostgres.require();
    backend = DatabaseResultBackend.create(url);
  }

  @AfterEach
  void close() {
    backend.close();
  }

  @Test
  void pythonClientGetsAResultCeleriacStored() throws Exception {
    String id = UUID.randomUUID().toString();
    JsonNode value =
        CeleryJson.read(
            "{\"a\": [1, \"h\\u00e9\", null], \"b\": 2.5, \"c\": 12345678901234}"
                .getBytes(StandardCharsets.UTF_8));
    backend
        .store(
            new ResultTarget(id, null, null, null),
            new ResultMessage(id, TaskState.SUCCESS, value, null, NODES.arrayNode()))
        .get(10, TimeUnit.SECONDS);
    String out =
        PythonCelery.runWithBackend(
            """
            r = AsyncResult(sys.argv[2], app=app)
            print(json.dumps({"state": r.state, "result": r.get(timeout=10),
                              "date_done": r.date_done.isoformat()}))
            """,
            url,
            id);
    JsonNode seen = CeleryJson.read(out.getBytes(StandardCharsets.UTF_8));
    assertThat(seen.get("state").asText()).isEqualTo("SUCCESS");
    assertThat(seen.get("result")).isEqualTo(value);
    assertThat(seen.get("date_done").asText()).isNotEmpty();
  }

  @Test
  void pythonClientSeesACeleriacFailureAsTheExceptionWithTraceback() throws Exception {
    String id = UUID.randomUUID().toString();
    RemoteException error =
        new RemoteException("ValueError", "builtins", NODES.arrayNode().add("boom").add(42));
    String traceback =
        "Traceback (most recent call last):\n  at Tasks.run(Tasks.java:1)\nValueError: boom\n";
    backend
        .store(
            new ResultTarget(id, null, null, null),
            new ResultMessage(
                id, TaskState.FAILURE, ResultCodec.encodeException(error), traceback, null))
        .get(10, TimeUnit.SECONDS);
    String out =
        PythonCelery.runWithBackend(
            """
            r = AsyncResult(sys.argv[2], app=app)
            try:
                r.get(timeout=10)
                print("no exception")
            except ValueError as e:
                print(json.dumps({"state": r.state, "args": list(e.args),
                                  "traceback": r.traceback}))
            """,
            url,
            id);
    JsonNode seen = CeleryJson.read(out.getBytes(StandardCharsets.UTF_8));
    assertThat(seen.get("state").asText()).isEqualTo("FAILURE");
    assertThat(seen.get("args").toString()).isEqualTo("[\"boom\",42]");
    assertThat(seen.get("traceback").asText()).isEqualTo(traceback);
  }

  @Test
  void celeriacReadsAndWatchesWhatPythonStored() throws Exception {
    String ok = UUID.randomUUID().toString();
    String failed = UUID.randomUUID().toString();
    ResultWatch watch = backend.watch(ok);
    PythonCelery.runWithBackend(
        """
        app.backend.store_result(sys.argv[2], {"x": [1, 2.5, None, True, "\u00e9"]}, "SUCCESS")
        try:
            raise KeyError("missing", 3)
        except KeyError as e:
            app.backend.mark_as_failure(sys.argv[3], e, traceback="Traceback: KeyError\\n")
        print("stored")
        """,
        url,
        ok,
        failed);
    ResultMessage done = watch.done().get(10, TimeUnit.SECONDS);
    assertThat(done.result().toString()).isEqualTo("{\"x\":[1,2.5,null,true,\"\u00e9\"]}");
    ResultMessage failure = backend.fetch(failed).orElseThrow();
    assertThat(failure.status()).isEqualTo(TaskState.FAILURE);
    RemoteException error = ResultCodec.decodeException(failure.result());
    assertThat(error.type()).isEqualTo("KeyError");
    assertThat(error.module()).isEqualTo("builtins");
    assertThat(failure.traceback()).isEqualTo("Traceback: KeyError\n");
  }

  @Test
  void groupsSavedInOneLanguageRestoreInTheOther() throws Exception {
    String ours = UUID.randomUUID().toString();
    backend.saveGroup(ours, List.of("m1-" + ours, "m2-" + ours)).get(10, TimeUnit.SECONDS);
    String restored =
        PythonCelery.runWithBackend(
            """
            g = GroupResult.restore(sys.argv[2], app=app)
            print(json.dumps([g.id, [r.id for r in g.results]]))
            """,
            url,
            ours);
    assertThat(restored)
        .isEqualTo("[\"" + ours + "\", [\"m1-" + ours + "\", \"m2-" + ours + "\"]]");

    String theirs = UUID.randomUUID().toString();
    PythonCelery.runWithBackend(
        """
        g = GroupResult(sys.argv[2], [AsyncResult("p1-" + sys.argv[2], app=app),
                                      AsyncResult("p2-" + sys.argv[2], app=app)], app=app)
        g.save()
        print("saved")
        """,
        url,
        theirs);
    assertThat(backend.restoreGroup(theirs)).contains(List.of("p1-" + theirs, "p2-" + theirs));
  }
}
