package dev.celeriac.backend.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.celeriac.backend.db.testing.TestPostgres;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.client.results.ResultBackendOptions;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backend against a real PostgreSQL: rows as Celery writes them, watches, groups, expiry. */
class DatabaseResultBackendIT {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private String url;
  private DatabaseResultBackend backend;

  @BeforeEach
  void open() {
    url = TestPostgres.require();
    backend = DatabaseResultBackend.create(url);
  }

  @AfterEach
  void close() {
    backend.close();
  }

  static ResultMessage message(String id, TaskState state, JsonNode result) {
    return new ResultMessage(id, state, result, null, NODES.arrayNode());
  }

  private void store(String id, TaskState state, JsonNode result) throws Exception {
    backend
        .store(new ResultTarget(id, null, null, null), message(id, state, result))
        .get(10, TimeUnit.SECONDS);
  }

  private Object[] row(String id) throws Exception {
    try (Connection c = TestPostgres.connect(url);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT status, date_done, id FROM celery_taskmeta WHERE task_id = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? new Object[] {r.getString(1), r.getTimestamp(2), r.getInt(3)} : null;
      }
    }
  }

  @Test
  void storesEachStateInOneRowAndKeepsAStoredSuccess() throws Exception {
    String id = UUID.randomUUID().toString();
    store(id, TaskState.STARTED, CeleryJson.read("{\"pid\": 1, \"hostname\": \"w@h\"}".getBytes()));
    assertThat(row(id)[0]).isEqualTo("STARTED");
    assertThat(row(id)[1]).as("a first STARTED has no date_done, as in Celery").isNull();
    store(id, TaskState.SUCCESS, IntNode.valueOf(5));
    Object[] done = row(id);
    assertThat(done[0]).isEqualTo("SUCCESS");
    assertThat(done[1]).isNotNull();
    store(id, TaskState.STARTED, NODES.nullNode());
    assertThat(row(id)[0]).as("a stored SUCCESS is kept").isEqualTo("SUCCESS");
    assertThat(backend.fetch(id).orElseThrow().result()).isEqualTo(IntNode.valueOf(5));
    assertThat(backend.fetch(UUID.randomUUID().toString())).isEmpty();
  }

  @Test
  void aWatchCompletesWhenTheFinalStateIsStored() throws Exception {
    String id = UUID.randomUUID().toString();
    ResultWatch watch = backend.watch(id);
    store(id, TaskState.STARTED, NODES.nullNode());
    store(id, TaskState.SUCCESS, NODES.textNode("h\u00e9llo"));
    ResultMessage done = watch.done().get(10, TimeUnit.SECONDS);
    assertThat(done.result().asText()).isEqualTo("h\u00e9llo");
  }

  @Test
  void fetchAllReadsSeveralTasksInOneCallInTheOrderGiven() throws Exception {
    String a = UUID.randomUUID().toString();
    String b = UUID.randomUUID().toString();
    String missing = UUID.randomUUID().toString();
    store(a, TaskState.SUCCESS, IntNode.valueOf(1));
    store(b, TaskState.STARTED, NODES.nullNode());
    var states = backend.fetchAll(List.of(b, missing, a, a));
    assertThat(states).hasSize(4);
    assertThat(states.get(0).orElseThrow().status()).isEqualTo(TaskState.STARTED);
    assertThat(states.get(1)).isEmpty();
    assertThat(states.get(2).orElseThrow().result()).isEqualTo(IntNode.valueOf(1));
    assertThat(states.get(3).orElseThrow().taskId()).isEqualTo(a);
    assertThat(backend.fetchAll(List.of())).isEmpty();
    backend.forget(a);
    backend.forget(b);
  }

  @Test
  void forgetDeletesTheRow() throws Exception {
    String id = UUID.randomUUID().toString();
    store(id, TaskState.SUCCESS, IntNode.valueOf(1));
    backend.forget(id);
    assertThat(row(id)).isNull();
    assertThat(backend.fetch(id)).isEmpty();
  }

  @Test
  void savesRestoresAndDeletesGroups() throws Exception {
    String group = UUID.randomUUID().toString();
    backend.saveGroup(group, List.of("a-" + group, "b-" + group)).get(10, TimeUnit.SECONDS);
    assertThat(backend.restoreGroup(group)).contains(List.of("a-" + group, "b-" + group));
    backend.deleteGroup(group);
    assertThat(backend.restoreGroup(group)).isEmpty();
  }

  @Test
  void cleanupDeletesFinishedRowsOlderThanTheExpiryOnly() throws Exception {
    String old = UUID.randomUUID().toString();
    String fresh = UUID.randomUUID().toString();
    String running = UUID.randomUUID().toString();
    store(old, TaskState.SUCCESS, IntNode.valueOf(1));
    store(fresh, TaskState.SUCCESS, IntNode.valueOf(2));
    store(running, TaskState.STARTED, NODES.nullNode());
    try (Connection c = TestPostgres.connect(url);
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE celery_taskmeta SET date_done = date_done - interval '2 days'"
                    + " WHERE task_id = ?")) {
      s.setString(1, old);
      s.executeUpdate();
    }
    assertThat(backend.cleanup()).isGreaterThanOrEqualTo(1);
    assertThat(row(old)).isNull();
    assertThat(row(fresh)).isNotNull();
    assertThat(row(running)).isNotNull();
  }

  @Test
  void aCorruptRowIsAClearErrorNamingTheTask() throws Exception {
    String id = UUID.randomUUID().toString();
    store(id, TaskState.SUCCESS, IntNode.valueOf(1));
    try (Connection c = TestPostgres.connect(url);
        PreparedStatement s =
            c.prepareStatement("UPDATE celery_taskmeta SET result = ? WHERE task_id = ?")) {
      s.setBytes(1, "cos\nsystem\n(S'id'\ntR.".getBytes());
      s.setString(2, id);
      s.executeUpdate();
    }
    assertThatThrownBy(() -> backend.fetch(id))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining(id);
    ResultWatch watch = backend.watch(id);
    assertThatThrownBy(() -> watch.done().get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ProtocolException.class)
        .hasMessageContaining(id);
  }

  @Test
  void addsTheExtendedColumnsToATableCeleryCreatedWithoutThem() throws Exception {
    String compat = TestPostgres.database("celeriac_it_compat", true);
    PythonCelery.requireWithPostgres();
    PythonCelery.runWithBackend(
        "app.backend.store_result('py-1', 7, 'SUCCESS'); print('ok')", compat);
    try (DatabaseResultBackend extended =
        DatabaseResultBackend.create(
            DatabaseBackendSettings.builder()
                .url(compat)
                .options(ResultBackendOptions.defaults().withExtended(true))
                .build())) {
      assertThat(extended.fetch("py-1").orElseThrow().result()).isEqualTo(IntNode.valueOf(7));
      String id = UUID.randomUUID().toString();
      ResultTarget target =
          new ResultTarget(
              id,
              null,
              null,
              null,
              null,
              new ResultTarget.Request(
                  "tasks.add",
                  (com.fasterxml.jackson.databind.node.ArrayNode) CeleryJson.read("[2]".getBytes()),
                  (com.fasterxml.jackson.databind.node.ObjectNode)
                      CeleryJson.read("{\"y\": 3}".getBytes()),
                  "w@h",
                  0,
                  "celery"));
      extended
          .store(target, message(id, TaskState.SUCCESS, IntNode.valueOf(5)))
          .get(10, TimeUnit.SECONDS);
      try (Connection c = TestPostgres.connect(compat);
          PreparedStatement s =
              c.prepareStatement(
                  "SELECT name, convert_from(args, 'UTF8'), convert_from(kwargs, 'UTF8'), worker,"
                      + " retries, queue FROM celery_taskmeta WHERE task_id = ?")) {
        s.setString(1, id);
        try (ResultSet r = s.executeQuery()) {
          assertThat(r.next()).isTrue();
          assertThat(r.getString(1)).isEqualTo("tasks.add");
          assertThat(r.getString(2)).isEqualTo("[2]");
          assertThat(r.getString(3)).isEqualTo("{\"y\": 3}");
          assertThat(r.getString(4)).isEqualTo("w@h");
          assertThat(r.getInt(5)).isZero();
          assertThat(r.getString(6)).isEqualTo("celery");
        }
      }
    }
  }

  @Test
  void closingLeavesNoThreadsBehind() throws Exception {
    DatabaseResultBackend other = DatabaseResultBackend.create(url);
    String id = UUID.randomUUID().toString();
    other.watch(id);
    other
        .store(
            new ResultTarget(id, null, null, null),
            message(id, TaskState.SUCCESS, IntNode.valueOf(1)))
        .get(10, TimeUnit.SECONDS);
    backend.close();
    other.close();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        Thread.getAllStackTraces().keySet().stream()
                            .filter(Thread::isAlive)
                            .map(Thread::getName)
                            .filter(name -> name.startsWith("celeriac-db")))
                    .isEmpty());
  }

  @Test
  void anUnreachableServerFailsAStoreNamingTheBackend() {
    try (DatabaseResultBackend nowhere =
        DatabaseResultBackend.create(
            DatabaseBackendSettings.builder()
                .url("db+postgresql://postgres@127.0.0.1:1/none")
                .timeout(Duration.ofSeconds(1))
                .build())) {
      assertThatThrownBy(
              () ->
                  nowhere
                      .store(
                          new ResultTarget("t", null, null, null),
                          message("t", TaskState.SUCCESS, IntNode.valueOf(1)))
                      .get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(CeleriacException.class)
          .hasMessageContaining("db+postgresql://postgres@127.0.0.1:1/none");
    }
  }
}
