package dev.celeriac.cli.process;

import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.client.Celeriac;
import dev.celeriac.worker.QueueFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The setup every process-level test shares: before each test, a queue of its own on the test
 * broker and a client whose default queue it is ({@link QueueFixture}); worker processes on that
 * queue from {@link #startWorker}. After the test, the processes still running are killed and the
 * queue is deleted.
 *
 * <pre>{@code
 * @RegisterExtension final WorkerProcessQueue drill = new WorkerProcessQueue("chaos-revoke");
 *
 * try (LaunchedWorker worker = drill.startWorker("revoke-a@it").awaitReady()) {
 *   drill.app().task("it.add", Integer.class).delay(1, 2);
 * }
 * }</pre>
 *
 * <p>Concurrency: used by the test's own thread only.
 */
final class WorkerProcessQueue implements BeforeEachCallback, AfterEachCallback {

  private final String prefix;
  private final List<LaunchedWorker> workers = new ArrayList<>();
  private QueueFixture fixture;

  /**
   * @param prefix the start of the queue's name, which says which test made it
   */
  WorkerProcessQueue(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    fixture = QueueFixture.create(prefix);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      workers.forEach(LaunchedWorker::close);
      workers.clear();
    } finally {
      fixture.close();
    }
  }

  /** The test's queue. */
  String queue() {
    return fixture.queue;
  }

  /** A client whose default queue is {@link #queue()}. */
  Celeriac app() {
    return fixture.app;
  }

  /** The queue fixture, for in-process workers and broker counts. */
  QueueFixture fixture() {
    return fixture;
  }

  /**
   * Starts {@code celeriac worker} on the test broker and queue ({@link WorkerProcess#start}); it
   * is killed after the test unless the test closed it before. Does not wait until it is ready.
   */
  LaunchedWorker startWorker(String name, String... extra) {
    LaunchedWorker worker = WorkerProcess.start(TestBroker.amqpUrl(), fixture.queue, name, extra);
    workers.add(worker);
    return worker;
  }
}
