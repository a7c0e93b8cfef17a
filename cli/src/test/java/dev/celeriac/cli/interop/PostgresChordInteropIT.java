package dev.celeriac.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.celeriac.backend.db.testing.TestPostgres;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Canvas;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.Signature;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.worker.ChordCases;
import dev.celeriac.worker.QueueFixture;
import dev.celeriac.worker.TestTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chords on the PostgreSQL result backend, which has no join: the client (Celeriac or Python Celery
 * 5.2.6) sends {@code celery.chord_unlock} to the body's queue, and whichever worker consumes that
 * queue polls the members' rows and sends the body. One Celeriac worker and one Python worker, each
 * the only consumer of its queue, serve every test, so the queue a chord's body is on decides which
 * language runs {@code chord_unlock}, and the header's queue which language writes the rows it
 * reads.
 */
class PostgresChordInteropIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final List<String> ids = new CopyOnWriteArrayList<>();
  private static String db;
  private static Path records;
  private static MixedWorkers workers;
  private static QueueFixture java;
  private static QueueFixture py;
  private static Celeriac sender;

  @BeforeAll
  static void start() throws Exception {
    PythonCelery.requireWithPostgres();
    db = TestPostgres.require();
    records = Files.createTempDirectory("interop-records");
    workers = MixedWorkers.start("interop-pgchord", db, records);
    java = workers.java();
    py = workers.py();
    sender = workers.sender();
  }

  @AfterAll
  static void stop() throws Exception {
    if (workers != null) {
      workers.close();
    }
    if (db != null && !ids.isEmpty()) {
      try (Connection c = TestPostgres.connect(db);
          PreparedStatement s =
              c.prepareStatement("DELETE FROM celery_taskmeta WHERE task_id = ANY(?)")) {
        s.setArray(1, c.createArrayOf("varchar", ids.toArray()));
        s.executeUpdate();
      }
    }
  }

  /** A signature with an id of our own, so the test can name it and delete its row. */
  private static <R> Signature<R> withId(Signature<R> sig) {
    String id = UUID.randomUUID().toString();
    ids.add(id);
    return sig.withOption("task_id", TextNode.valueOf(id));
  }

  private static String idOf(Signature<?> sig) {
    return sig.options().path("task_id").asText();
  }

  private static String storedStatus(String taskId) throws SQLException {
    try (Connection c = TestPostgres.connect(db);
        PreparedStatement s =
            c.prepareStatement("SELECT status FROM celery_taskmeta WHERE task_id = ?")) {
      s.setString(1, taskId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  private static JsonNode pythonChord(String... args) throws Exception {
    JsonNode r =
        PythonInterop.drive(Map.of("INTEROP_BACKEND", db), TestBroker.amqpUrl(), records, args);
    ids.add(r.path("body_id").asText());
    r.path("member_ids").forEach(id -> ids.add(id.asText()));
    return r;
  }

  @Test
  void aCeleriacChordRunsOnCeleriacWorkersAndTheBodyGetsTheResultsInHeaderOrderOnce() {
    String key = "pgchord-" + UUID.randomUUID();
    var add = sender.task("it.add", Integer.class);
    var slow = sender.task("it.slow", String.class);
    // The first member finishes last: the order is the header's, not completion order.
    Signature<String> body = withId(sender.task("it.record", String.class).s(key));
    AsyncResult<String> result =
        Canvas.chord(List.of(withId(slow.s(400)), withId(add.s(1, 1)), withId(add.s(2, 2))), body)
            .applyAsync();

    assertThat(result.id()).isEqualTo(idOf(body));
    assertThat(result.get(WAIT)).isEqualTo(key);
    assertThat(TestTasks.RECORDED.get(key)).containsExactly(List.of("done", 2, 4));
  }

  @Test
  void aGroupFollowedByStepsInAChainIsAChordJoinedByChordUnlock() {
    ChordCases.aGroupFollowedByStepsInAChainIsAChord(sender, WAIT);
  }

  @Test
  void aFailedMemberGivesTheBodyAChordErrorNamingItAndTheBodyNeverRuns() throws Exception {
    String key = "pgchord-" + UUID.randomUUID();
    var add = sender.task("it.add", Integer.class);
    Signature<Integer> failing = withId(sender.task("it.fail", Integer.class).s("header boom"));
    Signature<String> body = withId(sender.task("it.record", String.class).s(key));
    AsyncResult<String> result =
        Canvas.chord(List.of(withId(add.s(1, 1)), failing), body).applyAsync();

    assertThatThrownBy(() -> result.get(WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("ChordError");
              assertThat(e.getMessage()).contains("Dependency " + idOf(failing) + " raised");
              assertThat(e.getMessage()).contains("header boom");
            });
    assertThat(storedStatus(idOf(body))).isEqualTo("FAILURE");
    // A later chord on the same worker completes: had the body been sent, it would have run by
    // then (one queue, one consumer) and recorded under the key.
    String later = "pgchord-" + UUID.randomUUID();
    assertThat(
            Canvas.chord(
                    List.of(withId(add.s(5, 5))),
                    withId(sender.task("it.record", String.class).s(later)))
                .applyAsync()
                .get(WAIT))
        .isEqualTo(later);
    assertThat(TestTasks.RECORDED.get(key)).isNull();
    assertThat(storedStatus(idOf(body))).isEqualTo("FAILURE");
  }

  @Test
  void aPythonClientsChordRunsEntirelyOnCeleriacWorkers() throws Exception {
    JsonNode r = pythonChord("chord", java.queue, "it.add", java.queue, "it.echo");
    System.out.println("python client, chord on Celeriac workers: " + r);
    assertThat(r.path("backend").asText()).isEqualTo("DatabaseBackend");
    assertThat(r.path("result").toString()).isEqualTo("[2,4]");
    assertThat(storedStatus(r.path("body_id").asText())).isEqualTo("SUCCESS");
  }

  @Test
  void aPythonClientSeesChordErrorWhenAMemberFailsOnACeleriacWorker() throws Exception {
    JsonNode r = pythonChord("chord", java.queue, "it.add", java.queue, "it.echo", "it.fail");
    System.out.println("python client, failing chord on Celeriac workers: " + r);
    JsonNode failure = r.path("failure");
    assertThat(failure.path("state").asText()).isEqualTo("FAILURE");
    assertThat(failure.path("type").asText()).isEqualTo("ChordError");
    assertThat(failure.path("module").asText()).isEqualTo("celery.exceptions");
    assertThat(failure.path("args").get(0).asText())
        .startsWith("Dependency " + r.path("member_ids").get(2).asText() + " raised ")
        .contains("header boom");
  }

  @Test
  void headerOnPythonWorkersBodyAndChordUnlockOnACeleriacWorker() throws Exception {
    // Python client: chord_unlock goes to the Celeriac worker's queue, which reads rows that
    // Python workers wrote (pickles) and sends the body there.
    JsonNode r = pythonChord("chord", java.queue, "py.add", py.queue, "it.echo");
    System.out.println("python header, Celeriac body: " + r);
    assertThat(r.path("result").toString()).isEqualTo("[2,4]");

    // Celeriac client, the same way round, with a Python member that fails.
    var pyAdd = sender.task("py.add", Integer.class);
    Signature<Integer> failing =
        withId(sender.task("py.fail", Integer.class).s("header boom").withQueue(py.queue));
    AsyncResult<Object> body =
        Canvas.chord(
                List.of(withId(pyAdd.s(1, 1).withQueue(py.queue)), failing),
                withId(sender.task("it.echo", Object.class).s()))
            .applyAsync();
    assertThatThrownBy(() -> body.get(WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("ChordError");
              assertThat(e.getMessage())
                  .contains("Dependency " + idOf(failing) + " raised ValueError('header boom')");
            });
  }

  @Test
  void headerOnCeleriacWorkersBodyAndChordUnlockOnAPythonWorker() throws Exception {
    // Celeriac client: chord_unlock goes to the Python worker's queue, which reads rows that the
    // Celeriac worker wrote and sends the body there.
    var add = sender.task("it.add", Integer.class);
    AsyncResult<Object> body =
        Canvas.chord(
                List.of(withId(add.s(1, 1)), withId(add.s(2, 2))),
                withId(sender.task("py.echo", Object.class).s().withQueue(py.queue)))
            .applyAsync();
    assertThat(body.get(WAIT))
        .isEqualTo(Map.of("args", List.of(List.of(2, 4)), "kwargs", Map.of()));

    // Python client, the same way round.
    JsonNode r = pythonChord("chord", py.queue, "it.add", java.queue, "py.echo");
    System.out.println("Celeriac header, python body: " + r);
    assertThat(r.path("result").toString()).isEqualTo("{\"args\":[[2,4]],\"kwargs\":{}}");
  }
}
