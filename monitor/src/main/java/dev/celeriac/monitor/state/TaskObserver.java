package dev.celeriac.monitor.state;

import dev.celeriac.protocol.TaskEventType;

/** Told of every task event {@link ClusterState} applies, e.g. to count it in metrics. */
@FunctionalInterface
public interface TaskObserver {

  /**
   * @param event the event's type
   * @param task the task after the event (which keeps a later state when an earlier event arrived
   *     late)
   */
  void onTaskEvent(TaskEventType event, TaskView task);
}
