package dev.celeriac.worker.execution;

import dev.celeriac.client.Celeriac;
import dev.celeriac.client.futures.ManagedBlocking;
import java.util.concurrent.Callable;

/**
 * What surrounds a task body on its thread: the worker's app, reachable with {@code
 * Futures.inTask()}, and the {@link ManagedBlocking.Blocker} that lends the task's slot while it
 * waits on futures.
 *
 * <h2>Concurrency</h2>
 *
 * The binding is per thread, set for the duration of {@link #call}.
 */
@FunctionalInterface
public interface TaskScope {

  /** Runs {@code body} in the scope; sub-tasks that name no queue go to {@code queue}. */
  <T> T call(String queue, ManagedBlocking.Blocker blocker, Callable<T> body) throws Exception;

  /** The scope of a worker whose app is {@code app}. */
  static TaskScope of(Celeriac app) {
    return new TaskScope() {
      @Override
      public <T> T call(String queue, ManagedBlocking.Blocker blocker, Callable<T> body)
          throws Exception {
        return ManagedBlocking.callWith(app, queue, blocker, body);
      }
    };
  }

  /** No app and no slot lending: the body runs as it is (tests, tools). */
  TaskScope NONE =
      new TaskScope() {
        @Override
        public <T> T call(String queue, ManagedBlocking.Blocker blocker, Callable<T> body)
            throws Exception {
          return body.call();
        }
      };
}
