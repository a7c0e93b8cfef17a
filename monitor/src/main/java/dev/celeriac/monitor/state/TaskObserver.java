package dev.celeriac.monitor.state;

/** Told of every task event {@link ClusterState} applies, e.g. to count it in metrics. */
@FunctionalInterface
public interface TaskObserver {

  /**
   * @param state the state the event stands for (its own, even when an earlier event arrived late
   *     and the task keeps a later state)
   * @param task the task after the event
   */
  void onTaskEvent(String state, TaskView task);
}
