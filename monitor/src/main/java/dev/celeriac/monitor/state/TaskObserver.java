package dev.celeriac.monitor.state;

/** Told of every task event {@link ClusterState} applies, e.g. to count it in metrics. */
@FunctionalInterface
public interface TaskObserver {

  /**
   * @param event the event's type without {@code task-}: sent, received, started, succeeded,
   *     failed, retried, revoked or rejected
   * @param task the task after the event (which keeps a later state when an earlier event arrived
   *     late)
   */
  void onTaskEvent(String event, TaskView task);
}
