/**
 * The cluster as the event stream tells it, held in bounded memory: {@link
 * dev.celeriac.monitor.state.ClusterState} folds Celery's {@code task-*} and {@code worker-*}
 * events into {@link dev.celeriac.monitor.state.TaskView}s and {@link
 * dev.celeriac.monitor.state.WorkerView}s.
 */
package dev.celeriac.monitor.state;
