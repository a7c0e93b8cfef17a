package dev.celeriac.cli.interop;

import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.Celeriac;
import dev.celeriac.worker.QueueFixture;
import java.nio.file.Path;
import java.util.Map;

/**
 * One Celeriac worker and one Python worker on one result backend, each the only consumer of its
 * own queue, so the queue a task is sent to decides which language runs it; and a Celeriac client
 * whose default queue is the Celeriac worker's. For the chord interop tests, which share one per
 * class.
 *
 * <p>Concurrency: started and closed by the test class's own thread; the workers run on their own.
 */
final class MixedWorkers implements AutoCloseable {

  private QueueFixture java;
  private QueueFixture py;
  private PythonWorker python;
  private Celeriac sender;

  private MixedWorkers() {}

  /**
   * Starts both workers, two tasks at a time each, on queues named after {@code name}; on failure
   * closes what it started.
   */
  static MixedWorkers start(String name, String backend, Path records) throws Exception {
    MixedWorkers workers = new MixedWorkers();
    try {
      workers.java = QueueFixture.create(name + "-java");
      workers.java.withWorker(w -> w.concurrency(2).resultBackend(backend));
      workers.py = QueueFixture.create(name + "-py");
      workers.python =
          PythonWorker.start(
              workers.py.queue,
              records,
              Map.of("INTEROP_BACKEND", backend, "CONCURRENCY", "2"),
              workers.py::channel);
      workers.sender =
          Celeriac.builder()
              .url(TestBroker.amqpUrl())
              .resultBackend(backend)
              .defaultQueue(workers.java.queue)
              .build();
      return workers;
    } catch (Exception | Error e) {
      workers.close();
      throw e;
    }
  }

  /** The Celeriac worker's queue. */
  QueueFixture java() {
    return java;
  }

  /** The Python worker's queue. */
  QueueFixture py() {
    return py;
  }

  /** A client on the backend, sending to the Celeriac worker's queue unless told otherwise. */
  Celeriac sender() {
    return sender;
  }

  @Override
  public void close() throws Exception {
    if (sender != null) {
      sender.close();
    }
    if (python != null) {
      python.close();
    }
    if (py != null) {
      py.close();
    }
    if (java != null) {
      java.close();
    }
  }
}
