package dev.celeriac.client;

import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.protocol.ResultMessage;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The app's one {@link ResultBackend}, and the tasks this app is watching on it, so that {@code
 * app.result(id)} finds the watch of a task this app sent. A task leaves the table when its final
 * state arrives, when it is forgotten, or when its publish failed.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe; entries are removed on the backend's thread when results arrive.
 */
final class ResultWatches {

  /** A watched task and its name, for the exceptions its result may raise. */
  record Watched(String taskName, ResultWatch watch) {}

  private final ResultBackend backend;
  private final Map<String, Watched> watching = new ConcurrentHashMap<>();

  ResultWatches(ResultBackend backend) {
    this.backend = backend;
  }

  ResultBackend backend() {
    return backend;
  }

  /** Starts watching a task; call before publishing it. */
  ResultWatch watch(String taskId, String taskName) {
    ResultWatch watch = backend.watch(taskId);
    Watched entry = new Watched(taskName, watch);
    watching.put(taskId, entry);
    watch.done().whenComplete((message, error) -> watching.remove(taskId, entry));
    return watch;
  }

  /** The watch of a task this app sent and whose final state has not arrived, if any. */
  Optional<Watched> watching(String taskId) {
    return Optional.ofNullable(watching.get(taskId));
  }

  /** Stops watching a task, e.g. because its message could not be published. */
  void unwatch(String taskId) {
    Watched entry = watching.remove(taskId);
    if (entry != null) {
      entry.watch().cancel();
    }
  }

  /**
   * The stored state of a task.
   *
   * @throws dev.celeriac.error.ConfigurationException on a backend that cannot read by id
   */
  Optional<ResultMessage> fetch(String taskId) {
    return backend.fetch(taskId);
  }

  /** Stops watching a task and deletes its stored result. */
  void forget(String taskId) {
    unwatch(taskId);
    backend.forget(taskId);
  }
}
