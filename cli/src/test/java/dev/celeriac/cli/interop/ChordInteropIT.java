package dev.celeriac.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.backend.redis.testing.TestRedis;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Canvas;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.worker.QueueFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chords across languages on one Redis result backend: Python Celery 5.2.6 workers and Celeriac
 * workers record parts in the same join, and whichever completes it sends the body to the other.
 * One Python worker and one Celeriac worker, each on its own queue, serve every test.
 */
class ChordInteropIT {

  private static final int DATABASE = 13;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static MixedWorkers workers;
  private static QueueFixture java;
  private static QueueFixture py;
  private static Celeriac sender;

  @BeforeAll
  static void start() throws Exception {
    PythonCelery.requireWithRedis();
    String redis = TestRedis.require(DATABASE);
    Path records = Files.createTempDirectory("interop-records");
    workers = MixedWorkers.start("interop-chord", redis, records);
    java = workers.java();
    py = workers.py();
    sender = workers.sender();
  }

  @AfterAll
  static void stop() throws Exception {
    if (workers != null) {
      workers.close();
    }
  }

  @Test
  void aPythonWorkerCompletesAJoinWithCeleriacPartsAndSendsTheBodyToACeleriacWorker() {
    var pyAdd = sender.task("py.add", Integer.class);
    var pySlow = sender.task("py.slow", String.class);
    var add = sender.task("it.add", Integer.class);
    // The slow Python member returns last, so the Python worker's join completes the chord.
    AsyncResult<Object> body =
        Canvas.chord(
                List.of(
                    pyAdd.s(1, 1).withQueue(py.queue),
                    add.s(2, 2),
                    pySlow.s(0.5).withQueue(py.queue)),
                sender.task("it.echo", Object.class).s())
            .applyAsync();
    assertThat(body.get(WAIT)).isEqualTo(List.of(2, 4, "done"));
  }

  @Test
  void aCeleriacWorkerCompletesAJoinWithPythonPartsAndSendsTheBodyToAPythonWorker() {
    var pyAdd = sender.task("py.add", Integer.class);
    var slow = sender.task("it.slow", String.class);
    // The slow Celeriac member returns last, so the Celeriac worker's join completes the chord.
    AsyncResult<Object> body =
        Canvas.chord(
                List.of(pyAdd.s(1, 1).withQueue(py.queue), slow.s(500)),
                sender.task("py.echo", Object.class).s().withQueue(py.queue))
            .applyAsync();
    assertThat(body.get(WAIT))
        .isEqualTo(Map.of("args", List.of(List.of(2, "done")), "kwargs", Map.of()));
  }

  @Test
  void aChordInAChainStartedByAPythonWorkerRunsOnCeleriacWorkers() {
    var pyAdd = sender.task("py.add", Integer.class);
    var add = sender.task("it.add", Integer.class);
    AsyncResult<Object> last =
        Canvas.<Object>chain(
                pyAdd.s(1, 1).withQueue(py.queue),
                Canvas.group(add.s(10), add.s(20)).asSignature(),
                sender.task("it.echo", Object.class).s())
            .applyAsync();
    assertThat(last.get(WAIT)).isEqualTo(List.of(12, 22));
  }

  @Test
  void aMemberFailingOnAPythonWorkerFailsTheBodyWithChordErrorForAJavaCaller() {
    var add = sender.task("it.add", Integer.class);
    var pyFail = sender.task("py.fail", Integer.class);
    AsyncResult<Object> body =
        Canvas.chord(
                List.of(add.s(1, 1), pyFail.s("header boom").withQueue(py.queue)),
                sender.task("it.echo", Object.class).s())
            .applyAsync();
    assertThatThrownBy(() -> body.get(WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("ChordError");
              assertThat(e.getMessage())
                  .containsPattern("Dependency [0-9a-f-]{36} raised ValueError\\('header boom'\\)");
            });
  }
}
