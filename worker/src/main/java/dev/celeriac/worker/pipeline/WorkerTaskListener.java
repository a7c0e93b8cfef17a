package dev.celeriac.worker.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.TaskMessage;
import java.util.List;

/**
 * Port for what a worker reports about its own tasks: hears how each task goes through this worker,
 * in Celery's event vocabulary: received, started, then one of succeeded, failed, retried, revoked
 * or rejected. The worker's events ({@code -E}) and metrics are listeners. (A monitor's view of the
 * whole cluster is {@code dev.celeriac.monitor.state.TaskObserver}.)
 *
 * <pre>{@code
 * WorkerTaskListener counter = new WorkerTaskListener() {
 *   public void succeeded(TaskMessage m, JsonNode result, double runtime) { done.increment(); }
 * };
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Called on the task's own thread, on the connection's dispatch thread (received) and on the
 * time-limit thread; implementations must be thread-safe and must not block.
 */
public interface WorkerTaskListener {

  /** A task message arrived and was decoded (it may wait for its ETA or a slot). */
  default void received(TaskMessage message, String queue) {}

  /** Its body starts running. */
  default void started(TaskMessage message) {}

  /** It returned {@code result} after {@code runtime} seconds. */
  default void succeeded(TaskMessage message, JsonNode result, double runtime) {}

  /**
   * It failed: raised, unknown task, bad arguments, time limit or poison; {@code traceback} may be
   * null; {@code runtime} is 0 when it never ran.
   */
  default void failed(
      TaskMessage message, RemoteException exception, String traceback, double runtime) {}

  /** It asked to be retried; a new message with the same id was published. */
  default void retried(TaskMessage message, RemoteException exception, String traceback) {}

  /** It was revoked (before it ran, or {@code terminated} while running) or it {@code expired}. */
  default void revoked(TaskMessage message, boolean terminated, boolean expired) {}

  /** It rejected its message ({@code Reject}); {@code requeue} says whether it goes back. */
  default void rejected(TaskMessage message, boolean requeue) {}

  /** A message from {@code queue} was moved to the dead-letter queue. */
  default void deadLettered(String queue, String reason) {}

  /** No-op listener. */
  WorkerTaskListener NONE = new WorkerTaskListener() {};

  /** Tells each of {@code listeners} in turn; one that throws does not stop the others. */
  static WorkerTaskListener all(List<WorkerTaskListener> listeners) {
    List<WorkerTaskListener> list = List.copyOf(listeners);
    if (list.isEmpty()) {
      return NONE;
    }
    return new WorkerTaskListener() {
      private void each(java.util.function.Consumer<WorkerTaskListener> call) {
        for (WorkerTaskListener o : list) {
          try {
            call.accept(o);
          } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(WorkerTaskListener.class)
                .warn("Task listener {} failed: {}", o.getClass().getName(), e.toString());
          }
        }
      }

      @Override
      public void received(TaskMessage m, String queue) {
        each(o -> o.received(m, queue));
      }

      @Override
      public void started(TaskMessage m) {
        each(o -> o.started(m));
      }

      @Override
      public void succeeded(TaskMessage m, JsonNode result, double runtime) {
        each(o -> o.succeeded(m, result, runtime));
      }

      @Override
      public void failed(TaskMessage m, RemoteException e, String tb, double runtime) {
        each(o -> o.failed(m, e, tb, runtime));
      }

      @Override
      public void retried(TaskMessage m, RemoteException e, String tb) {
        each(o -> o.retried(m, e, tb));
      }

      @Override
      public void revoked(TaskMessage m, boolean terminated, boolean expired) {
        each(o -> o.revoked(m, terminated, expired));
      }

      @Override
      public void rejected(TaskMessage m, boolean requeue) {
        each(o -> o.rejected(m, requeue));
      }

      @Override
      public void deadLettered(String queue, String reason) {
        each(o -> o.deadLettered(queue, reason));
      }
    };
  }
}
